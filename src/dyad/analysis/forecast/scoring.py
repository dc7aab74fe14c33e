"""Scores of probabilistic forecasts from their simulation draws."""

from __future__ import annotations

import numpy as np

QUANTILES = (0.05, 0.25, 0.50, 0.75, 0.95)
QUANTILE_COLUMNS = ("q05", "q25", "q50", "q75", "q95")


def crps_sample(draws: np.ndarray, observed: float) -> float:
    """Continuous ranked probability score of a sample: E|X-y| - E|X-X'|/2 (lower is better).

    Computed exactly for the empirical distribution of the draws, in O(n log n).
    """
    x = np.sort(np.asarray(draws, dtype=float))
    n = len(x)
    if n == 0:
        raise ValueError("no draws to score")
    term1 = float(np.mean(np.abs(x - observed)))
    # sum_{i,j} |x_i - x_j| = 2 * sum_i (2i - n - 1) x_(i), i = 1..n
    i = np.arange(1, n + 1)
    term2 = float(np.sum((2 * i - n - 1) * x)) / (n * n)
    return term1 - term2


def quantiles(draws: np.ndarray) -> dict[str, float]:
    qs = np.quantile(np.asarray(draws, dtype=float), QUANTILES)
    return dict(zip(QUANTILE_COLUMNS, (float(q) for q in qs), strict=True))


def interval_cover(draws: np.ndarray, observed: float, width: float) -> bool:
    """Whether the central ``width`` interval of the draws contains the observed value."""
    lo, hi = np.quantile(np.asarray(draws, dtype=float), [(1 - width) / 2, (1 + width) / 2])
    return bool(lo <= observed <= hi)


def score(draws: np.ndarray, observed: float) -> dict[str, float | bool]:
    med = float(np.median(draws))
    return {"crps": crps_sample(draws, observed), "abs_error": abs(med - observed),
            "in50": interval_cover(draws, observed, 0.5),
            "in80": interval_cover(draws, observed, 0.8)}
