"""Score stored forecasts whose periods now have data."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.forecast.periods import period_of
from dyad.analysis.forecast.scoring import score
from dyad.analysis.forecast.targets import TARGETS, ForecastInputError, Series, load_series
from dyad.store import transaction

SCORE_COLUMNS = ["forecast_id", "vantage", "scenario", "model", "target", "pair", "period",
                 "q05", "q50", "q95", "observed", "crps", "abs_error", "in50", "in80"]


def target_key(target: str, outlet: str = "KZ") -> str:
    """How a target is named in the forecasts table (attention carries its outlet country)."""
    return f"attention:{outlet}" if target == "attention" else target


def _split_key(key: str) -> tuple[str, str]:
    name, _, outlet = key.partition(":")
    return name, outlet or "KZ"


def score_stored(
    con: duckdb.DuckDBPyConnection, *, as_of: dt.date | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Score every stored forecast whose period has an observed value; upsert the scores.

    Returns the scores of all forecasts that can be scored now, and notes on those
    that cannot (their target's data are missing from the store).
    """
    as_of = as_of or dt.date.today()
    pending = con.execute(
        "SELECT DISTINCT target, pair FROM forecasts WHERE period_end <= ?", [as_of]).fetchall()
    notes: list[str] = []
    for key, pair in pending:
        name, outlet = _split_key(str(key))
        if name not in TARGETS:
            notes.append(f"{key}: unknown target, not scored")
            continue
        try:
            series = load_series(con, str(pair), name, as_of=as_of, outlet=outlet)
        except ForecastInputError as e:
            notes.append(f"{key} {pair}: {e}")
            continue
        _score_target(con, str(key), str(pair), series)
    df = con.execute(
        """SELECT f.forecast_id, f.vantage, f.scenario, f.model, f.target, f.pair, f.period,
                  f.q05, f.q50, f.q95, s.observed, s.crps, s.abs_error, s.in50, s.in80
           FROM forecasts f JOIN forecast_scores s USING (forecast_id)
           ORDER BY f.target, f.pair, f.vantage, f.scenario, f.model, f.period_start""").df()
    if df.empty:
        notes.append("no stored forecast has a period with data yet")
    return df[SCORE_COLUMNS], notes


def _score_target(con: duckdb.DuckDBPyConnection, key: str, pair: str, series: Series) -> None:
    rows = con.execute(
        "SELECT forecast_id, period_start, draws FROM forecasts WHERE target = ? AND pair = ?",
        [key, pair]).fetchall()
    out = []
    for fid, start, draws in rows:
        y = series.value_at(period_of(start, series.spec.freq))
        if y is None:
            continue
        s = score(np.asarray(draws, dtype=float), y)
        out.append([fid, y, s["crps"], s["abs_error"], s["in50"], s["in80"]])
    if not out:
        return
    with transaction(con):
        con.executemany(
            "INSERT OR REPLACE INTO forecast_scores (forecast_id, observed, crps, abs_error,"
            " in50, in80, scored_at) VALUES (?, ?, ?, ?, ?, ?, current_timestamp)", out)
