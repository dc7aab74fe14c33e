"""Ideal-point distance between two states by year and by US administration.

Unit: Bailey–Strezhnev–Voeten ideal points (one latent dimension, "position toward the
US-led liberal order"), one estimate per state and year, with published posterior
quantiles Q5–Q95. Distance = |ideal_a − ideal_b|.

Interval: each state's estimate is approximated as normal with mean IdealPointFP and sd =
(Q95 − Q5) / (2 × 1.645), the two states independent; the distance's 90% interval is the
5th–95th percentile of |a − b| over seeded draws (so the interval carries the published
Q5–Q95 and is reproducible). Years without quantiles get no interval.

Exposure: ``n_votes`` is the smaller of the two states' vote counts behind the year's
estimates; years under ``LOW_VOTES`` are flagged (kept, not hidden). A year belongs to the US
administration in office on 1 December (most plenary votes fall in December).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from dyad.reference.files import administrations
from dyad.reference.vocabulary import admin_on

LOW_VOTES = 20
Z95 = 1.6448536269514722
DRAWS = 4000
SEED = 20240101
SOURCE_LINE = ("Bailey, Strezhnev & Voeten ideal points 1946–2025 (Voeten, UN General Assembly "
               "Voting Data, Harvard Dataverse, doi:10.7910/DVN/LEJUQZ, file "
               "Idealpointestimates1946-2025.tab, CC0)")


def _state(con: Any, iso2: str) -> pd.DataFrame:
    return con.execute(
        "SELECT year, n_votes, ideal_point AS ideal, q05, q95 FROM ideal_point_years"
        " WHERE country_iso2 = ? ORDER BY year", [iso2]).df()


def _draws(mean: float, q05: float, q95: float, n: int, rng: np.random.Generator) -> np.ndarray:
    sd = (q95 - q05) / (2 * Z95)
    return np.asarray(rng.normal(mean, max(sd, 0.0), n))


def _pair_draws(row: Any, key: str, draws: int, seed: int) -> np.ndarray | None:
    if any(pd.isna(v) for v in (row.q05_a, row.q95_a, row.q05_b, row.q95_b)):
        return None
    rng = np.random.default_rng([seed, zlib.crc32(key.encode("utf-8"))])
    a = _draws(row.ideal_a, row.q05_a, row.q95_a, draws, rng)
    b = _draws(row.ideal_b, row.q05_b, row.q95_b, draws, rng)
    return np.abs(a - b)


def distance_frame(con: Any, pairs: Sequence[tuple[str, str]], *, draws: int = DRAWS,
                   seed: int = SEED) -> tuple[pd.DataFrame, dict[tuple[str, int], np.ndarray]]:
    """Per pair and year: both estimates, distance, 90% interval, votes; and the draws."""
    frames, kept = [], {}
    for a, b in pairs:
        x, y = _state(con, a), _state(con, b)
        j = x.merge(y, on="year", suffixes=("_a", "_b"))
        if j.empty:
            continue
        pair = f"{a}-{b}"
        lo, hi = [], []
        for r in j.itertuples():
            d = _pair_draws(r, f"{pair}|{r.year}", draws, seed)
            if d is None:
                lo.append(np.nan)
                hi.append(np.nan)
            else:
                kept[(pair, int(str(r.year)))] = d
                lo.append(float(np.percentile(d, 5)))
                hi.append(float(np.percentile(d, 95)))
        n = pd.concat([j["n_votes_a"], j["n_votes_b"]], axis=1).min(axis=1, skipna=False)
        low = n.lt(LOW_VOTES).fillna(False)
        frames.append(pd.DataFrame({
            "year": j["year"].astype("int64"), "pair": pair,
            "admin": [admin_on(dt.date(int(y), 12, 1)) for y in j["year"]],
            "ideal_a": j["ideal_a"], "ideal_b": j["ideal_b"],
            "distance": (j["ideal_a"] - j["ideal_b"]).abs(), "ci_low": lo, "ci_high": hi,
            "n_votes": n.astype("Int64"), "n_votes_a": j["n_votes_a"].astype("Int64"),
            "n_votes_b": j["n_votes_b"].astype("Int64"), "low_votes": low.astype(bool),
            "note": [_note(a, b, r) for r in j.itertuples()],
        }))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["year", "pair", "admin", "ideal_a", "ideal_b", "distance", "ci_low", "ci_high",
                 "n_votes", "n_votes_a", "n_votes_b", "low_votes", "note"])
    return out, kept


def _note(a: str, b: str, r: Any) -> str:
    parts = []
    for iso, n in ((a, r.n_votes_a), (b, r.n_votes_b)):
        if pd.notna(n) and n < LOW_VOTES:
            parts.append(f"{iso} estimate rests on {int(n)} votes")
    return "; ".join(parts)


def distance(con: Any, pairs: Sequence[tuple[str, str]], *, draws: int = DRAWS,
             seed: int = SEED) -> pd.DataFrame:
    """Ideal-point distance per pair and year (columns: year, pair, distance, ci_low, ci_high,
    n_votes, low_votes, note, …); interval level 90% (see module docstring)."""
    return distance_frame(con, pairs, draws=draws, seed=seed)[0]


def by_admin(con: Any, pairs: Sequence[tuple[str, str]], *, draws: int = DRAWS,
             seed: int = SEED) -> pd.DataFrame:
    """Mean yearly distance per US administration, with a 90% interval from the mean of the
    years' draws (years independent), the years covered and the low-vote years named."""
    return admin_means(*distance_frame(con, pairs, draws=draws, seed=seed), pairs)


def admin_means(yearly: pd.DataFrame, kept: dict[tuple[str, int], np.ndarray],
                pairs: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """``by_admin`` from an already computed ``distance_frame`` (callers that show both the
    yearly series and the administration means compute the draws once)."""
    order = [a["key"] for a in administrations("US")]
    recs = []
    for (pair, adm), g in yearly.dropna(subset=["admin"]).groupby(["pair", "admin"],
                                                                  sort=False):
        ds = [kept[(str(pair), int(y))] for y in g["year"] if (str(pair), int(y)) in kept]
        mean_draws = np.mean(ds, axis=0) if len(ds) == len(g) else None
        recs.append({
            "pair": pair, "admin": adm, "years": f"{g['year'].min()}–{g['year'].max()}",
            "n_years": len(g), "distance": float(g["distance"].mean()),
            "ci_low": float(np.percentile(mean_draws, 5)) if mean_draws is not None else np.nan,
            "ci_high": float(np.percentile(mean_draws, 95)) if mean_draws is not None
            else np.nan,
            "n_votes": int(g["n_votes"].sum()) if g["n_votes"].notna().all() else pd.NA,
            "low_vote_years": ", ".join(str(y) for y in g.loc[g["low_votes"], "year"]),
        })
    out = pd.DataFrame(recs)
    if out.empty:
        return out
    pair_order = {f"{a}-{b}": i for i, (a, b) in enumerate(pairs)}
    out["_a"] = out["admin"].map({k: i for i, k in enumerate(order)})
    out["_p"] = out["pair"].map(pair_order)
    return out.sort_values(["_p", "_a"]).drop(columns=["_a", "_p"]).reset_index(drop=True)
