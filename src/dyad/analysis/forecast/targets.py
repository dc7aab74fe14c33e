"""Forecast targets: the observed series for a pair, complete periods only.

Each target reads one store table. When the table (or the pair's rows in it) is
absent, :class:`MissingData` says which data is missing and the command that loads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.counting import COVERAGE_START, CountingRule, occasions, select
from dyad.analysis.forecast.periods import Period, period_of, period_range
from dyad.contacts.query import list_contacts, partners_of
from dyad.errors import DataMissingError, UsageError
from dyad.reference.files import level_weights
from dyad.store import table_exists

# The command that loads each table (the owning areas' import commands).
LOAD_COMMANDS = {
    "contacts": "dyad import statehist DIR",
    "trade_flows": "dyad import census-file country.xlsx",
    "votes": "dyad import unvotes DIR",
    "articles": "dyad media import articles.jsonl",
    "ideal_point_years": "dyad import idealpoints FILE",
}
# Contacts recorded the same way in every year: the Historian's tier (US President and
# Secretary of State in person, or attested by the Historian), counted as occasions.
UNIFORM_RULE = CountingRule(unit="occasion", branch="executive", tier="uniform")
HISTORIAN_START = 1992   # first full year of the five states' independence
REGISTER_START = COVERAGE_START.year


class ForecastInputError(UsageError):
    """Bad input to a forecast: too little history, unknown scenario, past horizon, ..."""


class MissingData(ForecastInputError, DataMissingError):
    """The target's data are not in the store; the message names the loading command."""

    exit_code = 1
    http_status = 409

    def __init__(self, what: str, table: str) -> None:
        self.what = what
        self.table = table
        self.command = LOAD_COMMANDS[table]
        super().__init__(f"missing data: {what}; load it with `{self.command}`")


@dataclass(frozen=True)
class TargetSpec:
    name: str
    freq: str           # Q | A | M
    kind: str           # count | positive | level | share
    unit: str
    description: str
    table: str


TARGETS: dict[str, TargetSpec] = {t.name: t for t in (
    TargetSpec("contacts", "A", "count", "occasions",
               "contacts of the uniform tier (President and Secretary of State, occasions, "
               "executive branch) per year", "contacts"),
    TargetSpec("intensity", "Q", "count", "weighted contacts",
               "level-weighted contact intensity per quarter", "contacts"),
    TargetSpec("hos", "A", "count", "contacts", "head-of-state contacts per year", "contacts"),
    TargetSpec("trade", "A", "positive", "million USD",
               "annual US goods trade turnover (exports + imports)", "trade_flows"),
    TargetSpec("balance", "A", "level", "million USD",
               "annual US goods trade balance (exports - imports)", "trade_flows"),
    TargetSpec("agreement", "A", "share", "share",
               "yearly UN General Assembly voting agreement", "votes"),
    TargetSpec("idealdist", "A", "level", "ideal-point units",
               "yearly UN General Assembly ideal-point distance (Bailey-Strezhnev-Voeten)",
               "ideal_point_years"),
    TargetSpec("attention", "M", "count", "articles",
               "articles per month by outlet country", "articles"),
)}


@dataclass
class Series:
    """An observed series: complete periods only, oldest first."""

    spec: TargetSpec
    pair: str
    periods: list[Period]
    values: np.ndarray
    source: str
    notes: list[str] = field(default_factory=list)
    # the current, incomplete period: (period, value so far, data through); never modelled
    partial: tuple[Period, float, dt.date] | None = None

    def __len__(self) -> int:
        return len(self.periods)

    def until(self, vantage: dt.date) -> Series:
        """The part of the series known on ``vantage``: periods that ended by then."""
        keep = [i for i, p in enumerate(self.periods) if p.end <= vantage]
        return replace(self, periods=[self.periods[i] for i in keep],
                       values=self.values[keep], notes=list(self.notes), partial=None)

    def checksum(self) -> str:
        """SHA-256 of the data a forecast used: target, pair, source, periods and values."""
        import hashlib
        import json

        body = json.dumps({"target": self.spec.name, "pair": self.pair, "source": self.source,
                           "periods": [p.label for p in self.periods],
                           "values": [round(float(v), 9) for v in self.values]},
                          sort_keys=True)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    def value_at(self, period: Period) -> float | None:
        for p, v in zip(self.periods, self.values, strict=True):
            if p == period:
                return float(v)
        return None

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"period": [p.label for p in self.periods],
                             "start": [p.start for p in self.periods],
                             "value": self.values})


