"""Per-topic decision thresholds: chosen on the training articles' out-of-fold
probabilities only, scored with the same rule the coder decides by, and read by the coder
both as one list per topic and as one number (older calibrations)."""

from __future__ import annotations

import numpy as np

from dyad.coding.calibrate import _chosen, _micro_f1
from dyad.coding.coders import decide_topics
from dyad.coding.evaluate import topic_scores
from dyad.reference.files import topic_keys


def test_vectorised_micro_f1_matches_the_coders_decisions():
    keys = topic_keys()
    rng = np.random.default_rng(11)
    proba = rng.random((60, len(keys)))
    truth = rng.random((60, len(keys))) < 0.2
    golds = [[k for k, t in zip(keys, row, strict=True) if t] for row in truth]
    for th in (np.full(len(keys), 0.5), rng.uniform(0.2, 0.9, len(keys)),
               np.full(len(keys), 0.99)):  # 0.99: most articles fall back to their top topic
        pred = [decide_topics(p, th) for p in proba]
        chosen = _chosen(proba, proba >= th)
        assert [sorted(k for k, c in zip(keys, row, strict=True) if c) for row in chosen] == pred
        scores = topic_scores(golds, pred).set_index("topic")
        assert np.isclose(_micro_f1(chosen, truth), scores.loc["micro", "f1"])


def test_decide_topics_takes_one_threshold_or_one_per_topic():
    keys = topic_keys()
    p = np.linspace(0.1, 0.9, len(keys))
    assert decide_topics(p, 0.85) == sorted(k for k, v in zip(keys, p, strict=True)
                                            if v >= 0.85)
    per = np.full(len(keys), 0.95)
    per[0] = 0.05  # a low threshold for the first topic alone
    assert decide_topics(p, per) == [keys[0]]
    assert decide_topics(p, np.full(len(keys), 0.99)) == [keys[int(p.argmax())]]


def test_the_shipped_calibration_has_a_threshold_per_topic():
    from dyad.coding.coders import AutoCoder, load_calibration
    from dyad.coding.encoder import HashingEncoder

    cal = load_calibration()
    th = cal["topics"]["threshold"]
    assert isinstance(th, list) and len(th) == len(topic_keys())
    assert all(0.0 < t < 1.0 for t in th)
    old = {**cal, "topics": {**cal["topics"], "threshold": 0.5}}
    assert AutoCoder(HashingEncoder(dim=8), old).topic_threshold.shape == ()
