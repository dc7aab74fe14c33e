from __future__ import annotations

import math

import pytest
from scipy import stats

from dyad.analysis.rates import dispersion, rate_ratio


def test_wald_interval_for_large_counts():
    r = rate_ratio(40, 4.0, 20, 4.0)
    assert r.method == "poisson-wald" and not r.small_counts
    assert r.ratio == pytest.approx(2.0)
    se = math.sqrt(1 / 40 + 1 / 20)
    assert r.ci_low == pytest.approx(2.0 * math.exp(-1.959964 * se), rel=1e-5)
    assert r.ci_high == pytest.approx(2.0 * math.exp(1.959964 * se), rel=1e-5)


def test_exact_interval_matches_binomial_test_for_small_counts():
    r = rate_ratio(3, 2.0, 7, 4.0)
    assert r.method == "exact-conditional" and r.small_counts
    assert r.ratio == pytest.approx((3 / 2) / (7 / 4))
    # the interval's ends are where the exact binomial test of p = t1*RR/(t1*RR+t2) flips
    ci = stats.binomtest(3, 10).proportion_ci(confidence_level=0.95, method="exact")
    assert r.ci_low == pytest.approx(ci.low / (1 - ci.low) * 4.0 / 2.0, rel=1e-6)
    assert r.ci_high == pytest.approx(ci.high / (1 - ci.high) * 4.0 / 2.0, rel=1e-6)


def test_zero_count_gives_open_interval():
    r = rate_ratio(0, 1.0, 5, 1.0)
    assert r.ratio == 0 and r.ci_low == 0
    assert math.isfinite(r.ci_high)
    assert math.isinf(rate_ratio(5, 1.0, 0, 1.0).ci_high)


def test_dispersion():
    assert dispersion([2, 2, 2]) == 0
    assert dispersion([0, 10]) == pytest.approx(50 / 5)
    assert math.isnan(dispersion([3]))


def test_negbin_widens_intervals_for_overdispersed_counts():
    from dyad.analysis.rates import negbin_rate_ratios

    rows = [("a", c, 1.0) for c in (0, 12, 1, 15, 0, 14)] + [("b", c, 1.0) for c in (6,) * 6]
    nb = negbin_rate_ratios(rows)[("a", "b")]
    pois = rate_ratio(42, 6.0, 36, 6.0)
    assert nb.method == "negbin-nb2"
    assert nb.ratio == pytest.approx(42 / 36, rel=1e-3)
    assert (nb.ci_high - nb.ci_low) > (pois.ci_high - pois.ci_low)


def test_negbin_falls_back_to_poisson_without_overdispersion():
    from dyad.analysis.rates import negbin_rate_ratios

    rows = [("a", 3, 1.0)] * 4 + [("b", 6, 1.0)] * 4
    r = negbin_rate_ratios(rows)[("b", "a")]
    assert r.ratio == pytest.approx(2.0, rel=1e-4)
    assert "poisson" in r.method
