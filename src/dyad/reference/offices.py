"""Offices and the ordinal level scale (``data/offices.yaml``), defined once."""

from __future__ import annotations

from functools import cache
from typing import Any

from dyad.reference.files import data_text

# US-side level order for thresholds and "the higher of two" (rank 1 is highest).
LEVEL_ORDER: tuple[str, ...] = (
    "head_of_state", "head_of_government", "foreign_minister", "cabinet", "deputy", "envoy",
    "ambassador", "working", "parliament",
)


@cache
def _doc() -> dict[str, Any]:
    import yaml

    doc: dict[str, Any] = yaml.safe_load(data_text("offices.yaml"))
    return doc


def level_rank(level: str | None) -> int:
    """1 for head_of_state ... 9 for parliament; 99 for unknown (None)."""
    if level is None or not isinstance(level, str):
        return 99
    for row in _doc()["levels"]:
        if row["key"] == level:
            return int(row["rank"])
    raise ValueError(f"unknown level {level!r}; choose from {', '.join(LEVEL_ORDER)}")


def offices() -> dict[str, dict[str, Any]]:
    """Office key -> {title, country, level, branch}."""
    out: dict[str, dict[str, Any]] = {}
    for o in _doc()["offices"]:
        out[str(o["key"])] = {**o, "branch": o.get("branch", "executive")}
    return out


def highest(levels: list[str | None]) -> str | None:
    """The highest (lowest rank) of some levels; None when there are none."""
    known = [lv for lv in levels if isinstance(lv, str) and lv]
    return min(known, key=level_rank) if known else None


def at_least(level: str | None, threshold: str) -> bool:
    """Whether ``level`` is ``threshold`` or higher on the executive scale."""
    return isinstance(level, str) and level != "parliament" and level_rank(
        level) <= level_rank(threshold)
