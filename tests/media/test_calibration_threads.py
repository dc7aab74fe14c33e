"""The coders' calibration fits run with one BLAS thread (``reference.threads``): with two
OpenBLAS threads on a two-core machine a tone fit on 533 articles took 20x longer."""

from __future__ import annotations

import pytest

from dyad.coding import calibrate
from dyad.coding.encoder import HashingEncoder
from dyad.coding.evaluate import GoldItem
from dyad.coding.features import Article, analyse

TEXTS = [
    ("The United States and Kazakhstan signed a trade agreement. Both sides praised it.", 1,
     ["trade_investment"]),
    ("Washington warned Kazakhstan of secondary sanctions. Banks may be hit.", -1,
     ["great_power_balance"]),
    ("The ambassador will arrive next week. The embassy gave the dates.", 0,
     ["diplomacy_general"]),
]


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]


@pytest.fixture
def small_gold():
    gold = [GoldItem(f"g{i}", t, "en", None, topics, tone, {})
            for i, (t, tone, topics) in enumerate(TEXTS * 4)]
    an = analyse([Article(g.text, g.language) for g in gold], HashingEncoder(dim=64))
    return an, gold


def test_fit_and_cross_validation_run_with_one_blas_thread(small_gold, monkeypatch):
    if not _blas_threads():
        pytest.skip("no BLAS library that threadpoolctl can see")
    seen: list[list[int]] = []
    real = calibrate.fit_tone_models

    def spy(*args, **kwargs):
        seen.append(_blas_threads())
        return real(*args, **kwargs)

    monkeypatch.setattr(calibrate, "fit_tone_models", spy)
    an, gold = small_gold
    cal = calibrate.fit(an, gold, temperature=False)
    assert cal["n_articles"] == len(gold)
    out = calibrate.cross_validate(an, gold, folds=3)
    assert len(out["auto"]) == len(gold)
    assert len(seen) == 1 + 3
    assert all(threads and set(threads) == {1} for threads in seen), seen


def test_prototypes_are_cached_per_encoder_size():
    from dyad.coding.features import prototypes

    small, large = HashingEncoder(dim=64), HashingEncoder(dim=512)
    assert prototypes(small)[0].shape[1] == 64
    assert prototypes(large)[0].shape[1] == 512
    assert prototypes(small)[1].shape == (3, 64)
