"""Counting rules for comparing administrations, and the sensitivity of the headline to them.

Unit of analysis: a contact record (one register entry) or an occasion (the entries of one
visit, or a summit with its sideline meetings, counted once, on its first day). Exposure: the
days an administration was in office between the register's start (2009-01-01) and the
exposure end — the earliest of today, the register's ``complete_through`` date (from the
sweep logs) and a user's ``--as-of`` date. Rates are events per year of exposure.

Model: counts per administration-year are Poisson with a rate per administration and the
year's exposure as offset; the Pearson dispersion φ = Σ (y-μ)²/μ / (n-k) over
administration-years is estimated and reported. Rate-ratio intervals are exact conditional
(binomial, Clopper-Pearson) when a count is under 10, else Wald on log(RR); when φ > 1
(overdispersed) they are widened on the log scale by √φ (quasi-Poisson). Assumes
independent occasions and a constant rate within an administration.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, replace
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.rates import rate_ratio
from dyad.errors import UsageError
from dyad.reference.offices import at_least, highest
from dyad.reference.vocabulary import admin_span, parse_pair

COVERAGE_START = dt.date(2009, 1, 1)
UNITS = ("occasion", "record")
BRANCHES = ("executive", "all")
TIERS = ("all", "uniform")
EXPOSURES = ("complete_through", "today")
FORMATS = ("bilateral", "c5plus1", "multilateral_sideline")
# Families whose sweep dates fix the register's complete_through: the Kazakh presidency and
# foreign ministry publish every contact of theirs with US officials, and the State Department.
CORE_FAMILIES = ("akorda", "kz_mfa", "state_gov")
IN_PERSON = ("visit", "meeting", "summit", "dialogue", "agreement")


@dataclass(frozen=True)
class CountingRule:
    """The choices behind a count; every output echoes them."""

    unit: str = "occasion"
    branch: str = "executive"
    tier: str = "all"
    exposure: str = "complete_through"
    us_level: str | None = None
    partner_level: str | None = None
    formats: tuple[str, ...] = ()
    ceremonies: bool = False

    def check(self) -> CountingRule:
        for name, value, allowed in (("unit", self.unit, UNITS),
                                     ("branch", self.branch, BRANCHES),
                                     ("tier", self.tier, TIERS),
                                     ("exposure", self.exposure, EXPOSURES)):
            if value not in allowed:
                raise UsageError(f"--{name} {value!r}: choose {' or '.join(allowed)}")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad:
            raise UsageError(f"--format-filter {bad}: choose from {', '.join(FORMATS)}")
        return self

    def label(self) -> str:
        return (f"{self.unit}s, {self.branch} branch, {self.tier} tier, exposure to "
                f"{self.exposure.replace('_', ' ')}"
                + ("" if not self.ceremonies else ", ceremonies in"))

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["formats"] = list(self.formats)
        return d


def complete_through(con: duckdb.DuckDBPyConnection, pair: str) -> dt.date | None:
    """The date through which the register was swept for a pair (from the sweep logs).

    For the latest year any core family was reviewed, the earliest of the core families'
    ``reviewed_through`` dates that year; None when no sweep is logged.
    """
    key = parse_pair(pair).key
    pairs = [key] if key != "US-C5" else [f"US-{c}" for c in parse_pair(key).partners]
    rows = con.execute(
        "SELECT year, family, reviewed_through FROM register_sweeps"
        " WHERE list_contains(?, pair) AND reviewed_through IS NOT NULL AND year > 0",
        [pairs]).fetchall()
    core = [(y, d) for y, f, d in rows if f in CORE_FAMILIES]
    use = core or [(y, d) for y, _, d in rows]
    if not use:
        return None
    last = max(y for y, _ in use)
    return min(d for y, d in use if y == last)


def exposure_end(con: duckdb.DuckDBPyConnection, pair: str, rule: CountingRule,
                 as_of: dt.date | None, today: dt.date | None = None) -> tuple[dt.date, str]:
    """The end of exposure and why: the earliest of today, complete_through and --as-of."""
    today = today or dt.date.today()
    if as_of is not None and as_of > today:
        raise UsageError(f"--as-of {as_of} is in the future (today is {today})")
    ends: list[tuple[dt.date, str]] = [(today, "today")]
    if rule.exposure == "complete_through":
        ct = complete_through(con, pair)
        if ct is not None:
            ends.append((ct, "complete_through"))
    if as_of is not None:
        ends.append((as_of, "as_of"))
    return min(ends, key=lambda e: (e[0], e[1] != "as_of"))


def uniform_tier(df: pd.DataFrame) -> pd.Series:
    """Contacts of the kind recorded the same way in every year: the US President or
    Secretary of State in person (what the Office of the Historian's travels and visits
    record), or any contact the Historian's records attest."""
    in_person = df["kind"].isin(IN_PERSON) & ~df["location"].fillna("").str.lower().isin(
        ["phone", "virtual", "telephone"])
    top = df["us_level"].isin(["head_of_state", "foreign_minister"])
    historian = df["origin"].eq("statehist") | df["sources"].map(
        lambda s: any("history.state.gov" in str(x) and "#" in str(x) for x in s))
    return (in_person & top) | historian


