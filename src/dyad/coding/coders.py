"""The three article coders, side by side: ``dictionary``, ``embedding`` and ``auto``.

All share ``code(text, language) -> topics`` and ``code_many(articles) -> [Coded]``
(topics and tone). ``auto`` (the default) weighs keyword and embedding evidence with the
logistic models in ``calibration.json``, fitted on the development data by
``dyad media calibrate``; ``embedding`` uses similarity alone; ``dictionary`` keywords alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from dyad.coding.dictionary import DictionaryCoder
from dyad.coding.encoder import Encoder, default_encoder
from dyad.coding.features import (
    Analysed,
    Article,
    analyse,
    tone_vector,
    topic_features,
)
from dyad.coding.kazakh_script import readable
from dyad.coding.logistic import Logistic
from dyad.coding.tone_lexicon import tone_hits
from dyad.coding.tone_model import CLASSES, ToneModel
from dyad.reference.files import topic_keys

CODERS = ("dictionary", "embedding", "auto")


@dataclass
class Coded:
    topics: list[str]
    tone: int


CALIBRATION = "calibration.json"


def shipped_calibration_path() -> Path:
    """The calibration installed with the package (fitted on the development set)."""
    return Path(str(resources.files("dyad.coding") / CALIBRATION))


def user_calibration_path() -> Path:
    """Where ``dyad media calibrate`` writes by default: the user's data folder."""
    from platformdirs import user_data_path

    return user_data_path("dyad", appauthor=False) / CALIBRATION


def calibration_path() -> Path:
    """The calibration the coders read: the user's if there is one, else the shipped one."""
    user = user_calibration_path()
    return user if user.is_file() else shipped_calibration_path()


@cache
def load_calibration() -> dict[str, Any]:
    """The coders' parameters from :func:`calibration_path` (read once per process)."""
    return dict(json.loads(calibration_path().read_text("utf-8")))


def topic_design(an: Analysed) -> np.ndarray:
    """Rows: topics; columns: shared evidence features then a one-hot topic indicator."""
    feats = topic_features(an)
    return np.hstack([feats, np.eye(len(feats))])


def decide_topics(proba: np.ndarray, threshold: float | np.ndarray) -> list[str]:
    """Topics with probability >= threshold (one for all, or one per topic); at least the
    most probable one."""
    keys = topic_keys()
    chosen = [keys[j] for j in np.flatnonzero(proba >= threshold)]
    return sorted(chosen or [keys[int(proba.argmax())]])


def _encoder_dim(encoder: Encoder) -> int | None:
    """The encoder's vector size when it says so without encoding (None: unknown)."""
    model = getattr(encoder, "_model", None)
    dim = getattr(model, "dim", None) or getattr(encoder, "dim", None)
    return int(dim) if dim else None


def dictionary_tone(text: str, language: str | None) -> int:
    pos, neg = tone_hits(text, language)
    if neg >= 3 and neg > pos:
        return -1
    return 1 if pos > neg else 0


class _Base:
    name = ""
    version = ""

    def code_many(self, articles: Sequence[Article]) -> list[Coded]:
        raise NotImplementedError

    def code(self, text: str, language: str | None = None) -> list[str]:
        return self.code_many([Article(text, language)])[0].topics


class DictionaryArticleCoder(_Base):
    name = "dictionary"

    def __init__(self) -> None:
        self._coder = DictionaryCoder()
        self.version = self._coder.version

    def code_many(self, articles: Sequence[Article]) -> list[Coded]:
        texts = [(readable(a.text, a.language) or "", a.language) for a in articles]
        return [Coded(self._coder.code(t, lang), dictionary_tone(t, lang)) for t, lang in texts]


class EmbeddingCoder(_Base):
    """A topic when a sentence is close to its prototype (relative similarity >= the
    calibrated threshold) and it is the closest topic for some sentence; tone the
    nearest tone prototype on average."""

    name = "embedding"

    def __init__(self, encoder: Encoder | None = None, threshold: float | None = None) -> None:
        self.encoder = encoder or default_encoder()
        if threshold is None:
            threshold = float(load_calibration()["embedding"]["threshold"])
        self.threshold = float(threshold)
        self.version = f"1/{self.encoder.name}-{self.encoder.version}/t{self.threshold:.3f}"

    def decide(self, an: Analysed) -> Coded:
        f = topic_features(an)
        keys = topic_keys()
        ok = (f[:, 3] >= self.threshold) & (f[:, 4] > 0)
        topics = sorted(keys[j] for j in np.flatnonzero(ok)) or [keys[int(f[:, 3].argmax())]]
        tone_mean = an.tone_sims.mean(axis=0)
        tone = (1, -1, 0)[int(tone_mean.argmax())]
        return Coded(topics, tone)

    def code_many(self, articles: Sequence[Article]) -> list[Coded]:
        return [self.decide(an) for an in analyse(articles, self.encoder)]


class AutoCoder(_Base):
    """Calibrated combination of keyword and embedding evidence (the default coder)."""

    name = "auto"

    def __init__(self, encoder: Encoder | None = None,
                 calibration: dict[str, Any] | None = None) -> None:
        self.encoder = encoder or default_encoder()
        cal = calibration or load_calibration()
        self.topic_model = Logistic.from_dict(cal["topics"]["model"])
        # one threshold per topic (a list) or, in older calibrations, one for all
        self.topic_threshold = np.asarray(cal["topics"]["threshold"], dtype=float)
        tone = cal["tone"]
        self.tone_full = ToneModel.from_dict(tone["full"])
        self.tone_rules = ToneModel.from_dict(tone["rules"])
        self.tone_dim = int(tone.get("dim") or 0)
        dim = _encoder_dim(self.encoder)
        # With another encoder than the one fitted (e.g. the hashing fallback) the
        # embedding half of the tone model cannot be used: the rules-only model codes tone.
        self.tone_variant = "full" if dim in (None, self.tone_dim) else "rules"
        self.version = (f"{cal['version']}/{self.encoder.name}-{self.encoder.version}"
                        + ("" if self.tone_variant == "full" else "/tone-rules"))

    def tone_proba(self, an: Analysed) -> np.ndarray:
        """Calibrated (negative, neutral, positive) probabilities for one article."""
        emb = an.emb
        if emb is not None and emb.ndim == 2 and emb.shape[1] == self.tone_dim:
            return self.tone_full.proba(tone_vector(an, True))[0]
        return self.tone_rules.proba(tone_vector(an, False))[0]

    def decide(self, an: Analysed) -> Coded:
        topics = decide_topics(self.topic_model.proba(topic_design(an)), self.topic_threshold)
        tone = CLASSES[int(self.tone_proba(an).argmax())]
        return Coded(topics, tone)

    def code_many(self, articles: Sequence[Article]) -> list[Coded]:
        return [self.decide(an) for an in analyse(articles, self.encoder)]


def get_coder(name: str = "auto", encoder: Encoder | None = None) -> _Base:
    if name == "dictionary":
        return DictionaryArticleCoder()
    if name == "embedding":
        return EmbeddingCoder(encoder)
    if name == "auto":
        return AutoCoder(encoder)
    raise ValueError(f"unknown coder {name!r}; choose one of {', '.join(CODERS)}")
