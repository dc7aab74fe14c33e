"""Generic questions about an open store: which tables it has and how many rows each holds.

Read-only helpers (they work on a connection opened with ``read_only=True``); table
names come from DuckDB's catalog and are quoted before they reach SQL.
"""

from __future__ import annotations

import duckdb

__all__ = ["list_tables", "table_counts", "table_counts_by", "table_exists"]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def list_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The store's base tables (schema ``main``), sorted by name."""
    return [str(r[0]) for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the store has a table or view called ``name`` (schema ``main``)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per base table, in table-name order."""
    out: dict[str, int] = {}
    for name in list_tables(con):
        row = con.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()  # noqa: S608
        out[name] = int(row[0]) if row else 0
    return out


def table_counts_by(con: duckdb.DuckDBPyConnection,
                    column: str) -> dict[str, list[tuple[str | None, int]]]:
    """Rows per value of ``column`` in every base table that has that column.

    ``{"contacts": [("curated", 60), ...], ...}``; tables without the column are absent.
    """
    having = {str(r[0]) for r in con.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'main'"
        " AND column_name = ?", [column]).fetchall()}
    out: dict[str, list[tuple[str | None, int]]] = {}
    for name in list_tables(con):
        if name not in having:
            continue
        col = _quote(column)
        rows = con.execute(
            f"SELECT CAST({col} AS VARCHAR), count(*) FROM {_quote(name)}"  # noqa: S608
            f" GROUP BY 1 ORDER BY 1 NULLS LAST").fetchall()
        out[name] = [(None if v is None else str(v), int(n)) for v, n in rows]
    return out
