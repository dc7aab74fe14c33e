"""The central_asia= folders: written at import, read only for pairs with a Central Asian
side, the same results as the full filter, and stores written before the flag still work."""

from __future__ import annotations

import os

import ibis
import pytest
from events_helpers import TODAY, real_file

import dyad.analysis.events as ev
from dyad.api import events_list, events_monthly, generate_gdelt, import_gdelt_events
from dyad.sources.gdelt_events.load import events_dir
from dyad.sources.gdelt_events.schema import CA_FLAG, central_asia_iso3


@pytest.fixture
def unpruned(monkeypatch):
    """Run the api with the store's table minus the flag column: the full filter only."""
    orig = ev.store_table

    def run(fn, *args, **kwargs):
        with monkeypatch.context() as m:
            m.setattr(ev, "store_table", lambda con: orig(con).drop(CA_FLAG))
            return fn(*args, **kwargs)
    return run


def _sql(con, **kwargs):
    dyads = ([ev.between_dyad(*kwargs["between"])] if "between" in kwargs
             else ev.pair_dyads(kwargs["pair"]))
    return ibis.to_sql(ev.dyad_events(ev.store_table(con), dyads))


def _same(a, b):
    """The same rows; floats (means, summed in another order) within 1e-9."""
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    for col in a.columns:
        if a[col].dtype.kind == "f":
            assert ((a[col] - b[col]).abs() <= 1e-9).all(), col
        else:
            assert list(a[col]) == list(b[col]), col


def test_import_writes_the_flag_and_pruning_changes_nothing(store, tmp_path, unpruned):
    paths = generate_gdelt(real_file(), tmp_path / "syn", rows=20_000, rows_per_file=10_000,
                           seed=11)
    import_gdelt_events(store, paths, today=TODAY)
    folder = events_dir(store)
    assert {p.parent.name for p in folder.glob("month=*/*/*.parquet")} == {
        f"{CA_FLAG}=0", f"{CA_FLAG}=1"}
    assert not list(folder.glob("month=*/*.parquet"))
    # The flag is exactly "an actor is on a Central Asian side".
    c5 = list(central_asia_iso3())
    wrong = store.execute(f"""
        SELECT count(*) FROM gdelt_events WHERE {CA_FLAG} <> (
          coalesce(list_contains($c5, Actor1CountryCode), false)
          OR coalesce(list_contains($c5, Actor2CountryCode), false)
          OR coalesce(starts_with(Actor1Code, 'KAZ') OR starts_with(Actor1Code, 'UZB')
                      OR starts_with(Actor1Code, 'KGZ') OR starts_with(Actor1Code, 'TJK')
                      OR starts_with(Actor1Code, 'TKM'), false)
          OR coalesce(starts_with(Actor2Code, 'KAZ') OR starts_with(Actor2Code, 'UZB')
                      OR starts_with(Actor2Code, 'KGZ') OR starts_with(Actor2Code, 'TJK')
                      OR starts_with(Actor2Code, 'TKM'), false))::INT""",
                          {"c5": c5}).fetchone()[0]
    assert wrong == 0
    n1 = store.execute(f"SELECT count(*) FROM gdelt_events WHERE {CA_FLAG} = 1").fetchone()[0]
    assert 0 < n1 < 0.2 * 20_000
    # Pairs with a Central Asian side read central_asia=1 only; others read everything.
    assert f'"{CA_FLAG}" = 1' in _sql(store, pair="US-C5")
    assert f'"{CA_FLAG}" = 1' in _sql(store, between=("JPN", "TKM"))
    assert CA_FLAG not in _sql(store, between=("JPN", "USA"))
    for kwargs in ({"pair": "US-C5"}, {"pair": "US-KZ"}, {"between": ("USA", "RUS")}):
        got = events_monthly(store, **kwargs)
        _same(got, unpruned(events_monthly, store, **kwargs))
    pruned = events_list(store, pair="US-C5")
    assert len(pruned) > 50
    _same(pruned, unpruned(events_list, store, pair="US-C5"))


def test_real_file_pairs_with_and_without_a_central_asian_side(store, unpruned):
    import_gdelt_events(store, [real_file()], today=TODAY)
    jt = events_list(store, between=("JPN", "TKM"))
    assert len(jt) == 10 and set(jt["pair"]) == {"JPN-TKM"}
    _same(jt, unpruned(events_list, store, between=("JPN", "TKM")))
    ju = events_list(store, between=("JPN", "USA"))
    assert len(ju) > 0
    _same(ju, unpruned(events_list, store, between=("JPN", "USA")))


def test_store_written_before_the_flag_still_works(store, tmp_path, unpruned):
    paths = generate_gdelt(real_file(), tmp_path / "syn", rows=20_000, rows_per_file=10_000,
                           seed=12)
    import_gdelt_events(store, paths[:1], today=TODAY)
    want = unpruned(events_monthly, store, pair="US-C5")
    # Rewrite the store as an older version left it: month=YYYYMM/<file>.parquet only.
    folder = events_dir(store)
    for f in list(folder.glob("month=*/*/*.parquet")):
        os.replace(f, f.parent.parent / f"{f.stem}-{f.parent.name[-1]}.parquet")
    for d in list(folder.glob(f"month=*/{CA_FLAG}=*")):
        d.rmdir()
    from dyad.sources.gdelt_events.load import refresh_view

    refresh_view(store, folder)
    assert CA_FLAG not in ev.store_table(store).columns
    assert CA_FLAG not in _sql(store, pair="US-C5")          # no flag: no predicate
    _same(events_monthly(store, pair="US-C5"), want)
    # A new import keeps the store's layout (month= only), and queries see every file.
    import_gdelt_events(store, paths[1:], today=TODAY)
    assert not list(folder.glob("month=*/*/*.parquet"))
    assert CA_FLAG not in ev.store_table(store).columns
    both = events_monthly(store, pair="US-C5")
    assert both["n"].sum() > want["n"].sum()
