"""Reading the quarantine: the records loads set aside, with their reasons.

Read-only helpers (they work on a connection opened with ``read_only=True``).
"""

from __future__ import annotations

import duckdb
import pandas as pd

__all__ = ["quarantine_rows", "quarantine_summary"]


def _where(source: str | None, reason: str | None, run_id: int | None
           ) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if source:
        clauses.append("q.source = ?")
        params.append(source)
    if reason:
        clauses.append("q.reason ILIKE ?")
        params.append(f"%{reason}%")
    if run_id is not None:
        clauses.append("q.run_id = ?")
        params.append(run_id)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def quarantine_summary(con: duckdb.DuckDBPyConnection, source: str | None = None
                       ) -> pd.DataFrame:
    """Quarantined records per source and reason: how many, in how many loads, when last.

    Columns: source, reason, records, runs, last_run, last_at.
    """
    where, params = _where(source, None, None)
    return con.execute(
        "SELECT q.source, q.reason, count(*) AS records, count(DISTINCT q.run_id) AS runs,"
        " max(q.run_id) AS last_run, max(q.created_at) AS last_at"
        f" FROM quarantine q{where} GROUP BY q.source, q.reason"  # noqa: S608
        " ORDER BY q.source, records DESC, q.reason", params).df()


def quarantine_rows(con: duckdb.DuckDBPyConnection, source: str | None = None, *,
                    reason: str | None = None, run_id: int | None = None,
                    limit: int = 50) -> pd.DataFrame:
    """The quarantined records themselves, newest first (``reason`` matches a part of it).

    Columns: run_id, source, file, record, field, reason, raw, created_at.
    """
    where, params = _where(source, reason, run_id)
    return con.execute(
        "SELECT q.run_id, q.source, q.file, q.record, q.field, q.reason, q.raw, q.created_at"
        f" FROM quarantine q{where}"  # noqa: S608
        " ORDER BY q.run_id DESC, q.created_at DESC LIMIT ?", [*params, max(1, limit)]).df()
