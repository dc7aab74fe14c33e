"""Read Bailey–Strezhnev–Voeten ideal-point files into typed rows (never touches the store).

Two layouts from Erik Voeten's "United Nations General Assembly Voting Data" (Harvard Dataverse,
doi:10.7910/DVN/LEJUQZ):

* **yearly** (``Idealpointestimates1946-2025.tab``): tab-separated, one row per state and
  calendar year: ccode, iso3c, Countryname, year, NVotesFP, IdealPointFP, Q5%FP, Q10%FP,
  Q50%FP, Q90%FP, Q95%FP (strings quoted).
* **session** (older ``IdealpointestimatesAll_*.csv``): ccode, session, IdealPointAll and
  optionally iso3c, NVotesAll; read as year = session + 1945 (the year the session opens).

A header that is not on the first line (a moved header) is a bad file, not a bad record.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

from dyad.errors import LoadError

YEARLY = ("ccode", "year", "IdealPointFP")
SESSION = ("ccode", "session", "IdealPointAll")
QUANTILES = {"q05": "Q5%FP", "q10": "Q10%FP", "q50": "Q50%FP", "q90": "Q90%FP",
             "q95": "Q95%FP"}


@dataclass(frozen=True)
class IdealRow:
    """One state-year estimate as published."""

    line: int
    year: int
    ccode: int
    iso3: str | None
    n_votes: int | None
    ideal_point: float
    q05: float | None = None
    q10: float | None = None
    q50: float | None = None
    q90: float | None = None
    q95: float | None = None


def _text(data: bytes, file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LoadError(f"not valid UTF-8 (byte 0x{data[e.start]:02x}); re-save as UTF-8",
                        file=file, record=f"line {line}", field="encoding") from e


def read_rows(data: bytes, file: str) -> tuple[str, list[dict[str, str]]]:
    """The layout name and the file's records as string dicts (header on line 1)."""
    text = _text(data, file)
    if not text.strip():
        raise LoadError("empty file", file=file)
    first = text.splitlines()[0]
    delim = "\t" if "\t" in first else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        cols = [c.strip() for c in reader.fieldnames or []]
    except csv.Error as e:
        raise LoadError(f"not a readable table: {e}", file=file, record="line 1") from e
    reader.fieldnames = cols
    if all(c in cols for c in YEARLY):
        layout = "yearly"
    elif all(c in cols for c in SESSION):
        layout = "session"
    else:
        raise LoadError("not an ideal-point file: line 1 must be the header with ccode, year, "
                        "IdealPointFP (or ccode, session, IdealPointAll); found "
                        f"{cols[:6]}", file=file, record="line 1", field="header")
    try:
        return layout, [{k: (v or "").strip() for k, v in r.items() if k} for r in reader]
    except csv.Error as e:
        raise LoadError(f"not a readable table: {e}", file=file,
                        record=f"line {reader.line_num}") from e


def _num(value: str, field: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise ValueError(f"{field} is not a number: {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"{field} is not finite: {value!r}")
    return x


def _int(value: str, field: str) -> int:
    x = _num(value, field)
    if x != int(x):
        raise ValueError(f"{field} is not a whole number: {value!r}")
    return int(x)


def parse_record(layout: str, rec: dict[str, str], line: int) -> IdealRow:
    """One record as an :class:`IdealRow`; ValueError names the bad field."""
    ccode = _int(rec.get("ccode", ""), "ccode")
    iso3 = rec.get("iso3c") or None
    if layout == "yearly":
        year = _int(rec.get("year", ""), "year")
        ideal = _num(rec.get("IdealPointFP", ""), "IdealPointFP")
        n = rec.get("NVotesFP", "")
        qs = {k: (_num(rec[c], c) if rec.get(c, "") not in ("", "NA") else None)
              for k, c in QUANTILES.items()}
    else:
        year = _int(rec.get("session", ""), "session") + 1945
        ideal = _num(rec.get("IdealPointAll", ""), "IdealPointAll")
        n = rec.get("NVotesAll", "")
        qs = {}
    if not 1946 <= year <= 2100:
        raise ValueError(f"year out of range: {year}")
    n_votes = _int(n, "NVotes") if n not in ("", "NA") else None
    q = [v for v in qs.values() if v is not None]
    if q and q != sorted(q):
        raise ValueError("quantiles Q5..Q95 are not in increasing order")
    return IdealRow(line, year, ccode, iso3, n_votes, ideal, **qs)


def parse_file(path: Path) -> tuple[str, list[IdealRow | LoadError]]:
    """Every record of the file, parsed, or a LoadError naming line and field."""
    layout, recs = read_rows(path.read_bytes(), path.name)
    out: list[IdealRow | LoadError] = []
    for i, rec in enumerate(recs):
        try:
            out.append(parse_record(layout, rec, i + 2))
        except ValueError as e:
            field = str(e).split(" ", 1)[0]
            out.append(LoadError(str(e), file=path.name, record=f"line {i + 2}", field=field,
                                 raw=rec))
    return layout, out
