"""Optional targets: UN voting agreement (real Voeten votes) and monthly media attention."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dyad.analysis.forecast.targets import load_series
from dyad.api.forecast import forecast_backtest, forecast_run
from dyad_testing import shared_path

VANTAGE = dt.date(2026, 11, 22)


def _load_votes(con) -> None:
    """The store's votes and roll_calls tables, filled from the real un_votes CSVs (US, KZ)."""
    votes = shared_path("unga-votes", "un_votes.csv")
    calls = shared_path("unga-votes", "un_roll_calls.csv")
    con.execute(f"""INSERT INTO votes (rcid, country_iso2, vote, source, source_ref)
                    SELECT rcid, country_code, vote, 'unvotes', 'un_votes.csv#' || rcid
                    FROM read_csv_auto('{votes}') WHERE country_code IN ('US', 'KZ')""")
    con.execute(f"""INSERT INTO roll_calls (rcid, session, date, year, importantvote, source,
                                            source_ref)
                    SELECT rcid, session, date, year(date), importantvote = 1, 'unvotes',
                           'un_roll_calls.csv#' || rcid FROM read_csv_auto('{calls}')""")


def test_agreement_from_real_un_votes(store) -> None:
    _load_votes(store)
    s = load_series(store, "US-KZ", "agreement", as_of=VANTAGE)
    assert s.periods[0].label == "1992" and ((s.values >= 0) & (s.values <= 1)).all()
    df, _ = forecast_run(store, "US-KZ", "agreement", "2029-2032", ["R", "D"],
                         vantage=VANTAGE, n_draws=200)
    assert set(df["model"]) == {"last", "hist_mean", "linear_ar1"}
    assert df[["q05", "q95"]].stack().between(0, 1).all()
    bt = forecast_backtest(store, "US-KZ", "agreement", n_draws=200, as_of=VANTAGE)
    assert "2008-11-04" in set(bt.vantages["vantage"]) and bt.ok_vantages >= 1


def test_monthly_attention_uses_the_seasonal_baseline(store) -> None:
    # SYNTHETIC test fixture: articles with a yearly rhythm, 2019-2026
    store.execute("CREATE TABLE articles (article_id VARCHAR, outlet_country VARCHAR,"
                  " published DATE)")
    rng = np.random.default_rng(0)
    rows = []
    for year in range(2019, 2027):
        for month in range(1, 13):
            for i in range(int(rng.poisson(3 + 4 * (month in (9, 10))))):
                rows.append([f"synthetic-{year}-{month}-{i}", "KZ", dt.date(year, month, 10)])
    store.executemany("INSERT INTO articles VALUES (?, ?, ?)", rows)
    s = load_series(store, "US-KZ", "attention", as_of=VANTAGE, outlet="KZ")
    assert s.periods[-1].label == "2026-10" and s.values.sum() == sum(
        1 for r in rows if r[2] < dt.date(2026, 11, 1))
    df, _ = forecast_run(store, "US-KZ", "attention", "2029", ["D"], vantage=VANTAGE,
                         n_draws=200)
    assert set(df["model"]) == {"last", "hist_mean", "seasonal", "negbin"}
    seasonal = df[df["model"] == "seasonal"].set_index("period")["q50"]
    assert seasonal["2029-10"] > seasonal["2029-03"]
    with pytest.raises(ValueError, match="missing data"):
        load_series(store, "US-KZ", "attention", as_of=VANTAGE, outlet="US")
