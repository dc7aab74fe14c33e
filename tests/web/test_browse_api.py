"""dyad.api.browse and dyad.store.inspect: short store sessions, plain records, reads."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dyad.api import browse
from dyad.store.inspect import list_tables, table_counts, table_counts_by, table_exists


@pytest.fixture
def store_file(_store_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    shutil.copyfile(_store_template, path)
    return path


def test_records_are_plain():
    df = pd.DataFrame({
        "f": [1.5, np.nan], "s": ["a", None], "d": [pd.Timestamp("2020-01-02"), pd.NaT],
        "t": [pd.Timestamp("2020-01-02 10:30"), None], "l": [np.array(["x", "y"]), []],
        "i": pd.array([1, None], dtype="Int64"), "day": [dt.date(2020, 1, 2), None]})
    assert browse.records(df) == [
        {"f": 1.5, "s": "a", "d": "2020-01-02", "t": "2020-01-02 10:30:00", "l": ["x", "y"],
         "i": 1, "day": "2020-01-02"},
        {"f": None, "s": None, "d": None, "t": None, "l": [], "i": None, "day": None}]


def test_inspect_helpers(store_file):
    with browse.read_store(store_file) as con:
        tables = list_tables(con)
        counts = table_counts(con)
        by_source = table_counts_by(con, "source")
        assert table_exists(con, "contacts") and not table_exists(con, "no_such_table")
        n = con.execute("SELECT count(*) FROM contacts").fetchone()[0]
    assert "contacts" in tables and tables == sorted(tables)
    assert list(counts) == tables and counts["contacts"] == n
    assert "ingest_runs" in by_source and "contacts" not in by_source
    assert sum(k for _, k in by_source["contact_sources"]) == counts["contact_sources"]


def test_read_pages_have_no_nan(store_file):
    with browse.read_store(store_file) as con:
        summary = browse.store_summary(con)
        page = browse.contacts_page(con, "US-KZ", admin="biden", level="")
        detail = browse.contact_detail(con, page["rows"][0]["contact_id"])
        queue = browse.coding_page(con, None)
    text = repr((summary, page, detail, queue))
    assert not re.search(r"\b(nan|NaT|NaN)\b", text)
    assert all("2021-01-20" <= r["date_start"] <= "2025-01-19" for r in page["rows"])
    assert queue["article"] is None and queue["remaining"] == 0
    with browse.read_store(store_file) as con, pytest.raises(browse.NotFound):
        browse.contact_detail(con, "nope")
    with browse.read_store(store_file) as con, pytest.raises(browse.BadRequest):
        browse.contacts_page(con, "US-KZ", date_from="20-1-1")


def test_reads_wait_for_a_foreign_lock_then_give_up_or_go_on(store_file):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
         " print('locked', flush=True); time.sleep(2); c.close()", str(store_file)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(browse.StoreBusy), browse.read_store(store_file, wait=0.3):
            pass
        assert time.monotonic() - started < 1.5
        with browse.read_store(store_file, wait=20) as con:  # waits for the holder to go
            assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] > 0
        assert holder.poll() is not None or time.monotonic() - started >= 1.5
    finally:
        holder.wait(10)


def test_a_write_waits_for_reads_in_this_process(store_file):
    entered = threading.Event()
    release = threading.Event()

    def reader() -> None:
        with browse.read_store(store_file) as con:
            con.execute("SELECT 1").fetchone()
            entered.set()
            release.wait(5)

    t = threading.Thread(target=reader)
    t.start()
    entered.wait(5)
    before = browse.store_version(store_file)
    threading.Timer(0.3, release.set).start()
    started = time.monotonic()
    with browse.write_store(store_file) as con:  # no "different configuration" error
        assert time.monotonic() - started >= 0.25
        con.execute("UPDATE contacts SET summary = 'x' WHERE contact_id = (SELECT"
                    " min(contact_id) FROM contacts)")
    t.join(5)
    assert browse.store_version(store_file) != before
    with browse.read_store(store_file) as con:
        assert con.execute("SELECT count(*) FROM contacts WHERE summary = 'x'"
                           ).fetchone()[0] == 1


def test_parameters():
    assert browse.check_pair(None) == "US-KZ" and browse.check_pair("us-c5") == "US-C5"
    assert browse.admin_range("obama") == (dt.date(2009, 1, 20), dt.date(2017, 1, 19))
    for bad in (lambda: browse.check_pair("US-RU"), lambda: browse.admin_range("lincoln"),
                lambda: browse.check_coder("a b"), lambda: browse.check_coder("x" * 41),
                lambda: browse.check_coder("ännä")):
        with pytest.raises(browse.BadRequest):
            bad()
    assert browse.check_coder(" ann.b-1 ") == "ann.b-1"
    assert {e.http_status for e in (browse.BadRequest(), browse.NotFound(),
                                    browse.StoreBusy())} == {400, 404, 503}
