"""Rolling-origin backtest: from each US election day, forecast the next term.

At each vantage (election day) the models see only the periods that had ended by then,
and forecast the four years of the next term under the outcome that happened. The
forecasts are scored on the periods whose data exist now: CRPS from the draws, MAE of
the median, and whether the 50% and 80% central intervals held the observed value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from dyad.analysis.forecast.models import BASELINES, MIN_HISTORY, scenario_model_name
from dyad.analysis.forecast.periods import Period, periods_in_years
from dyad.analysis.forecast.run import DEFAULT_SEED, simulate
from dyad.analysis.forecast.scenarios import as_happened
from dyad.analysis.forecast.scoring import QUANTILE_COLUMNS, quantiles, score
from dyad.analysis.forecast.targets import ForecastInputError, Series, load_series

ELECTION_DAYS = (dt.date(2008, 11, 4), dt.date(2012, 11, 6), dt.date(2016, 11, 8),
                 dt.date(2020, 11, 3), dt.date(2024, 11, 5))
SUMMARY_COLUMNS = ["vantage", "model", "crps", "mae", "cover50", "cover80", "periods", "note"]


@dataclass
class Backtest:
    target: str
    pair: str
    summary: pd.DataFrame   # per vantage and model, plus vantage 'all'
    detail: pd.DataFrame    # per vantage, model and period: quantiles and observed
    skipped: list[str]

    def verdict(self) -> dict[str, object]:
        """Pooled scores: does the scenario model beat the best baseline on CRPS?"""
        allrows = self.summary[self.summary["vantage"] == "all"].set_index("model")
        if allrows.empty:
            return {}
        crps = {str(m): float(c) for m, c in allrows["crps"].items()}
        scen = [m for m in allrows.index if m not in BASELINES]
        base = [m for m in allrows.index if m not in scen]
        if not scen or not base:
            return {}
        m = scen[0]
        best = min(base, key=lambda b: crps[b])
        return {"model": m, "crps": crps[m], "best_baseline": best,
                "baseline_crps": crps[best], "beats_baselines": crps[m] < crps[best],
                "cover50": float(allrows.loc[m, "cover50"]),
                "cover80": float(allrows.loc[m, "cover80"]),
                "periods": int(allrows.loc[m, "periods"])}


def term_periods(vantage: dt.date, freq: str) -> list[Period]:
    """The periods of the four years after an election."""
    return periods_in_years(vantage.year + 1, vantage.year + 4, freq)


def backtest_series(
    full: Series,
    *,
    vantages: tuple[dt.date, ...] = ELECTION_DAYS,
    n_draws: int = 1000,
    seed: int = DEFAULT_SEED,
) -> Backtest:
    """Backtest every model on a full observed series."""
    detail_rows: list[dict[str, object]] = []
    skipped: list[str] = []
    for v in vantages:
        hist = full.until(v)
        term = term_periods(v, full.spec.freq)
        observed: list[tuple[Period, float]] = []
        for p in term:
            y = full.value_at(p)
            if y is not None:
                observed.append((p, y))
        if len(hist) < MIN_HISTORY[full.spec.freq]:
            skipped.append(f"{v}: {len(hist)} periods of history, "
                           f"{MIN_HISTORY[full.spec.freq]} needed")
            continue
        if not observed:
            skipped.append(f"{v}: no data yet for the term after it")
            continue
        scenario = as_happened(v)
        try:
            fcs = simulate(hist, [scenario], term[-1], n_draws=n_draws, seed=seed)
        except ForecastInputError as e:
            skipped.append(f"{v}: {e}")
            continue
        for _sc, mf in fcs:
            index = {p: j for j, p in enumerate(mf.periods)}
            for p, y in observed:
                d = mf.draws[:, index[p]]
                detail_rows.append({"vantage": v.isoformat(), "scenario": scenario.name,
                                    "model": mf.model, "period": p.label, "start": p.start,
                                    **quantiles(d), "observed": y, **score(d, y),
                                    "note": "; ".join(mf.notes)})
    detail = pd.DataFrame(detail_rows, columns=[
        "vantage", "scenario", "model", "period", "start", *QUANTILE_COLUMNS, "observed",
        "crps", "abs_error", "in50", "in80", "note"])
    return Backtest(full.spec.name, full.pair, _summarise(detail, full), detail, skipped)


def _summarise(detail: pd.DataFrame, full: Series) -> pd.DataFrame:
    if detail.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    rows = []
    scen = scenario_model_name(full)
    for key, g in [*detail.groupby(["vantage", "model"], sort=True),
                   *((("all", m), g) for m, g in detail.groupby("model", sort=True))]:
        vantage, model = key
        note = []
        if len(g) < 8:
            note.append(f"only {len(g)} scored periods: coverage is a rough guide")
        if model == scen:
            note.append("scenario model, under the outcome that happened")
        rows.append({"vantage": vantage, "model": model, "crps": float(g["crps"].mean()),
                     "mae": float(g["abs_error"].mean()), "cover50": float(g["in50"].mean()),
                     "cover80": float(g["in80"].mean()), "periods": len(g),
                     "note": "; ".join(note)})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def run_backtest(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    target: str,
    *,
    as_of: dt.date | None = None,
    n_draws: int = 1000,
    seed: int = DEFAULT_SEED,
    outlet: str = "KZ",
    series: Series | None = None,
) -> Backtest:
    """Backtest ``target`` from each US election day (``series``: already loaded for
    ``as_of``, if the caller has it)."""
    full = series if series is not None else load_series(con, pair, target, as_of=as_of,
                                                         outlet=outlet)
    bt = backtest_series(full, n_draws=n_draws, seed=seed)
    if bt.detail.empty:
        raise ForecastInputError(
            f"too little history for a backtest of {target} ({pair}): "
            + "; ".join(bt.skipped))
    return bt

