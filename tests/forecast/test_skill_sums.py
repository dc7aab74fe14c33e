"""The array-based CRPS skill gives the figures of the frame-based code it replaced, bit for
bit (the report's digests depend on it): the reference below is that code."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from dyad.analysis.forecast.skill import BOOTSTRAP, crps_skill


def reference(detail: pd.DataFrame, model: str, versus: str, *, seed: int) -> dict[str, object]:
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


def _detail(rng: np.random.Generator, drop: int) -> pd.DataFrame:
    rows = []
    for v in ("2012-11-06", "1996-11-05", "2004-11-02", "2020-11-03", "2008-11-04"):
        for m in ("last", "hist_mean", "negbin", "ensemble"):
            for p in range(2000, 2004):
                # wide magnitudes so that compensated and plain sums would differ
                rows.append({"vantage": v, "period": str(p), "model": m,
                             "crps": float(rng.choice([1e-9, 1.0, 1e7]) * rng.random())})
    d = pd.DataFrame(rows)
    return d.drop(index=rng.choice(len(d), size=drop, replace=False)).reset_index(drop=True)


@pytest.mark.parametrize("seed", range(12))
def test_same_figures_as_the_frame_based_code(seed: int) -> None:
    rng = np.random.default_rng(seed)
    d = _detail(rng, drop=seed % 7)
    for model in ("negbin", "ensemble"):
        for base in ("last", "hist_mean"):
            got, want = crps_skill(d, model, base, seed=5), reference(d, model, base, seed=5)
            assert got.keys() == want.keys()
            for k, w in want.items():
                g = got[k]
                assert (g == w) or (isinstance(w, float) and math.isnan(w)
                                    and math.isnan(float(g))), (k, g, w)  # type: ignore[arg-type]


def test_no_common_periods() -> None:
    d = pd.DataFrame({"vantage": ["v"], "period": ["1"], "model": ["a"], "crps": [1.0]})
    got = crps_skill(d, "a", "b", seed=1)
    assert math.isnan(float(got["skill"])) and got["vantages"] == 0 and got["periods"] == 0
