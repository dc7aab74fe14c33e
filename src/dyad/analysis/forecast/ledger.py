"""The pre-registered ledger: forecasts stored before their period starts, scored later.

``store_run`` writes every forecast of a run in one transaction with the vantage, model,
scenario, the checksum of the data snapshot it used and a SHA-256 content hash over all of
that plus its draws and seed. A row is *pre-registered* when it was stored on its vantage
day (the data were those known then) and before its period began; periods already begun are
not stored at all. ``score_stored`` scores matured rows (period ended, observed value in the
store) after re-computing the hash: a row whose hash no longer matches is reported and not
scored. The track record counts pre-registered rows only, apart from the backtest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.forecast.calibration import coverage, randomized_pit
from dyad.analysis.forecast.periods import period_of
from dyad.analysis.forecast.run import ForecastRun, rng_for
from dyad.analysis.forecast.scoring import crps_sample, quantiles
from dyad.analysis.forecast.targets import TARGETS, ForecastInputError, Series, load_series
from dyad.errors import DataMissingError
from dyad.store import transaction

LEDGER_COLUMNS = ("data_checksum", "content_hash", "n_draws", "preregistered")
SCORE_COLUMNS = ["forecast_id", "vantage", "scenario", "model", "target", "pair", "period",
                 "preregistered", "q05", "q50", "q95", "observed", "crps", "abs_error", "pit",
                 "in50", "in80", "hash_ok"]


def target_key(target: str, outlet: str = "KZ") -> str:
    """How a target is named in the forecasts table (attention carries its outlet country)."""
    return f"attention:{outlet}" if target == "attention" else target


def _split_key(key: str) -> tuple[str, str]:
    name, _, outlet = key.partition(":")
    return name, outlet or "KZ"


def _check_schema(con: duckdb.DuckDBPyConnection) -> None:
    cols = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'forecasts'"
    ).fetchall()}
    lacking = [c for c in LEDGER_COLUMNS if c not in cols]
    if lacking:
        raise DataMissingError(
            f"the store's forecasts table lacks the ledger columns {lacking} (migration 041 "
            "was not applied to this store)")


def content_hash(fields: dict[str, object], draws: list[float]) -> str:
    """SHA-256 over a forecast's defining fields and its draws (canonical JSON)."""
    body = json.dumps({**{k: str(v) for k, v in fields.items()},
                       "draws": [round(float(d), 9) for d in draws]}, sort_keys=True)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_HASHED = ("vantage", "scenario", "scenario_spec", "model", "target", "pair", "period",
           "seed", "n_draws", "data_checksum")


