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
    tone_features,
    topic_features,
)
from dyad.coding.logistic import Logistic
from dyad.coding.tone_lexicon import tone_hits
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


def decide_topics(proba: np.ndarray, threshold: float) -> list[str]:
    """Topics with probability >= threshold; at least the most probable one."""
    keys = topic_keys()
    chosen = [keys[j] for j in np.flatnonzero(proba >= threshold)]
    return sorted(chosen or [keys[int(proba.argmax())]])


def decide_tone(p_neg: float, p_pos: float, t_neg: float, t_pos: float) -> int:
    if p_neg >= t_neg:
        return -1
    return 1 if p_pos >= t_pos else 0


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
        return [Coded(self._coder.code(a.text, a.language),
                      dictionary_tone(a.text, a.language)) for a in articles]


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
        self.topic_threshold = float(cal["topics"]["threshold"])
        self.neg_model = Logistic.from_dict(cal["tone"]["negative"])
        self.pos_model = Logistic.from_dict(cal["tone"]["positive"])
        self.t_neg = float(cal["tone"]["t_neg"])
        self.t_pos = float(cal["tone"]["t_pos"])
        self.version = f"{cal['version']}/{self.encoder.name}-{self.encoder.version}"

    def decide(self, an: Analysed) -> Coded:
        topics = decide_topics(self.topic_model.proba(topic_design(an)), self.topic_threshold)
        tf = tone_features(an)[None, :]
        tone = decide_tone(float(self.neg_model.proba(tf)[0]), float(self.pos_model.proba(tf)[0]),
                           self.t_neg, self.t_pos)
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
