"""Bailey–Strezhnev–Voeten ideal points: the real 1946–2025 file, the shipped series, bad
input, and the distance with its interval carried from the published Q5–Q95."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dyad.analysis.convergence_idealpoints import LOW_VOTES, by_admin, distance
from dyad.errors import LoadError
from dyad.sources.idealpoints.load import load_ideal_points
from dyad.sources.shipped import idealpoints as shipped
from dyad_testing import shared_path

HEADER = "ccode\tiso3c\tCountryname\tyear\tNVotesFP\tIdealPointFP\tQ5%FP\tQ10%FP\tQ50%FP" \
         "\tQ90%FP\tQ95%FP\n"


def _clear(con) -> None:
    con.execute("DELETE FROM ideal_point_years")


def _tab(tmp_path, rows: list[str], header: str = HEADER):
    p = tmp_path / "Idealpointestimates_test.tab"
    p.write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def _row(ccode, iso3, year, n, ip, q05, q95) -> str:
    return "\t".join(str(x) for x in (ccode, f'"{iso3}"', '"X"', year, n, ip, q05, q05, ip,
                                      q95, q95))


@pytest.fixture(scope="module")
def real_path():
    return shared_path("unga-idealpoints", "Idealpointestimates1946-2025.tab")


def test_real_file_loads_whole(store, real_path):
    _clear(store)
    s = load_ideal_points(store, real_path)
    assert (s.layout, s.rows_in, s.loaded, s.quarantined) == ("yearly", 11610,
                                                                         11610, 0)
    kz = store.execute("SELECT ideal_point, n_votes, q05, q95 FROM ideal_point_years"
                       " WHERE country_iso2 = 'KZ' AND year = 2025").fetchone()
    assert kz == pytest.approx((-0.4750493, 154, -0.7559283, -0.2152474))
    assert load_ideal_points(store, real_path).loaded == 0  # re-run adds nothing


def test_shipped_series_equals_the_published_file(real_path):
    pub = pd.read_csv(real_path, sep="\t")
    keep = pub[pub["iso3c"].isin(["KAZ", "UZB", "KGZ", "TJK", "TKM", "USA", "RUS", "CHN",
                                  "TUR"])].reset_index(drop=True)
    from dyad.reference import files

    text = files.data_text(shipped.FILES[0])
    assert "doi.org/10.7910/DVN/LEJUQZ" in text and "CC0" in text
    ship = pd.read_csv(io.StringIO(text), comment="#")
    assert len(ship) == len(keep) == 455
    pd.testing.assert_frame_equal(ship, keep, check_dtype=False)


def test_new_store_has_the_shipped_series_through_2025(store):
    d = distance(store, [("US", "KZ"), ("RU", "KZ"), ("CN", "KZ")])
    assert d["year"].max() == 2025 and set(d["pair"]) == {"US-KZ", "RU-KZ", "CN-KZ"}
    low = d[(d["pair"] == "US-KZ") & d["low_votes"]]
    assert 2024 in set(low["year"])
    assert "KZ estimate rests on 5 votes" in low.set_index("year").loc[2024, "note"]
    adm = by_admin(store, [("US", "KZ")]).set_index("admin")
    assert {"biden", "trump2"} <= set(adm.index)
    assert adm.loc["biden", "low_vote_years"] == "2024"
    assert (adm["ci_low"] <= adm["ci_high"]).all()


def test_interval_carries_the_published_quantiles(store, tmp_path):
    _clear(store)
    # US at 3 with a tight posterior, KZ at 0 with sd 1 (Q5..Q95 = ±1.645): the distance's
    # 90% interval is about 3 ± 1.645; with both tight it shrinks to the point.
    load_ideal_points(store, _tab(tmp_path, [
        _row(2, "USA", 2020, 100, 3.0, 2.999, 3.001), _row(705, "KAZ", 2020, 100, 0.0,
                                                           -1.6449, 1.6449),
        _row(2, "USA", 2021, 100, 3.0, 2.999, 3.001), _row(705, "KAZ", 2021, 3, 0.0,
                                                           -0.001, 0.001)]))
    d = distance(store, [("US", "KZ")]).set_index("year")
    assert d.loc[2020, "distance"] == pytest.approx(3.0)
    assert (d.loc[2020, "ci_low"], d.loc[2020, "ci_high"]) == pytest.approx((1.355, 4.645),
                                                                             abs=0.06)
    assert d.loc[2021, "ci_high"] - d.loc[2021, "ci_low"] < 0.01
    assert d.loc[2021, "low_votes"] and not d.loc[2020, "low_votes"] and LOW_VOTES > 3
    assert distance(store, [("US", "KZ")]).equals(distance(store, [("US", "KZ")]))  # seeded


def test_old_session_layout_still_loads(store, tmp_path):
    _clear(store)
    p = tmp_path / "IdealpointestimatesAll_Test.csv"
    p.write_text("iso3c,ccode,session,IdealPointAll,NVotesAll\nUSA,2,70,2.91,80\n"
                 "KAZ,705,70,-0.52,80\n", encoding="utf-8")
    assert load_ideal_points(store, p).loaded == 2
    d = distance(store, [("US", "KZ")])
    assert list(d["year"]) == [2015] and d["ci_low"].isna().all()


def test_bad_input(store, tmp_path):
    _clear(store)
    moved = _tab(tmp_path, [HEADER.strip(), _row(2, "USA", 2020, 1, 1, 0, 2)],
                 header="# exported 2026\n")
    with pytest.raises(LoadError, match="header"):
        load_ideal_points(store, moved)
    s = load_ideal_points(store, _tab(tmp_path, [
        _row(2, "USA", 2020, 100, 1.0, 0.5, 1.5),
        "99999\t\t\"Nowhere\"\t2020\t10\t0.1\t0\t0\t0\t0\t0.2",    # no crosswalk, no iso3
        _row(705, "KAZ", 2020, 100, "x", 0, 1),                     # not a number
        _row(705, "KAZ", 2021, 100, 0.5, 1.0, 0.0),                 # quantiles reversed
        _row(2, "USA", 2020, 100, 1.0, 0.5, 1.5),                   # duplicate
        _row(9998, "ZZZ", 2020, 10, 0.1, 0.0, 0.2)]))               # unknown, kept by iso3
    assert (s.rows_in, s.loaded, s.quarantined) == (6, 2, 4)
    q = store.execute("SELECT record, field, reason FROM quarantine WHERE run_id = ?"
                      " ORDER BY record", [s.run_id]).fetchall()
    assert [r[0] for r in q] == ["line 3", "line 4", "line 5", "line 6"]
    assert "no crosswalk" in q[0][2] and q[1][1] == "IdealPointFP"
    assert store.execute("SELECT country_iso2 FROM ideal_point_years WHERE ccode = 9998"
                         ).fetchall() == [(None,)]
    with pytest.raises(LoadError, match="no such file"):
        load_ideal_points(store, tmp_path / "absent.tab")


cell = st.one_of(st.integers(-5, 3000).map(str), st.floats(allow_nan=True).map(str),
                 st.text(max_size=6), st.just(""), st.just("NA"))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=0, max_size=12), max_size=6))
def test_fuzz_never_loses_a_row_silently(bare_store, tmp_path, rows):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    for r in rows:
        w.writerow(r)
    p = tmp_path / "fuzz.tab"
    p.write_text(HEADER + buf.getvalue(), encoding="utf-8")
    bare_store.execute("DELETE FROM ideal_point_years")
    try:
        s = load_ideal_points(bare_store, p)
    except LoadError:
        return
    assert s.loaded + s.quarantined == s.rows_in  # each row stored or quarantined


def test_cli_contract(tmp_path):
    runner = CliRunner()
    from dyad.cli import app

    db = str(tmp_path / "c.duckdb")
    r = runner.invoke(app, ["--db", db, "convergence", "idealpoints", "--pair", "US-KZ",
                            "--others", "RU,CN", "--format", "csv"])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(io.StringIO(r.output))
    assert {"year", "pair", "distance", "ci_low", "ci_high", "n_votes", "low_votes"} <= set(
        df.columns)
    assert df["year"].max() == 2025 and set(df["pair"]) == {"US-KZ", "RU-KZ", "CN-KZ"}
    r = runner.invoke(app, ["--db", db, "convergence", "idealpoints", "--by", "admin"])
    assert r.exit_code == 0 and "trump2" in r.output
