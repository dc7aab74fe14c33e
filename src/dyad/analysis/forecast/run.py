"""Make forecasts: every model under every scenario, over the requested horizon."""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.forecast.models import (
    BASELINES,
    ModelForecast,
    check_history,
    forecast_baseline,
    forecast_scenario,
    models_for,
    path_to,
)
from dyad.analysis.forecast.periods import Period, parse_horizon, periods_in_years
from dyad.analysis.forecast.scenarios import Scenario, load_scenarios
from dyad.analysis.forecast.scoring import QUANTILE_COLUMNS, quantiles
from dyad.analysis.forecast.targets import ForecastInputError, Series, load_series
from dyad.reference.threads import one_blas_thread

# One seed and one draw count for the report, the CLI and the API (printed by each).
DEFAULT_SEED = 20241105
DEFAULT_DRAWS = 1000
OUTPUT_COLUMNS = ["scenario", "period", "model", *QUANTILE_COLUMNS, "note"]


@dataclass
class ForecastRun:
    """The forecasts of one run: a table of quantiles and the draws behind it."""

    series: Series
    vantage: dt.date
    seed: int
    scenarios: list[Scenario]
    forecasts: list[tuple[Scenario, ModelForecast]]
    wanted: list[Period]
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[str]:
        """The models that could not be fitted, with the reason (shown, never scored)."""
        return sorted({f"{mf.model} ({sc.name}): {mf.failed}" for sc, mf in self.forecasts
                       if mf.failed})

    def table(self) -> pd.DataFrame:
        rows = []
        for sc, mf in self.forecasts:
            if mf.failed:
                continue
            for j, p in enumerate(mf.periods):
                if p not in self.wanted:
                    continue
                note = list(mf.notes)
                if not mf.uses_scenario:
                    note.insert(0, "baseline: ignores the scenario")
                rows.append({"scenario": sc.name, "period": p.label, "model": mf.model,
                             **quantiles(mf.draws[:, j]), "note": "; ".join(note)})
        return pd.DataFrame(rows, columns=OUTPUT_COLUMNS)


def rng_for(seed: int, *keys: str) -> np.random.Generator:
    """A generator that depends only on the seed and the keys (order of runs is irrelevant)."""
    return np.random.default_rng([seed, *(zlib.crc32(k.encode()) for k in keys)])


def simulate(
    series: Series,
    scenarios: list[Scenario],
    last: Period,
    *,
    n_draws: int,
    seed: int,
    models: list[str] | None = None,
) -> list[tuple[Scenario, ModelForecast]]:
    """Draws of every model from the period after the data to ``last``."""
    with one_blas_thread():
        return _simulate(series, scenarios, last, n_draws=n_draws, seed=seed, models=models)


def _simulate(
    series: Series,
    scenarios: list[Scenario],
    last: Period,
    *,
    n_draws: int,
    seed: int,
    models: list[str] | None,
) -> list[tuple[Scenario, ModelForecast]]:
    check_history(series)
    path = path_to(series, last)
    out = []
    names = models or models_for(series)
    fitted: dict[object, object] = {}  # this run's fits, shared by its scenarios
    base = {m: forecast_baseline(m, series, path, n_draws,
                                 rng_for(seed, series.spec.name, m, series.periods[-1].label))
            for m in names if m in BASELINES}
    for sc in scenarios:
        for m in names:
            if m in base:
                out.append((sc, base[m]))
            else:
                # common random numbers: scenarios differ only where their terms differ
                rng = rng_for(seed, series.spec.name, m, series.periods[-1].label)
                out.append((sc, forecast_scenario(series, path, sc, n_draws, rng,
                                                  memo=fitted)))
    return out


def run_forecast(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    target: str,
    horizon: str,
    scenario_names: list[str],
    *,
    scenario_files: list[Path] | None = None,
    vantage: dt.date | None = None,
    n_draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    outlet: str = "KZ",
    series: Series | None = None,
) -> ForecastRun:
    """Forecast ``target`` for ``pair`` over ``horizon`` (years) under each scenario.

    ``series``, if given, is the target's series already loaded for ``vantage``."""
    vantage = vantage or dt.date.today()
    year_from, year_to = parse_horizon(horizon)
    if dt.date(year_to + 1, 1, 1) <= vantage:
        raise ForecastInputError(
            f"horizon {horizon} is in the past (vantage {vantage}); forecast later years")
    if dt.date(year_from, 1, 1) < dt.date(vantage.year, 1, 1):
        raise ForecastInputError(
            f"horizon {horizon} starts in the past (vantage {vantage}); start it in "
            f"{vantage.year} or later")
    scenarios = load_scenarios(scenario_names, scenario_files)
    if series is None:
        series = load_series(con, pair, target, as_of=vantage, outlet=outlet)
    check_history(series)
    wanted = [p for p in periods_in_years(year_from, year_to, series.spec.freq)
              if p.start > series.periods[-1].start]
    if not wanted:
        raise ForecastInputError(
            f"every period of {horizon} is already observed for {target}; nothing to forecast")
    warnings = list(series.notes)
    observed = len(periods_in_years(year_from, year_to, series.spec.freq)) - len(wanted)
    if observed:
        warnings.append(f"{observed} period(s) of the horizon are already observed and are "
                        "not forecast")
    last_seen = series.periods[-1]
    if wanted[0].start > last_seen.next().start:
        warnings.append(f"data end with {last_seen.label}: the periods up to the horizon are "
                        "simulated too, which widens the intervals")
    fc = simulate(series, scenarios, wanted[-1], n_draws=n_draws, seed=seed)
    return ForecastRun(series, vantage, seed, scenarios, fc, wanted, warnings)
