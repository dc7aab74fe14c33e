"""Honest figures for a coder on gold data: in-sample or not, per language, with intervals.

A calibration records a content hash of every article it was fitted on (``fitted_items``).
``overlap`` tells how many gold articles the coder has seen. When it has seen any, its
figures on them are labelled "in-sample" and the leave-one-out figures (each article coded
by a calibration refitted without it) are given beside them; figures on articles it never
saw are labelled "unseen". Every figure is given for all articles and per language (en,
ru, kk), with n, and Krippendorff's alpha for tone (nominal and ordinal) carries a
percentile bootstrap interval over articles (``BOOT`` resamples, 95%).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from dyad.coding.evaluate import GoldItem, alpha, item_key, topic_scores

LANGUAGES = ("en", "ru", "kk")
BOOT = 1000
LEVEL = 0.95
MIN_BOOT_N = 10  # fewer articles than this: no interval (it would mean little)


def overlap(gold: Sequence[GoldItem], calibration: dict[str, Any]) -> list[bool]:
    """Per gold article: was it among the calibration's fitting articles?"""
    fitted = set(calibration.get("fitted_items") or [])
    return [item_key(g) in fitted for g in gold]


def status(seen: Sequence[bool], legacy_source: str | None = None,
           gold_name: str | None = None) -> str:
    """'in-sample', 'partly in-sample (k of n)' or 'unseen' (the gold file's own name
    matching an older calibration's ``fitted_on`` counts as in-sample too)."""
    k, n = sum(seen), len(seen)
    if k == 0 and legacy_source and gold_name and legacy_source == gold_name:
        return "in-sample"
    if k == 0:
        return "unseen"
    return "in-sample" if k == n else f"partly in-sample ({k} of {n})"


def bootstrap_alpha(gold: Sequence[int | None], pred: Sequence[int | None], level: str,
                    *, boot: int = BOOT, seed: int = 16) -> tuple[float, float, float]:
    """(alpha, low, high): the percentile bootstrap over articles; nan where undefined."""
    g = np.array([np.nan if v is None else v for v in gold], dtype=float)
    p = np.array([np.nan if v is None else v for v in pred], dtype=float)
    est = alpha([g.tolist(), p.tolist()], level)
    n = len(g)
    if n < MIN_BOOT_N or math.isnan(est):
        return est, math.nan, math.nan
    rng = np.random.default_rng(seed)
    vals = []
    for _ in range(boot):
        idx = rng.integers(0, n, n)
        v = alpha([g[idx].tolist(), p[idx].tolist()], level)
        if not math.isnan(v):
            vals.append(v)
    if len(vals) < boot // 2:
        return est, math.nan, math.nan
    lo, hi = np.quantile(vals, [(1 - LEVEL) / 2, 1 - (1 - LEVEL) / 2])
    return est, float(lo), float(hi)


