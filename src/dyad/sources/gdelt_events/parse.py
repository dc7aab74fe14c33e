"""Stream a GDELT event export (zipped or not) into typed Arrow batches; never the store.

The file is read in blocks of bytes and split into lines; each block becomes one Arrow
batch, so memory stays flat whatever the file's size. Fields are split, checked and cast
with Arrow compute kernels (no pandas, no per-field Python). A line that cannot be read —
bytes that are not UTF-8, the wrong number of fields, a number that is not a number, a
date that is not a date or lies outside GDELT's range — becomes a problem naming the
file, the line and the field, and the other lines go on. A file that cannot be read at
all (a truncated zip, no line in any GDELT format) raises ``LoadError``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from dyad.errors import LoadError
from dyad.sources.gdelt_events.schema import (
    FLOAT_COLUMNS,
    FORMATS,
    INT_COLUMNS,
    REQUIRED,
    STORED_SCHEMA,
)

BLOCK = 8 << 20  # bytes per batch
FIRST_DAY = dt.date(1979, 1, 1)  # GDELT 1.0 begins in 1979
_INT = r"^-?[0-9]{1,18}$"  # 18 digits always fit the stored int64
_FLOAT = r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$"
_CODE = r"^[0-9]{2,4}$"


@dataclass
class Batch:
    """Typed rows (``STORED_SCHEMA`` without ``ingest_run``) and the lines set aside."""

    table: pa.Table
    problems: list[LoadError] = field(default_factory=list)
    lines: int = 0


@contextmanager
def open_export(path: Path) -> Iterator[IO[bytes]]:
    """The export's bytes: the one CSV inside a GDELT .zip, or the plain file."""
    if path.suffix.lower() != ".zip":
        with path.open("rb") as fh:
            yield fh
        return
    try:
        zf = zipfile.ZipFile(path)
        names = [n for n in zf.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise LoadError(f"expected one CSV inside the zip, found {len(names)}",
                            file=path.name)
        member = zf.open(names[0])
    except (zipfile.BadZipFile, EOFError, OSError) as e:
        raise LoadError(f"truncated or corrupt zip: {e}", file=path.name) from None
    with zf, member:
        yield member


def _blocks(fh: IO[bytes], name: str, block: int) -> Iterator[list[bytes]]:
    rest = b""
    while True:
        try:
            chunk = fh.read(block)
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as e:
            raise LoadError(f"truncated or corrupt zip: {e}", file=name) from None
        if not chunk:
            break
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        if lines:
            yield lines
    if rest:
        yield [rest]


def detect_format(counts: Counter[int], name: str) -> int:
    """The file's column count (57, 58 or 61) from the field counts of its first lines."""
    known = [(n, c) for c, n in counts.items() if c in FORMATS]
    if not known:
        seen = ", ".join(str(c) for c in sorted(counts)[:5])
        raise LoadError(f"not a GDELT event export: lines have {seen} tab-separated fields; "
                        "expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0)", file=name)
    return max(known)[1]


def iter_batches(path: str | Path, *, today: dt.date | None = None,
                 block: int = BLOCK) -> Iterator[Batch]:
    """Typed batches of one export, in file order; line numbers count from 1."""
    path = Path(path)
    today = today or dt.date.today()
    ncols: int | None = None
    line0 = 1
    with open_export(path) as fh:
        for raw in _blocks(fh, path.name, block):
            if ncols is None:
                ncols = detect_format(Counter(r.count(b"\t") + 1 for r in raw[:2000]),
                                      path.name)
            batch = parse_lines(raw, ncols=ncols, name=path.name, first_line=line0, today=today)
            line0 += len(raw)
            yield batch


def _problem(name: str, line: int, fld: str | None, reason: str, raw: bytes | str) -> LoadError:
    text = raw.decode("utf-8", "backslashreplace") if isinstance(raw, bytes) else raw
    return LoadError(reason, file=name, record=f"line {line}", field=fld, raw=text[:300])


def parse_lines(raw: list[bytes], *, ncols: int, name: str, first_line: int,
                today: dt.date) -> Batch:
    """Check, split and type one block of lines (without their newlines)."""
    problems: list[LoadError] = []
    raw = [r[:-1] if r.endswith(b"\r") else r for r in raw]
    numbers = np.arange(first_line, first_line + len(raw), dtype=np.int64)
    keep = np.ones(len(raw), dtype=bool)
    try:
        b"\n".join(raw).decode("utf-8")
    except UnicodeDecodeError:
        for i, r in enumerate(raw):
            try:
                r.decode("utf-8")
            except UnicodeDecodeError as e:
                keep[i] = False
                problems.append(_problem(name, int(numbers[i]), None,
                                         f"bytes that are not UTF-8 at offset {e.start}", r))
    version, columns = FORMATS[ncols]
    nf = np.fromiter((r.count(b"\t") + 1 for r in raw), dtype=np.int64, count=len(raw))
    wrong = keep & (nf != ncols)
    for w in np.flatnonzero(wrong):
        problems.append(_problem(name, int(numbers[w]), None,
                                 f"{nf[w]} fields; a GDELT {version} export has {ncols}",
                                 raw[int(w)]))
    keep &= ~wrong
    good = [r for r, k in zip(raw, keep, strict=True) if k]
    numbers = numbers[keep]
    table = _split(good, columns)
    text_of = good
    cols: dict[str, pa.Array] = {}
    bad = np.full(len(good), None, dtype=object)
    reason = np.full(len(good), None, dtype=object)
    for col in columns:
        values = table.column(col).combine_chunks()
        invalid = _invalid(col, values)
        if invalid is not None:
            _mark(bad, reason, invalid, col)
        cols[col] = values
    _check_dates(cols, bad, reason, version, today)
    ok = np.array([b is None for b in bad], dtype=bool)
    for b in np.flatnonzero(~ok):
        problems.append(_problem(name, int(numbers[b]), str(bad[b]), str(reason[b]),
                                 text_of[int(b)]))
    mask = pa.array(ok)
    n_ok = int(ok.sum())
    arrays = []
    for fld in STORED_SCHEMA:
        if fld.name == "gdelt_version":
            arrays.append(pa.array([version.split()[0]] * n_ok, pa.string()))
        elif fld.name == "source_file":
            arrays.append(pa.array([name] * n_ok, pa.string()))
        elif fld.name == "source_line":
            arrays.append(pa.array(numbers[ok], pa.int64()))
        elif fld.name == "ingest_run":
            continue
        elif fld.name in cols:
            arrays.append(pc.cast(cols[fld.name].filter(mask), fld.type))
        else:
            arrays.append(pa.nulls(n_ok, fld.type))
    names = [f.name for f in STORED_SCHEMA if f.name != "ingest_run"]
    return Batch(pa.Table.from_arrays(arrays, names=names), problems, len(raw))


def _split(lines: list[bytes], columns: list[str]) -> pa.Table:
    """Split checked lines into string columns (Arrow's CSV parser; empty fields null)."""
    if not lines:
        return pa.table({c: pa.array([], pa.string()) for c in columns})
    return pacsv.read_csv(
        io.BytesIO(b"\n".join(lines)),
        read_options=pacsv.ReadOptions(column_names=columns, block_size=64 << 20),
        parse_options=pacsv.ParseOptions(delimiter="\t", quote_char=False, escape_char=False,
                                         newlines_in_values=False, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in columns}, strings_can_be_null=True,
            null_values=[""]))


