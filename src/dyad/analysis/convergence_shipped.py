"""The shipped UN General Assembly agreement series: how it is derived from loaded votes, and
agreement read back from it when a store holds no votes.

``derive_series(con)`` runs dyad's own agreement analysis (:mod:`convergence_unga`) over the
votes in a store for the US, Russia, China and Turkey with each of the five Central Asian
states, per session, calendar year and US administration (administration rows with 95%
bootstrap intervals, 1,000 resamples, the default seed), on whole resolutions and on all
roll calls, for all issues and for human-rights votes (issue code ``hr``).
``series_text(frame)`` is the shipped file's text; ``scripts/build_unga_agreement.py`` writes
it. ``shipped_agreement(...)`` returns the same columns as
:func:`convergence_unga.agreement` from the loaded series.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dyad.analysis.convergence_unga import VOTE_SETS, Filters, agreement, pairs_for
from dyad.errors import UsageError
from dyad.reference.vocabulary import C5
from dyad.sources.shipped.unga_agreement import (
    COLUMNS,
    DATASET_URL,
    FILES,
    ISSUES,
    SHIPPED_FIRST,
    UNITS,
)

INTERVALS = 1000
SEED = 20240101
SERIES_NOTE = "shipped:" + FILES[0].rsplit("/", 1)[-1]  # the value of the `series` column
STORE_NOTE = "store"
SOURCE_LINE = (f"Source: dyad's agreement series dyad/data/{FILES[0]}, derived by this analysis "
               "from Erik Voeten, \"United Nations General Assembly Voting Data\", Harvard "
               f"Dataverse, hdl:1902.1/12379, {DATASET_URL} (CC0), as packaged in the R package "
               "unvotes 0.3.0 (votes through December 2019).")


def shipped_pairs() -> list[tuple[str, str]]:
    """The pairs the series holds: each of US, RU, CN, TR with each of the five states."""
    return [(a, b) for a in SHIPPED_FIRST for b in C5]


def derive_series(con: Any) -> pd.DataFrame:
    """The series from the votes in ``con`` (columns of the shipped file, sorted)."""
    frames = []
    for votes in VOTE_SETS:
        for issue in ISSUES:
            f = Filters(issue=None if issue == "all" else issue, votes=votes)
            for a in SHIPPED_FIRST:
                for unit in UNITS:
                    df = agreement(con, f"{a}-C5", by=unit, filters=f,
                                   intervals=INTERVALS if unit == "admin" else 0, seed=SEED)
                    if df.empty:
                        continue
                    df = df.assign(unit=unit, issue=issue)
                    df["period"] = df[unit].astype(str)
                    if unit != "admin":
                        df["admin"] = None
                    frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    for col in COLUMNS:
        if col not in out:
            out[col] = None
    order = {u: i for i, u in enumerate(UNITS)}
    pair_order = {f"{a}-{b}": i for i, (a, b) in enumerate(shipped_pairs())}
    out = out.assign(_u=out["unit"].map(order), _p=out["pair"].map(pair_order))
    out = out.sort_values(["_u", "votes", "issue", "_p", "session", "year"], kind="stable")
    return out[COLUMNS].reset_index(drop=True)


def series_text(frame: pd.DataFrame) -> str:
    """The shipped file: a ``#`` header (source, licence, how it was made), then the CSV."""
    header = [
        "# UN General Assembly voting agreement and coincidence, derived by dyad "
        "(analysis/convergence_unga.py)",
        "# from Erik Voeten, \"United Nations General Assembly Voting Data\", Harvard Dataverse,"
        " hdl:1902.1/12379,",
        f"#   {DATASET_URL} (CC0), as packaged in the R package unvotes 0.3.0 (D. Robinson;"
        " votes 1946-01-01 to 2019-12-27).",
        "# Pairs: US, RU, CN, TR with KZ, KG, TJ, TM, UZ. unit: session | year (calendar year"
        " of the vote) | admin",
        "#   (US administration on the vote's date; 95% percentile bootstrap over roll calls,"
        f" {INTERVALS} resamples, seed {SEED}).",
        "# votes: resolutions (whole resolutions only) | all (amendment and paragraph votes"
        " kept); issue: all | hr.",
        "# Joint votes: both states voted yes, no or abstain. agreement = identical / joint;"
        " coincidence =",
        "#   (identical + 0.5 * half) / joint, half = one abstains, the other votes yes or no.",
        f"# Generated, never typed: python scripts/build_unga_agreement.py UNVOTES_DIR"
        f" src/dyad/data/{FILES[0]}",
    ]
    body = frame.to_csv(index=False, float_format="%.6f", lineterminator="\n")
    return "\n".join(header) + "\n" + body