def store_run(con: duckdb.DuckDBPyConnection, run: ForecastRun, target: str, *,
              today: dt.date | None = None) -> tuple[str, list[str]]:
    """Write a run's forecasts for periods not yet begun; return the batch and notes."""
    _check_schema(con)
    today = today or dt.date.today()
    batch = f"{run.series.pair}:{target}:{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S.%f}"
    checksum = run.series.checksum()
    rows, begun = [], set()
    for sc, mf in run.forecasts:
        if mf.failed:
            continue
        for j, p in enumerate(mf.periods):
            if p not in run.wanted:
                continue
            if p.start <= today:
                begun.add(p.label)
                continue
            d = mf.draws[:, j].tolist()
            fields = {"vantage": run.vantage.isoformat(), "scenario": sc.name,
                      "scenario_spec": sc.spec_json(), "model": mf.model, "target": target,
                      "pair": run.series.pair, "period": p.label, "seed": run.seed,
                      "n_draws": len(d), "data_checksum": checksum}
            rows.append([batch, run.vantage, sc.name, sc.spec_json(), mf.model, target,
                         run.series.pair, p.label, p.start, p.end,
                         *quantiles(mf.draws[:, j]).values(), float(np.mean(d)), d, run.seed,
                         "; ".join(mf.notes), checksum, content_hash(fields, d), len(d),
                         run.vantage == today])
    notes = []
    if begun:
        notes.append(f"periods already begun are shown but not registered: {sorted(begun)}")
    if run.vantage != today:
        notes.append(f"vantage {run.vantage} is not today: stored, but not pre-registered "
                     "(today's data revisions were used)")
    if rows:
        with transaction(con):
            con.executemany(
                "INSERT INTO forecasts (forecast_id, batch_id, vantage, scenario, scenario_spec,"
                " model, target, pair, period, period_start, period_end, q05, q25, q50, q75,"
                " q95, mean, draws, seed, note, data_checksum, content_hash, n_draws,"
                " preregistered) VALUES (nextval('forecast_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return batch, notes


def score_stored(
    con: duckdb.DuckDBPyConnection, *, as_of: dt.date | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Score every stored forecast whose period has ended and has an observed value."""
    _check_schema(con)
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
        notes.extend(_score_target(con, str(key), str(pair), series, as_of))
    df = con.execute(
        """SELECT f.forecast_id, f.vantage, f.scenario, f.model, f.target, f.pair, f.period,
                  f.preregistered, f.q05, f.q50, f.q95, s.observed, s.crps, s.abs_error,
                  s.pit, s.in50, s.in80, s.hash_ok
           FROM forecasts f JOIN forecast_scores s USING (forecast_id)
           ORDER BY f.target, f.pair, f.vantage, f.scenario, f.model, f.period_start""").df()
    if df.empty:
        first = con.execute("SELECT min(period_end) FROM forecasts").fetchone()
        when = f" (the first stored period ends {first[0]})" if first and first[0] else ""
        notes.append(f"no stored forecast has matured yet{when}")
    return df[SCORE_COLUMNS], notes


def _score_target(con: duckdb.DuckDBPyConnection, key: str, pair: str, series: Series,
                  as_of: dt.date) -> list[str]:
    rows = con.execute(
        f"SELECT forecast_id, period_start, draws, content_hash, {', '.join(_HASHED)}"
        " FROM forecasts WHERE target = ? AND pair = ? AND period_end <= ?",
        [key, pair, as_of]).fetchall()
    out, notes = [], []
    for fid, start, draws, stored_hash, *fields in rows:
        y = series.value_at(period_of(start, series.spec.freq))
        if y is None:
            continue
        vals = dict(zip(_HASHED, fields, strict=True))
        vals["vantage"] = vals["vantage"].isoformat()
        ok = content_hash(vals, list(draws)) == stored_hash
        if not ok:
            notes.append(f"forecast {fid}: content hash does not match; not scored")
            out.append([fid, y, np.nan, np.nan, np.nan, False, False, False])
            continue
        d = np.asarray(draws, dtype=float)
        pit = randomized_pit(d, y, rng_for(int(vals["seed"]), "ledger", str(fid)))
        out.append([fid, y, crps_sample(d, y), abs(float(np.median(d)) - y), pit,
                    abs(pit - 0.5) <= 0.25, abs(pit - 0.5) <= 0.4, True])
    if out:
        with transaction(con):
            con.executemany(
                "INSERT OR REPLACE INTO forecast_scores (forecast_id, observed, crps, abs_error,"
                " pit, in50, in80, hash_ok, scored_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_timestamp)", out)
    return notes


def track_record(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Matured pre-registered forecasts (already scored) and their calibration per target."""
    _check_schema(con)
    df = con.execute(
        """SELECT f.target, f.pair, f.vantage, f.scenario, f.model, f.period, f.q05, f.q50,
                  f.q95, s.observed, s.crps, s.pit
           FROM forecasts f JOIN forecast_scores s USING (forecast_id)
           WHERE f.preregistered AND s.hash_ok
           ORDER BY f.target, f.vantage, f.period_start""").df()
    cal = []
    for (target, model), g in df.groupby(["target", "model"]):
        pits = [float(p) for p in g["pit"]]
        c80 = coverage(pits, 0.8)
        cal.append({"target": target, "model": model, "forecasts": len(g),
                    "crps": float(g["crps"].mean()), "cover80": c80["coverage"],
                    "cover80_low": c80["ci_low"], "cover80_high": c80["ci_high"]})
    return df, pd.DataFrame(cal, columns=["target", "model", "forecasts", "crps", "cover80",
                                          "cover80_low", "cover80_high"])