def load_series(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    target: str,
    *,
    as_of: dt.date | None = None,
    outlet: str = "KZ",
) -> Series:
    """The observed series of ``target`` for ``pair``, complete periods up to ``as_of``."""
    if target not in TARGETS:
        raise ForecastInputError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    spec = TARGETS[target]
    as_of = as_of or dt.date.today()
    partners_of(pair)  # validates the pair
    if spec.table == "contacts":
        return _contacts(con, pair, spec, as_of)
    if spec.table == "trade_flows":
        return _trade(con, pair, spec, as_of)
    if spec.table == "votes":
        return _agreement(con, pair, spec, as_of)
    if spec.table == "ideal_point_years":
        return _idealdist(con, pair, spec, as_of)
    return _attention(con, pair, spec, as_of, outlet)


def _complete_until(as_of: dt.date, freq: str) -> Period:
    """The last period that ended on or before ``as_of``."""
    return period_of(period_of(as_of, freq).start - dt.timedelta(days=1), freq)


def historian_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the Office of the Historian's records were imported (successful run)."""
    return bool(con.execute(
        "SELECT count(*) FROM ingest_runs WHERE source = 'statehist' AND status = 'ok'"
    ).fetchone()[0])  # type: ignore[index]


def _contacts(
    con: duckdb.DuckDBPyConnection, pair: str, spec: TargetSpec, as_of: dt.date
) -> Series:
    every = list_contacts(con, pair)
    if every.empty:
        raise MissingData(f"no confirmed contacts for {pair} in the store", "contacts")
    if spec.name == "contacts":
        return _uniform_contacts(con, pair, spec, every, as_of)
    df = every[every["date_start"] < as_of]
    if spec.name == "hos":
        df = df[df["level"] == "head_of_state"]
    weights = level_weights()
    first = period_of(min(every["date_start"]), spec.freq)
    periods = period_range(first, _complete_until(as_of, spec.freq))
    labels = [period_of(d, spec.freq).label for d in df["date_start"]]
    w = df["level"].map(weights).fillna(1.0).to_numpy() if spec.name == "intensity" else (
        np.ones(len(df)))
    sums = pd.Series(w, index=labels).groupby(level=0).sum()
    values = np.array([float(sums.get(p.label, 0.0)) for p in periods])
    return Series(spec, pair, periods, values, "contacts (confirmed, register)", [
        f"series starts with the first contact in the store ({first.label}); earlier "
        "periods are not counted as zero"])


