"""The pre-registered ledger: stored before the period starts, hashed, scored when matured.

Trade rows are the real Census-derived CSV in ../shared/data (see fixtures_forecast)."""

from __future__ import annotations

import datetime as dt

import pytest
from fixtures_forecast import load_census_csv

from dyad.analysis.forecast.ledger import score_stored, store_run, track_record
from dyad.analysis.forecast.run import run_forecast
from dyad_testing import shared_path

VANTAGE = dt.date(2024, 3, 1)


@pytest.fixture
def trade_store(store):
    load_census_csv(store, shared_path("trade", "census-country-xlsx",
                                       "c5_monthly_from_country_xlsx.csv"))
    return store


def test_store_hash_score_and_track_record(trade_store) -> None:
    run = run_forecast(trade_store, "US-KZ", "trade", "2024-2026", ["R", "D"],
                       vantage=VANTAGE, n_draws=200)
    _batch, notes = store_run(trade_store, run, "trade", today=VANTAGE)
    assert any("already begun" in n for n in notes)     # 2024 had begun: not registered
    rows = trade_store.execute(
        "SELECT period, preregistered, data_checksum, content_hash FROM forecasts").fetchall()
    assert rows and {r[0] for r in rows} == {"2025", "2026"}
    assert all(r[1] and len(r[2]) == 64 and len(r[3]) == 64 for r in rows)
    # nothing has matured on the vantage; a later day with data scores them
    df, notes = score_stored(trade_store, as_of=VANTAGE)
    assert df.empty and any("matured" in n for n in notes)
    trade_store.execute("UPDATE forecasts SET seed = seed + 1"
                        " WHERE forecast_id = (SELECT min(forecast_id) FROM forecasts)")
    for year in (2024, 2025):  # SYNTHETIC: the 2023 rows copied as complete later years
        trade_store.execute(f"INSERT INTO trade_flows SELECT * REPLACE ({year} AS year, 'x'"
                            " || source_ref AS source_ref) FROM trade_flows WHERE partner ="
                            " 'KZ' AND year = 2023 AND month IS NULL")
    df, notes = score_stored(trade_store, as_of=dt.date(2026, 3, 1))
    assert len(df) >= 1 and any("content hash does not match" in n for n in notes)
    assert (~df["hash_ok"]).sum() == 1
    assert df.loc[df["hash_ok"], "pit"].between(0, 1).all()
    matured, cal = track_record(trade_store)
    assert len(matured) == int(df["hash_ok"].sum()) and set(cal["target"]) == {"trade"}


def test_a_past_vantage_is_not_preregistered(trade_store) -> None:
    run = run_forecast(trade_store, "US-KZ", "trade", "2025-2026", ["R"], vantage=VANTAGE,
                       n_draws=200)
    _b, notes = store_run(trade_store, run, "trade", today=dt.date(2024, 6, 1))
    assert any("not pre-registered" in n for n in notes)
    assert not any(r[0] for r in trade_store.execute(
        "SELECT preregistered FROM forecasts").fetchall())

