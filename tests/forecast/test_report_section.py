"""The report's forecast section: fan charts, backtest, hindcast, honest missing notes."""

from __future__ import annotations

import datetime as dt

from fixtures_forecast import load_census_csv

from dyad.report.sections import ReportContext
from dyad.report.sections import forecast as section
from dyad.report.sections.forecast import render
from dyad_testing import shared_path

AS_OF = dt.date(2026, 11, 22)


def test_no_data_says_what_is_missing(store) -> None:
    sec = render(ReportContext(con=store, pair="US-KZ", as_of=AS_OF))
    html = str(sec.body)
    assert set(sec.missing) == {"contacts", "trade_flows"}
    assert "dyad import statehist" in html and "dyad import census" in html
    assert "<svg" not in html


def test_trade_fans_backtest_and_hindcast(store, monkeypatch) -> None:
    monkeypatch.setattr(section, "DRAWS", 200)  # keep the test fast
    load_census_csv(store, shared_path("trade", "census-country-xlsx",
                                       "c5_monthly_from_country_xlsx.csv"))
    sec = render(ReportContext(con=store, pair="US-KZ", as_of=AS_OF))
    html = str(sec.body)
    assert sec.missing == ["contacts"]
    assert html.count("<svg") >= 1 and "Scenario R" in html and "Scenario D" in html
    assert "Backtest of trade" in html
    assert "no data after the vantage" in html  # the Census file ends in mid-2024
    assert "trade (US-KZ): the scenario model loglevel_party has a mean CRPS" in html
