"""Fit the ``auto`` and ``embedding`` coders' parameters on gold data, and cross-validate.

Topic model: one logistic regression over (article, topic) rows with topic-agnostic
evidence features plus a per-topic intercept (L2-penalised), so rare topics borrow
strength from common ones. Tone: the class-balanced three-class model of ``tone_model``.
Decision thresholds are chosen by an inner 5-fold cross-validation on the training
articles only; ``cross_validate`` reports leave-one-out or grouped predictions (nothing
about an article is used to code it).

Every fit runs with one BLAS thread (``reference.threads.one_blas_thread``, which says why).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dyad.coding.coders import (
    Coded,
    load_calibration,
    shipped_calibration_path,
    topic_design,
    user_calibration_path,
)
from dyad.coding.evaluate import GoldItem, item_key
from dyad.coding.features import Analysed, tone_vector, topic_features
from dyad.coding.logistic import Logistic, fit_logistic
from dyad.coding.readings import describe as describe_readings
from dyad.coding.readings import tone_targets
from dyad.coding.tone_model import CLASSES, L2_FULL, L2_RULES, fit_tone
from dyad.reference.files import topic_keys
from dyad.reference.threads import one_blas_thread

VERSION = "2"
L2_TOPICS = 3.0
TOPIC_GRID = np.round(np.arange(0.15, 0.81, 0.05), 2)
EMB_GRID = np.round(np.arange(0.0, 0.20, 0.005), 3)


def _topic_xy(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> tuple[np.ndarray, np.ndarray]:
    keys = topic_keys()
    xs = [topic_design(a) for a in an]
    ys = [np.array([k in g.topics for k in keys], dtype=float) for g in gold]
    return np.vstack(xs), np.concatenate(ys)


def _topic_truth(gold: Sequence[GoldItem]) -> np.ndarray:
    """(articles, topics) booleans of the gold topics."""
    keys = topic_keys()
    return np.array([[k in g.topics for k in keys] for g in gold], dtype=bool).reshape(
        len(gold), len(keys))


def _chosen(scores: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The topics kept per article, or the best-scoring one where none is (the coders'
    rule, as ``decide_topics``), as (articles, topics) booleans."""
    chosen = keep.copy()
    none = ~chosen.any(axis=1)
    chosen[none, scores[none].argmax(axis=1)] = True
    return chosen


def _micro_f1(chosen: np.ndarray, truth: np.ndarray) -> float:
    """Micro-F1 of (articles, topics) boolean decisions against the gold's."""
    tp = int((chosen & truth).sum())
    wrong = int((chosen ^ truth).sum())
    return 2 * tp / (2 * tp + wrong) if tp + wrong else 0.0


def group_folds(groups: Sequence[str]) -> list[np.ndarray]:
    """One fold per group, in first-seen order: the articles of one group (e.g. one event)
    are held out together, so none of them stays in training while another is coded."""
    order: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        order.setdefault(g, []).append(i)
    return [np.array(ix) for ix in order.values()]


