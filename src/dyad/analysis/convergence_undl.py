"""Reconcile the UN Digital Library votes with the Voeten roll calls on the sessions both cover.

Votes are matched on resolution (``A/RES/70/5`` = Voeten ``R/70/5``: session/number) and state
(ISO2). A Voeten roll call on an amendment or paragraph (amend = 1 or para = 1 is not stored
separately here, so several Voeten roll calls can share a resolution code): only resolution
codes with exactly one Voeten roll call are compared, the others are counted as ambiguous.
Vote codes compared: yes, no, abstain, absent (UNDL X = non-voting = Voeten absent).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from dyad.sources.undl.parse import resolution_key


@dataclass(frozen=True)
class Reconciliation:
    """by_session: session, n_compared, n_identical, share_identical, n_ambiguous;
    mismatches: one row per differing vote (session, resolution, state, both votes)."""

    by_session: pd.DataFrame
    mismatches: pd.DataFrame
    note: str


NOTE = ("matched on resolution number and state; Voeten 'absent' = UNDL 'X' (non-voting); "
        "resolutions with several Voeten roll calls (amendments, paragraphs) are not compared")


def reconcile_undl_voeten(con: duckdb.DuckDBPyConnection,
                          countries: list[str] | None = None) -> Reconciliation:
    """Share of identical votes per session both sources cover, and the mismatches."""
    undl = con.execute("SELECT session, resolution, country_iso2, vote FROM undl_votes "
                       "WHERE country_iso2 IS NOT NULL").df()
    voe = con.execute("SELECT r.rcid, r.session, r.unres, v.country_iso2, v.vote FROM roll_calls r "
                      "JOIN votes v USING (rcid) WHERE v.vote <> 'nonmember'").df()
    empty_s = pd.DataFrame(columns=["session", "n_compared", "n_identical", "share_identical",
                                    "n_ambiguous_resolutions"])
    empty_m = pd.DataFrame(columns=["session", "resolution", "country_iso2", "undl_vote",
                                    "voeten_vote"])
    if undl.empty or voe.empty:
        return Reconciliation(empty_s, empty_m, NOTE)
    if countries:
        undl = undl[undl["country_iso2"].isin(countries)]
        voe = voe[voe["country_iso2"].isin(countries)]
    undl["key"] = undl["resolution"].map(resolution_key)
    voe["key"] = voe["unres"].map(resolution_key)
    rc_per_key = voe.drop_duplicates("rcid").groupby("key")["rcid"].nunique()
    single = set(rc_per_key[rc_per_key == 1].index)
    common_sessions = set(undl["session"].dropna().astype(int)) & set(voe["session"].astype(int))
    undl = undl[undl["session"].isin(common_sessions)]
    voe = voe[voe["session"].isin(common_sessions)]
    amb = (undl[~undl["key"].isin(single)].drop_duplicates("key").groupby("session").size())
    m = undl[undl["key"].isin(single)].merge(
        voe[["key", "country_iso2", "vote"]], on=["key", "country_iso2"],
        suffixes=("_undl", "_voeten"))
    rows = []
    for s in sorted(common_sessions):
        g = m[m["session"] == s]
        same = int((g["vote_undl"] == g["vote_voeten"]).sum())
        rows.append({"session": int(s), "n_compared": len(g), "n_identical": same,
                     "share_identical": round(same / len(g), 4) if len(g) else None,
                     "n_ambiguous_resolutions": int(amb.get(s, 0))})
    mism = m[m["vote_undl"] != m["vote_voeten"]].rename(
        columns={"vote_undl": "undl_vote", "vote_voeten": "voeten_vote"})
    mism = mism[["session", "resolution", "country_iso2", "undl_vote", "voeten_vote"]]
    return Reconciliation(pd.DataFrame(rows, columns=empty_s.columns),
                          mism.sort_values(["session", "resolution", "country_iso2"])
                          .reset_index(drop=True), NOTE)
