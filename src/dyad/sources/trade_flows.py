"""Write rows into ``trade_flows``: validated, keyed, idempotent (the shared load step).

Every trade source (Census file, Census API, Comtrade API and files) turns its input into a
data frame with :data:`COLUMNS` and hands it to :func:`upsert_flows` inside its ingest run.
The natural key has NULLs (annual rows, totals), so it is matched with IS NOT DISTINCT FROM:
a row already present with the same value is left alone; a revised value replaces the old row.
"""

from __future__ import annotations

import math

import pandas as pd

from dyad.store.provenance import IngestRun, LoadError

COLUMNS = ["reporter", "partner", "partner_name", "year", "month", "flow", "value_usd",
           "commodity", "source", "source_ref"]
KEY = ["reporter", "partner", "year", "month", "flow", "commodity", "source"]
FLOWS = ("export", "import")

_MATCH = " AND ".join(f"t.{k} IS NOT DISTINCT FROM s.{k}" for k in KEY)


def empty_flows() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def check_flows(df: pd.DataFrame, *, file: str) -> pd.DataFrame:
    """Validate a frame of flows; a problem is a LoadError naming the offending record."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise LoadError(f"internal: flow rows lack columns {missing}", file=file)
    out = df[COLUMNS].copy()
    value = pd.to_numeric(out["value_usd"], errors="coerce")
    month = pd.to_numeric(out["month"], errors="coerce")
    checks = (
        ("flow", ~out["flow"].isin(FLOWS), "flow must be export or import"),
        ("value_usd", ~(value >= 0) | value.isin([math.inf]),
         "value must be a non-negative number of dollars"),
        ("month", (out["month"].notna() & ~(month.between(1, 12) & (month % 1 == 0))),
         "month must be 1-12 or empty"),
        ("year", pd.to_numeric(out["year"], errors="coerce").isna(), "year must be a number"),
    )
    for column, bad, reason in checks:
        if bad.any():
            row = out[bad].iloc[0]
            raise LoadError(f"{reason}, got {row[column]!r}", file=file, field=column,
                            record=f"{row['reporter']}-{row['partner']} {row['year']}-"
                                   f"{row['month']} {row['flow']} {row['commodity']}")
    out["value_usd"] = value
    dup = out.duplicated(subset=KEY, keep=False)
    if dup.any():
        first = out[dup].iloc[0]
        raise LoadError("the input holds the same flow twice", file=file,
                        record=f"{first['partner']} {first['year']}-{first['month']} "
                               f"{first['flow']}")
    out["year"] = out["year"].astype("int64")
    out["month"] = out["month"].astype("Int64")
    out["value_usd"] = out["value_usd"].astype("float64")
    return out


def upsert_flows(run: IngestRun, df: pd.DataFrame, *, file: str) -> int:
    """Insert new or revised flows in the run's transaction; return how many were written."""
    if len(df) == 0:
        return 0
    rows = check_flows(df, file=file)
    run.rows_in += len(rows)
    if rows.empty:
        return 0
    con = run.con
    con.register("_trade_incoming", rows)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _trade_stage AS SELECT reporter, partner, partner_name,"
            " CAST(year AS INTEGER) AS year, CAST(month AS INTEGER) AS month, flow, value_usd,"
            " commodity, source, source_ref, CAST(? AS BIGINT) AS ingest_run"
            " FROM _trade_incoming", [run.run_id])
        con.execute(
            "DELETE FROM trade_flows t WHERE EXISTS (SELECT 1 FROM _trade_stage s WHERE "
            + _MATCH + " AND (t.value_usd <> s.value_usd"
            " OR t.partner_name IS DISTINCT FROM s.partner_name))")
        before = _count(con)
        con.execute(
            "INSERT INTO trade_flows SELECT s.* FROM _trade_stage s WHERE NOT EXISTS"
            " (SELECT 1 FROM trade_flows t WHERE " + _MATCH + ")")
        written = _count(con) - before
        con.execute("DROP TABLE _trade_stage")
    finally:
        con.unregister("_trade_incoming")
    run.rows_loaded += written
    return written


def _count(con: object) -> int:
    row = con.execute("SELECT count(*) FROM trade_flows").fetchone()  # type: ignore[attr-defined]
    return int(row[0]) if row else 0