def _invalid(col: str, values: pa.Array) -> np.ndarray | None:
    """Where a field is missing though required, or not of its column's type."""
    if col in INT_COLUMNS:
        pattern = _INT
    elif col in FLOAT_COLUMNS:
        pattern = _FLOAT
    elif col in ("EventCode", "EventBaseCode", "EventRootCode"):
        pattern = _CODE
    else:
        pattern = None
    out = None
    if pattern is not None:
        out = pc.invert(pc.fill_null(pc.match_substring_regex(values, pattern), True))
    if col in REQUIRED:
        missing = pc.is_null(values)
        out = missing if out is None else pc.or_(out, missing)
    if out is None:
        return None
    arr = out.to_numpy(zero_copy_only=False)
    return arr if arr.any() else None


def _mark(bad: np.ndarray, reason: np.ndarray, where: np.ndarray, col: str) -> None:
    fresh = where & np.array([b is None for b in bad], dtype=bool)
    bad[fresh] = col
    reason[fresh] = f"{col} is missing or not a valid {_kind(col)}"


def _kind(col: str) -> str:
    if col in INT_COLUMNS:
        return "integer"
    if col in FLOAT_COLUMNS:
        return "number"
    return "CAMEO code"


def _check_dates(cols: dict[str, pa.Array], bad: np.ndarray, reason: np.ndarray,
                 version: str, today: dt.date) -> None:
    """SQLDATE a real day from 1979 on, not after the day GDELT added the row (+1)."""
    fmt = "%Y%m%d%H%M%S" if version == "2.0" else "%Y%m%d"
    added = pc.strptime(cols["DATEADDED"], format=fmt, unit="s", error_is_null=True)
    day = pc.strptime(cols["SQLDATE"], format="%Y%m%d", unit="s", error_is_null=True)
    last = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    first = dt.datetime.combine(FIRST_DAY, dt.time())
    added_np = added.to_numpy(zero_copy_only=False)
    day_np = day.to_numpy(zero_copy_only=False)
    free = np.array([b is None for b in bad], dtype=bool)
    a_bad = free & (np.isnat(added_np) | (added_np > np.datetime64(last))
                    | (added_np < np.datetime64(first)))
    bad[a_bad] = "DATEADDED"
    reason[a_bad] = f"DATEADDED is not a date-time between {FIRST_DAY} and {today}"
    free &= ~a_bad
    limit = added_np.astype("datetime64[D]") + np.timedelta64(1, "D")
    d_bad = free & (np.isnat(day_np) | (day_np < np.datetime64(first))
                    | (day_np.astype("datetime64[D]") > limit))
    bad[d_bad] = "SQLDATE"
    reason[d_bad] = (f"SQLDATE is not a day between {FIRST_DAY} and the day the row "
                     "was added (DATEADDED)")


def read_text(data: bytes, name: str = "sample.CSV", *, today: dt.date | None = None) -> Batch:
    """Parse an export held in memory (tests and recorded samples)."""
    batches = list(_iter_bytes(data, name, today or dt.date.today()))
    tables = [b.table for b in batches]
    table = pa.concat_tables(tables) if tables else STORED_SCHEMA.empty_table().drop(
        ["ingest_run"])
    return Batch(table, [p for b in batches for p in b.problems],
                 sum(b.lines for b in batches))


def _iter_bytes(data: bytes, name: str, today: dt.date) -> Iterator[Batch]:
    ncols = None
    line0 = 1
    for raw in _blocks(io.BytesIO(data), name, BLOCK):
        if ncols is None:
            ncols = detect_format(Counter(r.count(b"\t") + 1 for r in raw[:2000]), name)
        yield parse_lines(raw, ncols=ncols, name=name, first_line=line0, today=today)
        line0 += len(raw)
