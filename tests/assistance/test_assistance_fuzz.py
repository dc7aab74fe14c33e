"""Hypothesis fuzz tests: whatever the cells, the loaders raise only LoadError, and every row
read is either loaded or quarantined (nothing lost)."""

from __future__ import annotations

import itertools

from assistance_helpers import COUNTRY_HEADER, country_row, fh_row, write_csv, write_fh
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import LoadError
from dyad.sources.foreign_assistance.load import load_foreign_assistance
from dyad.sources.freedomhouse.load import load_freedomhouse

_n = itertools.count()
cell = st.one_of(st.text(max_size=12), st.integers(-10**15, 10**15).map(str),
                 st.sampled_from(["", "NULL", "1976tq", "2010", "-5", "1e400", "nan", "KAZ"]))
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["KAZ", "UZB", "K1Z", "NULL", "", "CS-KM"]),
                          st.sampled_from(["1", "2", "3", "18", "7", ""]), cell, cell, cell),
                min_size=1, max_size=6))
def test_country_file_fuzz(bare_store, tmp_path, rows):
    path = tmp_path / f"f{next(_n)}.csv"
    write_csv(path, COUNTRY_HEADER, [country_row(c, "Somewhere", t, fy, cur, const)
                                     for c, t, fy, cur, const in rows])
    from dyad.store import connect

    con = connect(":memory:")  # a fresh store per example: a row loaded earlier is not "new"
    try:
        try:
            s = load_foreign_assistance(con, path)
        except LoadError:
            return
        assert s.rows_in == len(rows)
        assert s.rows_in == s.rows_loaded + s.rows_quarantined
        again = load_foreign_assistance(con, path)
        assert again.rows_loaded == 0
    finally:
        con.close()


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["Kazakhstan", "Russia", "", "X"]),
                          st.one_of(st.integers(1900, 2100),
                                    st.text(st.characters(codec="ascii", min_codepoint=32),
                                            max_size=5)),
                          st.sampled_from(["F", "PF", "NF", "nf", "", "Z"]),
                          st.integers(-10, 70), st.integers(-10, 70)),
                min_size=1, max_size=5))
def test_freedomhouse_fuzz(bare_store, tmp_path, rows):
    body = []
    for name, edition, status, pr, cl in rows:
        r = fh_row(name, 2020, status, pr, cl)
        r[3] = edition
        body.append(r)
    path = write_fh(tmp_path / f"w{next(_n)}.xlsx", body)
    from dyad.store import connect

    con = connect(":memory:")  # a fresh store per example: a row loaded earlier is not "new"
    try:
        s = load_freedomhouse(con, path)
    except LoadError:
        return
    finally:
        con.close()
    assert s.rows_in == s.rows_loaded + s.rows_quarantined
