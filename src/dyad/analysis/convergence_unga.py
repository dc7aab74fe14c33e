"""Voting agreement in the UN General Assembly between two states, as Ibis expressions.

Definitions (one roll call counts once per pair):

* **joint votes**: roll calls in which *both* states cast yes, no or abstain. Roll calls
  where either was absent, not a member, or has no recorded vote do not count.
* **agreement** (simple): identical votes (yes–yes, no–no, abstain–abstain) ÷ joint votes.
* **coincidence**: (full + ½·half) ÷ joint votes, where *full* is an identical vote and
  *half* is one state abstaining while the other voted yes or no; yes against no counts 0.
  This is the Lijphart index of agreement that the State Department coincidence measure
  is built on. (The State Department's own published percentage differs: it divides
  identical yes/no votes by all yes/no pairs and leaves abstentions out.)

The pair-level join over ``votes`` and ``roll_calls`` (the large tables) is an Ibis
expression, so it runs on any Ibis backend; the DuckDB store is the default. Intervals
are percentile bootstraps over roll calls within each group, seeded and reproducible.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dyad.reference.files import administrations
from dyad.reference.vocabulary import admins_of, dyads

CAST = ("yes", "no", "abstain")
ISSUE_CODES = ("me", "nu", "di", "hr", "co", "ec")
GROUPINGS = ("session", "year", "admin")
VOTE_SETS = ("resolutions", "all")
VOTES_NOTE = {
    "resolutions": "votes on whole resolutions only (roll calls coded as votes on an amendment "
                   "or a separate paragraph left out, as Bailey–Strezhnev–Voeten and the State "
                   "Department count)",
    "all": "all recorded roll calls, including votes on amendments and separate paragraphs "
           "(coded in sessions 1–40, 52–67 and 71–72 of the unvotes data)",
}
IMPORTANT_MISSING = ("State Department important-vote flag missing in the data for this "
                     "session: no figure (not zero)")


@dataclass(frozen=True)
class Filters:
    """Which roll calls count: whole resolutions or all roll calls, one issue, without
    Israel/Palestine (me), important only."""

    issue: str | None = None
    exclude_me: bool = False
    important_only: bool = False
    votes: str = "resolutions"

    def __post_init__(self) -> None:
        if self.issue is not None and self.issue not in ISSUE_CODES:
            raise ValueError(f"unknown issue code {self.issue!r}; use one of {ISSUE_CODES}")
        if self.votes not in VOTE_SETS:
            raise ValueError(f"unknown vote set {self.votes!r}; use one of {VOTE_SETS}")


def backend(con: Any) -> Any:
    """An Ibis backend over a DuckDB connection (or an Ibis backend passed through)."""
    import ibis

    if hasattr(con, "table") and hasattr(con, "list_tables"):
        return con
    return ibis.duckdb.from_connection(con)


def joint_votes(con: Any, a: str, b: str, filters: Filters = Filters(), *,
                by_issue: bool = False) -> Any:
    """Ibis table: one row per roll call both states voted in (per issue if by_issue)."""
    be = backend(con)
    votes = be.table("votes")
    rc = be.table("roll_calls")
    issues = be.table("roll_call_issues")
    va = votes.filter(votes.country_iso2 == a, votes.vote.isin(CAST)).select(
        rcid=votes.rcid, vote_a=votes.vote)
    vb = votes.filter(votes.country_iso2 == b, votes.vote.isin(CAST)).select(
        rcid_b=votes.rcid, vote_b=votes.vote)
    j = va.join(vb, va.rcid == vb.rcid_b).select("rcid", "vote_a", "vote_b")
    rcs = rc.select(rc.rcid, rc.session, rc.year, rc.date, rc.importantvote, rc.amend, rc.para)
    if filters.votes == "resolutions":
        rcs = rcs.filter(~(rcs.amend.fill_null(False) | rcs.para.fill_null(False)))
    j = j.join(rcs.drop("amend", "para"), "rcid")
    if filters.important_only:
        j = j.filter(j.importantvote.fill_null(False))
    if filters.exclude_me:
        me = issues.filter(issues.issue_code == "me").select("rcid")
        j = j.anti_join(me, "rcid")
    if filters.issue or by_issue:
        iss = issues.select(rcid_i=issues.rcid, issue=issues.issue_code)
        if filters.issue:
            iss = iss.filter(iss.issue == filters.issue)
        j = j.join(iss, j.rcid == iss.rcid_i).drop("rcid_i")
    full = (j.vote_a == j.vote_b).cast("int64")
    half = ((j.vote_a == "abstain") != (j.vote_b == "abstain")).cast("int64")
    return j.mutate(full=full, half=half)


def agreement_expr(joint: Any, keys: Sequence[str]) -> Any:
    """Ibis aggregation of a joint-votes table by ``keys`` (e.g. session, or year)."""
    agg = joint.group_by(list(keys)).aggregate(
        first_year=joint.year.min(), first_session=joint.session.min(),
        joint_votes=joint.rcid.count(), identical=joint.full.sum(), half=joint.half.sum())
    return agg.mutate(
        agreement=agg.identical.cast("float64") / agg.joint_votes,
        coincidence=(agg.identical + 0.5 * agg.half) / agg.joint_votes,
    ).order_by(list(keys))


def admin_of(dates: pd.Series) -> pd.Series:
    """US administration key for each date (inauguration day belongs to the new one)."""
    return admins_of(dates)


def _bootstrap(full: np.ndarray, half: np.ndarray, key: str, *, draws: int, seed: int,
               level: float) -> tuple[float, float, float, float]:
    n = len(full)
    if n == 0:
        return (np.nan,) * 4
    rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])
    idx = rng.integers(0, n, size=(draws, n))
    agr = full[idx].mean(axis=1)
    coin = (full[idx] + 0.5 * half[idx]).mean(axis=1)
    lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
    return (float(np.percentile(agr, lo)), float(np.percentile(agr, hi)),
            float(np.percentile(coin, lo)), float(np.percentile(coin, hi)))


def pairs_for(pair: str, others: Sequence[str] = ()) -> list[tuple[str, str]]:
    """``US-KZ`` with others RU,CN -> US–KZ, RU–KZ, CN–KZ; ``US-C5`` -> the five pairs."""
    return dyads(pair, others)


def agreement(con: Any, pair: str = "US-KZ", others: Sequence[str] = (), *,
              by: str = "session", by_issue: bool = False, filters: Filters = Filters(),
              intervals: int = 0, seed: int = 20240101, level: float = 0.95) -> pd.DataFrame:
    """Agreement and coincidence per group for the pair and each (other, partner) pair.

    ``by`` is session, year or admin (US administration of the vote's date). With
    ``intervals`` > 0, bootstrap percentile intervals from that many resamples of the
    group's roll calls (seeded: the same call gives the same numbers).
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {GROUPINGS}, not {by!r}")
    frames = []
    for a, b in pairs_for(pair, others):
        joint = joint_votes(con, a, b, filters, by_issue=by_issue)
        keys = [by] + (["issue"] if by_issue else [])
        if by != "admin" and not intervals:
            df = agreement_expr(joint, keys).execute()
        else:
            # a join's row order is not fixed (threads): sort so the bootstrap is reproducible
            rows = joint.execute()
            rows = rows.sort_values(["rcid", *(["issue"] if "issue" in rows else [])],
                                    kind="stable").reset_index(drop=True)
            if by == "admin":
                rows["admin"] = admin_of(rows["date"])
                rows = rows[rows["admin"].notna()]
            df = _aggregate_frame(rows, keys, f"{a}-{b}", intervals, seed, level)
        df.insert(0, "pair", f"{a}-{b}")
        frames.append(df)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if out.empty:
        return out
    if by == "session":
        out = out.rename(columns={"first_year": "year"}).drop(columns="first_session")
    elif by == "year":
        out = out.rename(columns={"first_session": "session"}).drop(columns="first_year")
    else:
        order = {a["key"]: i for i, a in enumerate(administrations("US"))}
        out["_o"] = out["admin"].map(order)
        out = out.sort_values(["_o"], kind="stable").drop(columns="_o")
        pair_order = {f"{a}-{b}": i for i, (a, b) in enumerate(pairs_for(pair, others))}
        out = out.sort_values("pair", key=lambda s: s.map(pair_order), kind="stable")
        out = out.rename(columns={"first_year": "year", "first_session": "session"})
    lead = ["pair", "session", "year"] if by != "admin" else ["pair", "admin", "session", "year"]
    lead += ["issue"] if by_issue else []
    rest = [c for c in out.columns if c not in lead]
    out = out[lead + rest].reset_index(drop=True)
    for col in ("session", "year", "joint_votes", "identical", "half"):
        out[col] = out[col].astype("int64")
    out["votes"] = filters.votes
    if filters.important_only and by != "admin":
        out = _with_missing_flags(con, out, pair, others, by, filters)
    return out


def sessions_without_important_flag(con: Any) -> list[int]:
    """Sessions from 39 on (when the State Department flag starts) with roll calls but none
    flagged important: the flag is missing there, not every vote unimportant."""
    rows = backend(con).raw_sql(
        "SELECT session FROM roll_calls WHERE session >= 39 GROUP BY session"
        " HAVING max(CASE WHEN importantvote THEN 1 ELSE 0 END) = 0 ORDER BY session").fetchall()
    return [int(r[0]) for r in rows]


def _with_missing_flags(con: Any, out: pd.DataFrame, pair: str, others: Sequence[str],
                        by: str, filters: Filters) -> pd.DataFrame:
    """Add a row per pair and session whose important-vote flag is missing (no figure)."""
    missing = set(sessions_without_important_flag(con))
    if not missing:
        return out.assign(note="")
    from dataclasses import replace

    everything = agreement(con, pair, others, by="session",
                           filters=replace(filters, important_only=False))
    gaps = everything[everything["session"].isin(missing)][["pair", "session", "year"]].copy()
    if by == "year":
        gaps = gaps.drop_duplicates(["pair", "year"])
    gaps = gaps.assign(joint_votes=0, identical=0, half=0, agreement=np.nan,
                       coincidence=np.nan, votes=filters.votes, note=IMPORTANT_MISSING)
    out = pd.concat([out.assign(note=""), gaps], ignore_index=True)
    return out.sort_values(["pair", by], key=lambda s: s.map(
        {f"{a}-{b}": i for i, (a, b) in enumerate(pairs_for(pair, others))}) if s.name == "pair"
        else s, kind="stable").reset_index(drop=True)


def _aggregate_frame(rows: pd.DataFrame, keys: list[str], pair: str, intervals: int,
                     seed: int, level: float) -> pd.DataFrame:
    recs: list[dict[str, Any]] = []
    for key, g in rows.groupby(keys, sort=True):
        kt = key if isinstance(key, tuple) else (key,)
        full = g["full"].to_numpy(dtype=float)
        half = g["half"].to_numpy(dtype=float)
        rec: dict[str, Any] = dict(zip(keys, kt, strict=True))
        rec.update(first_year=int(g["year"].min()), first_session=int(g["session"].min()),
                   joint_votes=len(g), identical=int(full.sum()), half=int(half.sum()),
                   agreement=float(full.mean()), coincidence=float((full + 0.5 * half).mean()))
        if intervals:
            lo_a, hi_a, lo_c, hi_c = _bootstrap(
                full, half, pair + "|" + "|".join(map(str, kt)), draws=intervals,
                seed=seed, level=level)
            rec.update(agreement_lo=lo_a, agreement_hi=hi_a,
                       coincidence_lo=lo_c, coincidence_hi=hi_c)
        recs.append(rec)
    return pd.DataFrame(recs)
