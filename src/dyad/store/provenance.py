"""Provenance of every load: one transaction per load, an ``ingest_runs`` row, quarantine.

Usage::

    with ingest_run(con, source="statehist", source_ref=str(path)) as run:
        for rec in records:
            run.rows_in += 1
            try:
                ...insert...
                run.rows_loaded += 1
            except RecordError as e:
                run.quarantine(e)

A record-level problem goes to ``quarantine`` with its reason and the load goes on;
any other exception rolls the whole load back (the store is as it was) and is
recorded as a failed run in its own transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb

from dyad.errors import LoadError

# A bad record (as opposed to a bad file): quarantine it and continue.
RecordError = LoadError


@dataclass
class IngestRun:
    con: duckdb.DuckDBPyConnection
    run_id: int
    source: str
    source_ref: str
    rows_in: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    problems: list[LoadError] = field(default_factory=list)

    def quarantine(self, err: LoadError) -> None:
        """Keep a rejected record, with the reason, in the same transaction."""
        self.rows_quarantined += 1
        self.problems.append(err)
        raw = err.raw
        try:
            raw_text = json.dumps(raw, default=str, ensure_ascii=False) if raw is not None else None
        except (TypeError, ValueError):
            raw_text = repr(raw)
        self.con.execute(
            "INSERT INTO quarantine (run_id, source, file, record, field, reason, raw)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [self.run_id, self.source, err.file, err.record, err.field, err.reason, raw_text],
        )


def _now() -> dt.datetime:
    """Wall-clock time (DuckDB's current_timestamp is the transaction's start)."""
    return dt.datetime.now()


def _seconds(start: dt.datetime, end: dt.datetime) -> float:
    return round((end - start).total_seconds(), 6)


def _new_run_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT nextval('ingest_run_seq')").fetchone()
    assert row is not None
    return int(row[0])


@contextmanager
def ingest_run(
    con: duckdb.DuckDBPyConnection, *, source: str, source_ref: str
) -> Iterator[IngestRun]:
    """One load in one transaction, recorded in ``ingest_runs``."""
    run_id = _new_run_id(con)
    started = _now()
    con.execute("BEGIN TRANSACTION")
    con.execute(
        "INSERT INTO ingest_runs (run_id, source, source_ref, started_at, status)"
        " VALUES (?, ?, ?, ?, 'running')",
        [run_id, source, source_ref, started],
    )
    run = IngestRun(con=con, run_id=run_id, source=source, source_ref=source_ref)
    try:
        yield run
        finished = _now()
        con.execute(
            "UPDATE ingest_runs SET finished_at = ?, duration_s = ?, rows_in = ?,"
            " rows_loaded = ?, rows_quarantined = ?, status = 'ok' WHERE run_id = ?",
            [finished, _seconds(started, finished), run.rows_in, run.rows_loaded,
             run.rows_quarantined, run_id],
        )
        con.execute("COMMIT")
    except BaseException as exc:
        con.execute("ROLLBACK")
        message = exc.describe() if isinstance(exc, LoadError) else f"{type(exc).__name__}: {exc}"
        finished = _now()
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "INSERT INTO ingest_runs (run_id, source, source_ref, started_at, finished_at,"
            " duration_s, rows_in, rows_loaded, rows_quarantined, status, error)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 'failed', ?)",
            [run_id, source, source_ref, started, finished, _seconds(started, finished),
             run.rows_in, message],
        )
        if isinstance(exc, LoadError):
            con.execute(
                "INSERT INTO quarantine (run_id, source, file, record, field, reason, raw)"
                " VALUES (?, ?, ?, ?, ?, ?, NULL)",
                [run_id, source, exc.file, exc.record, exc.field, exc.reason],
            )
        con.execute("COMMIT")
        raise
