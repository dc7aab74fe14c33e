"""Rate ratios of event counts with exposure, with exact intervals for small counts."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

SMALL_COUNT = 10


@dataclass(frozen=True)
class RateRatio:
    ratio: float
    ci_low: float
    ci_high: float
    method: str
    small_counts: bool


def rate_ratio(c1: int, t1: float, c2: int, t2: float, level: float = 0.95) -> RateRatio:
    """Ratio of Poisson rates (c1/t1) / (c2/t2) with a confidence interval.

    When either count is below ``SMALL_COUNT`` the interval is the exact conditional one:
    given n = c1 + c2, c1 ~ Binomial(n, p) with p = t1·RR / (t1·RR + t2); a Clopper-Pearson
    interval for p maps to RR = p/(1-p) · t2/t1. Otherwise the Wald interval on log(RR),
    with standard error sqrt(1/c1 + 1/c2). Exposure t is in years.
    """
    if t1 <= 0 or t2 <= 0:
        raise ValueError("exposure must be positive")
    small = min(c1, c2) < SMALL_COUNT
    ratio = (c1 / t1) / (c2 / t2) if c2 > 0 else math.inf
    alpha = 1 - level
    if small:
        n = c1 + c2
        if n == 0:
            return RateRatio(math.nan, 0.0, math.inf, "exact-conditional", True)
        lo_p = 0.0 if c1 == 0 else stats.beta.ppf(alpha / 2, c1, n - c1 + 1)
        hi_p = 1.0 if c1 == n else stats.beta.ppf(1 - alpha / 2, c1 + 1, n - c1)
        scale = t2 / t1
        lo = lo_p / (1 - lo_p) * scale
        hi = math.inf if hi_p >= 1 else hi_p / (1 - hi_p) * scale
        return RateRatio(ratio, float(lo), float(hi), "exact-conditional", True)
    z = stats.norm.ppf(1 - alpha / 2)
    se = math.sqrt(1 / c1 + 1 / c2)
    return RateRatio(
        ratio, ratio * math.exp(-z * se), ratio * math.exp(z * se), "poisson-wald", False
    )


def dispersion(yearly_counts: list[int]) -> float:
    """Pearson dispersion (variance / mean) of yearly counts; > 1 means overdispersion."""
    if len(yearly_counts) < 2:
        return math.nan
    mean = sum(yearly_counts) / len(yearly_counts)
    if mean == 0:
        return math.nan
    var = sum((c - mean) ** 2 for c in yearly_counts) / (len(yearly_counts) - 1)
    return var / mean
