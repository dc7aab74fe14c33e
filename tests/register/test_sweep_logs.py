"""Sweep logs: a reviewed date is kept whether YAML reads it as a date or a quoted string,
a value that is not a date is a one-line error naming file, record and field, and no shipped
log's date is dropped on the way into the store."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import LoadError
from dyad.sources.register.load import load_sweeps, shipped_sweep_files
from dyad.store import connect


def _log(tmp_path, value: str):
    path = tmp_path / "us_kz_test.yaml"
    path.write_text("sweeps:\n  - pair: US-KZ\n    year: 2011\n    family: kz_mfa\n"
                    f"    queries: [a, b]\n    reviewed_through: {value}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["2011-12-31", "'2011-12-31'", '"2011-12-31"'])
def test_a_quoted_date_is_the_same_date(tmp_path, value):
    con = connect(tmp_path / "s.duckdb")
    load_sweeps(con, [_log(tmp_path, value)])
    assert con.execute("SELECT reviewed_through FROM register_sweeps").fetchall() == [
        (dt.date(2011, 12, 31),)]


def test_a_value_that_is_not_a_date_names_file_record_and_field(tmp_path):
    con = connect(tmp_path / "s.duckdb")
    with pytest.raises(LoadError) as e:
        load_sweeps(con, [_log(tmp_path, "end of 2011")])
    msg = e.value.describe()
    assert "us_kz_test.yaml" in msg and "kz_mfa 2011" in msg and "reviewed_through" in msg
    assert "\n" not in msg


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.dates(), st.text(max_size=20), st.integers(), st.none(),
                 st.datetimes().map(lambda d: d.date().isoformat())))
def test_fuzz_any_value_is_a_date_or_a_load_error(tmp_path_factory, value):
    tmp = tmp_path_factory.mktemp("fuzz")
    path = tmp / "us_kz_fuzz.yaml"
    path.write_text(yaml.safe_dump({"sweeps": [{"pair": "US-KZ", "year": 2012,
                                                "family": "akorda",
                                                "reviewed_through": value}]}),
                    encoding="utf-8")
    con = connect(tmp / "s.duckdb")
    try:
        load_sweeps(con, [path])
    except LoadError as e:
        assert "reviewed_through" in e.describe()
        return
    (got,), = con.execute("SELECT reviewed_through FROM register_sweeps").fetchall()
    assert got is None or isinstance(got, dt.date)
    con.close()


def test_no_shipped_reviewed_date_is_dropped(tmp_path):
    """Every (pair, year, family, file) with a reviewed date in the YAML keeps its latest
    date in the store (records of one key are parts of one sweep)."""
    con = connect(tmp_path / "s.duckdb")
    files = shipped_sweep_files()
    load_sweeps(con, files)
    in_yaml: dict[tuple[str, int, str, str], dt.date] = {}
    for f in files:
        for s in (yaml.safe_load(f.read_text("utf-8")) or {}).get("sweeps") or []:
            if s.get("reviewed_through") is not None:
                key = (s.get("pair") or "US-KZ", int(s["year"]), s["family"], f.name)
                d = dt.date.fromisoformat(str(s["reviewed_through"]))
                in_yaml[key] = max(d, in_yaml.get(key, d))
    stored = {(p, y, fam, f): d for p, y, fam, d, f in con.execute(
        "SELECT pair, year, family, reviewed_through, source_file FROM register_sweeps "
        "WHERE reviewed_through IS NOT NULL").fetchall()}
    assert stored == in_yaml and len(stored) > 200


def test_month_records_of_one_year_are_one_sweep(tmp_path):
    """A calendar sweep logged month by month: one row, counts summed, the latest date."""
    path = tmp_path / "us_kz_cal.yaml"
    path.write_text(yaml.safe_dump({"sweeps": [
        {"pair": "US-KZ", "year": 2018, "family": "calendar", "queries": ["a", "b", "c"],
         "pages_read": 4, "entries": ["x"], "reviewed_through": "2018-01-31", "note": "Jan"},
        {"pair": "US-KZ", "year": 2018, "family": "calendar", "queries": ["d"],
         "pages_read": 2, "entries": [], "reviewed_through": dt.date(2018, 2, 28),
         "note": "Feb"},
        {"pair": "US-KZ", "year": 2019, "family": "calendar", "queries": ["e"]}]}),
        encoding="utf-8")
    con = connect(tmp_path / "s.duckdb")
    assert load_sweeps(con, [path]) == 3
    rows = con.execute("SELECT year, queries, pages_read, entries, reviewed_through, note "
                       "FROM register_sweeps ORDER BY year").fetchall()
    assert rows == [(2018, 4, 6, 1, dt.date(2018, 2, 28), "Jan / Feb"),
                    (2019, 1, None, 0, None, None)]
