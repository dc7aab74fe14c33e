"""CRPS from draws, interval coverage, and period arithmetic."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.analysis.forecast.periods import parse_horizon, period_of, periods_in_years
from dyad.analysis.forecast.scenarios import first_year_of_term
from dyad.analysis.forecast.scoring import crps_sample, interval_cover, quantiles


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=40), st.floats(-1e3, 1e3))
def test_crps_matches_its_definition(draws: list[float], y: float) -> None:
    x = np.array(draws)
    brute = np.mean(np.abs(x - y)) - 0.5 * np.mean(np.abs(x[:, None] - x[None, :]))
    assert crps_sample(x, y) == pytest.approx(brute, abs=1e-6)
    assert crps_sample(x, y) >= -1e-9


def test_crps_of_a_point_mass_is_the_absolute_error() -> None:
    assert crps_sample(np.full(50, 3.0), 7.5) == pytest.approx(4.5)


def test_sharper_correct_forecast_scores_better() -> None:
    rng = np.random.default_rng(1)
    assert crps_sample(rng.normal(0, 1, 4000), 0.0) < crps_sample(rng.normal(0, 5, 4000), 0.0)


def test_coverage_and_quantiles() -> None:
    d = np.arange(101, dtype=float)
    assert interval_cover(d, 50, 0.5) and not interval_cover(d, 5, 0.8)
    q = quantiles(d)
    assert list(q) == ["q05", "q25", "q50", "q75", "q95"] and q["q50"] == 50


def test_horizon_parsing() -> None:
    assert parse_horizon("2029-2032") == (2029, 2032)
    assert parse_horizon("2030") == (2030, 2030)
    for bad in ("2032-2029", "soon", "29-32", ""):
        with pytest.raises(ValueError, match="horizon"):
            parse_horizon(bad)


def test_periods() -> None:
    assert period_of(dt.date(2029, 5, 3), "Q").label == "2029Q2"
    assert len(periods_in_years(2029, 2032, "Q")) == 16
    assert [p.label for p in periods_in_years(2029, 2029, "M")][-1] == "2029-12"
    # first year of a term: 2009, 2013, 2017, 2021, 2025, 2029
    years = [y for y in range(2005, 2033) if first_year_of_term(period_of(dt.date(y, 6, 1), "A"))]
    assert years == [2005, 2009, 2013, 2017, 2021, 2025, 2029]
    assert first_year_of_term(period_of(dt.date(2029, 1, 5), "M")) == 0.0
