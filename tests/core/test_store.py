from __future__ import annotations

import pytest

from dyad.api import open_store
from dyad.store import LoadError, ingest_run
from dyad.store.migrate import available_migrations, current_version


def test_new_store_is_migrated_and_has_reference_data(store):
    assert current_version(store) == max(m.version for m in available_migrations())
    assert store.execute("SELECT count(*) FROM topics").fetchone()[0] == 13
    keys = {r[0] for r in store.execute("SELECT key FROM administrations").fetchall()}
    assert {"bush41", "clinton", "bush43", "obama", "trump1", "biden", "trump2",
            "nazarbayev", "tokayev"} <= keys
    assert store.execute(
        "SELECT iso2 FROM country_names WHERE variant = 'kirghizia'").fetchone()[0] == "KG"


def test_reopening_adds_nothing(tmp_path):
    path = tmp_path / "s.duckdb"
    con = open_store(path)
    runs = con.execute("SELECT count(*) FROM ingest_runs").fetchone()[0]
    contacts = con.execute("SELECT count(*) FROM contacts").fetchone()[0]
    con.close()
    con = open_store(path)
    assert con.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == runs
    assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] == contacts


def test_failed_load_rolls_back_and_is_recorded(store):
    before = store.execute("SELECT count(*) FROM countries").fetchone()[0]
    with pytest.raises(LoadError, match="file x.xml, record 7, field date"), \
            ingest_run(store, source="test", source_ref="x.xml"):
        store.execute("DELETE FROM countries")
        raise LoadError("impossible date", file="x.xml", record="7", field="date")
    assert store.execute("SELECT count(*) FROM countries").fetchone()[0] == before
    status, error = store.execute(
        "SELECT status, error FROM ingest_runs WHERE source = 'test'").fetchone()
    assert status == "failed" and "impossible date" in error
    assert store.execute(
        "SELECT reason FROM quarantine WHERE source = 'test'").fetchone()[0] == "impossible date"


def test_record_quarantine_keeps_the_load(store):
    with ingest_run(store, source="test", source_ref="y") as run:
        run.rows_in = 2
        run.quarantine(LoadError("bad field", file="y", record="r1", field="kind", raw={"a": 1}))
        run.rows_loaded = 1
    row = store.execute(
        "SELECT status, rows_in, rows_loaded, rows_quarantined FROM ingest_runs"
        " WHERE source = 'test'").fetchone()
    assert row == ("ok", 2, 1, 1)


def test_a_migration_numbered_below_the_highest_applied_is_still_applied(monkeypatch):
    """Areas reserve number ranges: a new 041 must reach a store already at 051."""
    import re

    import duckdb

    from dyad.store import migrate as m

    every = m.available_migrations()
    # a migration below the highest whose tables no later migration touches
    def creates(mg):
        return set(re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", mg.sql))

    middle = next(mg for i, mg in enumerate(every[:-1]) if creates(mg) and not any(
        t in later.sql for later in every[i + 1:] for t in creates(mg)))
    con = duckdb.connect(":memory:")
    monkeypatch.setattr(m, "available_migrations", lambda: [x for x in every if x != middle])
    m.migrate(con)
    assert middle.version not in m.applied_versions(con)
    monkeypatch.setattr(m, "available_migrations", lambda: every)
    assert m.migrate(con) == [middle.version]
    assert middle.version in m.applied_versions(con)
    con.close()
