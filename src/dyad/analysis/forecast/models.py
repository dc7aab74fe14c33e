"""Forecast models: predictive distributions as simulation draws.

Baselines ignore the scenario: ``last`` (last value plus historical h-step changes),
``hist_mean`` (historical mean plus resampled deviations) and ``seasonal`` (same month a
year earlier plus 12-month changes; monthly series only). Scenario models:

- ``negbin`` for counts: negative-binomial regression on party (R=1), first year of
  term, trend (years) and any scenario dummies;
- ``loglevel_party`` (trade turnover, log scale) / ``level_party`` (balance): a local-level
  state-space model (random walk plus noise) with party, first-year and dummy effects;
- ``linear_ar1`` for shares (UN agreement): regression on the same terms with AR(1)
  errors (Cochrane-Orcutt), clipped to [0, 1].

Draws carry parameter uncertainty (multivariate Student-t with n-k degrees of freedom,
which widens intervals in small samples) and observation noise.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from dyad.analysis.forecast.periods import Period
from dyad.analysis.forecast.scenarios import Scenario, first_year_of_term
from dyad.analysis.forecast.targets import ForecastInputError, Series

MIN_HISTORY = {"A": 6, "Q": 12, "M": 24}
SMALL_DF = 20
BASELINES = ("last", "hist_mean", "seasonal")


@dataclass
class ModelForecast:
    model: str
    periods: list[Period]
    draws: np.ndarray  # (n_draws, n_periods)
    notes: list[str] = field(default_factory=list)
    uses_scenario: bool = False


def scenario_model_name(series: Series) -> str:
    kind = series.spec.kind
    return {"count": "negbin", "positive": "loglevel_party", "level": "level_party"}.get(
        kind, "linear_ar1")


def models_for(series: Series) -> list[str]:
    names = ["last", "hist_mean"] + (["seasonal"] if series.spec.freq == "M" else [])
    return names + [scenario_model_name(series)]


def check_history(series: Series) -> None:
    need = MIN_HISTORY[series.spec.freq]
    if len(series) < need:
        raise ForecastInputError(
            f"too little history for {series.spec.name} ({series.pair}): {len(series)} "
            f"complete periods, at least {need} needed")


def path_to(series: Series, last: Period) -> list[Period]:
    """Every period from the one after the last observed to ``last``."""
    out: list[Period] = []
    p = series.periods[-1].next()
    while p.start <= last.start:
        out.append(p)
        p = p.next()
    return out


def _to_scale(series: Series) -> np.ndarray:
    y = series.values.astype(float)
    return np.log(np.maximum(y, 0.1)) if series.spec.kind == "positive" else y


def _from_scale(series: Series, draws: np.ndarray) -> np.ndarray:
    kind = series.spec.kind
    if kind == "positive":
        # Heavy-tailed (Student-t) parameter draws can reach absurd log values; cap them at
        # e^34.5 (~1e15, far beyond any series here) so that no draw overflows to inf.
        return np.exp(np.minimum(draws, 34.5))
    if kind == "count":
        return np.maximum(draws, 0.0)
    if kind == "share":
        return np.clip(draws, 0.0, 1.0)
    return draws


def _small_note(n: int, k: int) -> list[str]:
    if n - k < SMALL_DF:
        return [f"small sample: {n} periods for {k} parameters; intervals use Student-t "
                f"parameter draws (df={max(n - k, 1)}) and are wide on purpose"]
    return []


def forecast_baseline(
    name: str, series: Series, periods: list[Period], n_draws: int, rng: np.random.Generator
) -> ModelForecast:
    y = _to_scale(series)
    n = len(y)
    out = np.empty((n_draws, len(periods)))
    notes = _small_note(n, 1)
    if name == "hist_mean":
        dev = y - y.mean()
        for j in range(len(periods)):
            out[:, j] = y.mean() + rng.choice(dev, n_draws) * math.sqrt(1 + 1 / n)
    elif name in ("last", "seasonal"):
        lag = 12 if name == "seasonal" else 1
        if name == "seasonal" and series.spec.freq != "M":
            raise ForecastInputError("the seasonal baseline is for monthly series only")
        scaled = False
        for j in range(len(periods)):
            h = j + 1
            step = lag * math.ceil(h / lag)
            base = y[n + h - 1 - step]
            diffs = y[step:] - y[:-step] if n > step else np.array([])
            if len(diffs) >= 5:
                out[:, j] = base + rng.choice(diffs, n_draws)
            else:  # too few h-step changes: scale the one-step ones
                d1 = y[lag:] - y[:-lag]
                out[:, j] = base + rng.choice(d1, n_draws) * math.sqrt(step / lag)
                scaled = True
        if scaled:
            notes.append("few h-step changes in the history: one-step changes scaled by "
                         "sqrt(h) for the far periods")
    else:
        raise ForecastInputError(f"unknown baseline {name!r}")
    return ModelForecast(name, periods, _from_scale(series, out), notes)


def design(
    periods: list[Period], scenario: Scenario, origin: float, dummies: list[str]
) -> np.ndarray:
    """Columns: const, party_R, first_year, trend (years from origin), dummies."""
    rows = []
    for p in periods:
        rows.append([1.0, 1.0 if scenario.party_on(p.mid) == "R" else 0.0,
                     first_year_of_term(p), p.year_frac - origin]
                    + [scenario.dummy(d, p) for d in dummies])
    return np.array(rows, dtype=float)


COLUMNS = ["const", "party_R", "first_year", "trend"]


def _usable_columns(x: np.ndarray, names: list[str]) -> tuple[list[int], list[str]]:
    keep, notes = [0], []
    for j in range(1, x.shape[1]):
        if np.ptp(x[:, j]) > 0:
            keep.append(j)
        else:
            notes.append(f"{names[j]} does not vary in the history: its effect is not "
                         "estimated (held at zero)")
    return keep, notes


def _t_draws(
    mean: np.ndarray, cov: np.ndarray, df: int, n: int, rng: np.random.Generator
) -> np.ndarray:
    cov = (cov + cov.T) / 2
    z = rng.multivariate_normal(np.zeros(len(mean)), cov, size=n, method="eigh")
    w = rng.chisquare(df, size=n) / df
    return np.asarray(mean + z / np.sqrt(w)[:, None])


def forecast_scenario(
    series: Series,
    periods: list[Period],
    scenario: Scenario,
    n_draws: int,
    rng: np.random.Generator,
) -> ModelForecast:
    """The scenario model for the series' kind."""
    origin = series.periods[-1].year_frac
    dummies = sorted(scenario.dummies)
    x_hist = design(series.periods, scenario, origin, dummies)
    x_new = design(periods, scenario, origin, dummies)
    names = COLUMNS + [f"dummy:{d}" for d in dummies]
    keep, notes = _usable_columns(x_hist, names)
    x_hist, x_new = x_hist[:, keep], x_new[:, keep]
    if series.spec.kind == "count":
        draws, more = _negbin(series, x_hist, x_new, n_draws, rng)
    elif series.spec.kind in ("positive", "level"):
        # the local level absorbs any trend: the regression keeps party, term and dummies
        cols = [i for i, j in enumerate(keep) if names[j] != "trend"]
        draws, more = _local_level(series, x_hist[:, cols], x_new[:, cols], n_draws, rng)
    else:
        draws, more = _ar1(series, x_hist, x_new, n_draws, rng)
    return ModelForecast(scenario_model_name(series), periods, draws, notes + more,
                         uses_scenario=True)