def select(df: pd.DataFrame, rule: CountingRule) -> pd.DataFrame:
    """The contacts a rule counts (records, before occasions are formed)."""
    keep = pd.Series(True, index=df.index)
    if rule.branch == "executive":
        keep &= df["branch"].fillna("executive").isin(["executive", "mixed"])
    if rule.tier == "uniform":
        keep &= uniform_tier(df)
    if not rule.ceremonies:
        keep &= ~df["ceremony"].fillna(False).astype(bool)
    if rule.formats:
        keep &= df["format"].isin(rule.formats)
    if rule.us_level:
        keep &= df["us_level"].map(lambda lv: at_least(lv, str(rule.us_level)))
    if rule.partner_level:
        keep &= df["partner_level"].map(lambda lv: at_least(lv, str(rule.partner_level)))
    return df[keep]


def _highest_of(values: pd.Series) -> Any:
    return highest([str(v) for v in values if isinstance(v, str)])


def occasions(df: pd.DataFrame) -> pd.DataFrame:
    """One row per occasion: its first record's fields, dated by its first day."""
    if df.empty:
        return df
    ordered = df.sort_values(["date_start", "contact_id"])
    first = ordered.drop_duplicates("occasion_id", keep="first").set_index("occasion_id")
    grouped = ordered.groupby("occasion_id", sort=False)
    # an occasion's level on each side is the highest of its records'; topics are pooled
    first["us_level"] = grouped["us_level"].agg(_highest_of)
    first["partner_level"] = grouped["partner_level"].agg(_highest_of)
    first["topics"] = grouped["topics"].agg(lambda s: sorted({t for ts in s for t in ts}))
    return first.reset_index()


def units(df: pd.DataFrame, rule: CountingRule) -> pd.DataFrame:
    return occasions(df) if rule.unit == "occasion" else df


@dataclass
class AdminCount:
    admin: str
    start: dt.date
    end: dt.date
    years: float
    records: int
    occasions: int
    count: int
    year_counts: list[tuple[int, float]]   # (count, exposure years) per calendar year


