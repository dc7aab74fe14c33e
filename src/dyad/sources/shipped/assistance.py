"""Shipped series: US foreign assistance to the five Central Asian states (ForeignAssistance.gov).

Derived from the country file by ``python -m dyad.sources.foreign_assistance.snapshot``;
loaded as ``source='foreign_assistance'`` rows, so importing a newer file revises them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd

from dyad.reference import files
from dyad.store.provenance import IngestRun

NAME = "assistance_c5"
FILES = ("assistance/us_assistance_c5.csv",)


def snapshot_rows() -> pd.DataFrame:
    """The shipped rows as the loader's frame (source_ref: the file URL and the record)."""
    from dyad.sources.foreign_assistance.parse import FILE_URL, SOURCE

    rows: list[dict[str, Any]] = []
    for name in FILES:
        text = files.data_text(name)
        lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
        for r in csv.DictReader(io.StringIO("\n".join(lines))):
            rows.append({
                "country_code": r["country_code"], "country_name": r["country_name"],
                "iso2": r["iso2"], "region_name": r["region_name"] or None,
                "transaction_type": r["transaction_type"],
                "fiscal_year": int(r["fiscal_year"]), "transition_quarter": False,
                "current_usd": float(r["current_usd"]),
                "constant_usd": float(r["constant_usd"]) if r["constant_usd"] else None,
                "constant_base_year": int(r["constant_base_year"])
                if r["constant_base_year"] else None,
                "source": SOURCE,
                "source_ref": f"{FILE_URL}#country={r['country_code']}"
                              f"&type={r['transaction_type']}&fy={r['fiscal_year']}",
            })
    return pd.DataFrame(rows)


def load(con: Any, run: IngestRun) -> None:
    from dyad.sources.foreign_assistance.load import upsert_assistance

    frame = snapshot_rows()
    run.rows_in += len(frame)
    run.rows_loaded += upsert_assistance(run, frame)
