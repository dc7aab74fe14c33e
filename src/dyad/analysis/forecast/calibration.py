"""Calibration of predictive samples: randomized PIT, coverage with binomial intervals,
and conformal intervals (optionally with the finite-sample correction).

Randomized PIT (Czado, Gneiting & Held 2009): for a predictive distribution F and an
observation y, PIT = P(X < y) + V * P(X = y) with V ~ Uniform(0, 1). For continuous
forecasts the tie term vanishes; for counts (discrete draws) it spreads the mass of the
observed value, so that a calibrated forecast gives uniform PITs. A value is inside the
central ``w`` interval when |PIT - 1/2| <= w/2: coverage computed this way is not inflated
by ties, unlike "lo <= y <= hi" on discrete quantiles.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def randomized_pit(draws: np.ndarray, observed: float, rng: np.random.Generator) -> float:
    """The randomized probability integral transform of ``observed`` under the sample."""
    x = np.asarray(draws, dtype=float)
    if len(x) == 0:
        raise ValueError("no draws")
    below = float(np.mean(x < observed))
    tie = float(np.mean(x == observed))
    return below + float(rng.random()) * tie


def covered(pit: float, width: float) -> bool:
    """Whether a PIT lies in the central ``width`` interval."""
    return abs(pit - 0.5) <= width / 2


def binomial_interval(hits: int, n: int, level: float = 0.90) -> tuple[float, float]:
    """Clopper-Pearson (exact) interval for a proportion ``hits / n``."""
    if n <= 0:
        return (math.nan, math.nan)
    a = 1 - level
    from scipy import stats  # here: scipy.stats costs ~0.4 s to import

    lo = 0.0 if hits == 0 else float(stats.beta.ppf(a / 2, hits, n - hits + 1))
    hi = 1.0 if hits == n else float(stats.beta.ppf(1 - a / 2, hits + 1, n - hits))
    return lo, hi


def coverage(pits: Sequence[float], width: float, level: float = 0.90) -> dict[str, float]:
    """Share of PITs inside the central ``width`` interval, with its Clopper-Pearson interval."""
    n = len(pits)
    hits = sum(covered(p, width) for p in pits)
    lo, hi = binomial_interval(hits, n, level)
    return {"nominal": width, "coverage": hits / n if n else math.nan, "ci_low": lo,
            "ci_high": hi, "n": n}


def pit_histogram(pits: Sequence[float], bins: int = 5) -> list[tuple[float, float, int]]:
    """(bin start, bin end, count) for equal-width PIT bins on [0, 1]."""
    edges = np.linspace(0, 1, bins + 1)
    counts, _ = np.histogram(np.clip(np.asarray(pits, dtype=float), 0, 1), bins=edges)
    return [(float(edges[i]), float(edges[i + 1]), int(counts[i])) for i in range(bins)]


def conformal_quantile(scores: Sequence[float], level: float, *,
                       finite_sample: bool = True) -> float:
    """The conformal radius for a ``level`` interval from calibration ``scores``.

    With the finite-sample correction the ceil((n + 1) * level)-th smallest score is used,
    which guarantees coverage >= ``level`` for exchangeable scores; it is infinite when
    n is too small for the level (n < level / (1 - level)). Without it, the plain empirical
    ``level`` quantile (which under-covers in small samples).
    """
    s = np.sort(np.asarray(scores, dtype=float))
    n = len(s)
    if n == 0:
        return math.inf
    if finite_sample:
        k = math.ceil((n + 1) * level)
        return math.inf if k > n else float(s[k - 1])
    return float(np.quantile(s, level))