def selected(df: pd.DataFrame, rule: CountingRule) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The records a rule counts and their occasions (what :func:`admin_counts` counts in
    each administration's window; the unit and the exposure do not change it)."""
    chosen = select(df, rule)
    return chosen, (occasions(chosen) if len(chosen) else chosen)


def _selection_key(rule: CountingRule) -> CountingRule:
    """The rule with the choices that do not change the selection set to their defaults."""
    return replace(rule, unit=UNITS[0], exposure=EXPOSURES[0])


def _days(dates: pd.Series) -> Any:
    return pd.to_datetime(dates).to_numpy(dtype="datetime64[D]")


def admin_counts(df: pd.DataFrame, rule: CountingRule, admins: list[str],
                 end: dt.date, *,
                 chosen: tuple[pd.DataFrame, pd.DataFrame] | None = None) -> dict[str, AdminCount]:
    """Counts per administration under a rule, with exposure ending at ``end``
    (``chosen``: the rule's :func:`selected` records and occasions, if already made)."""
    recs_all, occ_all = chosen if chosen is not None else selected(df, rule)
    rec_days = _days(recs_all["date_start"]) if len(recs_all) else None
    occ_days = _days(occ_all["date_start"]) if len(occ_all) else None
    out: dict[str, AdminCount] = {}
    for key in admins:
        s, e = admin_span(key)
        a0, a1 = max(s, COVERAGE_START), min(e or end, end)
        if a1 <= a0:
            continue
        lo, hi = np.datetime64(a0, "D"), np.datetime64(a1, "D")
        recs = (rec_days[(rec_days >= lo) & (rec_days < hi)] if rec_days is not None
                else np.array([], dtype="datetime64[D]"))
        occ = (occ_days[(occ_days >= lo) & (occ_days < hi)] if occ_days is not None
               else recs)
        counted = occ if rule.unit == "occasion" else recs
        years_of = counted.astype("datetime64[Y]").astype(int) + 1970
        per_year = []
        for y in range(a0.year, a1.year + 1):
            y0, y1 = max(a0, dt.date(y, 1, 1)), min(a1, dt.date(y + 1, 1, 1))
            if (y1 - y0).days > 0:
                per_year.append((int((years_of == y).sum()), (y1 - y0).days / 365.25))
        out[key] = AdminCount(key, a0, a1, (a1 - a0).days / 365.25, len(recs), len(occ),
                              len(counted), per_year)
    return out


def pearson_dispersion(counts: dict[str, AdminCount]) -> tuple[float, int]:
    """φ = Pearson χ² / (n - k) over administration-years (μ = admin rate × exposure)."""
    chi2, n = 0.0, 0
    for c in counts.values():
        rate = c.count / c.years if c.years > 0 else 0.0
        for y, t in c.year_counts:
            mu = rate * t
            n += 1
            if mu > 0:
                chi2 += (y - mu) ** 2 / mu
    df_resid = n - len(counts)
    return (chi2 / df_resid if df_resid > 0 else math.nan), df_resid


def ratio(a: AdminCount, b: AdminCount, phi: float) -> dict[str, Any]:
    """Rate ratio a/b with its interval, widened by √φ when overdispersed."""
    r = rate_ratio(a.count, a.years, b.count, b.years)
    lo, hi = r.ci_low, r.ci_high
    widened = bool(phi == phi and phi > 1)
    if widened and r.ratio > 0 and math.isfinite(r.ratio):
        k = math.sqrt(phi)
        lo = r.ratio * (lo / r.ratio) ** k if lo > 0 else 0.0
        hi = r.ratio * (hi / r.ratio) ** k if math.isfinite(hi) else math.inf
    return {"admin": a.admin, "versus": b.admin, "count": a.count, "versus_count": b.count,
            "ratio": r.ratio, "ci_low": lo, "ci_high": hi,
            "method": r.method + ("+quasi-poisson" if widened else ""),
            "small_counts": r.small_counts}


SENSITIVITY_GRID: list[CountingRule] = [
    CountingRule(unit=u, branch=b, tier=t, exposure=e)
    for u in ("record", "occasion") for b in ("all", "executive")
    for t in ("all", "uniform") for e in ("today", "complete_through")
]


def sensitivity(con: duckdb.DuckDBPyConnection, df: pd.DataFrame, pair: str,
                comparisons: list[tuple[str, str]], *, as_of: dt.date | None = None,
                today: dt.date | None = None,
                rules: list[CountingRule] | None = None) -> pd.DataFrame:
    """The headline ratios under every counting rule: one row per rule and comparison."""
    rows = []
    admins = sorted({k for pair_ in comparisons for k in pair_})
    # each selection (branch, tier, ...) and each exposure end is made once, not per rule
    selections: dict[CountingRule, tuple[pd.DataFrame, pd.DataFrame]] = {}
    ends: dict[str, tuple[dt.date, str]] = {}
    for rule in rules or SENSITIVITY_GRID:
        if rule.exposure not in ends:
            ends[rule.exposure] = exposure_end(con, pair, rule, as_of, today)
        end, reason = ends[rule.exposure]
        key = _selection_key(rule)
        if key not in selections:
            selections[key] = selected(df, rule)
        counts = admin_counts(df, rule, admins, end, chosen=selections[key])
        phi, _ = pearson_dispersion(counts)
        for a, b in comparisons:
            if a not in counts or b not in counts:
                continue
            r = ratio(counts[a], counts[b], phi)
            rows.append({"unit": rule.unit, "branch": rule.branch, "tier": rule.tier,
                         "exposure": rule.exposure, "exposure_end": end,
                         "exposure_end_reason": reason, **r,
                         "years": counts[a].years, "versus_years": counts[b].years,
                         "dispersion": phi})
    return pd.DataFrame(rows)


def what_holds(sens: pd.DataFrame) -> list[str]:
    """Plain sentences: which conclusions hold under every counting rule and which do not."""
    out = []
    for (a, b), g in sens.groupby(["admin", "versus"], sort=False):
        n = len(g)
        above = int((g["ci_low"] > 1).sum())
        below = int((g["ci_high"] < 1).sum())
        lo, hi = g["ratio"].min(), g["ratio"].max()
        span = f"the ratio ranges {lo:.2f}–{hi:.2f} across the {n} rules"
        if above == n:
            out.append(f"{a} engaged more often than {b} under every counting rule ({span}; "
                       "every 95% interval lies above 1).")
        elif below == n:
            out.append(f"{a} engaged less often than {b} under every counting rule ({span}; "
                       "every 95% interval lies below 1).")
        else:
            out.append(f"Whether {a} engaged more often than {b} depends on the counting rule: "
                       f"{span}; the 95% interval excludes 1 above under {above} and below "
                       f"under {below} of {n} rules, so the difference is not robust.")
    return out


def with_rule(rule: CountingRule, **changes: Any) -> CountingRule:
    return replace(rule, **changes).check()