def _uniform_contacts(con: duckdb.DuckDBPyConnection, pair: str, spec: TargetSpec,
                      every: pd.DataFrame, as_of: dt.date) -> Series:
    """Occasions of the uniform tier per year; from 1992 when the Historian's records are
    in the store, else from the curated register's start (2009): before it a new store
    knows nothing, and an unknown year is not a zero."""
    historian = historian_loaded(con)
    start = HISTORIAN_START if historian else REGISTER_START
    occ = occasions(select(every, UNIFORM_RULE))
    years = [d.year for d in occ["date_start"] if d < as_of]
    last = _complete_until(as_of, "A")
    periods = period_range(period_of(dt.date(start, 1, 1), "A"), last)
    counts = pd.Series(years, dtype="int64").value_counts()
    values = np.array([float(counts.get(p.start.year, 0)) for p in periods])
    notes = [f"unit: occasions of the uniform tier ({UNIFORM_RULE.label()}), per calendar "
             f"year, {start}-{last.label}"]
    if not historian:
        notes.append("the store has no Office of the Historian records: the series starts "
                     f"in {REGISTER_START} with the curated register, so backtests from the "
                     "1996-2004 elections cannot run (load them with `dyad import statehist "
                     "DIR`)")
    else:
        notes.append("before 2009 only the Historian's records exist (trips of the President "
                      "and Secretary, visits of leaders to the US); from 2009 the curated "
                      "register adds top-level meetings the Historian does not list, so the "
                      "tier is uniform in who is counted, not wholly in how it was recorded")
    partial = None
    cur = period_of(as_of, "A")
    if cur.start < as_of:
        partial = (cur, float(sum(1 for d in occ["date_start"] if cur.start <= d < as_of)),
                   as_of - dt.timedelta(days=1))
    return Series(spec, pair, periods, values,
                  "contacts (confirmed; uniform tier, occasions, executive branch)", notes,
                  partial)


def _trade(con: duckdb.DuckDBPyConnection, pair: str, spec: TargetSpec, as_of: dt.date) -> Series:
    """Yearly turnover or balance: the report's pair table (:func:`dyad.analysis.trade.
    pair_table`, Census rows, complete years), in million USD."""
    from dyad.analysis.trade import TRADE_SOURCE, pair_table

    if not table_exists(con, "trade_flows"):
        raise MissingData("no trade_flows table in the store", "trade_flows")
    table = pair_table(con, pair)
    table = table[[dt.date(int(y) + 1, 1, 1) <= as_of for y in table["year"]]]
    if table.empty:
        raise MissingData(f"no complete year of US trade with {pair} in trade_flows",
                          "trade_flows")
    column = "balance_usd" if spec.name == "balance" else "turnover_usd"
    by_year = {int(y): float(v) / 1e6 for y, v in zip(table["year"], table[column], strict=True)}
    periods = period_range(period_of(dt.date(min(by_year), 1, 1), "A"),
                           period_of(dt.date(max(by_year), 1, 1), "A"))
    gaps = [p.label for p in periods if p.start.year not in by_year]
    if gaps:
        raise ForecastInputError(f"trade_flows has no complete data for {pair} in {gaps}")
    values = np.array([by_year[p.start.year] for p in periods])
    notes = [f"Census annual rows {periods[0].label}-{periods[-1].label}; each year as the "
             "store holds it now (today's revisions, not the figures known at the time)"]
    if periods[0].start.year > HISTORIAN_START:
        notes.append(f"the series starts in {periods[0].label}: the shipped Census snapshot "
                     "starts in 2002; load Census country.xlsx (`dyad import census "
                     "country.xlsx`) for the years since 1992")
    if spec.name == "trade" and (values <= 0).any():
        notes.append("some years have zero turnover; the log-scale model adds 0.1 million USD")
    partial = None
    monthly = pair_table(con, pair, monthly=True)
    cur_year = as_of.year
    cur = monthly[(monthly["year"] == cur_year)] if not monthly.empty else monthly
    if len(cur) and cur_year not in by_year:
        months = int(cur["month"].max())
        partial = (period_of(dt.date(cur_year, 1, 1), "A"), float(cur[column].sum()) / 1e6,
                   dt.date(cur_year, months, 28))
    return Series(spec, pair, periods, values,
                  f"trade_flows (reporter US, total goods, source {TRADE_SOURCE})", notes,
                  partial)


