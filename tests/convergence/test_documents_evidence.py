"""Shipped document metadata/topic codes (no text) and the minimum-evidence rule."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.analysis.convergence_documents import (
    MIN_CODED_PARAGRAPHS,
    documents_list,
    overlap,
    shortfall,
)
from dyad.errors import LoadError
from dyad.sources.shipped import documents_profiles as dp
from dyad.store.provenance import ingest_run

DOC_HEAD = ",".join(dp.DOC_COLUMNS)
PARA_HEAD = ",".join(dp.PARA_COLUMNS)


def _load(con) -> None:
    with ingest_run(con, source="shipped:documents_profiles", source_ref="test") as run:
        dp.load(con, run)


def test_shortfall_says_what_is_missing():
    assert shortfall(2, MIN_CODED_PARAGRAPHS) == ""
    assert "1 document (< 2)" in shortfall(1, 50)
    assert "5 coded paragraphs (< 20)" in shortfall(3, 5)


def test_shipped_documents_have_official_urls_and_no_text(bare_store):
    docs, paras = dp.shipped_rows()
    assert docs and all(d["url"].startswith("https://") for d in docs)
    _load(bare_store)
    _load(bare_store)  # idempotent
    assert bare_store.execute("SELECT count(*) FROM documents").fetchone() == (len(docs),)
    assert bare_store.execute("SELECT count(*) FROM document_paragraphs WHERE text <> ''"
                              ).fetchone() == (0,)
    listed = documents_list(bare_store)
    assert (listed["coded_paragraphs"] <= listed["paragraphs"]).all()
    ov = overlap(bare_store, "issuer").set_index(["a", "b"])
    # Kazakhstan's side is one partial document: no convergence figure, said plainly.
    kz = ov[[("KZ" in k) for k in ov.index]]
    assert not kz.empty and kz["cosine"].isna().all()
    assert kz["evidence"].str.startswith("no convergence figure").all()
    assert all("KZ has" in e and "1 document" in e for e in kz["evidence"])


def test_sufficient_sides_get_a_figure(bare_store):
    docs = "\n".join(f"d{i},T{i},Iss,{g},2020-01-0{i},,https://x.gov/{i},full,en,12"
                     for i, g in [(1, "US"), (2, "US"), (3, "KZ"), (4, "KZ")])
    paras = "\n".join(f"d{i},{n},energy;trade_investment,dictionary,2"
                      for i in range(1, 5) for n in range(1, 11))
    d, p = dp.parse_texts(f"{DOC_HEAD}\n{docs}", f"{PARA_HEAD}\n{paras}")
    assert len(d) == 4 and len(p) == 40
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(dp, "shipped_rows", lambda: (d, p))
        _load(bare_store)
    row = overlap(bare_store, "issuer").iloc[0]
    assert math.isclose(row["cosine"], 1.0) and row["evidence"].startswith("sufficient")


def test_bad_rows_fail_the_file():
    good = "d1,T,Iss,US,2020-01-01,,https://x.gov/1,full,en,3"
    for bad, field in [(good.replace(",Iss,", ",,"), "issuer"),
                       (good.replace("2020-01-01", ""), "date"),
                       (good.replace("https://x.gov/1", "x.gov"), "url")]:
        with pytest.raises(LoadError) as e:
            dp.parse_texts(f"{DOC_HEAD}\n{bad}", PARA_HEAD)
        assert e.value.field == field
    with pytest.raises(LoadError):
        dp.parse_texts(f"{DOC_HEAD}\n{good}", f"{PARA_HEAD}\nd1,9,energy,dictionary,2")
    with pytest.raises(LoadError):
        dp.parse_texts(f"{DOC_HEAD}\n{good}", f"{PARA_HEAD}\nd1,1,astrology,dictionary,2")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_fuzz_parse_raises_only_load_error(a, b):
    with contextlib.suppress(LoadError):
        dp.parse_texts(f"{DOC_HEAD}\n{a}", f"{PARA_HEAD}\n{b}")
