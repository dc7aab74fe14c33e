"""`dyad import register FILE` (issue 18, item 6): a user's register beside the shipped one,
checked like it, marked with its file, idempotent, replaced by a changed file, and kept by the
shipped loads; ids of shipped entries refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dyad.api import import_source, list_contacts
from dyad.errors import LoadError
from dyad.sources.register.load import load_register, shipped_register_files
from dyad.sources.register.user import marker
from dyad.store.provenance import ingest_run

SAMPLE = Path(__file__).resolve().parents[1] / "sources" / "samples" / "register_user.yaml"
CALL = "team-2024-06-10-blinken-nurtleu-call"
MEETING = "team-2024-06-20-blinken-nurtleu-washington"


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "team.yaml"
    shutil.copyfile(SAMPLE, path)
    return path


def _refs(con, path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cid, ref in con.execute("SELECT contact_id, source_ref FROM contact_sources WHERE"
                                " starts_with(source_ref, ?) ORDER BY 2",
                                [marker(path)]).fetchall():
        out.setdefault(cid, []).append(ref)
    return out


def test_entries_load_marked_with_their_file_and_count_like_shipped_ones(store, tmp_path):
    path = _copy(tmp_path)
    first = import_source(store, "register", path)
    assert (first.rows_loaded, first.rows_quarantined) == (2, 0)
    assert set(_refs(store, path)) == {CALL, MEETING}
    listed = list_contacts(store, "US-KZ")
    row = listed[listed["contact_id"] == CALL].iloc[0]
    assert row["us_level"] == "foreign_minister" and row["kind"] == "call"
    again = import_source(store, "register", path)
    assert (again.rows_loaded, again.details["kept"]) == (0, 2)


def test_a_changed_file_replaces_its_entries(store, tmp_path):
    path = _copy(tmp_path)
    import_source(store, "register", path)
    text = path.read_text("utf-8")
    head, _, rest = text.partition("  - id: " + MEETING)
    path.write_text(head.replace("2024-06-10-call", "2024-06-10-call-notes"), "utf-8")
    result = import_source(store, "register", path)
    assert result.details["removed"] == 1 and result.rows_loaded == 1
    refs = _refs(store, path)
    assert list(refs) == [CALL] and refs[CALL][0].endswith("2024-06-10-call-notes")
    assert store.execute("SELECT count(*) FROM contacts WHERE contact_id = ?",
                         [MEETING]).fetchone()[0] == 0
    path.write_text("version: 2\nentries: []\n", "utf-8")
    assert import_source(store, "register", path).details["removed"] == 1
    assert _refs(store, path) == {}


def test_shipped_ids_are_refused_and_bad_entries_quarantined(store, tmp_path):
    shipped = store.execute("SELECT contact_id FROM contact_sources WHERE source = 'curated'"
                            " ORDER BY 1 LIMIT 1").fetchone()[0]
    path = _copy(tmp_path)
    text = path.read_text("utf-8").replace(CALL, shipped)
    path.write_text(text.replace("date_start: 2024-06-20", "date_start: 2099-06-20"), "utf-8")
    result = import_source(store, "register", path)
    assert result.rows_loaded == 0 and result.rows_quarantined == 2
    rows = store.execute("SELECT record, field, reason FROM quarantine WHERE run_id = ?"
                         " ORDER BY 1", [result.run_id]).fetchall()
    by = {r[0]: r for r in rows}
    assert by[shipped][1] == "id" and "shipped register" in by[shipped][2]
    assert by[MEETING][1].startswith("us_participants")  # no office in 2099


def test_a_bad_file_is_one_line_and_changes_nothing(store, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("version: 2\nentries: [\n", "utf-8")
    before = store.execute("SELECT count(*) FROM contacts").fetchone()
    with pytest.raises(LoadError) as err:
        import_source(store, "register", path)
    assert "\n" not in str(err.value) and "bad.yaml" in str(err.value)
    assert store.execute("SELECT count(*) FROM contacts").fetchone() == before
    with pytest.raises(LoadError, match="actors file not found"):
        import_source(store, "register", _copy(tmp_path), actors=tmp_path / "none.yaml")


def test_own_actors_and_entries_survive_a_shipped_register_reload(store, tmp_path):
    actors = tmp_path / "team_actors.yaml"
    actors.write_text(
        "actors:\n  - id: team-test-attache\n    name: Test Attache\n    country: US\n"
        "    offices:\n      - {office: us_official, start: 2024-01-01,\n"
        "         source: https://example.org/team/attache}\n", "utf-8")
    path = _copy(tmp_path)
    path.write_text(path.read_text("utf-8").replace("actor: antony-blinken",
                                                    "actor: team-test-attache", 1), "utf-8")
    result = import_source(store, "register", path, actors=actors)
    assert result.rows_loaded == 2
    level = store.execute("SELECT us_level FROM contacts WHERE contact_id = ?",
                          [CALL]).fetchone()[0]
    assert level == "working"
    # the shipped register loads again, as after an upgrade (one file, to keep the test fast:
    # the other shipped entries go as stale; the user's must stay)
    with ingest_run(store, source="curated", source_ref="test") as run:
        load_register(store, shipped_register_files()[:1], run)
    assert set(_refs(store, path)) == {CALL, MEETING}
    assert store.execute("SELECT count(*) FROM actor_offices WHERE actor_id ="
                         " 'team-test-attache'").fetchone()[0] == 1
