"""UN Comtrade CSV downloads (offline route): the current camelCase layout of the Comtrade
portal and API (``refYear, reporterISO, flowCode, partnerISO, cmdCode, primaryValue, …``) and
the legacy bulk layout (``Year, Reporter ISO, Trade Flow Code, Partner ISO, Commodity Code,
Trade Value (US$)``; legacy flow codes 1 = import, 2 = export).

A record with a bad field (year outside 1945-2100 or not whole, a value that is not a
non-negative number, an unknown code) is quarantined; a file that cannot be read, has the
wrong layout or a truncated line is a LoadError and changes nothing."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from dyad.errors import LoadError
from dyad.sources.comtrade.api import SOURCE, to_flow
from dyad.sources.result import LoadResult

LEGACY = {"Year": "refYear", "Period": "period", "Reporter Code": "reporterCode",
          "Reporter ISO": "reporterISO", "Reporter": "reporterDesc",
          "Partner Code": "partnerCode", "Partner ISO": "partnerISO", "Partner": "partnerDesc",
          "Trade Flow Code": "flowCode", "Commodity Code": "cmdCode",
          "Trade Value (US$)": "primaryValue", "2nd Partner Code": "partner2Code"}
LEGACY_FLOWS = {"1": "M", "2": "X", "3": "RX", "4": "RM"}
REQUIRED = ("refYear", "reporterCode", "flowCode", "partnerCode", "cmdCode", "primaryValue")


def read_comtrade_csv(path: str | Path) -> tuple[list[dict[str, Any]], list[LoadError]]:
    """(trade_flows rows, one LoadError per rejected record) of a Comtrade CSV."""
    p = Path(path)
    if not p.is_file():
        raise LoadError("no such file", file=str(p))
    try:
        text = p.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LoadError(f"cannot read the file (not UTF-8 text?): {e}", file=str(p)) from e
    reader = csv.reader(text.splitlines())
    rows: list[dict[str, Any]] = []
    problems: list[LoadError] = []
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise LoadError("the file is empty", file=str(p))
        legacy = "Trade Flow Code" in header
        cols = [LEGACY.get(h.strip(), h.strip()) if legacy else h.strip() for h in header]
        absent = [c for c in REQUIRED if c not in cols]
        if absent:
            raise LoadError(f"wrong layout: missing columns {absent}", file=str(p),
                            record="header")
        for n, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < len(cols):
                raise LoadError(f"line has {len(cells)} fields, header {len(cols)} "
                                "(truncated?)", file=str(p), record=f"line {n}")
            rec = dict(zip(cols, cells, strict=False))
            if legacy:
                rec["flowCode"] = LEGACY_FLOWS.get(rec["flowCode"].strip(), rec["flowCode"])
                rec.setdefault("freqCode", "A")
            try:
                row = to_flow(rec, file=p.name, record=f"line {n}")
            except LoadError as err:
                problems.append(err)
                continue
            if row is not None:
                rows.append(row)
    except csv.Error as e:
        raise LoadError(f"not a readable CSV: {e}", file=str(p),
                        record=f"line {reader.line_num}") from None
    if not rows and not problems:
        raise LoadError("no total export/import rows in the file", file=str(p))
    return rows, problems


def load_comtrade_file(con: Any, path: str | Path) -> LoadResult:
    """Import in one ingest run (bad records quarantined); re-running adds nothing."""
    import pandas as pd

    from dyad.sources.trade_flows import empty_flows, upsert_flows
    from dyad.store.provenance import ingest_run

    with ingest_run(con, source=SOURCE, source_ref=str(path)) as run:
        rows, problems = read_comtrade_csv(path)
        for err in problems:
            run.rows_in += 1
            run.quarantine(err)
        upsert_flows(run, pd.DataFrame(rows) if rows else empty_flows(), file=str(path))
    return LoadResult.of(run)
