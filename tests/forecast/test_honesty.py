"""No silent failure, honest calibration, conformal intervals, the ledger, scenario input.

Series here are SYNTHETIC (built in the test) to force the behaviour under test.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from dyad.analysis.forecast import fits
from dyad.analysis.forecast.backtest import backtest_series
from dyad.analysis.forecast.calibration import (
    binomial_interval,
    conformal_quantile,
    coverage,
    randomized_pit,
)
from dyad.analysis.forecast.periods import periods_in_years
from dyad.analysis.forecast.scenarios import load_scenarios
from dyad.analysis.forecast.targets import TARGETS, ForecastInputError, Series
from dyad.errors import UsageError


def _series(target: str, values: list[float], first: int = 1992) -> Series:
    periods = periods_in_years(first, first + len(values) - 1, "A")
    return Series(TARGETS[target], "US-KZ", periods, np.array(values, dtype=float), "synthetic")


def _party_years(first: int, last: int) -> list[str]:
    sc = load_scenarios(["R"])[0]
    return [sc.party_on(dt.date(y, 7, 1)) for y in range(first, last + 1)]


def test_a_failed_fit_marks_the_vantage_and_is_never_scored() -> None:
    # counts only under Republican presidents: the party effect is not estimable
    values = [3.0 if p == "R" else 0.0 for p in _party_years(1992, 2025)]
    bt = backtest_series(_series("contacts", values), n_draws=200)
    failed = bt.vantages[bt.vantages["status"] == "failed"]
    assert len(failed) >= 1
    assert failed["reason"].str.contains("negbin").all()
    assert not set(failed["vantage"]) & set(bt.detail["vantage"])
    assert (bt.summary["vantages"] == bt.ok_vantages).all()


def test_standard_error_bound_and_overflow_raise() -> None:
    with pytest.raises(fits.FitFailed, match="standard error of party_R"):
        fits.check_estimates(np.array([1.0, 2.0]), np.diag([0.1, 11700.0**2]),
                             ["const", "party_R"], fits.SE_BOUND_LOG, "log")
    with pytest.raises(fits.FitFailed, match="overflow"):
        fits.check_overflow(np.array([1.0, np.inf]), 10.0)
    with pytest.raises(fits.FitFailed, match="explosively"):
        fits.check_overflow(np.r_[np.ones(90), np.full(10, 1e15)], 3000.0)


def test_randomized_pit_removes_the_tie_inflation_of_discrete_coverage() -> None:
    rng = np.random.default_rng(1)
    draws = rng.poisson(1.0, 2000).astype(float)
    pits = [randomized_pit(rng.poisson(1.0, 2000).astype(float), float(y), rng)
            for y in rng.poisson(1.0, 400)]
    assert abs(coverage(pits, 0.5)["coverage"] - 0.5) < 0.08
    lo, hi = np.quantile(draws, [0.25, 0.75])
    naive = np.mean([(lo <= y <= hi) for y in rng.poisson(1.0, 400)])
    assert naive > 0.7          # what "lo <= y <= hi" on discrete draws reports


def test_binomial_interval_and_conformal_correction() -> None:
    lo, hi = binomial_interval(8, 10)
    assert 0.49 < lo < 0.8 < hi < 0.98
    scores = [0.1, 0.2, 0.3, 0.4]
    assert math.isinf(conformal_quantile(scores, 0.9))          # n too small for 90%
    assert conformal_quantile(scores, 0.8) == 0.4               # ceil(5 * 0.8) = 4th
    assert conformal_quantile(scores, 0.8, finite_sample=False) < 0.4
    assert conformal_quantile(list(range(1, 20)), 0.8) == 16    # ceil(20 * 0.8) = 16th


def test_trade_log_level_scored_only_where_it_ran() -> None:
    rng = np.random.default_rng(3)
    values = list(np.exp(np.cumsum(rng.normal(0.05, 0.2, 34)) + 5))
    bt = backtest_series(_series("trade", values), n_draws=300)
    assert bt.ok_vantages >= 6
    assert np.isfinite(bt.summary["crps"]).all()
    assert set(bt.skill["versus"]) == {"last", "hist_mean"}
    assert bt.verdict().startswith("trade: ")


@pytest.mark.parametrize(("text", "message"), [
    ("terms:\n  - {party: X, from: 2033-01-20}\n", "unknown party"),
    ("terms:\n  - {party: D, from: 2033-01-20, to: 2037-01-20}\n"
     "  - {party: R, from: 2036-01-20}\n", "overlaps"),
    ("terms:\n  - {party: D, from: 2020-01-20}\n", "before us_party_from"),
])
def test_scenario_terms_are_checked(tmp_path, text: str, message: str) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("name: X1\nus_party: R\nus_party_from: 2029-01-20\n" + text, encoding="utf-8")
    with pytest.raises(ForecastInputError, match=message) as err:
        load_scenarios(["X1"], [f])
    assert isinstance(err.value, UsageError) and "s.yaml" in str(err.value)


def test_scenario_terms_set_the_party() -> None:
    import yaml

    from dyad.analysis.forecast.scenarios import parse_scenario

    sc = parse_scenario(yaml.safe_load(
        "name: RD\nus_party: R\nus_party_from: 2029-01-20\n"
        "terms:\n  - {party: D, from: 2033-01-20, to: 2037-01-20}\n"), "inline")
    assert sc.party_on(dt.date(2030, 1, 1)) == "R" and sc.party_on(dt.date(2034, 1, 1)) == "D"
