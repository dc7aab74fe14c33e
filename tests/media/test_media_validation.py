"""Honest evaluation: gold the coder was fitted on is found by content hash and labelled
in-sample; alpha carries bootstrap intervals; the tone rules handle negation, hedging and
reported speech in three languages; the tone model is class-balanced and calibrated."""

from __future__ import annotations

import math

import numpy as np

from dyad.coding.evaluate import GoldItem, item_key
from dyad.coding.tone_model import class_weights, fit_tone
from dyad.coding.tone_rules import passage_rules
from dyad.coding.validation import bootstrap_alpha, figures, overlap, status


def _item(i: int, text: str, lang: str = "en", tone: int = 1) -> GoldItem:
    return GoldItem(f"g{i}", text, lang, None, ["diplomacy_general"], tone, {})


def test_in_sample_is_detected_by_content_hash():
    gold = [_item(i, f"Article number {i} about talks.") for i in range(4)]
    cal = {"fitted_items": [item_key(g) for g in gold[:2]]}
    seen = overlap(gold, cal)
    assert seen == [True, True, False, False]
    assert status(seen) == "partly in-sample (2 of 4)"
    assert status([True] * 4) == "in-sample" and status([False] * 4) == "unseen"
    # whitespace does not hide an article the coder saw
    again = _item(9, "Article  number 0 about\ntalks.")
    assert overlap([again], cal) == [True]


def test_bootstrap_interval_and_per_language_rows():
    rng = np.random.default_rng(1)
    gold_t = list(rng.choice([-1, 0, 1], 40))
    pred = [g if rng.random() < 0.8 else 0 for g in gold_t]
    a, lo, hi = bootstrap_alpha(gold_t, pred, "nominal", boot=200)
    assert lo <= a <= hi
    small = bootstrap_alpha([1, 0, -1], [1, 0, 0], "nominal", boot=50)
    assert math.isnan(small[1])
    gold = [_item(i, "x", "en" if i % 2 else "ru", int(t)) for i, t in enumerate(gold_t)]
    df = figures(gold, [g.topics for g in gold], pred, boot=100)
    assert list(df["language"]) == ["all", "en", "ru"]
    assert list(df["n"]) == [40, 20, 20]


def test_rules_negation_hedging_reported_speech():
    plain = passage_rules("The United States welcomed the reforms.", "en")
    negated = passage_rules("The United States did not welcome the reforms.", "en")
    assert plain.pos == 1 and plain.neg == 0 and plain.parties
    assert negated.neg == 1 and negated.pos == 0 and negated.negated == 1
    hedged = passage_rules("Washington may impose sanctions.", "en")
    assert hedged.hedged and hedged.neg == 0.5
    assert passage_rules("Министр заявил, что США не поддерживают санкции.", "ru").reported
    ru = passage_rules("США не поддержали инициативу.", "ru")
    assert ru.negated == 1 and ru.neg == 1
    kk = passage_rules("АҚШ екі ел қатынасын нығайтпады, деді министр.", "kk")
    assert kk.negated == 1 and kk.reported and kk.parties


def test_tone_model_is_balanced_and_calibrated():
    y = np.array([1] * 30 + [0] * 6 + [-1] * 4)
    w = class_weights(y)
    assert np.isclose(w[y == 1].sum(), w[y == -1].sum())
    rng = np.random.default_rng(3)
    x = rng.normal(size=(40, 3)) + y[:, None] * 2.0
    model = fit_tone(x, y, l2=1.0)
    assert model.temperature > 0
    p = model.proba(x)
    assert np.allclose(p.sum(axis=1), 1)
    assert (np.array(model.predict(x)) == y).mean() > 0.8
    assert model.from_dict(model.to_dict()).predict(x) == model.predict(x)
