"""Bad statehist input: a malformed file rolls the load back; a bad record is quarantined."""

from __future__ import annotations

import datetime as dt

import pytest
from statehist_xml import trip, visit, write_folder

from dyad.api import import_statehist
from dyad.store import LoadError

KZ = ("kazakhstan", "Kazakhstan")


def _good():
    return trip(10, "2023-02-27", "2023-02-28", *KZ, remarks="Met with President Tokayev.")


def _table_counts(con) -> tuple[int, ...]:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("contacts", "contact_sources", "contact_partners"))


def _quarantine(con) -> list[tuple]:
    return con.execute("SELECT file, record, field, reason FROM quarantine"
                       " WHERE source = 'statehist' ORDER BY record").fetchall()


def test_malformed_xml_rolls_back_the_whole_load(bare_store, tmp_path):
    ok = write_folder(tmp_path / "ok", trips={"a.xml": [_good()]})
    import_statehist(bare_store, ok)
    before = _table_counts(bare_store)
    bad = write_folder(tmp_path / "bad", trips={"a.xml": [
        _good(), trip(11, "2024-01-01", "2024-01-02", "uzbekistan", "Uzbekistan")]},
        raw={"travels/secretary-travels/z-broken.xml": "<trips><trip><id>1</id></trips>"})
    with pytest.raises(LoadError, match="z-broken.xml.*malformed XML"):
        import_statehist(bare_store, bad)
    assert _table_counts(bare_store) == before  # the good records of that load are gone too
    status, error = bare_store.execute(
        "SELECT status, error FROM ingest_runs WHERE source = 'statehist'"
        " ORDER BY run_id DESC LIMIT 1").fetchone()
    assert status == "failed" and "travels/secretary-travels/z-broken.xml" in error


def test_wrong_root_element_is_a_file_error(bare_store, tmp_path):
    bad = write_folder(tmp_path, raw={"visits/data/2020.xml": "<trips></trips>"})
    with pytest.raises(LoadError, match="expected <visits>"):
        import_statehist(bare_store, bad)


def test_not_a_history_folder(bare_store, tmp_path):
    with pytest.raises(LoadError, match="history-state-gov"):
        import_statehist(bare_store, tmp_path)


@pytest.mark.parametrize(("record", "rid", "field", "reason"), [
    (trip(20, "2023-02-30", "2023-03-01", *KZ), "20", "start-date", "impossible start-date"),
    (trip(21, "", "2023-03-01", *KZ), "21", "start-date", "missing start-date"),
    (trip(22, "2023-03-02", "2023-03-01", *KZ), "22", "end-date", "before start-date"),
    (trip(23, "2023-03-01", "2023-13-01", *KZ), "23", "end-date", "impossible end-date"),
    (trip(24, "2023-03-01", "2023-03-01", "kazakstan-republic", "Kazakhstan"), "24",
     "country", "unknown country id"),
    (trip(25, "2023-03-01", "2023-03-01", "", "Kazakhstan"), "25", "country", "missing country"),
    (trip(26, "2023-03-01", "2023-03-01", "uzbekistan", "Kazakhstan"), "26", "country",
     "disagrees"),
    (trip(10, "2024-05-01", "2024-05-02", *KZ), "10", "id", "duplicate id"),
    (trip("x7", "2024-05-01", "2024-05-02", *KZ), "x7", "id", "not an integer"),
    (trip(27, "1991-09-10", "1991-09-11", *KZ), "27", "start-date", "independence"),
    (trip(28, "2024-05-01", "2024-05-02", *KZ, role="ambassador"), "28", "role", "unknown role"),
])
def test_bad_trip_is_quarantined_and_the_load_goes_on(bare_store, tmp_path, record, rid, field,
                                                      reason):
    folder = write_folder(tmp_path, trips={"blinken-antony-j.xml": [_good(), record]})
    result = import_statehist(bare_store, folder)
    assert result.loaded == 1 and result.quarantined == 1
    [(file, got_rid, got_field, got_reason)] = _quarantine(bare_store)
    assert (file, got_rid, got_field) == ("travels/secretary-travels/blinken-antony-j.xml", rid,
                                          field)
    assert reason in got_reason
    assert bare_store.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1


@pytest.mark.parametrize(("record", "field"), [
    (visit(5, "2023-09-21", "2023-09-20", *KZ), "end-date"),
    (visit(5, "2023-02-29", "2023-03-01", *KZ), "start-date"),
    (visit(5, "2023-09-21", "2023-09-21", "kazakh-ssr", "Kazakhstan"), "from"),
    (visit(5, "2023-09-21", "2023-09-21", *KZ, visitor="Mr. Someone"), "visitor"),
])
def test_bad_visit_is_quarantined(bare_store, tmp_path, record, field):
    good = visit(4, "2023-09-21", "2023-09-21", *KZ)
    folder = write_folder(tmp_path, visits={"2020.xml": [good, record]})
    result = import_statehist(bare_store, folder)
    assert (result.loaded, result.quarantined) == (1, 1)
    [(file, rid, got_field, _reason)] = _quarantine(bare_store)
    assert (file, rid, got_field) == ("visits/data/2020.xml", "5", field)


def test_same_id_in_two_files_is_quarantined(bare_store, tmp_path):
    folder = write_folder(tmp_path, trips={"a.xml": [_good()], "b.xml": [
        trip(10, "2024-05-01", "2024-05-02", "uzbekistan", "Uzbekistan")]})
    result = import_statehist(bare_store, folder)
    assert (result.loaded, result.quarantined) == (1, 1)
    assert _quarantine(bare_store)[0][:3] == ("travels/secretary-travels/b.xml", "10", "id")


def test_a_record_failing_mid_load_rolls_everything_back(bare_store, tmp_path):
    """An unexpected error after some records were stored leaves the store as it was."""
    folder = write_folder(tmp_path, trips={"a.xml": [
        trip(i, f"2023-{i:02d}-10", f"2023-{i:02d}-11", *KZ) for i in range(1, 8)]})
    before = _table_counts(bare_store)
    seen = []

    def crash_after_three(rec):
        seen.append(rec.record_id)
        if len(seen) == 3:
            raise RuntimeError("killed midway")

    with pytest.raises(RuntimeError, match="killed midway"):
        import_statehist(bare_store, folder, on_record=crash_after_three)
    assert _table_counts(bare_store) == before
    assert bare_store.execute("SELECT status FROM ingest_runs WHERE source = 'statehist'"
                              ).fetchall() == [("failed",)]
    # and the same folder then loads completely
    assert import_statehist(bare_store, folder).new_contacts == 7
    assert dt.date(2023, 1, 10) == bare_store.execute(
        "SELECT min(date_start) FROM contacts").fetchone()[0]
