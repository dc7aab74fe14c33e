"""Agreement of a coder with gold codes: per-topic precision/recall/F1, micro and macro F1,
and Krippendorff's alpha (tone: ordinal; each topic: nominal presence/absence).

Gold is a JSONL file with ``id`` and ``gold: {topics, tone}`` (the development data's
format) or flat ``topics`` / ``tone`` fields.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dyad.reference.files import topic_keys
from dyad.store.provenance import LoadError


@dataclass
class GoldItem:
    id: str
    text: str
    language: str | None
    title: str | None
    topics: list[str]
    tone: int | None
    extra: dict[str, Any]
    # Every independent reading of the tone (e.g. first coder, second coder, final code);
    # empty: the final code ``tone`` alone. See ``coding.readings``.
    readings: tuple[int, ...] = ()


def item_key(item: GoldItem) -> str:
    """A content hash of a gold article's text: what a calibration records as fitted on."""
    import hashlib

    return hashlib.blake2b(" ".join(item.text.split()).encode("utf-8"),
                           digest_size=10).hexdigest()


def jsonl_objects(path: Path, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSONL file; an unreadable file,
    bad JSON or a line that is not an object is a LoadError naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise LoadError(f"cannot read {what} file: {e}", file=str(path)) from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise LoadError(f"invalid JSON: {e.msg}", file=str(path), record=f"line {n}") from None
        if not isinstance(rec, dict):
            raise LoadError("not a JSON object", file=str(path), record=f"line {n}")
        yield n, rec


def read_gold(path: Path) -> list[GoldItem]:
    """Gold items from JSONL; a line without text or codes raises LoadError naming it."""
    items: list[GoldItem] = []
    known = set(topic_keys())
    for n, rec in jsonl_objects(path, "gold"):
        inner = rec.get("gold")
        gold: dict[str, Any] = inner if isinstance(inner, dict) else rec
        rid = str(rec.get("id") or f"line {n}")
        topics = gold.get("topics")
        if not isinstance(topics, list):
            raise LoadError("no topics list", file=str(path), record=rid, field="topics")
        unknown = set(topics) - known
        if unknown:
            raise LoadError(f"unknown topic keys {sorted(unknown)}", file=str(path),
                            record=rid, field="topics")
        tone = gold.get("tone")
        if tone not in (-1, 0, 1, None):
            raise LoadError(f"tone {tone!r} is not -1, 0 or 1", file=str(path), record=rid,
                            field="tone")
        items.append(GoldItem(rid, str(rec.get("text") or ""), rec.get("language"),
                              rec.get("title"), list(topics), tone, rec))
    return items


def alpha(coders: Sequence[Sequence[float | None]], level: Any = "nominal") -> float:
    """Krippendorff's alpha for coders x units (None = missing); nan when undefined."""
    import krippendorff

    data = np.array([[np.nan if v is None else float(v) for v in row] for row in coders])
    values = data[~np.isnan(data)]
    if values.size == 0 or len(np.unique(values)) < 2:
        return math.nan
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def topic_scores(
    gold: Sequence[Iterable[str]], pred: Sequence[Iterable[str]], keys: Sequence[str] | None = None
) -> pd.DataFrame:
    """Per-topic support, tp, fp, fn, precision, recall, F1 and alpha; then micro, macro."""
    keys = list(keys or topic_keys())
    gsets = [set(g) for g in gold]
    psets = [set(p) for p in pred]
    rows = []
    for k in keys:
        g = [k in s for s in gsets]
        p = [k in s for s in psets]
        tp = sum(a and b for a, b in zip(g, p, strict=True))
        fp = sum(b and not a for a, b in zip(g, p, strict=True))
        fn = sum(a and not b for a, b in zip(g, p, strict=True))
        a = alpha([[int(x) for x in g], [int(x) for x in p]])
        rows.append({"topic": k, "support": sum(g), "tp": tp, "fp": fp, "fn": fn, "alpha": a})
    df = pd.DataFrame(rows)
    df["precision"], df["recall"], df["f1"] = _prf(df["tp"], df["fp"], df["fn"])
    tot_tp, tot_fp, tot_fn = int(df["tp"].sum()), int(df["fp"].sum()), int(df["fn"].sum())
    p, r, f = _prf([tot_tp], [tot_fp], [tot_fn])
    with_support = df[df["support"] > 0]
    counts = {"support": int(df["support"].sum()), "tp": tot_tp, "fp": tot_fp, "fn": tot_fn}
    micro: dict[str, Any] = {"topic": "micro", **counts, "alpha": math.nan,
                             "precision": p[0], "recall": r[0], "f1": f[0]}
    macro: dict[str, Any] = {"topic": "macro", **counts, "alpha": math.nan,
                             "precision": with_support["precision"].mean(),
                             "recall": with_support["recall"].mean(),
                             "f1": with_support["f1"].mean()}
    cols = ["topic", "support", "tp", "fp", "fn", "precision", "recall", "f1", "alpha"]
    return pd.concat([df, pd.DataFrame([micro, macro])], ignore_index=True)[cols]


def _prf(tp_: Any, fp_: Any, fn_: Any) -> tuple[Any, Any, Any]:
    tp, fp, fn = (np.asarray(x, dtype=float) for x in (tp_, fp_, fn_))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        r = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    return p, r, f


def tone_scores(gold: Sequence[int | None], pred: Sequence[int | None]) -> dict[str, float]:
    """Tone agreement: ordinal and nominal alpha, and plain accuracy."""
    pairs = [(g, p) for g, p in zip(gold, pred, strict=True) if g is not None and p is not None]
    acc = sum(g == p for g, p in pairs) / len(pairs) if pairs else math.nan
    return {"tone_alpha_ordinal": alpha([list(gold), list(pred)], "ordinal"),
            "tone_alpha_nominal": alpha([list(gold), list(pred)], "nominal"),
            "tone_accuracy": acc, "tone_n": float(len(pairs))}


def summary_row(topics: pd.DataFrame, tone: Mapping[str, float]) -> dict[str, float]:
    micro = topics[topics["topic"] == "micro"].iloc[0]
    macro = topics[topics["topic"] == "macro"].iloc[0]
    return {"micro_f1": float(micro["f1"]), "macro_f1": float(macro["f1"]), **tone}
