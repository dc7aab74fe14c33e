"""The curated register: shipped file validity, and malformed entries quarantined."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.contacts.model import ContactRecord
from dyad.sources.register.load import load_register, read_register, shipped_register_files
from dyad.store import LoadError, ingest_run

GOOD = {
    "id": "2099-01-01-example",
    "date_start": "2018-01-16",
    "date_end": "2018-01-16",
    "kind": "visit",
    "level": "head_of_state",
    "format": "bilateral",
    "initiator": "partner",
    "partners": ["KZ"],
    "location": "Washington, DC",
    "us_participants": ["President Test Person"],
    "partner_participants": ["President Other Person"],
    "topics": ["trade_investment"],
    "sources": [{"url": "https://example.org/a", "publisher": "Example"}],
}


def write(tmp_path: Path, entries: list) -> Path:
    path = tmp_path / "reg.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "entries": entries}), "utf-8")
    return path


def test_shipped_register_parses_cleanly():
    for path in shipped_register_files():
        items = list(read_register(path))
        errors = [i for i in items if isinstance(i, LoadError)]
        assert not errors, [e.describe() for e in errors]
        for rec in items:
            assert isinstance(rec, ContactRecord)
            assert all(s.url and s.url.startswith("http") for s in rec.sources), rec.record_id
            assert rec.date_start >= dt.date(2009, 1, 1), rec.record_id
            assert rec.date_start <= dt.date.today(), rec.record_id


def test_shipped_register_is_loaded_into_a_new_store(store):
    n_entries = sum(
        1 for p in shipped_register_files() for i in read_register(p)
        if isinstance(i, ContactRecord))
    n_curated = store.execute(
        "SELECT count(DISTINCT source_ref) FROM contact_sources WHERE source = 'curated'"
    ).fetchone()[0]
    assert (n_entries == 0) == (n_curated == 0)
    bad = store.execute("SELECT count(*) FROM quarantine WHERE source = 'curated'").fetchone()[0]
    assert bad == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sources": []}, "sources"),
        ({"date_start": "2018-02-30"}, "date_start"),
        ({"date_end": "2017-01-01"}, ""),
        ({"partners": ["XX"]}, "partners"),
        ({"kind": "party"}, "kind"),
        ({"id": None}, "id"),
    ],
)
def test_bad_entry_is_quarantined_naming_file_record_field(bare_store, tmp_path, change, field):
    path = write(tmp_path, [GOOD, {**GOOD, "id": "2099-bad", **change}])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        load_register(bare_store, path, run)
    assert run.rows_loaded == 1 and run.rows_quarantined == 1
    f, rec, fld, reason = bare_store.execute(
        "SELECT file, record, field, reason FROM quarantine").fetchone()
    assert f == "reg.yaml"
    assert rec in ("2099-bad", "#1")
    if field:
        assert fld.startswith(field)
    assert reason
    assert bare_store.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1


def test_duplicate_id_is_quarantined(bare_store, tmp_path):
    path = write(tmp_path, [GOOD, GOOD])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        load_register(bare_store, path, run)
    assert bare_store.execute("SELECT reason FROM quarantine").fetchone()[0] == "duplicate id"


def test_unreadable_register_rolls_back(bare_store, tmp_path):
    path = tmp_path / "reg.yaml"
    path.write_text("entries: [unclosed", "utf-8")
    with pytest.raises(LoadError, match="reg.yaml"), \
            ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        load_register(bare_store, path, run)
    assert bare_store.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


def test_loading_twice_adds_nothing(bare_store, tmp_path):
    path = write(tmp_path, [GOOD])
    for _ in range(2):
        with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
            load_register(bare_store, path, run)
    assert bare_store.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1
    assert bare_store.execute("SELECT count(*) FROM contact_sources").fetchone()[0] == 1


entry_values = st.fixed_dictionaries({
    "id": st.one_of(st.none(), st.text(min_size=1, max_size=12)),
    "date_start": st.one_of(st.dates(), st.text(max_size=12), st.none()),
    "date_end": st.one_of(st.dates(), st.text(max_size=12)),
    "kind": st.sampled_from(["visit", "call", "party", "", "summit"]),
    "level": st.sampled_from(["head_of_state", "cabinet", "king"]),
    "partners": st.lists(st.sampled_from(["KZ", "UZ", "XX", "", "kz"]), max_size=3),
    "sources": st.one_of(st.just([]), st.just([{"url": "https://example.org/x"}]),
                         st.just([{"nourl": 1}])),
})


@settings(max_examples=25, deadline=None)
@given(entries=st.lists(entry_values, max_size=6))
def test_random_entries_never_crash_the_load(tmp_path_factory, entries):
    from dyad.store import connect

    tmp = tmp_path_factory.mktemp("h")
    con = connect(":memory:")
    path = tmp / "reg.yaml"
    path.write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), "utf-8")
    with ingest_run(con, source="curated", source_ref=str(path)) as run:
        load_register(con, path, run)
    assert run.rows_loaded + run.rows_quarantined == len(entries)
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == run.rows_quarantined
    con.close()