def _negbin(
    series: Series, x: np.ndarray, x_new: np.ndarray, n_draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, list[str]]:
    import statsmodels.api as sm
    from scipy import stats

    y = np.round(series.values).astype(float)
    n, k = x.shape
    notes = _small_note(n, k + 1)
    if series.spec.name == "intensity":
        notes.append("intensity is modelled as a count (rounded weighted contacts)")
    if y.sum() < 10:
        notes.append(f"only {int(y.sum())} events in the history: the rate is poorly known")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.NegativeBinomial(y, x).fit(disp=0, maxiter=300)
            params = np.asarray(res.params, dtype=float)
            cov = np.asarray(res.cov_params(), dtype=float)
        if not (np.all(np.isfinite(cov)) and np.all(np.isfinite(params)) and res.mle_retvals
                .get("converged", True)):
            raise ValueError("no convergence")
        beta, cov_b = params[:k], cov[:k, :k]
        alpha_hat = max(float(params[k]), 1e-4)
        log_alpha = math.log(alpha_hat)
        se_log_alpha = math.sqrt(max(float(cov[k, k]), 0.0)) / alpha_hat
    except Exception:  # noqa: BLE001  (any numerical failure of the fit: fall back)
        beta, cov_b, log_alpha, se_log_alpha, note = _quasi_poisson(y, x)
        notes.append(note)
    if not np.all(np.isfinite(cov_b)):
        cov_b = np.diag(np.full(k, 1.0))
        notes.append("parameter covariance not estimable: unit variance assumed")
    b = _t_draws(beta, cov_b, max(n - k - 1, 1), n_draws, rng)
    se_log_alpha = min(se_log_alpha, 2.0)
    alpha = np.exp(np.clip(log_alpha + se_log_alpha * rng.standard_normal(n_draws), -9.0, 3.0))
    eta = b @ x_new.T
    cap = math.log(10 * max(y.max(), 1.0) + 10)
    if (eta > cap).mean() > 0.01:
        notes.append("some parameter draws extrapolate the trend beyond 10x the historical "
                     "maximum; the mean is capped there")
    mu = np.exp(np.minimum(eta, cap))
    size = 1.0 / np.maximum(alpha, 1e-6)[:, None]
    # inverse-CDF draws: one uniform per cell, so scenarios share random numbers
    u = rng.random(mu.shape)
    draws = stats.nbinom.ppf(u, np.broadcast_to(size, mu.shape), size / (size + mu))
    return np.asarray(draws, dtype=float), notes


