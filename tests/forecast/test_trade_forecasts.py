"""Trade targets, forecasts, storage and backtest on the real Census C5 file."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest
from fixtures_forecast import load_census_csv

from dyad.analysis.forecast.backtest import backtest_series
from dyad.analysis.forecast.targets import load_series
from dyad.api.forecast import ForecastInputError, MissingData, forecast_run
from dyad_testing import SHIPPED_ROWS, shared_path

CSV = ("trade", "census-country-xlsx", "c5_monthly_from_country_xlsx.csv")
DRAWS = 200


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory):
    from dyad.api import open_store

    con = open_store(tmp_path_factory.mktemp("trade") / "trade.duckdb")
    for table in SHIPPED_ROWS:  # the real file alone, not on top of the shipped snapshot
        con.execute(f"DELETE FROM {table}")
    load_census_csv(con, shared_path(*CSV))
    yield con
    con.close()


@pytest.fixture
def trade_store(loaded_store):
    """The module's store with the real trade file, and no forecasts yet."""
    loaded_store.execute("DELETE FROM forecasts; DELETE FROM forecast_scores")
    return loaded_store


def _kz_year(year: int) -> tuple[float, float]:
    ex = im = 0.0
    with shared_path(*CSV).open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["country"] == "Kazakhstan" and int(r["year"]) == year:
                ex += float(r["us_exports_musd"])
                im += float(r["us_imports_musd"])
    return ex, im


def test_annual_series_from_monthly_flows(trade_store) -> None:
    turnover = load_series(trade_store, "US-KZ", "trade", as_of=dt.date(2026, 11, 1))
    balance = load_series(trade_store, "US-KZ", "balance", as_of=dt.date(2026, 11, 1))
    ex, im = _kz_year(2023)
    assert turnover.periods[-1].label == "2023"  # 2024 has only January-June
    assert turnover.values[-1] == pytest.approx(ex + im)
    assert balance.values[-1] == pytest.approx(ex - im)
    assert turnover.periods[0].label == "1992"


def test_missing_trade_table_names_the_command(store) -> None:
    with pytest.raises(MissingData, match="missing data: .*trade_flows.*dyad import"):
        forecast_run(store, "US-KZ", "trade", "2029-2032", ["R", "D"], n_draws=DRAWS)
    assert store.execute("SELECT count(*) FROM forecasts").fetchone()[0] == 0


def test_forecast_under_r_and_d_is_stored_and_reproducible(trade_store) -> None:
    v = dt.date(2026, 11, 22)
    df, notes = forecast_run(trade_store, "US-KZ", "trade", "2027-2032", ["R", "D"],
                             vantage=v, n_draws=DRAWS, seed=7)
    assert list(df.columns)[:8] == ["scenario", "period", "model", "q05", "q25", "q50", "q75",
                                    "q95"]
    assert set(df["model"]) == {"last", "hist_mean", "loglevel_party"}
    q = df[["q05", "q25", "q50", "q75", "q95"]].to_numpy()
    assert (np.diff(q, axis=1) >= 0).all() and (q > 0).all()
    assert any("2023" in n for n in notes)  # the gap to the horizon is said
    stored = trade_store.execute("SELECT count(*), count(DISTINCT batch_id) FROM forecasts"
                                 ).fetchone()
    assert stored == (len(df), 1)
    scen = df[df["model"] == "loglevel_party"].set_index(["scenario", "period"])
    # both scenarios continue the current administration until 2029-01-20 ...
    assert scen.loc[("R", "2027"), "q50"] == scen.loc[("D", "2027"), "q50"]
    # ... and differ after, by the estimated party effect
    assert scen.loc[("R", "2030"), "q50"] != scen.loc[("D", "2030"), "q50"]
    again, _ = forecast_run(trade_store, "US-KZ", "trade", "2027-2032", ["R", "D"],
                            vantage=v, n_draws=DRAWS, seed=7, store=False)
    assert again.equals(df)
    assert all(df[df["model"] == "last"]["note"].str.contains("ignores the scenario"))


@pytest.mark.parametrize(("args", "message"), [
    (("trade", "2019-2020", ["R"]), "in the past"),
    (("trade", "2029-2032", ["R", "Greens"]), "unknown scenario"),
    (("agreement", "2029-2032", ["R"]), "missing data"),
    (("contacts", "2029-2032", ["R"]), "missing data: no confirmed contacts"),
    (("gdp", "2029-2032", ["R"]), "unknown target"),
])
def test_bad_input_stores_nothing(trade_store, args, message) -> None:
    target, horizon, scenarios = args
    with pytest.raises(ForecastInputError, match=message):
        forecast_run(trade_store, "US-KZ", target, horizon, scenarios, n_draws=DRAWS,
                     vantage=dt.date(2026, 11, 22))
    assert trade_store.execute("SELECT count(*) FROM forecasts").fetchone()[0] == 0


def test_too_little_history(trade_store) -> None:
    with pytest.raises(ForecastInputError, match="too little history"):
        forecast_run(trade_store, "US-KZ", "trade", "1998-2000", ["R"], n_draws=DRAWS,
                     vantage=dt.date(1996, 3, 1))


def test_backtest_sees_no_data_after_the_vantage(trade_store) -> None:
    full = load_series(trade_store, "US-KZ", "trade")
    bt = backtest_series(full, n_draws=DRAWS)
    assert set(bt.detail["vantage"]) <= {"2000-11-07", "2004-11-02", "2008-11-04",
                                         "2012-11-06", "2016-11-08", "2020-11-03"}
    assert any("2024-11-05" in s for s in bt.skipped)
    assert (bt.summary["crps"] >= 0).all()
    assert bt.summary[["cover50", "cover80"]].stack().between(0, 1).all()
    assert bt.model == "loglevel_party" and bt.verdict().startswith("trade: ")
    # change every value after 2012: the 2008 vantage's forecasts of 2009-2012 must not move
    tampered = load_series(trade_store, "US-KZ", "trade")
    tampered.values = np.where([p.start.year > 2012 for p in tampered.periods],
                               tampered.values * 10, tampered.values)
    bt2 = backtest_series(tampered, n_draws=DRAWS)
    cols = ["model", "period", "q05", "q50", "q95"]
    a = bt.detail[bt.detail["vantage"] == "2008-11-04"][cols].reset_index(drop=True)
    b = bt2.detail[bt2.detail["vantage"] == "2008-11-04"][cols].reset_index(drop=True)
    assert a.equals(b)
