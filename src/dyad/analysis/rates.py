"""Rate ratios of event counts with exposure, with exact intervals for small counts."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    from scipy import stats  # imported here: scipy costs more than `import dyad.api` may

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


def negbin_rate_ratios(
    admin_years: list[tuple[str, int, float]], level: float = 0.95
) -> dict[tuple[str, str], RateRatio]:
    """Rate ratios between groups from a negative-binomial (NB2) model of yearly counts.

    ``admin_years`` holds (group, count, exposure in years) per group-year. The model has
    one log-rate per group and a common dispersion, so overdispersed counts get wider
    intervals than the Poisson ones. Returns {} when the model cannot be fitted (too few
    group-years, or no convergence): callers then rely on the Poisson/exact intervals.
    """
    import warnings

    import numpy as np
    import pandas as pd
    import statsmodels.api as sm

    df = pd.DataFrame(admin_years, columns=["group", "count", "exposure"])
    df = df[df["exposure"] > 0]
    groups = list(dict.fromkeys(df["group"]))
    if len(groups) < 2 or len(df) < len(groups) + 2:
        return {}
    design = pd.get_dummies(df["group"])[groups].astype(float)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.NegativeBinomial(
                df["count"].astype(float), design, exposure=df["exposure"]
            ).fit(method="bfgs", disp=0, maxiter=500)
    except (ValueError, np.linalg.LinAlgError):
        return {}
    if not res.mle_retvals.get("converged", False):
        return {}
    method = "negbin-nb2"
    try:
        cov = res.cov_params().loc[groups, groups]
    except ValueError:
        cov = None
    if cov is None or float(res.params["alpha"]) < 1e-4:
        # The dispersion estimate sits at its boundary (no overdispersion): NB2 reduces to
        # Poisson, whose GLM gives the intervals.
        res = sm.GLM(df["count"].astype(float), design, family=sm.families.Poisson(),
                     exposure=df["exposure"]).fit()
        cov = res.cov_params().loc[groups, groups]
        method = "negbin-nb2 (alpha=0: poisson)"
    params = res.params[groups]
    from scipy import stats

    z = stats.norm.ppf(1 - (1 - level) / 2)
    out: dict[tuple[str, str], RateRatio] = {}
    for a in groups:
        for b in groups:
            if a == b:
                continue
            d = float(params[a] - params[b])
            var = float(cov.loc[a, a] + cov.loc[b, b] - 2 * cov.loc[a, b])
            if not np.isfinite(d) or var <= 0 or not np.isfinite(var):
                continue
            se = math.sqrt(var)
            out[(a, b)] = RateRatio(
                math.exp(d), math.exp(d - z * se), math.exp(d + z * se), method, False
            )
    return out
