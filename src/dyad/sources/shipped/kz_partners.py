"""Shipped: Kazakhstan's goods trade with its main partners as published on the Kazakh side
(Bureau of National Statistics figures quoted by the government and news agencies), one row
per figure with the URL of the page it was read on (``data/trade/kz_partners.csv``).

Loaded as ``source='kz-stat'`` rows of ``kz_partner_trade``. A bad shipped row is a bad file:
it fails the load (nothing is half-loaded).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from dyad.errors import LoadError
from dyad.reference import files
from dyad.store.provenance import IngestRun

NAME = "kz_partners"
FILES = ("trade/kz_partners.csv",)
SOURCE = "kz-stat"
FLOWS = ("export", "import", "turnover")
COLUMNS = ("year", "partner", "partner_name", "flow", "value_usd", "approx", "basis",
           "source_url")


def parse_text(text: str, file: str = FILES[0]) -> list[dict[str, Any]]:
    """The rows of a kz_partners file (comment lines start with '#'); LoadError on a bad row."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise LoadError(f"header lacks {', '.join(missing)}", file=file, record="header")
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, str, str]] = set()
    for i, r in enumerate(reader, start=2):
        rec = f"line {i}"
        try:
            year = int(r["year"])
            value = float(r["value_usd"])
        except (TypeError, ValueError) as e:
            raise LoadError("year and value_usd must be numbers", file=file, record=rec,
                            raw=str(r)) from e
        if r["flow"] not in FLOWS:
            raise LoadError(f"flow must be one of {', '.join(FLOWS)}, got {r['flow']!r}",
                            file=file, record=rec, field="flow")
        if not value >= 0 or not 1990 <= year <= 2100:
            raise LoadError("value must be >= 0 and year plausible", file=file, record=rec)
        url = (r["source_url"] or "").strip()
        if not url.startswith(("https://", "http://")):
            raise LoadError("every figure needs its public source URL", file=file, record=rec,
                            field="source_url")
        key = (year, r["partner"], r["flow"])
        if key in seen:
            raise LoadError("the same figure twice", file=file, record=rec)
        seen.add(key)
        rows.append({"year": year, "partner": r["partner"].strip(),
                     "partner_name": r["partner_name"].strip(), "flow": r["flow"],
                     "value_usd": value, "approx": r["approx"].strip() == "1",
                     "basis": r["basis"].strip(), "source": SOURCE, "source_url": url})
    return rows


def shipped_rows() -> list[dict[str, Any]]:
    """The shipped figures, parsed."""
    return parse_text(files.data_text(FILES[0]))


def load(con: Any, run: IngestRun) -> None:
    """Replace the kz-stat rows with the shipped ones (the file is the whole series)."""
    rows = shipped_rows()
    run.rows_in += len(rows)
    con.execute("DELETE FROM kz_partner_trade WHERE source = ?", [SOURCE])
    for r in rows:
        con.execute(
            "INSERT INTO kz_partner_trade VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [r["year"], r["partner"], r["partner_name"], r["flow"], r["value_usd"], r["approx"],
             r["basis"], r["source"], r["source_url"], run.run_id])
    run.rows_loaded += len(rows)
