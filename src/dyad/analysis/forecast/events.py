"""Binary events per calendar year, their probabilities by scenario, and Brier scores.

Events (from the confirmed contacts; a year is 1 when at least one occasion qualifies):

- ``potus_meets_kz``: the US President meets Kazakhstan's President in person (a visit,
  meeting or summit with both heads of state; a Historian record of one leader's trip or
  visit counts, the other side being the host);
- ``secstate_in_ca``: a Secretary of State visits Central Asia (an in-person contact at
  foreign-minister level on the US side held in one of the five states);
- ``c5plus1_summit``: a C5+1 summit (the C5+1 format with the US President).

Years run from 1992 when the Office of the Historian's records are in the store, else from
2009 (the curated register's start). Before 2009 only what the Historian records can count
(sideline meetings abroad are missing), which lowers the early rates.

Models (probabilities for each year of a term): ``climatology`` (Jeffreys: (k + 1/2) /
(n + 1)), ``persistence`` (a two-state Markov chain with Jeffreys transition estimates,
iterated h steps), and ``party_rate`` (the scenario model: the rate in past years under the
same party, weights halving every 8 years, shrunk toward the overall rate with weight 2).
The Brier score is the CRPS of a binary forecast, so skill is computed as for the series.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.counting import IN_PERSON, occasions
from dyad.analysis.forecast.periods import parse_horizon
from dyad.analysis.forecast.scenarios import Scenario, as_happened, load_scenarios
from dyad.analysis.forecast.skill import crps_skill
from dyad.analysis.forecast.targets import (
    HISTORIAN_START,
    REGISTER_START,
    ForecastInputError,
    historian_loaded,
)
from dyad.contacts.query import list_contacts

EVENTS = {
    "potus_meets_kz": "the US President meets Kazakhstan's President in the year",
    "secstate_in_ca": "a Secretary of State visits Central Asia in the year",
    "c5plus1_summit": "a C5+1 summit with the US President is held in the year",
}
MODELS = ("climatology", "persistence", "party_rate")
HALF_LIFE = 8.0
MIN_YEARS = 6
# place names of the five states in the register's location field (countries and capitals)
_C5_PLACE = re.compile(
    r"kazakh|uzbek|kyrgyz|tajik|turkmen|astana|almaty|alma.ata|nur.sultan|tashkent|samarkand|"
    r"bishkek|dushanbe|ashgabat|ashkhabad", re.IGNORECASE)


@dataclass
class EventBacktest:
    event: str
    description: str
    vantages: pd.DataFrame  # vantage, status, years scored
    detail: pd.DataFrame    # vantage, period, model, p, observed, crps (= Brier)
    summary: pd.DataFrame   # model, years, brier
    skill: pd.DataFrame     # Brier skill vs climatology and persistence, with intervals
    first_year: int


def _qualifies(df: pd.DataFrame, event: str) -> pd.Series:
    live = df["kind"].isin(IN_PERSON) & ~df["location"].fillna("").str.lower().isin(
        ["phone", "virtual", "telephone"])
    us, partner = df["us_level"], df["partner_level"]
    if event == "potus_meets_kz":
        kz = df["partners"].map(lambda p: "KZ" in p)
        both = ((us == "head_of_state") & partner.isin(["head_of_state"]))
        one = (((us == "head_of_state") & partner.isna())
               | ((partner == "head_of_state") & us.isna())) & df["origin"].eq("statehist")
        return live & kz & (both | one)
    if event == "secstate_in_ca":
        return live & (us == "foreign_minister") & df["location"].fillna("").str.contains(
            _C5_PLACE)
    if event == "c5plus1_summit":
        return (df["format"] == "c5plus1") & ((us == "head_of_state") | (
            df["kind"] == "summit"))
    raise ForecastInputError(f"unknown event {event!r}; choose one of {', '.join(EVENTS)}")


def event_years(con: duckdb.DuckDBPyConnection, event: str,
                as_of: dt.date | None = None, *, contacts: pd.DataFrame | None = None
                ) -> pd.Series:
    """1/0 per complete calendar year (index: year) for ``event`` (``contacts``: the
    US-C5 ``list_contacts`` frame, if the caller has it)."""
    as_of = as_of or dt.date.today()
    df = list_contacts(con, "US-C5") if contacts is None else contacts
    start = HISTORIAN_START if historian_loaded(con) else REGISTER_START
    years = range(start, as_of.year)
    if df.empty:
        return pd.Series(0, index=list(years), dtype="int64")
    hit = occasions(df[_qualifies(df, event)]) if len(df) else df
    seen = {d.year for d in hit["date_start"]} if len(hit) else set()
    return pd.Series([int(y in seen) for y in years], index=list(years), dtype="int64")


def _party(sc: Scenario, year: int) -> str:
    return sc.party_on(dt.date(year, 7, 1))


def probabilities(hist: pd.Series, years: list[int], sc: Scenario) -> dict[str, list[float]]:
    """Each model's probability for each of ``years`` given the history ``hist``."""
    y = hist.to_numpy(float)
    n, k = len(y), float(y.sum())
    clim = (k + 0.5) / (n + 1)
    prev, nxt = y[:-1], y[1:]
    p11 = (float(((prev == 1) & (nxt == 1)).sum()) + 0.5) / (float((prev == 1).sum()) + 1)
    p01 = (float(((prev == 0) & (nxt == 1)).sum()) + 0.5) / (float((prev == 0).sum()) + 1)
    last_year = int(hist.index[-1])
    w = 0.5 ** ((last_year - hist.index.to_numpy(float)) / HALF_LIFE)
    overall = (float((w * y).sum()) + 0.5) / (float(w.sum()) + 1)
    parties = np.array([_party(sc, int(t)) for t in hist.index])
    out: dict[str, list[float]] = {m: [] for m in MODELS}
    for t in years:
        p = float(y[-1])
        for _ in range(t - last_year):
            p = p * p11 + (1 - p) * p01
        same = parties == _party(sc, t)
        rate = (float((w * y)[same].sum()) + 2 * overall) / (float(w[same].sum()) + 2)
        out["climatology"].append(clim)
        out["persistence"].append(p)
        out["party_rate"].append(rate)
    return out