def _check_filters(by: str, by_issue: bool, filters: Filters) -> str:
    unsupported = [name for name, on in (("--by-issue", by_issue),
                                         ("--exclude-me", filters.exclude_me),
                                         ("--important", filters.important_only)) if on]
    if filters.issue not in (None, "hr"):
        unsupported.append(f"--issue {filters.issue}")
    if unsupported:
        raise UsageError(f"the shipped agreement series has no {', '.join(unsupported)}: "
                         "load the votes with `dyad import unvotes DIR`")
    if by not in UNITS:
        raise UsageError(f"by must be one of {UNITS}, not {by!r}")
    return filters.issue or "all"


def shipped_agreement(con: Any, pair: str = "US-KZ", others: Sequence[str] = (), *,
                      by: str = "session", by_issue: bool = False,
                      filters: Filters = Filters(), intervals: int = 0) -> pd.DataFrame:
    """Agreement from the shipped series, in the columns of ``convergence_unga.agreement``.

    Administration rows carry the shipped 95% intervals (1,000 resamples) when ``intervals``
    is above 0; other groupings have no shipped intervals (a UsageError says so). Pairs the
    series does not hold are absent from the result."""
    issue = _check_filters(by, by_issue, filters)
    if intervals and by != "admin":
        raise UsageError("the shipped series has bootstrap intervals by administration only "
                         "(--by admin); load the votes for other intervals")
    pairs = [f"{a}-{b}" for a, b in pairs_for(pair, others)]
    df = con.execute(
        "SELECT * FROM unga_agreement_series WHERE unit = ? AND votes = ? AND issue = ?"
        " AND list_contains(?, pair)", [by, filters.votes, issue, pairs]).df()
    if df.empty:
        return pd.DataFrame()
    df["_p"] = df["pair"].map({p: i for i, p in enumerate(pairs)})
    lead = {"session": ["pair", "session", "year"], "year": ["pair", "session", "year"],
            "admin": ["pair", "admin", "session", "year"]}[by]
    cols = lead + ["joint_votes", "identical", "half", "agreement", "coincidence"]
    if by == "admin" and intervals:
        cols += ["agreement_lo", "agreement_hi", "coincidence_lo", "coincidence_hi"]
    df = df.sort_values(["_p", "session", "year"], kind="stable")[cols].reset_index(drop=True)
    for col in ("session", "year", "joint_votes", "identical", "half"):
        df[col] = df[col].astype("int64")
    return df.assign(votes=filters.votes)


def has_votes(con: Any) -> bool:
    """Whether the store holds any UN votes (else agreement comes from the shipped series)."""
    return bool(con.execute("SELECT count(*) FROM votes").fetchall()[0][0])


def has_series(con: Any) -> bool:
    """Whether the shipped series is loaded."""
    return bool(con.execute("SELECT count(*) FROM unga_agreement_series").fetchall()[0][0])


def agreement_any(con: Any, pair: str = "US-KZ", others: Sequence[str] = (),
                  **kw: Any) -> pd.DataFrame:
    """Agreement from the votes in the store when there are any, else from the shipped
    series (keywords as :func:`convergence_unga.agreement`; ``seed`` ignored when shipped)."""
    if has_votes(con):
        return agreement(con, pair, others, **kw)
    kw.pop("seed", None)
    return shipped_agreement(con, pair, others, **kw)
