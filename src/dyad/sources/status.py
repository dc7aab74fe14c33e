"""What the store holds from each registered source: rows and the last ingest run."""

from __future__ import annotations

from typing import Any

import duckdb

from dyad.sources.registry import SOURCES, Source
from dyad.store import table_exists


def _has_run_column(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.columns WHERE table_schema ="
                      " 'main' AND table_name = ? AND column_name = 'ingest_run'",
                      [table]).fetchone()
    return bool(row and row[0])


def _rows(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    marks = ", ".join("?" for _ in source.run_sources)
    total = 0
    for table in source.tables:
        if not (table_exists(con, table) and _has_run_column(con, table)):
            continue
        row = con.execute(
            f'SELECT count(*) FROM "{table}" WHERE ingest_run IN (SELECT run_id FROM '
            f"ingest_runs WHERE source IN ({marks}))", list(source.run_sources)).fetchone()
        total += int(row[0]) if row else 0
    return total


def source_status(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """One dict per registered source: name, publisher, licence, rows, last run."""
    out = []
    for s in SOURCES:
        marks = ", ".join("?" for _ in s.run_sources)
        last = con.execute(
            "SELECT run_id, status, coalesce(finished_at, started_at), rows_loaded FROM "
            f"ingest_runs WHERE source IN ({marks}) ORDER BY run_id DESC LIMIT 1",
            list(s.run_sources)).fetchone()
        out.append({
            "name": s.name, "publisher": s.publisher, "licence": s.licence,
            "formats": "; ".join(s.formats), "update": s.update is not None,
            "rows": _rows(con, s),
            "last_run": (f"run {last[0]} {last[1]} {str(last[2])[:19]}" if last else "never"),
        })
    return out
