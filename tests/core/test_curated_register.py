"""The curated register: shipped file validity, and malformed entries quarantined."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.contacts.model import ContactRecord
from dyad.sources.register.actors import read_actor_files
from dyad.sources.register.load import (
    load_register,
    read_register,
    shipped_actor_files,
    shipped_register_files,
)
from dyad.store import LoadError, ingest_run

ACTORS_YAML = {"actors": [
    {"id": "test-us", "name": "Test Person", "country": "US", "offices": [
        {"office": "us_president", "start": dt.date(2017, 1, 20), "end": dt.date(2021, 1, 20),
         "source": "https://example.org/us"}]},
    {"id": "test-kz", "name": "Other Person", "country": "KZ", "offices": [
        {"office": "president", "start": dt.date(2009, 1, 1), "end": dt.date(2019, 3, 20),
         "source": "https://example.org/kz"}]},
    {"id": "test-sen", "name": "A Senator", "country": "US", "offices": [
        {"office": "us_senator", "start": dt.date(2015, 1, 3), "source": "https://example.org/s"}]},
]}


def _actors(tmp_path: Path) -> list[Path]:
    p = tmp_path / "actors.yaml"
    p.write_text(yaml.safe_dump(ACTORS_YAML), "utf-8")
    return [p]


def _load(con, path: Path, run) -> None:
    load_register(con, [path], run, actor_paths=_actors(path.parent))

GOOD = {
    "id": "2099-01-01-example",
    "date_start": "2018-01-16",
    "date_end": "2018-01-16",
    "kind": "visit",
    "format": "bilateral",
    "initiator": "partner",
    "partners": ["KZ"],
    "location": "Washington, DC",
    "us_participants": [{"actor": "test-us", "as": "President Test Person"}],
    "partner_participants": [{"actor": "test-kz", "as": "President Other Person"}],
    "topics": ["trade_investment"],
    "sources": [{"url": "https://example.org/a", "publisher": "Example", "tier": "official"}],
}


def write(tmp_path: Path, entries: list) -> Path:
    path = tmp_path / "reg.yaml"
    path.write_text(yaml.safe_dump({"version": 2, "entries": entries}), "utf-8")
    return path


def test_shipped_register_parses_cleanly():
    actors = read_actor_files(shipped_actor_files())
    for path in shipped_register_files():
        items = list(read_register(path, actors))
        errors = [i for i in items if isinstance(i, LoadError)]
        assert not errors, [e.describe() for e in errors]
        for rec in items:
            assert isinstance(rec, ContactRecord)
            assert all(s.url and s.url.startswith("http") for s in rec.sources), rec.record_id
            assert rec.date_start >= dt.date(2009, 1, 1), rec.record_id
            assert rec.date_start <= dt.date.today(), rec.record_id


def test_shipped_register_is_loaded_into_a_new_store(store):
    actors = read_actor_files(shipped_actor_files())
    n_entries = sum(
        1 for p in shipped_register_files() for i in read_register(p, actors)
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
        _load(bare_store, path, run)
    assert run.rows_loaded == 1 and run.rows_quarantined == 1
    f, rec, fld, reason = bare_store.execute(
        "SELECT file, record, field, reason FROM quarantine").fetchone()
    assert f.endswith("reg.yaml")
    assert rec in ("2099-bad", "#1")
    if field:
        assert fld.startswith(field)
    assert reason
    assert bare_store.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1


def test_duplicate_id_is_quarantined(bare_store, tmp_path):
    path = write(tmp_path, [GOOD, GOOD])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        _load(bare_store, path, run)
    assert bare_store.execute("SELECT reason FROM quarantine").fetchone()[0] == "duplicate id"


def test_unreadable_register_rolls_back(bare_store, tmp_path):
    path = tmp_path / "reg.yaml"
    path.write_text("entries: [unclosed", "utf-8")
    with pytest.raises(LoadError, match="reg.yaml"), \
            ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        _load(bare_store, path, run)
    assert bare_store.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0


def test_loading_twice_adds_nothing(bare_store, tmp_path):
    path = write(tmp_path, [GOOD])
    for _ in range(2):
        with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
            _load(bare_store, path, run)
    assert bare_store.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1
    assert bare_store.execute("SELECT count(*) FROM contact_sources").fetchone()[0] == 1


entry_values = st.fixed_dictionaries({
    "id": st.one_of(st.none(), st.text(min_size=1, max_size=12)),
    "date_start": st.one_of(st.dates(), st.text(max_size=12), st.none()),
    "date_end": st.one_of(st.dates(), st.text(max_size=12)),
    "kind": st.sampled_from(["visit", "call", "party", "", "summit"]),
    "us_participants": st.lists(st.sampled_from(
        [{"actor": "test-us"}, {"actor": "nobody"}, "str", {"actor": "test-sen"}]), max_size=2),
    "partners": st.lists(st.sampled_from(["KZ", "UZ", "XX", "", "kz"]), max_size=3),
    "sources": st.one_of(st.just([]), st.just([{"url": "https://example.org/x",
                                                 "tier": "press"}]),
                         st.just([{"url": "https://example.org/x"}]), st.just([{"nourl": 1}])),
})


@settings(max_examples=25, deadline=None)
@given(entries=st.lists(entry_values, max_size=6))
def test_random_entries_never_crash_the_load(tmp_path_factory, entries):
    from dyad.store import connect

    tmp = tmp_path_factory.mktemp("h")
    con = connect(":memory:")
    path = tmp / "reg.yaml"
    path.write_text(yaml.safe_dump({"version": 2, "entries": entries}, allow_unicode=True),
                    "utf-8")
    with ingest_run(con, source="curated", source_ref=str(path)) as run:
        _load(con, path, run)
    assert run.rows_loaded + run.rows_quarantined == len(entries)
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == run.rows_quarantined
    con.close()


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"us_participants": [{"actor": "nobody"}]}, "us_participants[0].actor", "unknown actor"),
        ({"date_start": dt.date(2022, 1, 1), "date_end": dt.date(2022, 1, 1)},
         "us_participants[0].actor", "holds no office"),
        ({"sources": [{"url": "https://x.org", "tier": "blog"}]}, "sources[0].tier", "tier"),
        ({"us_participants": [{"actor": "test-kz"}]}, "us_participants[0].actor",
         "not of this side"),
    ],
)
def test_actor_and_tier_errors_name_entry_and_field(bare_store, tmp_path, change, field, reason):
    path = write(tmp_path, [GOOD, {**GOOD, "id": "2099-bad", **change}])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        _load(bare_store, path, run)
    f, rec, fld, why = bare_store.execute(
        "SELECT file, record, field, reason FROM quarantine").fetchone()
    assert (rec, fld) == ("2099-bad", field) and reason in why and f.endswith("reg.yaml")


def test_levels_are_derived_from_offices_on_each_side(bare_store, tmp_path):
    senator = {**GOOD, "id": "2099-sen", "us_participants": [{"actor": "test-sen"}]}
    path = write(tmp_path, [GOOD, senator])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        _load(bare_store, path, run)
    rows = dict((r[0], r[1:]) for r in bare_store.execute(
        "SELECT contact_id, us_level, partner_level, branch, level FROM contacts").fetchall())
    assert rows["2099-01-01-example"] == ("head_of_state", "head_of_state", "executive",
                                          "head_of_state")
    # a senator received by a president: the US side is parliament, not head of state
    assert rows["2099-sen"] == ("parliament", "head_of_state", "legislative", "head_of_state")


def test_entries_removed_from_the_file_leave_the_store(bare_store, tmp_path):
    path = write(tmp_path, [GOOD, {**GOOD, "id": "2099-gone"}])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        _load(bare_store, path, run)
    path = write(tmp_path, [GOOD])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        _load(bare_store, path, run)
    ids = [r[0] for r in bare_store.execute("SELECT contact_id FROM contacts").fetchall()]
    assert ids == ["2099-01-01-example"]


def test_an_occasion_spanning_more_than_ten_days_is_rejected(bare_store, tmp_path):
    later = {**GOOD, "id": "2099-later", "date_start": "2018-02-20", "date_end": "2018-02-20",
             "occasion": "one-visit"}
    path = write(tmp_path, [{**GOOD, "occasion": "one-visit"}, later])
    with ingest_run(bare_store, source="curated", source_ref=str(path)) as run:
        _load(bare_store, path, run)
    rec, fld, why = bare_store.execute("SELECT record, field, reason FROM quarantine").fetchone()
    assert (rec, fld) == ("2099-later", "occasion") and "ten days" in why


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["test-us", "test-sen", "nobody", "test-kz"]),
                          st.dates(dt.date(2008, 1, 1), dt.date(2024, 12, 31))),
                min_size=1, max_size=5))
def test_generated_participants_load_or_quarantine_with_the_field(tmp_path_factory, people):
    """Generated entries whose participants may be unknown or out of office: each is loaded
    with levels derived from offices, or quarantined naming its participant field."""
    from dyad.store import connect

    tmp = tmp_path_factory.mktemp("p")
    entries = [{**GOOD, "id": f"2099-g{i}", "date_start": d.isoformat(),
                "date_end": d.isoformat(), "us_participants": [{"actor": a}]}
               for i, (a, d) in enumerate(people)]
    path = tmp / "reg.yaml"
    path.write_text(yaml.safe_dump({"version": 2, "entries": entries}), "utf-8")
    con = connect(":memory:")
    with ingest_run(con, source="curated", source_ref=str(path)) as run:
        load_register(con, [path], run, actor_paths=_actors(tmp))
    fields = [r[0] for r in con.execute("SELECT field FROM quarantine").fetchall()]
    assert run.rows_loaded + run.rows_quarantined == len(entries)
    assert all(f.endswith(".actor") for f in fields)
    for lv, branch in con.execute("SELECT us_level, branch FROM contacts").fetchall():
        assert (lv == "parliament") == (branch == "legislative")
    con.close()
