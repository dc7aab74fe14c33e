"""The report's forecast section: fans, backtests with failed vantages shown apart,
calibration, skill, events, the track record, and honest missing notes."""

from __future__ import annotations

import datetime as dt

from fixtures_forecast import load_census_csv

from dyad.report.sections import ReportContext
from dyad.report.sections import forecast as section
from dyad.report.sections.forecast import render
from dyad_testing import shared_path

AS_OF = dt.date(2026, 11, 22)


def test_no_data_says_what_is_missing(store, monkeypatch) -> None:
    monkeypatch.setattr(section, "DEFAULT_DRAWS", 200)  # keep the test fast
    sec = render(ReportContext(con=store, pair="US-KZ", as_of=AS_OF))
    html = str(sec.body)
    assert set(sec.missing) == {"contacts", "trade_flows"}
    assert "dyad import statehist" in html and "dyad import census" in html
    assert "seed 20241105 and 200 draws" in html
    assert "Goal: CRPS skill of 10%" in html and "Track record" in html
    assert "No pre-registered forecast has matured" in html


def test_trade_fans_backtest_skill_and_pit(store, monkeypatch) -> None:
    monkeypatch.setattr(section, "DEFAULT_DRAWS", 200)
    load_census_csv(store, shared_path("trade", "census-country-xlsx",
                                       "c5_monthly_from_country_xlsx.csv"))
    sec = render(ReportContext(con=store, pair="US-KZ", as_of=AS_OF))
    html = str(sec.body)
    assert sec.missing == ["contacts"]
    assert "Scenario R" in html and "Scenario D" in html and ", per year:" in html
    assert "Backtest of trade" in html and "PIT histogram" in html
    assert "CRPS skill of trade" in html and "Clopper-Pearson" in html
    assert "Source: US Census Bureau" in html
    assert "trade: " in html and "skill" in html
