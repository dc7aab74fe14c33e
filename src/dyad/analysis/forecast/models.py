"""Forecast models: predictive distributions as simulation draws.

Baselines ignore the scenario: ``last`` (last value plus historical h-step changes),
``hist_mean`` (historical mean plus resampled deviations) and ``seasonal`` (same month a
year earlier plus 12-month changes; monthly series only). Scenario models:

- ``negbin`` for counts: negative-binomial regression on party (R=1), first year of
  term, trend (years) and any scenario dummies;
- ``loglevel_party`` (trade turnover, log scale) / ``level_party`` (balance): a local-level
  state-space model (random walk plus noise) with party, first-year and dummy effects;
- ``linear_ar1`` for shares (UN agreement): regression on the same terms with AR(1)
  errors (Cochrane-Orcutt), clipped to [0, 1].

Draws carry parameter uncertainty (multivariate Student-t with n-k degrees of freedom,
which widens intervals in small samples) and observation noise. A scenario model that
cannot be fitted honestly (see :mod:`.fits`) returns a forecast marked ``failed`` with the
reason and no draws; nothing substitutes for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dyad.analysis.forecast import fits
from dyad.analysis.forecast.periods import Period
from dyad.analysis.forecast.scenarios import Scenario, first_year_of_term
from dyad.analysis.forecast.targets import ForecastInputError, Series

MIN_HISTORY = {"A": 6, "Q": 12, "M": 24}
SMALL_DF = 20
BASELINES = ("last", "hist_mean", "seasonal")


@dataclass
class ModelForecast:
    model: str
    periods: list[Period]
    draws: np.ndarray  # (n_draws, n_periods)
    notes: list[str] = field(default_factory=list)
    uses_scenario: bool = False
    failed: str | None = None  # why the fit failed (then ``draws`` is empty)


def scenario_model_name(series: Series) -> str:
    kind = series.spec.kind
    return {"count": "negbin", "positive": "loglevel_party", "level": "level_party"}.get(
        kind, "linear_ar1")


def models_for(series: Series) -> list[str]:
    names = ["last", "hist_mean"] + (["seasonal"] if series.spec.freq == "M" else [])
    return names + [scenario_model_name(series)]


def check_history(series: Series) -> None:
    need = MIN_HISTORY[series.spec.freq]
    if len(series) < need:
        raise ForecastInputError(
            f"too little history for {series.spec.name} ({series.pair}): {len(series)} "
            f"complete periods, at least {need} needed")


def path_to(series: Series, last: Period) -> list[Period]:
    """Every period from the one after the last observed to ``last``."""
    out: list[Period] = []
    p = series.periods[-1].next()
    while p.start <= last.start:
        out.append(p)
        p = p.next()
    return out


def _to_scale(series: Series) -> np.ndarray:
    y = series.values.astype(float)
    return np.log(np.maximum(y, 0.1)) if series.spec.kind == "positive" else y


def _from_scale(series: Series, draws: np.ndarray) -> np.ndarray:
    kind = series.spec.kind
    if kind == "positive":
        with np.errstate(over="ignore"):
            return np.exp(draws)
    if kind == "count":
        return np.maximum(draws, 0.0)
    if kind == "share":
        return np.clip(draws, 0.0, 1.0)
    return draws


_small_note = fits.small_note


def forecast_baseline(
    name: str, series: Series, periods: list[Period], n_draws: int, rng: np.random.Generator
) -> ModelForecast:
    y = _to_scale(series)
    n = len(y)
    out = np.empty((n_draws, len(periods)))
    notes = _small_note(n, 1)
    if name == "hist_mean":
        dev = y - y.mean()
        for j in range(len(periods)):
            out[:, j] = y.mean() + rng.choice(dev, n_draws) * math.sqrt(1 + 1 / n)
    elif name in ("last", "seasonal"):
        lag = 12 if name == "seasonal" else 1
        if name == "seasonal" and series.spec.freq != "M":
            raise ForecastInputError("the seasonal baseline is for monthly series only")
        scaled = False
        for j in range(len(periods)):
            h = j + 1
            step = lag * math.ceil(h / lag)
            base = y[n + h - 1 - step]
            diffs = y[step:] - y[:-step] if n > step else np.array([])
            if len(diffs) >= 5:
                out[:, j] = base + rng.choice(diffs, n_draws)
            else:  # too few h-step changes: scale the one-step ones
                d1 = y[lag:] - y[:-lag]
                out[:, j] = base + rng.choice(d1, n_draws) * math.sqrt(step / lag)
                scaled = True
        if scaled:
            notes.append("few h-step changes in the history: one-step changes scaled by "
                         "sqrt(h) for the far periods")
    else:
        raise ForecastInputError(f"unknown baseline {name!r}")
    return ModelForecast(name, periods, _from_scale(series, out), notes)


def design(
    periods: list[Period], scenario: Scenario, origin: float, dummies: list[str]
) -> np.ndarray:
    """Columns: const, party_R, first_year, trend (years from origin), dummies."""
    rows = []
    for p in periods:
        rows.append([1.0, 1.0 if scenario.party_on(p.mid) == "R" else 0.0,
                     first_year_of_term(p), p.year_frac - origin]
                    + [scenario.dummy(d, p) for d in dummies])
    return np.array(rows, dtype=float)


COLUMNS = ["const", "party_R", "first_year", "trend"]


def _usable_columns(x: np.ndarray, names: list[str]) -> tuple[list[int], list[str]]:
    keep, notes = [0], []
    for j in range(1, x.shape[1]):
        if np.ptp(x[:, j]) > 0:
            keep.append(j)
        else:
            notes.append(f"{names[j]} does not vary in the history: its effect is not "
                         "estimated (held at zero)")
    return keep, notes


def forecast_scenario(
    series: Series,
    periods: list[Period],
    scenario: Scenario,
    n_draws: int,
    rng: np.random.Generator,
    *,
    memo: dict[Any, Any] | None = None,
) -> ModelForecast:
    """The scenario model for the series' kind (``memo``: fits shared between the
    scenarios of one run; a fit depends only on the history, not on the scenario's
    future)."""
    origin = series.periods[-1].year_frac
    dummies = sorted(scenario.dummies)
    x_hist = design(series.periods, scenario, origin, dummies)
    x_new = design(periods, scenario, origin, dummies)
    names = COLUMNS + [f"dummy:{d}" for d in dummies]
    keep, notes = _usable_columns(x_hist, names)
    x_hist, x_new = x_hist[:, keep], x_new[:, keep]
    used = [names[j] for j in keep]
    name = scenario_model_name(series)
    try:
        if series.spec.kind == "count":
            draws, more = fits.negbin(series.values, x_hist, x_new, used, n_draws, rng,
                                      memo=memo)
            if series.spec.name == "intensity":
                more.append("intensity is modelled as a count (rounded weighted contacts)")
        elif series.spec.kind in ("positive", "level"):
            # the local level absorbs any trend: the regression keeps party, term and dummies
            cols = [i for i, n in enumerate(used) if n != "trend"]
            draws, more = fits.local_level(
                _to_scale(series), x_hist[:, cols], x_new[:, cols], [used[i] for i in cols],
                n_draws, rng, log_scale=series.spec.kind == "positive", memo=memo)
        else:
            draws, more = fits.ar1(_to_scale(series), x_hist, x_new, used, n_draws, rng,
                                   memo=memo)
            draws = _from_scale(series, draws)
            more.append("agreement is bounded: draws are clipped to [0, 1]")
    except fits.FitFailed as e:
        return ModelForecast(name, periods, np.empty((0, len(periods))), notes,
                             uses_scenario=True, failed=str(e))
    return ModelForecast(name, periods, draws, notes + more, uses_scenario=True)


