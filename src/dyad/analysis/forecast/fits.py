"""Fits of the scenario models, with no silent failure.

A fit that does not converge, gives non-finite estimates, has a coefficient whose standard
error is past a bound, or whose draws overflow on the back-transform raises
:class:`FitFailed`; the caller marks the forecast (and a backtest vantage) failed instead
of scoring it. There are no fallbacks to other models: a substitute would be scored as if
it were the model named.

Bounds: on log scales (counts, trade turnover) a coefficient's standard error above
``SE_BOUND_LOG`` (3.0: a 95% interval wider than a factor of e^12 = 160,000) means the
effect is not estimated; on level scales the bound is ``SE_BOUND_LEVEL`` (10) times the
series' standard deviation. Draws overflow when more than ``OVERFLOW_SHARE`` (1%) of them
exceed ``OVERFLOW_FACTOR`` (100) times the historical maximum (plus 100 for counts).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

SE_BOUND_LOG = 3.0
SE_BOUND_LEVEL = 10.0
OVERFLOW_FACTOR = 100.0
OVERFLOW_SHARE = 0.01
ALPHA_BOUNDARY = 1e-3


def _fitted(memo: dict[Any, Any] | None, key: tuple[Any, ...], fit: Callable[[], Any]) -> Any:
    """``fit()``, or its result from ``memo`` when the same model was fitted to the same data
    (scenarios share a history: only their future terms differ). A failed fit raises and is
    not kept."""
    if memo is None:
        return fit()
    if key not in memo:
        memo[key] = fit()
    return memo[key]


def _key(name: str, *arrays: np.ndarray) -> tuple[Any, ...]:
    return (name, *((a.shape, a.dtype.str, a.tobytes()) for a in arrays))


class FitFailed(Exception):  # noqa: N818  (a state, not a programming error)
    """A model could not be fitted honestly; the message says why."""


def small_note(n: int, k: int) -> list[str]:
    if n - k < 20:
        return [f"small sample: {n} periods for {k} parameters; intervals use Student-t "
                f"parameter draws (df={max(n - k, 1)}) and are wide on purpose"]
    return []


def t_draws(
    mean: np.ndarray, cov: np.ndarray, df: int, n: int, rng: np.random.Generator
) -> np.ndarray:
    cov = (cov + cov.T) / 2
    z = rng.multivariate_normal(np.zeros(len(mean)), cov, size=n, method="eigh")
    w = rng.chisquare(df, size=n) / df
    return np.asarray(mean + z / np.sqrt(w)[:, None])


def check_estimates(params: np.ndarray, cov: np.ndarray, names: list[str], bound: float,
                    scale: str) -> None:
    """Raise FitFailed on non-finite estimates or a standard error past ``bound``."""
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(cov))):
        raise FitFailed("non-finite estimates or covariance")
    se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    for name, s in zip(names, se, strict=False):
        if s > bound:
            raise FitFailed(f"standard error of {name} is {s:.3g} on the {scale} scale, past "
                            f"the bound {bound:.3g}: the effect is not estimated")


def check_overflow(draws: np.ndarray, y_max: float, plus: float = 0.0) -> None:
    """Raise FitFailed when the draws overflow or explode past the historical range."""
    if not np.all(np.isfinite(draws)):
        raise FitFailed("draws overflow on the back-transform (non-finite values)")
    limit = OVERFLOW_FACTOR * max(abs(y_max), 1e-9) + plus
    share = float(np.mean(np.abs(draws) > limit))
    if share > OVERFLOW_SHARE:
        raise FitFailed(f"{share:.1%} of draws exceed {OVERFLOW_FACTOR:.0f}x the historical "
                        "maximum: the model extrapolates explosively")


def negbin(
    y_raw: np.ndarray, x: np.ndarray, x_new: np.ndarray, names: list[str], n_draws: int,
    rng: np.random.Generator, *, memo: dict[Any, Any] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Negative-binomial regression (log link) draws: parameter and count uncertainty
    (``memo``: fits already made in this run, see :func:`_fitted`)."""
    import statsmodels.api as sm
    from scipy import stats

    y = np.round(y_raw).astype(float)
    n, k = x.shape
    notes = small_note(n, k + 1)
    if y.sum() < 10:
        notes.append(f"only {int(y.sum())} events in the history: the rate is poorly known")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = _fitted(memo, _key("negbin", y, x),
                          lambda: sm.NegativeBinomial(y, x).fit(disp=0, maxiter=300))
            params = np.asarray(res.params, dtype=float)
            converged = bool(res.mle_retvals.get("converged", False))
        except (ValueError, np.linalg.LinAlgError) as e:
            params, converged = np.full(k + 1, np.nan), False
            if "covariance" not in str(e):
                raise FitFailed(f"negative-binomial fit failed ({e})") from e
    if not converged and not (np.isnan(params[k]) or params[k] < ALPHA_BOUNDARY):
        raise FitFailed("negative-binomial fit did not converge")
    if converged and params[k] >= ALPHA_BOUNDARY:
        cov = np.asarray(res.cov_params(), dtype=float)
        check_estimates(params[:k], cov[:k, :k], names, SE_BOUND_LOG, "log")
        beta, cov_b = params[:k], cov[:k, :k]
        alpha_hat = float(params[k])
        se_log_alpha = min(math.sqrt(max(float(cov[k, k]), 0.0)) / alpha_hat, 2.0)
    else:
        # the likelihood peaks at the boundary alpha = 0 (no overdispersion): the NB's
        # Poisson limit is the maximum-likelihood fit of the same model
        beta, cov_b = _poisson(y, x, names, memo)
        alpha_hat, se_log_alpha = 0.0, 0.0
        notes.append("no overdispersion in the history (the NB dispersion estimate is at its "
                     "boundary, alpha = 0): the Poisson limit of the model is used")
    b = t_draws(beta, cov_b, max(n - k - 1, 1), n_draws, rng)
    with np.errstate(over="ignore"):
        mu = np.exp(b @ x_new.T)
    check_overflow(mu, float(y.max()), plus=100.0)
    u = rng.random(mu.shape)  # inverse-CDF draws: scenarios share random numbers
    if alpha_hat == 0.0:
        return np.asarray(stats.poisson.ppf(u, mu), dtype=float), notes
    alpha = np.exp(np.clip(math.log(alpha_hat) + se_log_alpha * rng.standard_normal(n_draws),
                           -9.0, 3.0))
    size = 1.0 / np.maximum(alpha, 1e-6)[:, None]
    draws = stats.nbinom.ppf(u, np.broadcast_to(size, mu.shape), size / (size + mu))
    return np.asarray(draws, dtype=float), notes


