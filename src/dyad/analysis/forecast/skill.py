"""Skill of a backtested model: CRPS skill against persistence and climatology with
intervals, conformal interval coverage, and the verdict in words.

Skill = 1 - CRPS(model) / CRPS(baseline), pooled over the scored periods of the vantages
where every model ran (positive: better than the baseline). Its interval resamples whole
vantages (the four years after one election share one forecast origin, so they are not
independent): a percentile bootstrap, 90%, seeded; with 6-8 vantages it is rough.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dyad.analysis.forecast.calibration import binomial_interval, conformal_quantile

PERSISTENCE = "last"
CLIMATOLOGY = "hist_mean"
GOAL = 0.10
BOOTSTRAP = 2000
SKILL_COLUMNS = ["model", "versus", "skill", "ci_low", "ci_high", "vantages", "periods"]


def crps_skill(detail: pd.DataFrame, model: str, versus: str, *, seed: int) -> dict[str, object]:
    """Pooled CRPS skill of ``model`` over ``versus`` with a vantage-bootstrap 90% interval."""
    a = detail[detail["model"] == model].set_index(["vantage", "period"])["crps"]
    b = detail[detail["model"] == versus].set_index(["vantage", "period"])["crps"]
    j = pd.concat([a.rename("m"), b.rename("b")], axis=1, join="inner").reset_index()
    vantages = sorted(j["vantage"].unique())
    if not vantages or j["b"].sum() <= 0:
        return {"model": model, "versus": versus, "skill": math.nan, "ci_low": math.nan,
                "ci_high": math.nan, "vantages": len(vantages), "periods": len(j)}
    sums = j.groupby("vantage")[["m", "b"]].sum().loc[vantages].to_numpy()
    skill = 1 - sums[:, 0].sum() / sums[:, 1].sum()
    rng = np.random.default_rng([seed, 7])
    idx = rng.integers(0, len(vantages), size=(BOOTSTRAP, len(vantages)))
    m, bb = sums[idx, 0].sum(axis=1), sums[idx, 1].sum(axis=1)
    boot = 1 - m / np.where(bb > 0, bb, np.nan)
    lo, hi = np.nanpercentile(boot, [5, 95])
    return {"model": model, "versus": versus, "skill": float(skill), "ci_low": float(lo),
            "ci_high": float(hi), "vantages": len(vantages), "periods": len(j)}


def skill_table(detail: pd.DataFrame, models: list[str], *, seed: int) -> pd.DataFrame:
    rows = [crps_skill(detail, m, base, seed=seed)
            for m in models if m not in (PERSISTENCE, CLIMATOLOGY)
            for base in (PERSISTENCE, CLIMATOLOGY)]
    return pd.DataFrame(rows, columns=SKILL_COLUMNS)


def conformal_coverage(detail: pd.DataFrame, model: str, *, log_scale: bool,
                       finite_sample: bool, levels: tuple[float, ...] = (0.5, 0.8)
                       ) -> pd.DataFrame:
    """Coverage of conformal intervals around the model's median, made sequentially: at each
    vantage the radius comes from the absolute errors (model scale) of earlier vantages only.
    """
    d = detail[detail["model"] == model].sort_values(["vantage", "period"])
    rows = []
    for level in levels:
        hits = n = unbounded = 0
        seen: list[float] = []
        for _v, g in d.groupby("vantage", sort=True):
            err = np.abs(_scale(g["observed"], log_scale) - _scale(g["q50"], log_scale))
            if seen:
                r = conformal_quantile(seen, level, finite_sample=finite_sample)
                unbounded += len(err) if math.isinf(r) else 0
                hits += int(np.sum(err <= r))
                n += len(err)
            seen.extend(float(e) for e in err)
        lo, hi = binomial_interval(hits, n)
        rows.append({"method": "conformal, finite-sample" if finite_sample else
                     "conformal, plain quantile", "nominal": level,
                     "coverage": hits / n if n else math.nan, "ci_low": lo, "ci_high": hi,
                     "n": n, "unbounded": unbounded})
    return pd.DataFrame(rows)


def _scale(values: pd.Series, log_scale: bool) -> np.ndarray:
    a = values.to_numpy(float)
    return np.log(np.maximum(a, 1e-9)) if log_scale else a


def verdict_words(target: str, model: str, skill: pd.DataFrame, ok_vantages: int) -> str:
    """The verdict on one model in words, with the figures ("no skill" when that is so)."""
    if ok_vantages == 0 or skill.empty:
        return (f"{target}: cannot be assessed - no election vantage where every model ran.")
    rows: dict[str, dict[str, object]] = {
        str(r["versus"]): {str(k): v for k, v in r.items()}
        for r in skill[skill["model"] == model].to_dict("records")}
    if PERSISTENCE not in rows or CLIMATOLOGY not in rows:
        return f"{target}: cannot be assessed - a baseline is missing."
    p, c = rows[PERSISTENCE], rows[CLIMATOLOGY]

    def fig(r: dict[str, object], name: str) -> str:
        return (f"{float(r['skill']):+.0%} vs {name} (90% interval "  # type: ignore[arg-type]
                f"{float(r['ci_low']):+.0%} to {float(r['ci_high']):+.0%})")  # type: ignore[arg-type]

    both = f"{fig(p, 'persistence')}, {fig(c, 'climatology')}; {ok_vantages} vantages"
    sp, sc = float(p["skill"]), float(c["skill"])  # type: ignore[arg-type]
    lows = (float(p["ci_low"]), float(c["ci_low"]))  # type: ignore[arg-type]
    if math.isnan(sp) or math.isnan(sc):
        return f"{target}: cannot be assessed ({both})."
    if sp <= 0 or sc <= 0:
        worse = "persistence" if sp <= sc else "climatology"
        return f"{target}: no skill - {model} does no better than {worse} ({both})."
    if min(lows) <= 0:
        return (f"{target}: no demonstrable skill - {model} scores better than both baselines "
                f"but an interval includes zero ({both}).")
    if min(sp, sc) < GOAL:
        return (f"{target}: some skill, below the {GOAL:.0%} goal - {model} ({both}).")
    return f"{target}: skill - {model} beats both baselines by {GOAL:.0%} or more ({both})."
