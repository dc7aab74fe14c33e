"""What the store holds, for the report and the exports: contacts by verification status,
open conflicts, the store's name, and the tables an export writes.

Outputs render these; the SQL stays here so ``report/`` and ``cli/`` hold none.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from dyad.reference.vocabulary import partners_of

NOT_EXPORTED = {"schema_migrations", "reference_versions"}


def verification_summary(con: duckdb.DuckDBPyConnection, pair: str) -> pd.DataFrame:
    """The pair's contacts by status and confidence: how many, how many an import (not only
    the curated register) attests, and how many source rows they carry."""
    return con.execute(
        """
        WITH k AS (
          SELECT c.contact_id, c.status, c.confidence,
                 bool_or(s.source <> 'curated') AS authoritative,
                 count(*) AS n_sources
          FROM contacts c JOIN contact_sources s USING (contact_id)
          WHERE c.contact_id IN (SELECT contact_id FROM contact_partners
                                 WHERE list_contains(?, partner_iso2))
          GROUP BY ALL)
        SELECT status, confidence, count(*) AS contacts,
               count(*) FILTER (WHERE authoritative) AS confirmed_by_import,
               sum(n_sources) AS sources
        FROM k GROUP BY ALL ORDER BY status, confidence
        """,
        [partners_of(pair)],
    ).df()


def open_conflicts(con: duckdb.DuckDBPyConnection) -> int:
    """Conflicts between sources that await review."""
    row = con.execute(
        "SELECT count(*) FROM contact_conflicts WHERE resolution = 'open'").fetchone()
    return int(row[0]) if row else 0


def store_name(con: duckdb.DuckDBPyConnection) -> str:
    """The name DuckDB gives the open store (its file name without the extension)."""
    row = con.execute("SELECT current_database()").fetchone()
    return str(row[0]) if row else ""


def exported_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The store's base tables that an export writes, sorted (bookkeeping tables left out)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows if r[0] not in NOT_EXPORTED]


def _check(con: duckdb.DuckDBPyConnection, name: str) -> str:
    if name not in exported_tables(con):
        raise ValueError(f"no exportable table {name!r} in the store")
    return name


def read_table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """One exportable table, whole, as a data frame."""
    return con.execute(f'SELECT * FROM "{_check(con, name)}"').df()


def table_to_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """Write one exportable table to a Parquet file with DuckDB's own writer."""
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM \"{_check(con, name)}\") TO '{target}' (FORMAT parquet)")