def _poisson(y: np.ndarray, x: np.ndarray, names: list[str],
             memo: dict[Any, Any] | None = None) -> tuple[np.ndarray, np.ndarray]:
    import statsmodels.api as sm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = _fitted(memo, _key("poisson", y, x),
                          lambda: sm.GLM(y, x, family=sm.families.Poisson()).fit())
        except (ValueError, np.linalg.LinAlgError) as e:
            raise FitFailed(f"Poisson fit failed ({e})") from e
    if not res.converged:
        raise FitFailed("Poisson fit (the NB's limit) did not converge")
    beta, cov_b = np.asarray(res.params, dtype=float), np.asarray(res.cov_params(), dtype=float)
    check_estimates(beta, cov_b, names, SE_BOUND_LOG, "log")
    return beta, cov_b


def ar1(
    y: np.ndarray, x: np.ndarray, x_new: np.ndarray, names: list[str], n_draws: int,
    rng: np.random.Generator, *, memo: dict[Any, Any] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Regression with AR(1) errors (Cochrane-Orcutt) on the model scale."""
    import statsmodels.api as sm

    n, k = x.shape
    notes = small_note(n, k + 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = _fitted(memo, _key("ar1", y, x),
                          lambda: sm.GLSAR(y, x, rho=1).iterative_fit(maxiter=20))
        except (ValueError, np.linalg.LinAlgError) as e:
            raise FitFailed(f"AR(1) regression failed ({e})") from e
    beta, cov_b = np.asarray(res.params, dtype=float), np.asarray(res.cov_params(), dtype=float)
    check_estimates(beta, cov_b, names, SE_BOUND_LEVEL * max(float(np.std(y)), 1e-9), "level")
    phi = float(np.clip(np.asarray(res.model.rho).ravel()[0], -0.95, 0.95))
    resid = y - x @ beta
    innov = resid[1:] - phi * resid[:-1]
    df = max(n - k - 2, 1)
    sigma2 = float(innov @ innov) / df
    b = t_draws(beta, cov_b, df, n_draws, rng)
    phis = np.clip(phi + math.sqrt(max(1 - phi**2, 0.05) / n) * rng.standard_normal(n_draws),
                   -0.98, 0.98)
    s2 = sigma2 * df / rng.chisquare(df, size=n_draws)
    u = y[-1] - b @ x[-1]
    draws = np.empty((n_draws, len(x_new)))
    for j in range(len(x_new)):
        u = phis * u + np.sqrt(s2) * rng.standard_normal(n_draws)
        draws[:, j] = b @ x_new[j] + u
    check_overflow(draws, float(np.max(np.abs(y))))
    return draws, notes


def local_level(
    y: np.ndarray, x: np.ndarray, x_new: np.ndarray, names: list[str], n_draws: int,
    rng: np.random.Generator, *, log_scale: bool, memo: dict[Any, Any] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Local level (random walk plus noise) with regression effects, on the model scale.

    y_t = mu_t + x_t b + e_t,  mu_t = mu_{t-1} + w_t  (x without the constant).
    """
    import statsmodels.api as sm

    n = len(y)
    xr, xr_new = x[:, 1:], x_new[:, 1:]
    k = xr.shape[1]
    notes = small_note(n, k + 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = _fitted(memo, _key("llevel", y, xr), lambda: sm.tsa.UnobservedComponents(
                y, level="llevel", exog=xr if k else None).fit(disp=False, maxiter=200))
            params = np.asarray(res.params, dtype=float)
            cov = np.asarray(res.cov_params(), dtype=float)
        except (ValueError, np.linalg.LinAlgError) as e:
            raise FitFailed(f"state-space fit failed ({e})") from e
    if not res.mle_retvals.get("converged", False):
        raise FitFailed("state-space fit did not converge")
    beta, cov_b = params[2:2 + k], cov[2:2 + k, 2:2 + k]
    bound = SE_BOUND_LOG if log_scale else SE_BOUND_LEVEL * max(float(np.std(y)), 1e-9)
    check_estimates(beta, cov_b, names[1:], bound, "log" if log_scale else "level")
    if not np.all(np.isfinite(params[:2])):
        raise FitFailed("non-finite variance estimates")
    s2_irr, s2_lvl = max(params[0], 1e-8), max(params[1], 1e-8)
    level, level_var = float(res.filtered_state[0, -1]), float(res.filtered_state_cov[0, 0, -1])
    df = max(n - k - 2, 1)
    b = t_draws(beta, cov_b, df, n_draws, rng) if k else np.zeros((n_draws, 0))
    s2_i = s2_irr * df / rng.chisquare(df, size=n_draws)
    s2_l = s2_lvl * df / rng.chisquare(df, size=n_draws)
    # the level at the last period moves with the drawn effects so the fit stays consistent
    mu = (level + ((beta - b) @ xr[-1] if k else 0.0)
          + math.sqrt(max(level_var, 0.0)) * rng.standard_normal(n_draws))
    draws = np.empty((n_draws, len(x_new)))
    for j in range(len(x_new)):
        mu = mu + np.sqrt(s2_l) * rng.standard_normal(n_draws)
        draws[:, j] = mu + (b @ xr_new[j] if k else 0.0) + np.sqrt(s2_i) * rng.standard_normal(
            n_draws)
    if log_scale:
        with np.errstate(over="ignore"):
            out = np.exp(draws)
        check_overflow(out, float(np.exp(y.max())))
        return out, notes
    check_overflow(draws, float(np.max(np.abs(y))))
    return draws, notes
