"""Fuzzing every loader in the registry with generated bad inputs (hypothesis).

Each source's sample is spoiled: truncated anywhere, re-encoded (UTF-16, Latin-1, CP1251;
text samples only), given a byte-order mark, a huge field, random bytes, very deep or very
long JSON tokens, or years and dates out of range (-3000, 0, 9999, 2101, 2022.7, 20 digits).
Every load must end as loaded, quarantined, or one clear one-line ``DyadError`` with every
data table unchanged, never a traceback. Examples per source are weighted by the cost of one
load (cheap loaders get more) to give 610 inputs in all in about 50 s; ``DYAD_FUZZ_SCALE``
multiplies them (e.g. 10 for a long local run). The runs are derandomized so that CI is
repeatable.
"""

from __future__ import annotations

import os
import re

import pytest
from contract import copy_sample, data_counts, load, sources_with_samples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import DyadError

SCALE = float(os.environ.get("DYAD_FUZZ_SCALE", "1"))
WEIGHTS = {"idealpoints": 90, "census": 70, "gdelt-doc": 70, "articles": 70, "comtrade": 60,
           "documents": 60, "feeds": 30, "statehist": 25, "unvotes": 25,
           "foreign-assistance": 60, "freedomhouse": 25, "gdelt": 25, "mediacloud": 50}
DEFAULT = 25  # a source added to the registry without a weight
YEAR = re.compile(rb"(?<![0-9])(19[4-9][0-9]|20[0-9][0-9])(?![0-9])")
BAD_YEARS = [b"-3000", b"0", b"0000", b"9999", b"2101", b"1944", b"2022.7",
             b"99999999999999999999", b"1e400", b"NaN"]


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@st.composite
def spoil(draw, data: bytes) -> bytes:
    kinds = ["truncate", "encode", "bom", "huge", "bytes", "deep", "year", "year", "year"]
    if not _is_text(data):   # a workbook: re-encoding text does not apply
        kinds = [k for k in kinds if k != "encode"] + ["bytes", "truncate"]
    kind = draw(st.sampled_from(kinds))
    at = draw(st.integers(0, len(data)))
    if kind == "truncate":
        return data[:at]
    if kind == "encode":
        enc = draw(st.sampled_from(["utf-16", "utf-16-be", "latin-1", "cp1251", "utf-32"]))
        return data.decode("utf-8").encode(enc, errors="replace")
    if kind == "bom":
        return draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + data
    if kind == "huge":
        return data[:at] + b"x" * draw(st.sampled_from([131_073, 300_000])) + data[at:]
    if kind == "bytes":
        return data[:at] + draw(st.binary(min_size=1, max_size=12)) + data[at:]
    if kind == "deep":
        token = draw(st.sampled_from([b"[" * 5000, b"{\"a\":" * 3000, b"9" * 5000]))
        return data[:at] + token + data[at:]
    years = list(YEAR.finditer(data))
    if not years:
        return data[:at]
    m = years[draw(st.integers(0, len(years) - 1))]
    return data[: m.start()] + draw(st.sampled_from(BAD_YEARS)) + data[m.end():]


@pytest.mark.parametrize("name", sources_with_samples())
def test_generated_bad_inputs_load_quarantine_or_fail_cleanly(store, tmp_path, name):
    path, main = copy_sample(name, tmp_path)
    original = main.read_bytes()
    seen = {"loaded": 0, "error": 0}
    examples = max(1, round(WEIGHTS.get(name, DEFAULT) * SCALE))

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(data=spoil(original))
    def check(data: bytes) -> None:
        main.write_bytes(data)
        before = data_counts(store)
        try:
            load(store, name, path)
        except DyadError as e:
            seen["error"] += 1
            assert str(e).strip() and "\n" not in str(e), repr(str(e))
            assert data_counts(store) == before, f"{name}: a failed load changed the store"
        else:
            seen["loaded"] += 1

    check()
    assert seen["loaded"] + seen["error"] >= min(examples, 20)


def test_the_fuzz_budget_is_at_least_500_inputs():
    assert sum(WEIGHTS.get(n, DEFAULT) for n in sources_with_samples()) >= 500
