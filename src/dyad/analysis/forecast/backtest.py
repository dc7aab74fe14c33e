"""Rolling-origin backtest: from each US election day 1996-2024, forecast the next term.

At each vantage (election day) the models see only the years that had ended by then and
forecast the four years of the next term under the outcome that happened (the scenario
model is told who won: these are conditional forecasts). Every forecast is scored on the
years whose data exist now: CRPS from the draws, the error of the median, and a randomized
PIT (ties on discrete draws split at random), from which 50% and 80% coverage follow with
Clopper-Pearson intervals.

A vantage where any model failed (see :mod:`.fits`) is marked failed with the reason and
scores nothing: every summary, skill figure and verdict counts only the vantages where every
model ran. Candidates beside the scenario model: persistence (``last``), climatology
(``hist_mean``), and ``ensemble``, a mixture of the three weighted by 1/CRPS over the
earlier successful vantages (equal weights at the first).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.forecast.calibration import coverage, randomized_pit
from dyad.analysis.forecast.models import MIN_HISTORY, ModelForecast, scenario_model_name
from dyad.analysis.forecast.periods import Period, periods_in_years
from dyad.analysis.forecast.run import DEFAULT_DRAWS, DEFAULT_SEED, rng_for, simulate
from dyad.analysis.forecast.scenarios import as_happened
from dyad.analysis.forecast.scoring import QUANTILE_COLUMNS, crps_sample, quantiles
from dyad.analysis.forecast.skill import (
    conformal_coverage,
    skill_table,
    verdict_words,
)
from dyad.analysis.forecast.targets import ForecastInputError, Series, load_series

ELECTION_DAYS = tuple(dt.date(y, 11, d) for y, d in (
    (1996, 5), (2000, 7), (2004, 2), (2008, 4), (2012, 6), (2016, 8), (2020, 3), (2024, 5)))
ENSEMBLE = "ensemble"
DETAIL_COLUMNS = ["vantage", "scenario", "model", "period", "h", *QUANTILE_COLUMNS,
                  "observed", "crps", "abs_error", "pit", "in50", "in80"]
SUMMARY_COLUMNS = ["model", "vantages", "periods", "crps", "mae", "cover50", "cover50_low",
                   "cover50_high", "cover80", "cover80_low", "cover80_high"]


@dataclass
class Backtest:
    target: str
    pair: str
    seed: int
    n_draws: int
    model: str                # the scenario model
    vantages: pd.DataFrame    # vantage, status (ok | failed | skipped), history, scored, reason
    detail: pd.DataFrame      # successful vantages only: per model and period
    summary: pd.DataFrame     # per model, over successful vantages, coverage with intervals
    skill: pd.DataFrame       # CRPS skill vs persistence and climatology, with intervals
    conformal: pd.DataFrame   # coverage of sequential conformal intervals
    notes: list[str] = field(default_factory=list)

    @property
    def ok_vantages(self) -> int:
        return int((self.vantages["status"] == "ok").sum())

    @property
    def skipped(self) -> list[str]:
        v = self.vantages[self.vantages["status"] != "ok"]
        return [f"{d}: {s}: {r}" for d, s, r in zip(v["vantage"], v["status"], v["reason"],
                                                    strict=True)]

    def pits(self, model: str | None = None) -> list[float]:
        d = self.detail[self.detail["model"] == (model or self.model)]
        return [float(p) for p in d["pit"]]

    def verdict(self, model: str | None = None) -> str:
        return verdict_words(self.target, model or self.model, self.skill, self.ok_vantages)


def term_periods(vantage: dt.date, freq: str) -> list[Period]:
    """The periods of the four years after an election."""
    return periods_in_years(vantage.year + 1, vantage.year + 4, freq)


def _ensemble(parts: list[ModelForecast], weights: dict[str, float],
              rng: np.random.Generator) -> ModelForecast:
    n = min(len(p.draws) for p in parts)
    w = np.array([weights[p.model] for p in parts], dtype=float)
    pick = rng.choice(len(parts), size=n, p=w / w.sum())
    draws = np.empty_like(parts[0].draws[:n])
    for i, p in enumerate(parts):
        draws[pick == i] = p.draws[:n][pick == i]
    note = ", ".join(f"{p.model} {weights[p.model] / w.sum():.2f}" for p in parts)
    return ModelForecast(ENSEMBLE, parts[0].periods, draws, [f"weights: {note}"],
                         uses_scenario=True)


def _weights(detail_rows: list[dict[str, object]], names: list[str]) -> dict[str, float]:
    """1 / mean CRPS of each model over the earlier successful vantages (equal at first)."""
    if not detail_rows:
        return dict.fromkeys(names, 1.0)
    d = pd.DataFrame(detail_rows)
    mean = d.groupby("model")["crps"].mean()
    return {m: 1.0 / max(float(mean.get(m, np.nan)), 1e-12) for m in names}


def backtest_series(
    full: Series,
    *,
    vantages: tuple[dt.date, ...] = ELECTION_DAYS,
    n_draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    finite_sample: bool = True,
) -> Backtest:
    """Backtest every model (and the ensemble) on a full observed series."""
    rows: list[dict[str, object]] = []
    status: list[dict[str, object]] = []
    need = MIN_HISTORY[full.spec.freq]
    for v in vantages:
        hist = full.until(v)
        observed = [(p, y) for p in term_periods(v, full.spec.freq)
                    if (y := full.value_at(p)) is not None]
        row: dict[str, object] = {"vantage": v.isoformat(), "status": "skipped",
                                  "history": len(hist), "scored": 0, "reason": ""}
        status.append(row)
        if len(hist) < need:
            row["reason"] = (f"{len(hist)} complete years of history before the vantage, "
                             f"{need} needed")
            continue
        if not observed:
            row["reason"] = "no data yet for the term after it"
            continue
        scenario = as_happened(v)
        try:
            fcs = [mf for _sc, mf in simulate(hist, [scenario], observed[-1][0],
                                              n_draws=n_draws, seed=seed)]
        except ForecastInputError as e:
            row["reason"] = str(e)
            continue
        failed = [f"{mf.model}: {mf.failed}" for mf in fcs if mf.failed]
        if failed:
            row.update(status="failed", reason="; ".join(failed))
            continue
        weights = _weights(rows, [mf.model for mf in fcs])
        fcs.append(_ensemble(fcs, weights, rng_for(seed, full.spec.name, ENSEMBLE, str(v))))
        row.update(status="ok", scored=len(observed))
        for mf in fcs:
            index = {p: j for j, p in enumerate(mf.periods)}
            rng = rng_for(seed, full.spec.name, "pit", mf.model, str(v))
            for h, (p, y) in enumerate(observed, start=1):
                d = mf.draws[:, index[p]]
                pit = randomized_pit(d, y, rng)
                rows.append({"vantage": v.isoformat(), "scenario": scenario.name,
                             "model": mf.model, "period": p.label, "h": h, **quantiles(d),
                             "observed": y, "crps": crps_sample(d, y),
                             "abs_error": abs(float(np.median(d)) - y), "pit": pit,
                             "in50": abs(pit - 0.5) <= 0.25, "in80": abs(pit - 0.5) <= 0.4})
    detail = pd.DataFrame(rows, columns=DETAIL_COLUMNS)
    model = scenario_model_name(full)
    models = ["last", "hist_mean", model, ENSEMBLE]
    notes = list(full.notes) + [
        "the scenario model is told which party won each election (conditional forecasts); "
        "the data are today's revisions, not the vintages known at each vantage"]
    return Backtest(
        full.spec.name, full.pair, seed, n_draws, model,
        pd.DataFrame(status, columns=["vantage", "status", "history", "scored", "reason"]),
        detail, _summarise(detail, models), skill_table(detail, models, seed=seed),
        conformal_coverage(detail, model, log_scale=full.spec.kind == "positive",
                           finite_sample=finite_sample), notes)


def _summarise(detail: pd.DataFrame, models: list[str]) -> pd.DataFrame:
    rows = []
    for m in models:
        g = detail[detail["model"] == m]
        if g.empty:
            continue
        pits = [float(p) for p in g["pit"]]
        c50, c80 = coverage(pits, 0.5), coverage(pits, 0.8)
        rows.append({"model": m, "vantages": g["vantage"].nunique(), "periods": len(g),
                     "crps": float(g["crps"].mean()), "mae": float(g["abs_error"].mean()),
                     "cover50": c50["coverage"], "cover50_low": c50["ci_low"],
                     "cover50_high": c50["ci_high"], "cover80": c80["coverage"],
                     "cover80_low": c80["ci_low"], "cover80_high": c80["ci_high"]})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def run_backtest(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    target: str,
    *,
    as_of: dt.date | None = None,
    n_draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    outlet: str = "KZ",
    series: Series | None = None,
    finite_sample: bool = True,
) -> Backtest:
    """Backtest ``target`` from each US election day 1996-2024 (``series``: already loaded
    for ``as_of``, if the caller has it)."""
    full = series if series is not None else load_series(con, pair, target, as_of=as_of,
                                                         outlet=outlet)
    bt = backtest_series(full, n_draws=n_draws, seed=seed, finite_sample=finite_sample)
    if (bt.vantages["status"] == "skipped").all():
        raise ForecastInputError(
            f"too little history for a backtest of {target} ({pair}): "
            + "; ".join(bt.skipped))
    return bt
