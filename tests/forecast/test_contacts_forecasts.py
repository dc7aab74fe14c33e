"""Contacts of the uniform tier, the binary events and the CLI, on real Historian records.

The store is a new store (shipped register) plus the Office of the Historian's XML files in
../shared/data/history-state-gov imported with the real importer, built once per module.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from dyad.analysis.forecast.events import event_backtest, event_forecast, event_years
from dyad.analysis.forecast.targets import load_series
from dyad.api import open_store
from dyad.api.forecast import forecast_backtest
from dyad.cli import app
from dyad_testing import shared_path

AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def historian_db(_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dyad.sources.statehist.load import import_statehist

    root = shared_path("history-state-gov")
    path = tmp_path_factory.mktemp("hist") / "hist.duckdb"
    shutil.copyfile(_store_template, path)
    con = open_store(path)
    import_statehist(con, root)
    con.close()
    return path


@pytest.fixture
def hist_store(historian_db: Path, tmp_path: Path):
    path = tmp_path / "h.duckdb"
    shutil.copyfile(historian_db, path)
    con = open_store(path)
    yield con
    con.close()


def test_new_store_counts_from_2009_and_says_why(_store_template, tmp_path) -> None:
    path = tmp_path / "new.duckdb"
    shutil.copyfile(_store_template, path)
    con = open_store(path)
    s = load_series(con, "US-KZ", "contacts", as_of=AS_OF)
    con.close()
    assert s.periods[0].label == "2009" and s.spec.freq == "A"
    assert any("no Office of the Historian records" in n for n in s.notes)


def test_uniform_tier_from_1992_with_six_or_more_vantages(hist_store) -> None:
    s = load_series(hist_store, "US-KZ", "contacts", as_of=AS_OF)
    assert s.periods[0].label == "1992" and s.periods[-1].label == "2025"
    assert s.partial is not None and s.partial[0].label == "2026"
    bt = forecast_backtest(hist_store, "US-KZ", "contacts", n_draws=300, as_of=AS_OF)
    assert bt.ok_vantages >= 6
    assert bt.vantages.loc[0, "status"] == "skipped"   # 1996: 4 years of history
    failed = set(bt.vantages.loc[bt.vantages["status"] == "failed", "vantage"])
    assert not failed & set(bt.detail["vantage"])       # failed vantages are never scored
    assert set(bt.summary["model"]) == {"last", "hist_mean", "negbin", "ensemble"}
    assert ((bt.detail["pit"] >= 0) & (bt.detail["pit"] <= 1)).all()
    assert "skill" in bt.verdict()


def test_binary_events_and_brier(hist_store) -> None:
    meets = event_years(hist_store, "potus_meets_kz", AS_OF)
    assert meets.index[0] == 1992 and meets[2018] == 1    # Nazarbayev at the White House
    summit = event_years(hist_store, "c5plus1_summit", AS_OF)
    assert summit[2023] == 1 and summit[2025] == 1 and summit[2010] == 0
    bt = event_backtest(hist_store, "secstate_in_ca", as_of=AS_OF)
    assert (bt.vantages["status"] == "ok").sum() >= 6
    assert ((bt.detail["crps"] >= 0) & (bt.detail["crps"] <= 1)).all()
    fc = event_forecast(hist_store, "2027-2032", ["R", "D"], as_of=AS_OF)
    assert set(fc["scenario"]) == {"R", "D"} and fc["p_party_rate"].between(0, 1).all()


def test_cli_prints_seed_and_draws_and_rejects_bad_input(historian_db, tmp_path) -> None:
    db = tmp_path / "cli.duckdb"
    shutil.copyfile(historian_db, db)
    runner = CliRunner()
    res = runner.invoke(app, ["--db", str(db), "forecast", "backtest", "--target", "contacts",
                              "--draws", "200", "--show", "vantages", "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert "seed 20241105, 200 draws per model" in res.output
    assert set(pd.read_csv(io.StringIO(res.stdout))["vantage"]) >= {"1996-11-05", "2024-11-05"}
    for args, message in (
        (["--horizon", "2019-2020"], "in the past"),
        (["--scenarios", "R,Z"], "unknown scenario"),
    ):
        res = runner.invoke(app, ["--db", str(db), "forecast", "run", "--target", "contacts",
                                  "--draws", "200", *args])
        assert res.exit_code != 0 and message in res.output, res.output
    con = open_store(db)
    assert con.execute("SELECT count(*) FROM forecasts").fetchone()[0] == 0
    con.close()
