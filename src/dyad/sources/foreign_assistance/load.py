"""Load ForeignAssistance.gov files into the store: the country file or the complete file.

``load_foreign_assistance(con, path)`` tells the two apart by their header. One ingest run,
one transaction; bad records are quarantined with file, row, field and reason; re-running a
load adds nothing (a revised amount replaces the stored row). It returns the one
``LoadResult``; its details say which file it was (``kind``: country or complete) and, for
the complete file, how many lines for other recipients were ``skipped``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dyad.errors import LoadError
from dyad.sources.foreign_assistance import complete
from dyad.sources.foreign_assistance.parse import (
    COUNTRY_COLUMNS,
    FILE_URL,
    SOURCE,
    csv_table,
    parse_country_rows,
)
from dyad.sources.result import LoadResult
from dyad.store.provenance import IngestRun, ingest_run

ASSISTANCE_COLUMNS = ["country_code", "country_name", "iso2", "region_name", "transaction_type",
                      "fiscal_year", "transition_quarter", "current_usd", "constant_usd",
                      "constant_base_year", "source", "source_ref"]
KEY = ["country_code", "country_name", "transaction_type", "fiscal_year", "transition_quarter",
       "source"]
_MATCH = " AND ".join(f"t.{k} = s.{k}" for k in KEY)
_CHANGED = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in
                       ("iso2", "region_name", "current_usd", "constant_usd",
                        "constant_base_year"))


def load_foreign_assistance(con: duckdb.DuckDBPyConnection, path: str | Path, *,
                            all_countries: bool = False,
                            today: dt.date | None = None) -> LoadResult:
    """Load a ForeignAssistance.gov country file or complete file (told apart by header)."""
    p = Path(path)
    header, rows = csv_table(p)
    if complete.is_complete_header(header):
        with ingest_run(con, source=complete.SOURCE, source_ref=str(p)) as run:
            lines = complete.parse_complete_rows(p, header, rows, all_countries=all_countries,
                                                 today=today)
            for problem in lines.problems:
                run.quarantine(problem)
            run.rows_in = lines.rows_in
            run.rows_loaded = upsert_transactions(run, pd.DataFrame(lines.rows,
                                                                    columns=complete.COLUMNS))
            note = (f"complete file; {lines.skipped} lines for other recipients skipped"
                    if lines.skipped else "complete file")
            return LoadResult.of(run, kind="complete", skipped=lines.skipped, note=note)
    absent = [c for c in COUNTRY_COLUMNS if c not in header]
    if absent:
        raise LoadError(f"not a ForeignAssistance.gov country or complete file: missing columns "
                        f"{absent}", file=str(p), record="header")
    with ingest_run(con, source=SOURCE, source_ref=str(p)) as run:
        parsed = parse_country_rows(p, rows, today=today)
        for problem in parsed.problems:
            run.quarantine(problem)
        run.rows_in = parsed.rows_in
        frame = pd.DataFrame([{
            "country_code": r.country_code, "country_name": r.country_name, "iso2": r.iso2,
            "region_name": r.region_name, "transaction_type": r.transaction_type,
            "fiscal_year": r.fiscal_year, "transition_quarter": r.transition_quarter,
            "current_usd": r.current_usd, "constant_usd": r.constant_usd,
            "constant_base_year": parsed.base_years.get(r.transaction_type),
            "source": SOURCE, "source_ref": f"{FILE_URL}#file={p.name}&row={r.row}",
        } for r in parsed.rows], columns=ASSISTANCE_COLUMNS)
        run.rows_loaded = upsert_assistance(run, frame)
        return LoadResult.of(run, kind="country", skipped=0, note="country file")


def upsert_assistance(run: IngestRun, df: pd.DataFrame) -> int:
    """Insert new or revised country-year rows in the run's transaction; return how many."""
    if df.empty:
        return 0
    con = run.con
    frame = df[ASSISTANCE_COLUMNS].copy()
    frame["constant_base_year"] = frame["constant_base_year"].astype("Int64")
    con.register("_fa_incoming", frame)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _fa_stage AS SELECT country_code, country_name, iso2,"
            " region_name, transaction_type, CAST(fiscal_year AS INTEGER) AS fiscal_year,"
            " CAST(transition_quarter AS BOOLEAN) AS transition_quarter,"
            " CAST(current_usd AS DOUBLE) AS current_usd,"
            " CAST(constant_usd AS DOUBLE) AS constant_usd,"
            " CAST(constant_base_year AS INTEGER) AS constant_base_year, source, source_ref,"
            " CAST(? AS BIGINT) AS ingest_run FROM _fa_incoming", [run.run_id])
        con.execute("DELETE FROM assistance t WHERE EXISTS (SELECT 1 FROM _fa_stage s WHERE "
                    + _MATCH + " AND (" + _CHANGED + "))")
        before = _count(con, "assistance")
        con.execute("INSERT INTO assistance BY NAME SELECT s.* FROM _fa_stage s WHERE NOT EXISTS"
                    " (SELECT 1 FROM assistance t WHERE " + _MATCH + ")")
        written = _count(con, "assistance") - before
        con.execute("DROP TABLE _fa_stage")
    finally:
        con.unregister("_fa_incoming")
    return written


def upsert_transactions(run: IngestRun, df: pd.DataFrame) -> int:
    """Replace the transactions of the (state, type, fiscal year) cells the file holds.

    Stored lines the file still has are left alone (same key), so a re-import adds nothing;
    lines it no longer has (a newer vintage revised them) are removed.
    """
    if df.empty:
        return 0
    con = run.con
    frame = df.copy()
    frame["transaction_date"] = pd.to_datetime(frame["transaction_date"])
    con.register("_fac_incoming", frame)
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _fac_stage AS SELECT * EXCLUDE (fiscal_year,"
            " transaction_date, current_usd, constant_usd),"
            " CAST(fiscal_year AS INTEGER) AS fiscal_year,"
            " CAST(transaction_date AS DATE) AS transaction_date,"
            " CAST(current_usd AS DOUBLE) AS current_usd,"
            " CAST(constant_usd AS DOUBLE) AS constant_usd,"
            " ? AS source, ? AS source_ref, CAST(? AS BIGINT) AS ingest_run FROM _fac_incoming",
            [complete.SOURCE, run.source_ref, run.run_id])
        con.execute(
            "DELETE FROM assistance_transactions t WHERE EXISTS (SELECT 1 FROM _fac_stage s"
            " WHERE s.country_code = t.country_code AND s.fiscal_year = t.fiscal_year"
            " AND s.transaction_type = t.transaction_type)"
            " AND t.row_key NOT IN (SELECT row_key FROM _fac_stage)")
        before = _count(con, "assistance_transactions")
        con.execute("INSERT INTO assistance_transactions BY NAME SELECT s.* FROM _fac_stage s"
                    " WHERE s.row_key NOT IN (SELECT row_key FROM assistance_transactions)")
        written = _count(con, "assistance_transactions") - before
        con.execute("DROP TABLE _fac_stage")
    finally:
        con.unregister("_fac_incoming")
    return written


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