def _agreement(
    con: duckdb.DuckDBPyConnection, pair: str, spec: TargetSpec, as_of: dt.date
) -> Series:
    """Yearly coincidence (yes=1, abstain=0.5, no=0) from :func:`dyad.analysis.
    convergence_unga.agreement`; for US-C5 pooled over the five pairs' joint votes."""
    from dyad.analysis.convergence_unga import agreement

    if not all(table_exists(con, t) for t in ("votes", "roll_calls", "roll_call_issues")):
        raise MissingData("no UN votes (votes, roll_calls tables) in the store", "votes")
    df = agreement(con, pair, by="year")
    if not df.empty:
        df = df[[dt.date(int(y) + 1, 1, 1) <= as_of for y in df["year"]]]
    if df.empty:
        raise MissingData(f"no UN votes shared by the US and {pair} in the store", "votes")
    pooled = df.assign(points=df["identical"] + 0.5 * df["half"]).groupby("year")[
        ["points", "joint_votes"]].sum()
    by_year = {int(y): float(p / n) for y, p, n in zip(
        pooled.index, pooled["points"], pooled["joint_votes"], strict=True)}
    periods = period_range(period_of(dt.date(min(by_year), 1, 1), "A"),
                           period_of(dt.date(max(by_year), 1, 1), "A"))
    gaps = [p.label for p in periods if p.start.year not in by_year]
    if gaps:
        raise ForecastInputError(f"UN votes have gaps for {pair} in {gaps}")
    values = np.array([by_year[p.start.year] for p in periods])
    return Series(spec, pair, periods, values,
                  "votes + roll_calls (coincidence: yes=1, abstain=0.5, no=0)", [])


def _idealdist(
    con: duckdb.DuckDBPyConnection, pair: str, spec: TargetSpec, as_of: dt.date
) -> Series:
    """Yearly |ideal(US) - ideal(partner)|; for US-C5 the mean over the five states."""
    from dyad.analysis.convergence_idealpoints import distance

    if not table_exists(con, "ideal_point_years"):
        raise MissingData("no ideal_point_years table in the store", "ideal_point_years")
    partners = partners_of(pair)
    df = distance(con, [("US", p) for p in partners], draws=10)
    if not df.empty:
        df = df[[dt.date(int(y) + 1, 1, 1) <= as_of and int(y) >= HISTORIAN_START
                 for y in df["year"]]]
    if df.empty:
        raise MissingData(f"no ideal points for the US and {pair} in the store",
                          "ideal_point_years")
    per = df.groupby("year").agg(d=("distance", "mean"), n=("pair", "nunique"))
    per = per[per["n"] == len(partners)]
    by_year = {int(str(y)): float(v) for y, v in per["d"].items()}
    periods = period_range(period_of(dt.date(min(by_year), 1, 1), "A"),
                           period_of(dt.date(max(by_year), 1, 1), "A"))
    gaps = [p.label for p in periods if p.start.year not in by_year]
    if gaps:
        raise ForecastInputError(f"ideal points have gaps for {pair} in {gaps}")
    values = np.array([by_year[p.start.year] for p in periods])
    return Series(spec, pair, periods, values,
                  "ideal_point_years (Bailey-Strezhnev-Voeten, |US - partner|)",
                  ["ideal points are re-estimated with every release: each year as the "
                   "current release has it"])


def _attention(
    con: duckdb.DuckDBPyConnection, pair: str, spec: TargetSpec, as_of: dt.date, outlet: str
) -> Series:
    if not table_exists(con, "articles"):
        raise MissingData("no articles table in the store", "articles")
    df = con.execute(
        "SELECT published FROM articles WHERE outlet_country = ? AND published IS NOT NULL"
        " AND published < ?", [outlet, as_of]).df()
    if df.empty:
        raise MissingData(f"no dated articles from {outlet} outlets in the store", "articles")
    days = [d.date() if hasattr(d, "date") else d for d in pd.to_datetime(df["published"])]
    counts = pd.Series(1, index=[period_of(d, "M").label for d in days]).groupby(level=0).sum()
    periods = period_range(period_of(min(days), "M"), _complete_until(as_of, "M"))
    values = np.array([float(counts.get(p.label, 0)) for p in periods])
    return Series(spec, pair, periods, values, f"articles (outlet country {outlet})", [
        "attention counts every stored article from the outlet country; the corpus is "
        "collected for the pair"])