def _quasi_poisson(
    y: np.ndarray, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float, float, str]:
    """Fallbacks when the NB fit fails: quasi-Poisson, else a constant rate."""
    import statsmodels.api as sm

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2")
        beta, cov_b = np.asarray(res.params), np.asarray(res.cov_params())
        if not (np.all(np.isfinite(beta)) and np.all(np.isfinite(cov_b))):
            raise ValueError("no finite estimates")
        phi = float(res.scale)
        log_alpha = math.log(max((phi - 1) / max(y.mean(), 1e-6), 1e-3))
        return beta, cov_b, log_alpha, 1.0, (
            "negative-binomial fit did not converge: quasi-Poisson fit with the dispersion "
            "as the NB shape")
    except Exception:  # noqa: BLE001
        k = x.shape[1]
        beta = np.zeros(k)
        beta[0] = math.log(max(y.mean(), 0.5 / len(y)))
        cov_b = np.zeros((k, k))
        cov_b[0, 0] = 1.0 / (y.sum() + 0.5)
        return beta, cov_b, math.log(0.1), 1.0, (
            "regression fits failed: a constant rate with gamma-Poisson noise is used; party "
            "and term effects are not estimated")


def _ar1(
    series: Series, x: np.ndarray, x_new: np.ndarray, n_draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, list[str]]:
    import statsmodels.api as sm

    y = _to_scale(series)
    n, k = x.shape
    notes = _small_note(n, k + 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sm.GLSAR(y, x, rho=1).iterative_fit(maxiter=20)
    beta, cov_b = np.asarray(res.params, dtype=float), np.asarray(res.cov_params(), dtype=float)
    phi = float(np.clip(np.asarray(res.model.rho).ravel()[0], -0.95, 0.95))
    resid = y - x @ beta
    innov = resid[1:] - phi * resid[:-1]
    df = max(n - k - 2, 1)
    sigma2 = float(innov @ innov) / df
    if not np.all(np.isfinite(cov_b)):
        cov_b = np.diag(np.full(k, sigma2))
        notes.append("parameter covariance not estimable: innovation variance assumed")
    b = _t_draws(beta, cov_b, df, n_draws, rng)
    phis = np.clip(phi + math.sqrt(max(1 - phi**2, 0.05) / n) * rng.standard_normal(n_draws),
                   -0.98, 0.98)
    s2 = sigma2 * df / rng.chisquare(df, size=n_draws)
    u = y[-1] - b @ x[-1]
    draws = np.empty((n_draws, len(x_new)))
    for j in range(len(x_new)):
        u = phis * u + np.sqrt(s2) * rng.standard_normal(n_draws)
        draws[:, j] = b @ x_new[j] + u
    if series.spec.kind == "share":
        notes.append("agreement is bounded: draws are clipped to [0, 1]")
    return _from_scale(series, draws), notes


def _local_level(
    series: Series, x: np.ndarray, x_new: np.ndarray, n_draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, list[str]]:
    """Local level (random walk plus noise) with regression effects, on the model scale.

    y_t = mu_t + x_t b + e_t,  mu_t = mu_{t-1} + w_t  (x without the constant).
    """
    import statsmodels.api as sm

    y = _to_scale(series)
    n = len(y)
    xr, xr_new = x[:, 1:], x_new[:, 1:]
    k = xr.shape[1]
    notes = _small_note(n, k + 2)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mod = sm.tsa.UnobservedComponents(y, level="llevel", exog=xr if k else None)
            res = mod.fit(disp=False, maxiter=200)
        params = np.asarray(res.params, dtype=float)
        cov = np.asarray(res.cov_params(), dtype=float)
        s2_irr, s2_lvl = max(params[0], 1e-8), max(params[1], 1e-8)
        beta, cov_b = params[2:2 + k], cov[2:2 + k, 2:2 + k]
        level, level_var = float(res.filtered_state[0, -1]), float(
            res.filtered_state_cov[0, 0, -1])
        if not (np.all(np.isfinite(params)) and np.all(np.isfinite(cov_b))):
            raise ValueError("no finite estimates")
    except (ValueError, np.linalg.LinAlgError):
        notes.append("state-space fit failed: regression with AR(1) errors used instead")
        return _ar1(series, x, x_new, n_draws, rng)
    df = max(n - k - 2, 1)
    b = _t_draws(beta, cov_b, df, n_draws, rng) if k else np.zeros((n_draws, 0))
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
    return _from_scale(series, draws), notes
