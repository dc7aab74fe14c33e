"""Public API of the forecast area: scenario forecasts (pre-registered in the ledger),
backtests from every US election 1996-2024, binary events with Brier scores, and the
scoring and track record of stored forecasts.

The report, the CLI and these functions share one seed (``DEFAULT_SEED``) and one draw
count (``DEFAULT_DRAWS``): the same store gives the same numbers everywhere.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dyad.analysis.forecast.backtest import ELECTION_DAYS, Backtest, run_backtest
from dyad.analysis.forecast.events import EVENTS, EventBacktest, event_backtest, event_forecast
from dyad.analysis.forecast.ledger import score_stored, store_run, target_key, track_record
from dyad.analysis.forecast.run import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    ForecastRun,
    run_forecast,
)
from dyad.analysis.forecast.scenarios import Scenario, load_scenarios, shipped_scenarios
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
    n_draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    outlet: str = "KZ",
    store: bool = True,
) -> tuple[pd.DataFrame, list[str]]:
    """Quantiles per scenario, period and model, and notes; the forecasts of periods not yet
    begun are stored in the ledger with the data checksum and a content hash.

    Nothing is stored when the input is bad (``ForecastInputError`` is raised first).
    """
    run = run_forecast(con, pair.upper(), target, horizon, scenarios,
                       scenario_files=scenario_files, vantage=vantage, n_draws=n_draws,
                       seed=seed, outlet=outlet)
    notes = [*run.warnings, *(f"model failed, no forecast: {f}" for f in run.failed)]
    if store:
        _batch, more = store_run(con, run, target_key(target, outlet))
        notes.extend(more)
    return run.table(), notes


def forecast_backtest(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    target: str,
    *,
    n_draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    outlet: str = "KZ",
    as_of: dt.date | None = None,
    finite_sample: bool = True,
) -> Backtest:
    """Rolling-origin backtest from each US election day 1996-2024 (failed vantages are
    marked, never scored; ``finite_sample``: conformal intervals with the correction)."""
    return run_backtest(con, pair.upper(), target, n_draws=n_draws, seed=seed, outlet=outlet,
                        as_of=as_of, finite_sample=finite_sample)


def forecast_events(
    con: duckdb.DuckDBPyConnection,
    *,
    horizon: str = "2027-2032",
    scenarios: list[str] | None = None,
    as_of: dt.date | None = None,
) -> tuple[pd.DataFrame, list[EventBacktest]]:
    """Probabilities of the binary events per year under each scenario, and their backtests
    (Brier scores) from each US election."""
    return (event_forecast(con, horizon, scenarios or ["R", "D"], as_of=as_of),
            [event_backtest(con, e, as_of=as_of) for e in EVENTS])


def forecast_score(
    con: duckdb.DuckDBPyConnection, *, as_of: dt.date | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Score every stored forecast whose period has ended (content hash checked first)."""
    return score_stored(con, as_of=as_of)


def forecast_track_record(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Matured pre-registered forecasts and their calibration, apart from the backtest."""
    return track_record(con)


__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "ELECTION_DAYS",
    "EVENTS",
    "TARGETS",
    "Backtest",
    "EventBacktest",
    "ForecastInputError",
    "ForecastRun",
    "MissingData",
    "Scenario",
    "Series",
    "forecast_backtest",
    "forecast_events",
    "forecast_run",
    "forecast_score",
    "forecast_track_record",
    "load_scenarios",
    "load_series",
    "shipped_scenarios",
]
