"""Several people's readings of one article's tone, as the tone model's soft targets.

A gold article may have been coded by a first coder, blind by a second one, and, where the
two disagreed, decided by an adjudicator. The final code (the gold file's ``tone``) is what
the coder is judged against; what it is *fitted* to is the mean of three readings: the
first coder's, the second coder's and the final code. Where both coders agreed, that is the
code itself; where they disagreed, two thirds go to the final code and one third to the
code it overruled, so the model learns that the case is uncertain rather than a hard class
(the adjudicator is one vote among three, as in a three-coder majority); where the
adjudicator chose neither coder's code, each of the three gets a third. Articles without a
second coding keep their final code alone.

Inputs: the second coding (JSONL ``{id, tone, topics}``, as ``dyad media agreement`` reads)
and the adjudication record (JSONL ``{id, first, second, adjudicated, ...}``: the first
coder's original tone where it was overruled or confirmed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from dyad.coding.evaluate import GoldItem, jsonl_objects
from dyad.coding.tone_model import CLASSES, onehot
from dyad.errors import LoadError


def read_adjudication(path: Path) -> dict[str, int]:
    """The first coder's original tone per adjudicated article id; a bad line is a one-line
    error naming the file, the record and the field."""
    out: dict[str, int] = {}
    for n, rec in jsonl_objects(path, "adjudication"):
        if not rec.get("id"):
            raise LoadError("no article id", file=str(path), record=f"line {n}", field="id")
        rid = str(rec["id"])
        for field in ("first", "second", "adjudicated"):
            value = rec.get(field)
            if type(value) is not int or value not in CLASSES:  # JSON true is not a tone
                raise LoadError(f"{field} {rec.get(field)!r} is not -1, 0 or 1", file=str(path),
                                record=rid, field=field)
        if rid in out:
            raise LoadError("article adjudicated twice", file=str(path), record=rid, field="id")
        out[rid] = int(rec["first"])
    return out


def attach_readings(gold: Sequence[GoldItem], second: Sequence[GoldItem] = (),
                    first: dict[str, int] | None = None) -> list[GoldItem]:
    """Gold items with ``readings`` = (first coder's, second coder's, final): the first
    coder's is the adjudication record's where there is one, else the final code."""
    seconds = {g.id: g.tone for g in second if g.tone is not None}
    first = first or {}
    out = []
    for g in gold:
        if g.tone is None or g.id not in seconds:
            out.append(replace(g, readings=()))
            continue
        out.append(replace(g, readings=(first.get(g.id, g.tone), int(seconds[g.id]), g.tone)))
    return out


def tone_targets(gold: Sequence[GoldItem]) -> np.ndarray:
    """(n, 3) fitted targets: the mean one-hot of each article's readings (its final code
    alone when it has none; an article without any tone counts as neutral)."""
    rows = []
    for g in gold:
        codes = g.readings or (g.tone if g.tone is not None else 0,)
        rows.append(onehot(codes).mean(axis=0))
    return np.vstack(rows) if rows else np.zeros((0, 3))


def describe(gold: Sequence[GoldItem]) -> dict[str, int | str]:
    """What the fitted targets rest on, for the calibration record."""
    with_r = [g for g in gold if g.readings]
    split = sum(1 for g in with_r if len(set(g.readings)) > 1)
    return {"targets": "mean of first, second and final codes where a second coding exists"
            if with_r else "final codes",
            "n_second_coded": len(with_r), "n_disagreements": split}