def _nan_none(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def figures(gold: Sequence[GoldItem], topics: Sequence[Sequence[str]],
            tones: Sequence[int | None], *, boot: int = BOOT) -> pd.DataFrame:
    """One row per language (all, en, ru, kk) with n, topic micro/macro-F1, tone alpha
    (nominal, ordinal) with bootstrap intervals, accuracy and the tone make-up of the gold."""
    rows = []
    for lang in ("all", *LANGUAGES):
        idx = [i for i, g in enumerate(gold) if lang == "all" or g.language == lang]
        if not idx:
            continue
        t = topic_scores([gold[i].topics for i in idx], [topics[i] for i in idx])
        micro = t[t["topic"] == "micro"].iloc[0]
        macro = t[t["topic"] == "macro"].iloc[0]
        gt = [gold[i].tone for i in idx]
        pt = [tones[i] for i in idx]
        nom = bootstrap_alpha(gt, pt, "nominal", boot=boot)
        ordi = bootstrap_alpha(gt, pt, "ordinal", boot=boot)
        pairs = [(a, b) for a, b in zip(gt, pt, strict=True) if a is not None]
        rows.append({
            "language": lang, "n": len(idx),
            "gold_tone_neg/neu/pos": "/".join(str(sum(v == c for v in gt)) for c in (-1, 0, 1)),
            "micro_f1": float(micro["f1"]), "macro_f1": _nan_none(float(macro["f1"])),
            "tone_alpha_nominal": _nan_none(nom[0]),
            "nominal_95ci": _interval(nom), "tone_alpha_ordinal": _nan_none(ordi[0]),
            "ordinal_95ci": _interval(ordi),
            "tone_accuracy": sum(a == b for a, b in pairs) / len(pairs) if pairs else None,
        })
    return pd.DataFrame(rows)


# The calibration's metrics key prefix of ``group_mean_error`` tables (the report reads them).
MEAN_ERROR = "mean tone error,"
MIN_GROUP_N = 10  # a group's mean over fewer gold-coded articles of a language is not scored


def group_mean_error(gold: Sequence[GoldItem], tones: Sequence[int | None],
                     groups: Sequence[str], *, min_n: int = MIN_GROUP_N, boot: int = BOOT,
                     seed: int = 16) -> pd.DataFrame:
    """How far a coder's mean tone over a held-out group of articles is from the gold's:
    the report shows such means (per administration and outlet country), so this is the
    error of the quantity it prints, where alpha is the error of single articles.

    ``tones`` must be out of sample for their group (grouped cross-validation: the group was
    held out whole). One row per language (all, en, ru, kk): the groups with at least
    ``min_n`` gold-coded articles in that language, their articles, the mean absolute error
    of the group mean (coder's mean minus gold's, on the -1..+1 scale) with a 95% percentile
    bootstrap interval over groups (groups are the unit: articles within one are not
    independent), the largest absolute error, the mean signed error (bias), and a baseline:
    the mean absolute error of guessing each group's mean as the gold mean of the other
    groups' articles in that language (a coder that read nothing; a coder worth using beats
    it)."""
    truth = np.array([np.nan if g.tone is None else g.tone for g in gold], dtype=float)
    coded = np.array([np.nan if t is None else t for t in tones], dtype=float)
    langs = np.array([g.language for g in gold], dtype=object)
    lab = np.array(groups, dtype=object)
    rows = []
    for lang in ("all", *LANGUAGES):
        in_lang = ~np.isnan(truth) & ((langs == lang) if lang != "all" else True)
        errors, base, articles = [], [], 0
        for name in dict.fromkeys(groups):
            both = in_lang & (lab == name) & ~np.isnan(coded)
            if both.sum() < min_n:
                continue
            mean = float(truth[both].mean())
            errors.append(float(coded[both].mean()) - mean)
            other = truth[in_lang & (lab != name)]
            if len(other):
                base.append(abs(float(other.mean()) - mean))
            articles += int(both.sum())
        e = np.abs(np.array(errors))
        lo = hi = math.nan
        if len(e) >= 5:
            rng = np.random.default_rng(seed)
            draws = [e[rng.integers(0, len(e), len(e))].mean() for _ in range(boot)]
            lo, hi = (float(v) for v in np.quantile(draws, [(1 - LEVEL) / 2,
                                                           1 - (1 - LEVEL) / 2]))
        rows.append({
            "language": lang, "groups": len(e), "articles": articles,
            "mean_abs_error": float(e.mean()) if len(e) else None,
            "mae_95ci": _interval((float(e.mean()) if len(e) else math.nan, lo, hi)),
            "max_abs_error": float(e.max()) if len(e) else None,
            "bias": float(np.mean(errors)) if errors else None,
            "baseline_mae": float(np.mean(base)) if base else None,
        })
    return pd.DataFrame(rows)


def _interval(triple: tuple[float, float, float]) -> str:
    _, lo, hi = triple
    if math.isnan(lo) or math.isnan(hi):
        return "n too small" if not math.isnan(triple[0]) else ""
    return f"[{lo:.2f}, {hi:.2f}]"


def intercoder(first: Sequence[GoldItem], second: Sequence[GoldItem], *,
               boot: int = BOOT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement between two human codings of the same articles, matched by id: the
    ``figures`` table with the first coding as reference (topic F1 is then the second
    coder's overlap with the first, tone alpha is symmetric), and the tone cross-table
    (first coder's tone in rows, second's in columns). Articles coded only once are left
    out; a caller reports how many."""
    by_id = {g.id: g for g in second}
    pairs = [(g, by_id[g.id]) for g in first if g.id in by_id]
    rows = figures([a for a, _ in pairs], [b.topics for _, b in pairs],
                   [b.tone for _, b in pairs], boot=boot)
    cross = pd.crosstab(pd.Series([a.tone for a, _ in pairs], name="first coder"),
                        pd.Series([b.tone for _, b in pairs], name="second coder"))
    return rows, cross
