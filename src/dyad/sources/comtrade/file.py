"""UN Comtrade CSV downloads (offline route): the current camelCase layout of the Comtrade
portal and API (``refYear, reporterISO, flowCode, partnerISO, cmdCode, primaryValue, …``) and
the legacy bulk layout (``Year, Reporter ISO, Trade Flow Code, Partner ISO, Commodity Code,
Trade Value (US$)``; legacy flow codes 1 = import, 2 = export)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dyad.sources.comtrade.api import SOURCE, to_flow
from dyad.store.provenance import LoadError

LEGACY = {"Year": "refYear", "Period": "period", "Reporter Code": "reporterCode",
          "Reporter ISO": "reporterISO", "Reporter": "reporterDesc",
          "Partner Code": "partnerCode", "Partner ISO": "partnerISO", "Partner": "partnerDesc",
          "Trade Flow Code": "flowCode", "Commodity Code": "cmdCode",
          "Trade Value (US$)": "primaryValue", "2nd Partner Code": "partner2Code"}
LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}
REQUIRED = ("refYear", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue")


def read_comtrade_csv(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LoadError(f"cannot read the file: {e}", file=str(p)) from e
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if not header:
        raise LoadError("the file is empty", file=str(p))
    legacy = "Trade Flow Code" in header
    cols = [LEGACY.get(h.strip(), h.strip()) if legacy else h.strip() for h in header]
    absent = [c for c in REQUIRED if c not in cols]
    if absent:
        raise LoadError(f"wrong layout: missing columns {absent}", file=str(p), record="header")
    rows: list[dict[str, Any]] = []
    for n, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < len(cols):
            raise LoadError(f"line has {len(cells)} fields, header {len(cols)} (truncated?)",
                            file=str(p), record=f"line {n}", raw=cells)
        rec = dict(zip(cols, cells, strict=False))
        if legacy:
            rec["flowCode"] = LEGACY_FLOWS.get(rec["flowCode"].strip(), rec["flowCode"])
            rec.setdefault("freqCode", "A")
        row = to_flow(rec, file=p.name, record=f"line {n}")
        if row is not None:
            rows.append(row)
    if not rows:
        raise LoadError("no total export/import rows in the file", file=str(p))
    return rows


def load_comtrade_file(con: Any, path: str | Path) -> tuple[int, int, int]:
    """Import in one ingest run; returns (run id, rows read, rows new or revised)."""
    import pandas as pd

    from dyad.sources.trade_flows import upsert_flows
    from dyad.store.provenance import ingest_run

    with ingest_run(con, source=SOURCE, source_ref=str(path)) as run:
        rows = read_comtrade_csv(path)
        upsert_flows(run, pd.DataFrame(rows), file=str(path))
    return run.run_id, run.rows_in, run.rows_loaded
