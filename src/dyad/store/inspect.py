"""What the store holds: its tables and views and their row counts."""

from __future__ import annotations

import duckdb


def list_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the tables and views in the main schema, sorted."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " ORDER BY table_name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a table or view of that name exists in the main schema."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables"
        " WHERE table_schema = 'main' AND table_name = ?",
        [name],
    ).fetchone()
    return bool(row and row[0])


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table (views are left out: they may be costly)."""
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
    ).fetchall()
    out: dict[str, int] = {}
    for (name,) in rows:
        row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        out[str(name)] = int(row[0]) if row else 0
    return out
