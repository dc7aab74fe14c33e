"""Shipped snapshot: annual US trade in goods with the five Central Asian states (Census).

Derived from the Census Bureau's country.xlsx by ``python -m dyad.sources.census.snapshot``;
loaded as ``source='census'`` rows, so a later import of the file or the API revises them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd

from dyad.reference import files
from dyad.store.provenance import IngestRun

NAME = "trade_census_c5"
FILES = ("trade/census_c5_annual.csv", "trade/census_c5_annual_recent.csv")


def snapshot_flows() -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for name in FILES:
        rows.extend(_file_rows(name))
    return pd.DataFrame(rows)


def _file_rows(name: str) -> list[dict[str, Any]]:
    text = files.data_text(name)
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    rows: list[dict[str, Any]] = []
    for r in csv.DictReader(io.StringIO("\n".join(lines))):
        rows.append({
            "reporter": r["reporter"], "partner": r["partner"], "partner_name": r["partner_name"],
            "year": int(r["year"]), "month": None, "flow": r["flow"],
            "value_usd": float(int(r["value_usd"])), "commodity": None, "source": "census",
            "source_ref": f"{r['source_url']}#CTY_CODE={r['cty_code']}&year={r['year']}"
                          + (f"&precision_usd={r['precision_usd']}" if r.get("precision_usd")
                             else ""),
        })
    return rows


def load(con: Any, run: IngestRun) -> None:
    from dyad.sources.trade_flows import upsert_flows

    upsert_flows(run, snapshot_flows(), file="dyad/data/" + ",".join(FILES))
