"""Measured coverage of the contact register: capture–recapture over independent lists.

Unit: a contact of the pair (status confirmed), by tier (the US side's highest participant)
and administration. Lists: the Office of the Historian's records (contacts with a
``statehist`` source), the curated sweeps (``curated`` sources), the contacts media articles
report (``article_contact_links``) and GDELT event candidates (``event_candidates`` with a
``contact_id``) where those tables hold links. A list is used for a tier only when it
captured some contact of that tier (the Historian records only the President's and the
Secretary's travels and visits: for other tiers it is not a list, a structural zero).

Two lists: Chapman's estimator with its variance and a log-normal 95% interval for the
total (Chao 1987). Three or more: a Poisson log-linear model (statsmodels GLM) of the 2^k−1
observed capture histories — the independence model and the best model with one two-way
interaction (by AIC) — whose intercept estimates the unobserved cell, with a 95% interval
from the intercept's standard error. Assumptions: a closed population within each cell;
lists independent and every contact equally catchable by a list (homogeneity). Both are
strained here — the Historian records only travel and visits in person (never calls), web
sweeps find recent contacts more easily — so the estimates are lower bounds on what is
missing where catchability differs.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from dyad.reference.vocabulary import admin_on, parse_pair

TIERS = ("President", "Secretary of State", "other cabinet", "deputies/envoys", "Congress")
LEVEL_TIER = {"head_of_state": "President", "foreign_minister": "Secretary of State",
              "head_of_government": "other cabinet", "cabinet": "other cabinet",
              "deputy": "deputies/envoys", "envoy": "deputies/envoys"}
Z = 1.959964
MIN_OBSERVED = 5  # fewer contacts in a cell: too sparse to estimate
ASSUMPTIONS = (
    "Closed population: the contacts of a tier and administration are fixed; lists sample "
    "the same set.",
    "Independence: being on one list does not change the chance of being on another "
    "(the log-linear model relaxes this for one pair of lists).",
    "Homogeneity: every contact is equally catchable by a list; the Historian records only "
    "in-person travel and visits, and web sweeps find recent contacts more easily, so "
    "estimates of what is missing are lower bounds where this fails.",
)
COLUMNS = ["tier", "admin", "lists", "observed", "by_list", "overlap", "method", "estimate",
           "ci_low", "ci_high", "missing", "curated_share", "sparse", "interaction", "note"]


@dataclass
class Coverage:
    """The estimates per tier and administration, with the lists used and the assumptions."""

    pair: str
    table: pd.DataFrame
    lists: list[str]
    assumptions: tuple[str, ...] = ASSUMPTIONS
    notes: list[str] = field(default_factory=list)


def _tier(us_level: str | None, branch: str | None, us_names: list[str]) -> str | None:
    if branch == "legislative":
        return "Congress"
    if us_level is None and any(str(n).startswith("President") for n in us_names):
        return "President"
    return LEVEL_TIER.get(str(us_level)) if us_level else None


def _has(con: duckdb.DuckDBPyConnection, table: str, column: str | None = None) -> bool:
    sql = ("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'main'"
           " AND table_name = ?" + (" AND column_name = ?" if column else ""))
    row = con.execute(sql, [table, column] if column else [table]).fetchone()
    return bool(row and row[0])


def capture_frame(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> pd.DataFrame:
    """One row per confirmed contact of the pair: tier, admin and a 0/1 column per list."""
    partners = list(parse_pair(pair).partners)
    df = con.execute(
        """SELECT c.contact_id, c.date_start, c.us_level, c.branch, c.us_participants,
                  EXISTS (SELECT 1 FROM contact_sources s WHERE s.contact_id = c.contact_id
                          AND s.source = 'statehist') AS historian,
                  EXISTS (SELECT 1 FROM contact_sources s WHERE s.contact_id = c.contact_id
                          AND s.source = 'curated') AS curated
           FROM contacts c WHERE c.status = 'confirmed' AND EXISTS (
               SELECT 1 FROM contact_partners p WHERE p.contact_id = c.contact_id
               AND list_contains(?, p.partner_iso2))""", [partners]).df()
    # The shipped media sample is purposive (articles chosen to show coding), so its links
    # would break the equal-catchability assumption: only articles a user loaded form a list.
    lists = (("article_contact_links", "media",
              " WHERE article_id NOT IN"
              " (SELECT article_id FROM articles WHERE source = 'shipped')"),
             ("event_candidates", "gdelt", ""))
    for table, name, where in lists:
        if _has(con, table, "contact_id"):
            linked = {str(r[0]) for r in con.execute(
                f"SELECT DISTINCT contact_id FROM {table}{where}").fetchall()}  # noqa: S608
            if linked:
                df[name] = df["contact_id"].isin(linked)
    df["tier"] = [_tier(lv, br, list(n) if n is not None else [])
                  for lv, br, n in zip(df["us_level"], df["branch"], df["us_participants"],
                                       strict=True)]
    df["admin"] = [admin_on(pd.Timestamp(d).date()) for d in df["date_start"]]
    return df.drop(columns=["us_participants"])


def chapman(n1: int, n2: int, m: int) -> dict[str, float]:
    """Chapman's estimate of the total with its variance and a log-normal 95% interval
    (the interval never falls below the number observed, n1 + n2 - m)."""
    est = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    seen = n1 + n2 - m
    f0 = max(est - seen, 0.0)
    if f0 <= 0 or var <= 0:
        return {"estimate": est, "variance": var, "ci_low": float(seen), "ci_high": est}
    c = math.exp(Z * math.sqrt(math.log(1 + var / f0 ** 2)))
    return {"estimate": est, "variance": var, "ci_low": seen + f0 / c, "ci_high": seen + f0 * c}


def loglinear(captures: pd.DataFrame) -> dict[str, object]:
    """Total from a Poisson log-linear model of the observed capture histories.

    ``captures``: one 0/1 column per list, one row per captured contact. Returns the
    independence model's total (``estimate``, ``ci_low``, ``ci_high``, ``aic``) and under
    ``interaction`` the same for the best-fitting (AIC) model with one two-way interaction,
    where one is identifiable (fewer parameters than observed histories); else None.
    """
    import statsmodels.api as sm

    lists = list(captures.columns)
    k = len(lists)
    hist = list(itertools.product((0, 1), repeat=k))[1:]
    counts = captures.astype(int).value_counts()
    y = np.array([float(counts.get(h, 0)) for h in hist])
    x = pd.DataFrame(hist, columns=lists, dtype=float)
    fits = []
    for pair in [None, *itertools.combinations(lists, 2)]:
        design = x.copy()
        if pair is not None:
            design[f"{pair[0]}x{pair[1]}"] = design[pair[0]] * design[pair[1]]
        design = sm.add_constant(design, has_constant="add")
        if design.shape[1] >= len(y):
            continue  # not identifiable: as many parameters as observed cells
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = sm.GLM(y, design, family=sm.families.Poisson()).fit()
        except (ValueError, np.linalg.LinAlgError):
            continue
        b0, se = float(res.params["const"]), float(res.bse["const"])
        if not (math.isfinite(b0) and math.isfinite(se)) or se > 10 or abs(b0) > 30:
            continue  # the data do not bound the unobserved cell (e.g. one list holds all)
        fits.append((float(res.aic), pair, b0, se))
    if not fits or fits[0][1] is not None:
        raise ValueError("no identifiable log-linear model")
    seen = float(y.sum())

    def total(fit: tuple[float, tuple[str, str] | None, float, float]) -> dict[str, object]:
        _aic, pair, b0, se = fit
        return {"estimate": seen + math.exp(b0), "ci_low": seen + math.exp(b0 - Z * se),
                "ci_high": seen + math.exp(b0 + Z * se), "aic": _aic,
                "model": "independence" if pair is None else f"{pair[0]}×{pair[1]}"}

    out = total(fits[0])
    interactions = fits[1:]
    out["interaction"] = total(min(interactions, key=lambda f: f[0])) if interactions else None
    return out


def _cell(sub: pd.DataFrame, lists: list[str], tier: str, admin: str) -> dict[str, object]:
    observed = len(sub)
    by_list = {name: int(sub[name].sum()) for name in lists}
    row: dict[str, object] = {
        "tier": tier, "admin": admin, "lists": ",".join(lists), "observed": observed,
        "by_list": ", ".join(f"{k} {v}" for k, v in by_list.items()), "overlap": None,
        "method": None, "estimate": None, "ci_low": None, "ci_high": None, "missing": None,
        "curated_share": None, "sparse": True, "interaction": None, "note": ""}
    if len(lists) < 2:
        row["note"] = "fewer than two lists catch this tier: no estimate"
        return row
    if observed < MIN_OBSERVED:
        row["note"] = f"too sparse: {observed} contacts (at least {MIN_OBSERVED} needed)"
        return row
    if len(lists) == 2:
        a, b = lists
        m = int((sub[a] & sub[b]).sum())
        row["overlap"] = m
        if m == 0:
            row["note"] = "too sparse: no contact is on both lists"
            return row
        est: dict[str, object] = dict(chapman(by_list[a], by_list[b], m))
        row["method"] = "Chapman"
    else:
        row["overlap"] = int(sub[lists].all(axis=1).sum())
        if any(v == 0 for v in by_list.values()):
            row["note"] = "too sparse: a list catches no contact in this cell"
            return row
        try:
            est = loglinear(sub[lists])
        except ValueError as e:
            row["note"] = f"too sparse: {e}"
            return row
        row["method"] = "log-linear (independence)"
        alt = est.get("interaction")
        if isinstance(alt, dict):
            row["interaction"] = (
                f"{alt['model']}: {alt['estimate']:.1f} ({alt['ci_low']:.1f}–"
                f"{alt['ci_high']:.1f}), AIC {alt['aic']:.1f} vs {est['aic']:.1f}")
    total = float(est["estimate"])  # type: ignore[arg-type]
    row.update(estimate=round(total, 1), ci_low=round(float(est["ci_low"]), 1),  # type: ignore[arg-type]
               ci_high=round(float(est["ci_high"]), 1),  # type: ignore[arg-type]
               missing=round(total - observed, 1), sparse=False,
               curated_share=round(by_list.get("curated", 0) / total, 3) if total else None)
    if float(est["ci_high"]) > 3 * max(total, 1):  # type: ignore[arg-type]
        row["note"] = "wide interval: few contacts on both lists"
    elif row["method"] == "Chapman" and min(by_list.values()) == row["overlap"]:
        row["note"] = ("every contact of the smaller list is on the other: no missing contact "
                       "is estimated, but the smaller list is small (interval degenerate)")
    return row


def coverage(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> Coverage:
    """Capture–recapture estimates per tier and administration (and per tier over the
    period every list covers, labelled ``all from DATE``), in a :class:`Coverage`; cells too
    sparse say so in ``note``."""
    df = capture_frame(con, pair)
    all_lists = [c for c in ("historian", "curated", "media", "gdelt") if c in df.columns]
    notes = []
    missing_lists = [n for n in ("media", "gdelt") if n not in all_lists]
    if missing_lists:
        notes.append(f"lists not available: {', '.join(missing_lists)} (no article_contact_links"
                     " or event_candidates linked to contacts in this store)")
    untiered = int(df["tier"].isna().sum())
    if untiered:
        notes.append(f"{untiered} contacts without a US tier (no US participant's level) left out")
    # a list covers the period from its first capture on (the curated sweeps start in 2009):
    # before that its zeros are structural, not misses
    scope = {c: df.loc[df[c].astype(bool), "date_start"].min() for c in all_lists}
    rows = []
    for tier in TIERS:
        sub = df[df["tier"] == tier]
        tier_lists = [c for c in all_lists if bool(sub[c].any())] if len(sub) else []
        admins = sorted((a for a in dict.fromkeys(sub["admin"]) if a),
                        key=lambda a: sub[sub["admin"] == a]["date_start"].min())
        for admin in admins:
            cell = sub[sub["admin"] == admin]
            lists = [c for c in tier_lists if scope[c] <= cell["date_start"].max()]
            rows.append(_cell(cell, lists, tier, admin))
        if len(sub) and tier_lists:
            start = max(scope[c] for c in tier_lists)
            cell = sub[sub["date_start"] >= start]
            if len(cell):
                label = f"all from {pd.Timestamp(start).date().isoformat()}"
                rows.append(_cell(cell, tier_lists, tier, label))
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["overlap"] = table["overlap"].astype("Int64")
    return Coverage(pair, table, all_lists, ASSUMPTIONS, notes)


__all__ = ["ASSUMPTIONS", "Coverage", "TIERS", "capture_frame", "chapman", "coverage",
           "loglinear"]
