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
    vantages, sums, periods = _vantage_sums(detail, model, versus)
    if not vantages or sums[:, 1].sum() <= 0:
        return {"model": model, "versus": versus, "skill": math.nan, "ci_low": math.nan,
                "ci_high": math.nan, "vantages": len(vantages), "periods": periods}
    skill = 1 - sums[:, 0].sum() / sums[:, 1].sum()
    rng = np.random.default_rng([seed, 7])
    idx = rng.integers(0, len(vantages), size=(BOOTSTRAP, len(vantages)))
    m, bb = sums[idx, 0].sum(axis=1), sums[idx, 1].sum(axis=1)
    boot = 1 - m / np.where(bb > 0, bb, np.nan)
    lo, hi = np.nanpercentile(boot, [5, 95])
    return {"model": model, "versus": versus, "skill": float(skill), "ci_low": float(lo),
            "ci_high": float(hi), "vantages": len(vantages), "periods": periods}


def _vantage_sums(detail: pd.DataFrame, model: str, versus: str
                  ) -> tuple[list[str], np.ndarray, int]:
    """The vantages (sorted) where both models scored a period, each one's CRPS sums of the
    model and the baseline over the periods both scored, and how many such periods.

    Sums are compensated (Kahan) in row order, the summation pandas' ``groupby().sum()``
    uses, so the figures are those of the former frame-based code to the last bit; the
    frames were many times slower than the arithmetic (the report makes 18 such calls)."""
    models = detail["model"].to_numpy(object)
    keys = list(zip(detail["vantage"].to_numpy(object), detail["period"].to_numpy(object),
                    strict=True))
    crps = detail["crps"].to_numpy(float)
    base = {keys[i]: float(crps[i]) for i in np.flatnonzero(models == versus)}
    acc: dict[object, list[float]] = {}  # vantage: [sum m, comp m, sum b, comp b]
    periods = 0
    for i in np.flatnonzero(models == model):
        key = keys[i]
        if key not in base:
            continue
        periods += 1
        a = acc.setdefault(key[0], [0.0, 0.0, 0.0, 0.0])
        for j, val in ((0, float(crps[i])), (2, base[key])):
            if math.isnan(val):
                continue
            y = val - a[j + 1]
            t = a[j] + y
            a[j + 1] = t - a[j] - y
            if math.isnan(a[j + 1]):
                a[j + 1] = 0.0
            a[j] = t
    vantages = sorted(acc)  # type: ignore[type-var]
    sums = np.array([[acc[v][0], acc[v][2]] for v in vantages], dtype=float).reshape(-1, 2)
    return [str(v) for v in vantages], sums, periods


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
