"""Contact targets: synthetic histories (labelled fixtures), real statehist trips, the CLI."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from fixtures_forecast import load_statehist_kz, synthetic_contacts
from typer.testing import CliRunner

from dyad.analysis.forecast.targets import load_series
from dyad.api import open_store
from dyad.api.forecast import ForecastInputError, forecast_backtest, forecast_run
from dyad.cli import app
from dyad_testing import shared_path

VANTAGE = dt.date(2026, 11, 22)
# SYNTHETIC: many contacts in years of Republican administrations, few in Democratic ones.
PARTY_PATTERN = {y: (9 if y in range(2017, 2021) or y >= 2025 else 2) for y in range(2009, 2027)}


def test_quarterly_counts_and_intensity(store) -> None:
    synthetic_contacts(store, {2015: 4, 2016: 0, 2017: 2}, level="foreign_minister")
    counts = load_series(store, "US-KZ", "contacts", as_of=VANTAGE)
    intensity = load_series(store, "US-KZ", "intensity", as_of=VANTAGE)
    assert counts.periods[0].label == "2015Q1" and counts.values.sum() == 6
    assert intensity.values.sum() == pytest.approx(6 * 3.0)  # foreign-minister weight
    hos = load_series(store, "US-KZ", "hos", as_of=VANTAGE)
    assert hos.values.sum() == 0 and hos.spec.freq == "A"


def test_scenario_model_picks_up_a_party_difference(store) -> None:
    synthetic_contacts(store, PARTY_PATTERN)
    df, _ = forecast_run(store, "US-KZ", "contacts", "2029-2032", ["R", "D"], vantage=VANTAGE,
                         n_draws=400, seed=3)
    nb = df[df["model"] == "negbin"]
    assert len(nb) == 2 * 16
    r = nb[nb["scenario"] == "R"]["q50"].mean()
    d = nb[nb["scenario"] == "D"]["q50"].mean()
    assert r > d
    assert (df["q05"] >= 0).all()


def test_small_samples_are_flagged(store) -> None:
    synthetic_contacts(store, {y: 1 for y in range(2013, 2027)}, level="head_of_state")
    df, _ = forecast_run(store, "US-KZ", "hos", "2029-2032", ["R"], vantage=VANTAGE,
                         n_draws=200)
    note = df[df["model"] == "negbin"]["note"].iloc[0]
    assert "small sample" in note


def test_too_little_contact_history(store) -> None:
    synthetic_contacts(store, {2025: 3, 2026: 2})
    with pytest.raises(ForecastInputError, match="too little history"):
        forecast_run(store, "US-KZ", "contacts", "2029-2032", ["R"], vantage=VANTAGE)
    assert store.execute("SELECT count(*) FROM forecasts").fetchone()[0] == 0


def test_backtest_on_real_statehist_contacts(store) -> None:
    n = load_statehist_kz(store, shared_path("history-state-gov"))
    assert n > 10
    bt = forecast_backtest(store, "US-KZ", "contacts", n_draws=200, as_of=VANTAGE)
    assert {"2008-11-04", "2012-11-06", "2016-11-08", "2020-11-03"} <= set(bt.summary["vantage"])
    v = bt.verdict()
    assert v["model"] == "negbin" and 0 <= v["cover80"] <= 1


def test_cli_run_backtest_score_and_bad_input(tmp_path) -> None:
    db = tmp_path / "cli.duckdb"
    con = open_store(db)
    synthetic_contacts(con, PARTY_PATTERN)
    con.close()
    runner = CliRunner()
    res = runner.invoke(app, ["--db", str(db), "forecast", "run", "--pair", "US-KZ", "--target",
                              "contacts", "--horizon", "2029-2032", "--scenarios", "R,D",
                              "--draws", "200", "--format", "csv"])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(io.StringIO(res.stdout))
    assert list(df.columns)[:8] == ["scenario", "period", "model", "q05", "q25", "q50", "q75",
                                    "q95"]
    assert set(df["scenario"]) == {"R", "D"}
    res = runner.invoke(app, ["--db", str(db), "forecast", "backtest", "--pair", "US-KZ",
                              "--target", "contacts", "--draws", "200", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0].startswith("vantage,model,crps,mae,cover50,cover80")
    res = runner.invoke(app, ["--db", str(db), "forecast", "score", "--format", "csv"])
    assert res.exit_code == 0, res.output
    own = tmp_path / "summit.yaml"
    own.write_text("name: D_summit\nus_party: D\nus_party_from: 2029-01-20\n"
                   "dummies: {summit: [2015, 2023, 2030]}\n", encoding="utf-8")
    res = runner.invoke(app, ["--db", str(db), "forecast", "run", "--target", "hos",
                              "--horizon", "2030", "--scenarios", "D_summit", "--draws", "200",
                              "--scenario-file", str(own), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert set(pd.read_json(io.StringIO(res.stdout))["scenario"]) == {"D_summit"}
    res = runner.invoke(app, ["--db", str(db), "forecast", "run", "--target", "contacts",
                              "--horizon", "2029-2032", "--scenarios", "R,Z"])
    assert res.exit_code == 1 and "unknown scenario" in res.output
    assert "no forecast stored" in res.output
    con = open_store(db)
    assert con.execute("SELECT count(DISTINCT batch_id) FROM forecasts").fetchone()[0] == 2
    con.close()
