"""Fit the ``auto`` and ``embedding`` coders' parameters on gold data, and cross-validate.

Topic model: one logistic regression over (article, topic) rows with topic-agnostic
evidence features plus a per-topic intercept (L2-penalised), so rare topics borrow
strength from common ones. Tone: two logistic regressions (negative vs rest, positive vs
rest). Decision thresholds are chosen by an inner 5-fold cross-validation on the training
articles only; ``cross_validate`` reports leave-one-out predictions (nothing about an
article is used to code it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dyad.coding.coders import (
    Coded,
    decide_tone,
    decide_topics,
    load_calibration,
    shipped_calibration_path,
    topic_design,
    user_calibration_path,
)
from dyad.coding.evaluate import GoldItem, alpha
from dyad.coding.features import Analysed, tone_features, topic_features
from dyad.coding.logistic import Logistic, fit_logistic
from dyad.reference.files import topic_keys

VERSION = "1"
L2_TOPICS = 3.0
L2_TONE = 3.0
TOPIC_GRID = np.round(np.arange(0.15, 0.81, 0.05), 2)
TONE_GRID = np.round(np.arange(0.1, 0.91, 0.05), 2)
EMB_GRID = np.round(np.arange(0.0, 0.20, 0.005), 3)


def _topic_xy(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> tuple[np.ndarray, np.ndarray]:
    keys = topic_keys()
    xs = [topic_design(a) for a in an]
    ys = [np.array([k in g.topics for k in keys], dtype=float) for g in gold]
    return np.vstack(xs), np.concatenate(ys)


def _micro_f1(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> float:
    tp = sum(len(set(g) & set(p)) for g, p in zip(gold, pred, strict=True))
    fp = sum(len(set(p) - set(g)) for g, p in zip(gold, pred, strict=True))
    fn = sum(len(set(g) - set(p)) for g, p in zip(gold, pred, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def _folds(n: int, k: int, seed: int = 7) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def _fit_topics(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> Logistic:
    x, y = _topic_xy(an, gold)
    return fit_logistic(x, y, L2_TOPICS)


def _fit_tone(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> tuple[Logistic, Logistic]:
    x = np.vstack([tone_features(a) for a in an])
    tones = np.array([g.tone if g.tone is not None else 0 for g in gold])
    return fit_logistic(x, tones == -1, L2_TONE), fit_logistic(x, tones == 1, L2_TONE)


def _inner_probs(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> tuple[
        list[np.ndarray], np.ndarray, np.ndarray]:
    """Out-of-fold probabilities on the training articles (5 folds)."""
    n = len(an)
    topic_p: list[np.ndarray] = [np.zeros(0)] * n
    neg_p = np.zeros(n)
    pos_p = np.zeros(n)
    for fold in _folds(n, min(5, n)):
        train = [i for i in range(n) if i not in set(fold)]
        tm = _fit_topics([an[i] for i in train], [gold[i] for i in train])
        nm, pm = _fit_tone([an[i] for i in train], [gold[i] for i in train])
        for i in fold:
            topic_p[i] = tm.proba(topic_design(an[i]))
            tf = tone_features(an[i])[None, :]
            neg_p[i], pos_p[i] = nm.proba(tf)[0], pm.proba(tf)[0]
    return topic_p, neg_p, pos_p


def _best_thresholds(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> tuple[
        float, float, float]:
    topic_p, neg_p, pos_p = _inner_probs(an, gold)
    golds = [g.topics for g in gold]
    t_topic = max(TOPIC_GRID, key=lambda t: (
        _micro_f1(golds, [decide_topics(p, t) for p in topic_p]), -abs(t - 0.5)))
    tones = [g.tone for g in gold]

    def tone_alpha(tn: float, tp: float) -> float:
        pred = [decide_tone(a, b, tn, tp) for a, b in zip(neg_p, pos_p, strict=True)]
        v = alpha([tones, pred], "ordinal")
        return -1.0 if np.isnan(v) else v

    t_neg, t_pos = max(((a, b) for a in TONE_GRID for b in TONE_GRID),
                       key=lambda ab: (tone_alpha(*ab), -abs(ab[0] - 0.5) - abs(ab[1] - 0.5)))
    return float(t_topic), float(t_neg), float(t_pos)


def embedding_threshold(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> float:
    keys = topic_keys()
    feats = [topic_features(a) for a in an]
    golds = [g.topics for g in gold]

    def pred(t: float) -> list[list[str]]:
        out = []
        for f in feats:
            ok = (f[:, 3] >= t) & (f[:, 4] > 0)
            out.append([keys[j] for j in np.flatnonzero(ok)] or [keys[int(f[:, 3].argmax())]])
        return out
    return float(max(EMB_GRID, key=lambda t: _micro_f1(golds, pred(t))))


def fit(an: Sequence[Analysed], gold: Sequence[GoldItem], *, encoder: str = "",
        source: str = "") -> dict[str, Any]:
    """All parameters of the auto and embedding coders, as stored in calibration.json."""
    t_topic, t_neg, t_pos = _best_thresholds(an, gold)
    nm, pm = _fit_tone(an, gold)
    return {
        "version": VERSION,
        "fitted_on": source, "n_articles": len(gold), "encoder": encoder,
        "fitted_at": dt.date.today().isoformat(),
        "topics": {"model": _fit_topics(an, gold).to_dict(), "threshold": t_topic},
        "tone": {"negative": nm.to_dict(), "positive": pm.to_dict(),
                 "t_neg": t_neg, "t_pos": t_pos},
        "embedding": {"threshold": embedding_threshold(an, gold)},
    }


def write_calibration(cal: dict[str, Any], out: Path | None = None, *,
                      force: bool = False) -> Path:
    """Write a fitted calibration and return the file.

    By default to the user's data folder (which the coders then read before the shipped
    one); to ``out`` if given; over the installed package's calibration only with ``force``.
    """
    from dyad.errors import UsageError

    shipped = shipped_calibration_path()
    if force and out is not None:
        raise UsageError("--force writes the installed calibration; leave out --out")
    target = shipped if force else (out or user_calibration_path())
    if not force and target.resolve() == shipped.resolve():
        raise UsageError(f"{target} is the installed calibration; pass --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(cal, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    load_calibration.cache_clear()
    return target


def cross_validate(an: Sequence[Analysed], gold: Sequence[GoldItem],
                   folds: int | None = None) -> dict[str, list[Coded]]:
    """Out-of-fold codes for auto and embedding (leave-one-out unless ``folds``)."""
    from dyad.coding.coders import AutoCoder, EmbeddingCoder
    from dyad.coding.encoder import HashingEncoder

    n = len(an)
    parts = [np.array([i]) for i in range(n)] if folds is None else _folds(n, folds)
    auto: list[Coded | None] = [None] * n
    emb: list[Coded | None] = [None] * n
    dummy = HashingEncoder(dim=8)  # never called: decide() works on analysed articles
    for fold in parts:
        held = set(int(i) for i in fold)
        train = [i for i in range(n) if i not in held]
        cal = fit([an[i] for i in train], [gold[i] for i in train])
        ac = AutoCoder(dummy, cal)
        ec = EmbeddingCoder(dummy, cal["embedding"]["threshold"])
        for i in held:
            auto[i] = ac.decide(an[i])
            emb[i] = ec.decide(an[i])
    return {"auto": [c for c in auto if c is not None],
            "embedding": [c for c in emb if c is not None]}
