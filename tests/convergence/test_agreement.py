"""Agreement measures on small constructed votes, checked against a plain-Python count."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from convergence_helpers import roll_call, unvotes_dir, votes_of

from dyad.analysis.convergence_unga import Filters, agreement, pairs_for
from dyad.sources.unvotes.load import load_unvotes

CHOICES = ["yes", "no", "abstain", "absent"]


@pytest.fixture
def voted(store, tmp_path):
    """Random votes (seeded) over 3 sessions spanning the Obama/Trump inauguration."""
    rnd = random.Random(7)
    votes, rcs, issues, table = [], [], [], []
    dates = {70: "2015-12-10", 71: "2016-12-10", 72: "2017-12-10"}
    for rcid in range(1, 61):
        session = 70 + rcid % 3
        important = int(rcid % 5 == 0)
        rcs.append(roll_call(rcid, session, dates[session], important))
        issue = ["me", "hr", "ec", None][rcid % 4]
        if issue:
            issues.append([rcid, issue, issue])
        cast = {c: rnd.choice(CHOICES) for c in ("US", "KZ", "RU")}
        votes += votes_of(rcid, **cast)
        table.append({"rcid": rcid, "session": session, "important": important,
                      "issue": issue, **cast})
    load_unvotes(store, unvotes_dir(tmp_path / "u", votes, rcs, issues))
    return store, pd.DataFrame(table)


def _by_hand(rows: pd.DataFrame, a: str, b: str) -> tuple[int, float, float]:
    joint = full = half = 0
    for r in rows.itertuples():
        va, vb = getattr(r, a), getattr(r, b)
        if va == "absent" or vb == "absent":
            continue
        joint += 1
        full += va == vb
        half += (va == "abstain") != (vb == "abstain")
    return joint, full / joint, (full + 0.5 * half) / joint


@pytest.mark.parametrize("filters,select", [
    (Filters(), lambda t: t),
    (Filters(exclude_me=True), lambda t: t[t["issue"] != "me"]),
    (Filters(important_only=True), lambda t: t[t["important"] == 1]),
    (Filters(issue="hr"), lambda t: t[t["issue"] == "hr"]),
])
def test_per_session_matches_a_hand_count(voted, filters, select):
    con, table = voted
    got = agreement(con, "US-KZ", ["RU"], filters=filters)
    assert set(got["pair"]) == {"US-KZ", "RU-KZ"}
    for pair, a in (("US-KZ", "US"), ("RU-KZ", "RU")):
        for session, rows in select(table).groupby("session"):
            joint, agr, coin = _by_hand(rows, a, "KZ")
            row = got[(got["pair"] == pair) & (got["session"] == session)].iloc[0]
            assert row["joint_votes"] == joint
            assert row["agreement"] == pytest.approx(agr)
            assert row["coincidence"] == pytest.approx(coin)


def test_by_issue_and_by_admin(voted):
    con, table = voted
    by_issue = agreement(con, "US-KZ", by_issue=True)
    assert set(by_issue["issue"]) == {"me", "hr", "ec"}
    assert by_issue["joint_votes"].sum() == _by_hand(table[table["issue"].notna()],
                                                     "US", "KZ")[0]
    by_admin = agreement(con, "US-KZ", by="admin")
    assert list(by_admin["admin"]) == ["obama", "trump1"]
    obama = table[table["session"] < 72]
    assert by_admin.iloc[0]["agreement"] == pytest.approx(_by_hand(obama, "US", "KZ")[1])


def test_bootstrap_is_seeded(voted):
    con, _ = voted
    a = agreement(con, "US-KZ", intervals=300, seed=1)
    b = agreement(con, "US-KZ", intervals=300, seed=1)
    pd.testing.assert_frame_equal(a, b)
    # another seed draws other resamples: on these few roll calls a single bound may
    # coincide, so ask that some bound differs under one of several seeds
    bounds = ["agreement_lo", "agreement_hi", "coincidence_lo", "coincidence_hi"]
    others = [agreement(con, "US-KZ", intervals=300, seed=s) for s in (2, 3, 4)]
    assert any(not a[b].equals(c[b]) for c in others for b in bounds if b in a)
    assert ((a["agreement_lo"] <= a["agreement"]) & (a["agreement"] <= a["agreement_hi"])).all()


def test_pairs_and_bad_arguments():
    assert pairs_for("US-KZ", ["RU", "CN"]) == [("US", "KZ"), ("RU", "KZ"), ("CN", "KZ")]
    assert len(pairs_for("US-C5")) == 5
    with pytest.raises(ValueError, match="pair"):
        pairs_for("USA-KZ")
    with pytest.raises(ValueError, match="issue"):
        Filters(issue="xx")
