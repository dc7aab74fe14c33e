"""The real unvotes tables: load, and the store's agreement equals a direct count."""

from __future__ import annotations

import pandas as pd
import pytest

from dyad.analysis.convergence_unga import agreement
from dyad.api import open_store
from dyad_testing import shared_path


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    folder = shared_path("unga-votes")
    con = open_store(tmp_path_factory.mktemp("real") / "s.duckdb")
    from dyad.sources.unvotes.load import load_unvotes

    summary = load_unvotes(con, folder)
    yield con, folder, summary
    con.close()


def _direct(folder, a: str, b: str) -> pd.DataFrame:
    """Agreement per session counted straight from the CSVs with pandas."""
    v = pd.read_csv(folder / "un_votes.csv", keep_default_na=False, dtype=str)
    rc = pd.read_csv(folder / "un_roll_calls.csv", dtype={"rcid": str})
    va = v[v["country_code"] == a][["rcid", "vote"]]
    vb = v[v["country_code"] == b][["rcid", "vote"]]
    j = va.merge(vb, on="rcid", suffixes=("_a", "_b")).merge(rc[["rcid", "session"]],
                                                             on="rcid")
    j["same"] = j["vote_a"] == j["vote_b"]
    j["half"] = (j["vote_a"] == "abstain") != (j["vote_b"] == "abstain")
    g = j.groupby("session").agg(joint_votes=("same", "size"), identical=("same", "sum"),
                                 half=("half", "sum")).reset_index()
    g["agreement"] = g["identical"] / g["joint_votes"]
    g["coincidence"] = (g["identical"] + 0.5 * g["half"]) / g["joint_votes"]
    return g


def test_load_counts_match_the_files(real):
    con, folder, summary = real
    rc_rows = len(pd.read_csv(folder / "un_roll_calls.csv"))
    assert con.execute("SELECT count(*) FROM roll_calls").fetchall()[0][0] == rc_rows
    with open(folder / "un_votes.csv", encoding="utf-8") as f:
        n_votes = sum(1 for _ in f) - 1
    q = con.execute("SELECT count(*) FROM votes").fetchall()[0][0]
    # every vote row is either loaded or quarantined (states with no ISO2 code)
    assert q + summary.quarantined == n_votes
    assert summary.votes == q


@pytest.mark.parametrize("a,b", [("US", "KZ"), ("RU", "KZ")])
def test_store_agreement_equals_direct_count(real, a, b):
    con, folder, _ = real
    got = agreement(con, f"{a}-{b}").set_index("session")
    want = _direct(folder, a, b).set_index("session")
    assert list(got.index) == list(want.index)
    assert (got["joint_votes"] == want["joint_votes"]).all()
    assert (got["identical"] == want["identical"]).all()
    pd.testing.assert_series_equal(got["agreement"], want["agreement"], check_names=False)
    pd.testing.assert_series_equal(got["coincidence"], want["coincidence"],
                                   check_names=False)


def test_by_admin_pools_the_sessions(real):
    con, _, _ = real
    by_session = agreement(con, "US-KZ", by="year")
    by_admin = agreement(con, "US-KZ", by="admin", intervals=200)
    assert by_admin["joint_votes"].sum() == by_session["joint_votes"].sum()
    assert (by_admin["agreement_lo"] <= by_admin["agreement"]).all()
    assert (by_admin["agreement"] <= by_admin["agreement_hi"]).all()
    again = agreement(con, "US-KZ", by="admin", intervals=200)
    pd.testing.assert_frame_equal(by_admin, again)
