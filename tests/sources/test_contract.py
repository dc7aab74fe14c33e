"""The loader contract, parametrized over the source registry (after ibis's backend suite):
every source with a sample loads rows; a second load adds nothing; a bad file raises one
LoadError line and leaves every data table as it was; a bad record is quarantined with its
file, record and field. The fuzz tests are in test_fuzz.py."""

from __future__ import annotations

import pytest
from contract import CASES, copy_sample, data_counts, load, sources_with_samples

from dyad.errors import LoadError

SOURCES = sources_with_samples()


def test_every_registered_source_has_a_sample_and_a_case():
    from dyad.api import source_registry

    assert {s.name for s in source_registry()} == set(SOURCES) == set(CASES)


@pytest.mark.parametrize("name", SOURCES)
def test_loads_rows_and_a_second_load_adds_nothing(store, tmp_path, name):
    path, _ = copy_sample(name, tmp_path)
    before = data_counts(store)
    first = load(store, name, path)
    after = data_counts(store)
    assert first.run_id is not None and first.rows_loaded > 0, first
    assert first.rows_quarantined == 0, first.problems
    assert after != before
    again = load(store, name, path)
    assert data_counts(store) == after, f"{name}: a second load changed the store"
    assert again.rows_quarantined == CASES[name].reload_quarantined, again.problems


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_bad_file_is_one_line_and_changes_nothing(store, tmp_path, name, damage):
    path, main = copy_sample(name, tmp_path)
    data = main.read_bytes()
    spoiled = {"garbage": b"\x00\xff\xfe garbage \x81\x00" * 3,
               "truncated": data[: len(data) // 3],
               "empty": b""}[damage]
    main.write_bytes(spoiled)
    before = data_counts(store)
    try:
        result = load(store, name, path)
    except LoadError as e:
        assert "\n" not in str(e) and str(e).strip()
        assert data_counts(store) == before
        return
    # a truncated text file may still hold whole records: then they load (or quarantine)
    assert damage == "truncated", f"{name}: {damage} file loaded: {result}"


@pytest.mark.parametrize("name", [n for n in SOURCES if CASES[n].bad_record is not None
                                  or CASES[n].bad_record_file is not None])
def test_a_bad_record_is_quarantined_with_file_record_and_field(store, tmp_path, name):
    case = CASES[name]
    path, main = copy_sample(name, tmp_path)
    if case.bad_record_file is not None:
        case.bad_record_file(main)
    else:
        assert case.bad_record is not None
        main.write_text(case.bad_record(main.read_text("utf-8")), "utf-8")
    result = load(store, name, path)
    assert result.rows_quarantined >= 1, result
    rows = store.execute("SELECT file, record, field, reason FROM quarantine WHERE run_id = ?",
                         [result.run_id]).fetchall()
    assert rows, f"{name}: nothing in quarantine"
    file, record, field, reason = rows[0]
    assert file and record and reason, rows[0]
    assert field == case.field, rows
