"""Public API of the forecast area: scenario forecasts, backtests, scoring of stored ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dyad.analysis.forecast.backtest import Backtest, run_backtest
from dyad.analysis.forecast.run import DEFAULT_SEED, ForecastRun, run_forecast, store_run
from dyad.analysis.forecast.scenarios import Scenario, load_scenarios, shipped_scenarios
from dyad.analysis.forecast.stored import score_stored, target_key
from dyad.analysis.forecast.targets import (
    TARGETS,
    ForecastInputError,
    MissingData,
    Series,
    load_series,
)


def forecast_run(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    target: str,
    horizon: str,
    scenarios: list[str],
    *,
    scenario_files: list[Path] | None = None,
    vantage: dt.date | None = None,
    n_draws: int = 2000,
    seed: int = DEFAULT_SEED,
    outlet: str = "KZ",
    store: bool = True,
) -> tuple[pd.DataFrame, list[str]]:
    """Quantiles per scenario, period and model (stored in ``forecasts``), and warnings.

    Nothing is stored when the input is bad (``ForecastInputError`` is raised first).
    """
    run = run_forecast(con, pair.upper(), target, horizon, scenarios,
                       scenario_files=scenario_files, vantage=vantage, n_draws=n_draws,
                       seed=seed, outlet=outlet)
    if store:
        store_run(con, run, target_key(target, outlet))
    return run.table(), run.warnings


def forecast_backtest(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    target: str,
    *,
    n_draws: int = 1000,
    seed: int = DEFAULT_SEED,
    outlet: str = "KZ",
    as_of: dt.date | None = None,
) -> Backtest:
    """Rolling-origin backtest from each US election day since 2008."""
    return run_backtest(con, pair.upper(), target, n_draws=n_draws, seed=seed, outlet=outlet,
                        as_of=as_of)


def forecast_score(
    con: duckdb.DuckDBPyConnection, *, as_of: dt.date | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Score every stored forecast whose period now has data."""
    return score_stored(con, as_of=as_of)


__all__ = [
    "TARGETS",
    "Backtest",
    "ForecastInputError",
    "ForecastRun",
    "MissingData",
    "Scenario",
    "Series",
    "forecast_backtest",
    "forecast_run",
    "forecast_score",
    "load_scenarios",
    "load_series",
    "shipped_scenarios",
]