def event_backtest(con: duckdb.DuckDBPyConnection, event: str, *, as_of: dt.date | None = None,
                   seed: int = 20241105, contacts: pd.DataFrame | None = None,
                   years: pd.Series | None = None) -> EventBacktest:
    """Brier scores of each model from every US election 1996-2024 (outcome as happened);
    ``contacts`` as for :func:`event_years`; ``years``: its result, if the caller has it."""
    from dyad.analysis.forecast.backtest import ELECTION_DAYS

    full = event_years(con, event, as_of, contacts=contacts) if years is None else years
    rows, status = [], []
    for v in ELECTION_DAYS:
        hist = full[full.index <= v.year - 1]
        term = [t for t in range(v.year + 1, v.year + 5) if t in full.index]
        if len(hist) < MIN_YEARS or not term:
            status.append({"vantage": v.isoformat(), "status": "skipped", "years": 0,
                           "reason": f"{len(hist)} years of history, {MIN_YEARS} needed"
                           if len(hist) < MIN_YEARS else "no data yet for the term"})
            continue
        probs = probabilities(hist, term, as_happened(v))
        status.append({"vantage": v.isoformat(), "status": "ok", "years": len(term),
                       "reason": ""})
        for m, ps in probs.items():
            for t, p in zip(term, ps, strict=True):
                o = float(full[t])
                rows.append({"vantage": v.isoformat(), "period": str(t), "model": m, "p": p,
                             "observed": o, "crps": (p - o) ** 2})
    detail = pd.DataFrame(rows, columns=["vantage", "period", "model", "p", "observed", "crps"])
    summary = (detail.groupby("model").agg(years=("crps", "size"), brier=("crps", "mean"),
                                           observed_rate=("observed", "mean"))
               .reindex(list(MODELS)).reset_index()) if len(detail) else pd.DataFrame(
        columns=["model", "years", "brier", "observed_rate"])
    skill = pd.DataFrame([crps_skill(detail, "party_rate", b, seed=seed)
                          for b in ("climatology", "persistence")]) if len(detail) else (
        pd.DataFrame())
    return EventBacktest(event, EVENTS[event], pd.DataFrame(status), detail, summary, skill,
                         int(full.index[0]) if len(full) else REGISTER_START)


def event_forecast(con: duckdb.DuckDBPyConnection, horizon: str, scenario_names: list[str],
                   *, as_of: dt.date | None = None,
                   contacts: pd.DataFrame | None = None,
                   history: dict[str, pd.Series] | None = None) -> pd.DataFrame:
    """P(event) per year of ``horizon`` under each scenario (party_rate and climatology);
    ``contacts`` as for :func:`event_years`; ``history``: its result per event, if the
    caller has it."""
    as_of = as_of or dt.date.today()
    year_from, year_to = parse_horizon(horizon)
    if year_to < as_of.year:
        raise ForecastInputError(f"horizon {horizon} is in the past (today {as_of})")
    scenarios = load_scenarios(scenario_names)
    rows = []
    for event in EVENTS:
        hist = (event_years(con, event, as_of, contacts=contacts) if history is None
                else history[event])
        if len(hist) < MIN_YEARS:
            raise ForecastInputError(f"too little history for {event}: {len(hist)} years, "
                                     f"{MIN_YEARS} needed")
        years = list(range(max(year_from, as_of.year), year_to + 1))
        for sc in scenarios:
            probs = probabilities(hist, years, sc)
            for i, t in enumerate(years):
                rows.append({"event": event, "year": t, "scenario": sc.name,
                             "party": _party(sc, t), "p_party_rate": probs["party_rate"][i],
                             "p_climatology": probs["climatology"][i],
                             "history": f"{hist.index[0]}-{hist.index[-1]}",
                             "years_with_event": int(hist.sum())})
    return pd.DataFrame(rows)
