"""Read-only and read-write opens, the lock holder's name, load durations, the quarantine
commands."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.api import open_store
from dyad.errors import StoreBusyError
from dyad.store import ingest_run
from dyad.store.lock import lock_holder, open_file


@pytest.fixture
def store_path(tmp_path: Path, _store_template: Path) -> Path:
    path = tmp_path / "s.duckdb"
    shutil.copyfile(_store_template, path)
    return path


def test_readers_share_the_store_and_cannot_write(store_path):
    a = open_store(store_path, read_only=True)
    b = open_store(store_path, read_only=True)
    try:
        assert a.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0
        with pytest.raises(duckdb.Error, match="read-only"):
            b.execute("DELETE FROM contacts")
    finally:
        a.close()
        b.close()


def test_a_read_only_open_creates_a_missing_store(tmp_path):
    con = open_store(tmp_path / "new.duckdb", read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM countries").fetchone()[0] > 0
    finally:
        con.close()


def test_same_process_conflicts(store_path):
    reader = open_file(store_path, read_only=True)
    try:   # a write beside this process's own reader: busy, one clear line
        told: list[str] = []
        with pytest.raises(StoreBusyError, match="in use by PID .* \\(this process\\)"):
            open_file(store_path, read_only=False, wait=0.3, on_wait=told.append)
        assert told == [f"store in use by PID {os.getpid()} (this process); "
                        "waiting up to 0.3 s"]
    finally:
        reader.close()
    writer = open_store(store_path)
    try:   # a read beside this process's own writer shares that instance
        con = open_file(store_path, read_only=True, wait=0)
        assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0
        con.close()
    finally:
        writer.close()


def test_lock_holder_reads_duckdbs_message():
    msg = ('IO Error: Could not set lock on file "/x/s.duckdb": Conflicting lock is held in '
           "/usr/bin/python3.11 (PID 999999999) by user me. See also https://duckdb.org")
    holder = lock_holder(duckdb.IOException(msg))
    assert holder.pid == 999999999 and holder.name == "python3.11"


def test_ingest_runs_record_their_duration(store):
    import time

    with ingest_run(store, source="test", source_ref="x") as run:
        time.sleep(0.05)
        run.rows_in = 1
    got = store.execute("SELECT finished_at > started_at, duration_s FROM ingest_runs"
                        " WHERE run_id = ?", [run.run_id]).fetchone()
    assert got[0] and got[1] >= 0.05


def test_quarantine_list_and_show(store_path):
    from dyad.cli import app
    from dyad.errors import LoadError

    con = open_store(store_path)
    with ingest_run(con, source="unvotes", source_ref="f.csv") as run:
        for i in range(3):
            run.quarantine(LoadError("year out of range", file="f.csv", record=str(i),
                                     field="year", raw={"year": 9999}))
        run.quarantine(LoadError("=HYPERLINK(1)", file="f.csv", record="9", field="x"))
    con.close()
    runner = CliRunner()
    out = runner.invoke(app, ["--db", str(store_path), "quarantine", "list", "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert "unvotes,year out of range,3,1" in out.output
    assert "'=HYPERLINK(1)" in out.output
    out = runner.invoke(app, ["--db", str(store_path), "quarantine", "show", "--reason",
                              "year", "--format", "json"])
    assert out.exit_code == 0 and out.output.count('"field": "year"') == 3