def _folds(n: int, k: int, seed: int = 7) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def _fit_topics(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> Logistic:
    x, y = _topic_xy(an, gold)
    return fit_logistic(x, y, L2_TOPICS)


def _tone_xy(an: Sequence[Analysed], gold: Sequence[GoldItem], with_embedding: bool
             ) -> tuple[np.ndarray, np.ndarray]:
    x = np.vstack([tone_vector(a, with_embedding) for a in an])
    return x, np.array([g.tone if g.tone is not None else 0 for g in gold])


def fit_tone_models(an: Sequence[Analysed], gold: Sequence[GoldItem], *,
                    temperature: bool = True) -> dict[str, Any]:
    """The passage-stance tone model, with embeddings (``full``) and rules only (``rules``);
    ``temperature=False`` skips the calibration of probabilities (decisions are the same).
    Fitted to each article's readings (``coding.readings``: first, second and final codes)
    where it has them, else to its final code."""
    out: dict[str, Any] = {"kind": "passage-stance", "classes": list(CLASSES),
                           "fitted_to": describe_readings(gold)}
    targets = tone_targets(gold)
    for name, with_emb, l2 in (("full", True, L2_FULL), ("rules", False, L2_RULES)):
        x, y = _tone_xy(an, gold, with_emb)
        out[name] = fit_tone(x, y, l2, temperature=temperature, targets=targets).to_dict()
    first = an[0].emb if an else None
    out["dim"] = int(first.shape[1]) if first is not None and first.ndim == 2 else 0
    return out


def _inner_topic_probs(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> list[np.ndarray]:
    """Out-of-fold topic probabilities on the training articles (5 folds)."""
    n = len(an)
    topic_p: list[np.ndarray] = [np.zeros(0)] * n
    for fold in _folds(n, min(5, n)):
        train = [i for i in range(n) if i not in set(fold)]
        tm = _fit_topics([an[i] for i in train], [gold[i] for i in train])
        for i in fold:
            topic_p[i] = tm.proba(topic_design(an[i]))
    return topic_p


def _best_topic_thresholds(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> list[float]:
    """One decision threshold per topic, chosen on out-of-fold probabilities of the
    training articles (5 inner folds): first the best common threshold, then each topic's
    own, in two passes over the topics, a change kept only if it raises micro-F1 (ties keep
    the common value). Nothing about an article held out by the caller is used."""
    proba = np.vstack(_inner_topic_probs(an, gold))
    truth = _topic_truth(gold)
    k_topics = truth.shape[1]

    def f1(th: np.ndarray) -> float:
        return _micro_f1(_chosen(proba, proba >= th), truth)

    common = float(max(TOPIC_GRID, key=lambda t: (f1(np.full(k_topics, t)), -abs(t - 0.5))))
    th = np.full(k_topics, common)
    for _ in range(2):
        for k in range(k_topics):
            best, best_f1 = th[k], f1(th)
            for t in TOPIC_GRID:
                trial = th.copy()
                trial[k] = t
                score = f1(trial)
                if score > best_f1 + 1e-12:
                    best, best_f1 = float(t), score
            th[k] = best
    return [float(x) for x in th]


def embedding_threshold(an: Sequence[Analysed], gold: Sequence[GoldItem]) -> float:
    feats = [topic_features(a) for a in an]
    truth = _topic_truth(gold)
    sims = np.array([f[:, 3] for f in feats]).reshape(truth.shape)  # best passage similarity
    any_top = np.array([f[:, 4] > 0 for f in feats]).reshape(truth.shape)  # ever top-1
    return float(max(EMB_GRID, key=lambda t: _micro_f1(_chosen(sims, (sims >= t) & any_top),
                                                        truth)))


def fit(an: Sequence[Analysed], gold: Sequence[GoldItem], *, encoder: str = "",
        source: str = "", temperature: bool = True) -> dict[str, Any]:
    """All parameters of the auto and embedding coders, as stored in calibration.json."""
    with one_blas_thread():
        t_topic = _best_topic_thresholds(an, gold)
        return {
            "version": VERSION,
            "fitted_on": source, "n_articles": len(gold), "encoder": encoder,
            "fitted_at": dt.date.today().isoformat(),
            "topics": {"model": _fit_topics(an, gold).to_dict(), "threshold": t_topic},
            "tone": fit_tone_models(an, gold, temperature=temperature),
            "fitted_items": sorted({item_key(g) for g in gold}),
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
                   folds: int | None = None,
                   progress: Callable[[str, int, int], None] | None = None,
                   groups: Sequence[str] | None = None,
                   ) -> dict[str, list[Coded]]:
    """Out-of-fold codes for auto and embedding (leave-one-out unless ``folds`` or
    ``groups``, one label per article: a group is held out whole): each article is coded by
    a calibration fitted without it. ``progress(step, done, total)`` is called after every
    fold."""
    from dyad.coding.coders import AutoCoder, EmbeddingCoder
    from dyad.coding.encoder import HashingEncoder

    n = len(an)
    if groups is not None:
        parts = group_folds(groups)
    else:
        parts = [np.array([i]) for i in range(n)] if folds is None else _folds(n, folds)
    auto: list[Coded | None] = [None] * n
    emb: list[Coded | None] = [None] * n
    dummy = HashingEncoder(dim=8)  # never called: decide() works on analysed articles
    step = ("grouped folds" if groups is not None else "leave-one-out folds"
            if folds is None else f"{folds}-fold CV")
    with one_blas_thread():
        for k, fold in enumerate(parts, start=1):
            held = set(int(i) for i in fold)
            train = [i for i in range(n) if i not in held]
            # Temperature scaling changes probabilities, not decisions: skipped in the folds.
            cal = fit([an[i] for i in train], [gold[i] for i in train], temperature=False)
            ac = AutoCoder(dummy, cal)
            ec = EmbeddingCoder(dummy, cal["embedding"]["threshold"])
            for i in held:
                auto[i] = ac.decide(an[i])
                emb[i] = ec.decide(an[i])
            if progress is not None:
                progress(step, k, len(parts))
    return {"auto": [c for c in auto if c is not None],
            "embedding": [c for c in emb if c is not None]}
