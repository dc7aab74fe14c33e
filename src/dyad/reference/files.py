"""Read the shipped reference files in ``dyad/data`` (cached, validated on read)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Any

VECTORS = ("security", "economic", "values", "cross")


def data_text(name: str) -> str:
    return (resources.files("dyad.data") / name).read_text("utf-8")


def checksum(name: str) -> str:
    return hashlib.sha256(data_text(name).encode("utf-8")).hexdigest()


@cache
def _yaml(name: str) -> Any:
    import yaml

    return yaml.safe_load(data_text(name))


def codebook() -> dict[str, dict[str, Any]]:
    """Topic key -> {vector, label, definition, include, exclude, keywords{en,ru,kk}}."""
    topics: dict[str, dict[str, Any]] = _yaml("codebook.yaml")["topics"]
    return topics


def topic_keys() -> list[str]:
    return list(codebook())


def topic_vector(key: str) -> str:
    return str(codebook()[key]["vector"])


def administrations(country: str | None = None) -> list[dict[str, Any]]:
    doc = _yaml("administrations.yaml")
    out = []
    for side in ("us", "kz"):
        if country and side != country.lower():
            continue
        for a in doc[side]:
            out.append({**a, "country": side.upper()})
    return out




def countries() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = _yaml("countries.yaml")["countries"]
    return rows


def iso3_of(iso2: str) -> str | None:
    """The ISO3 code of a country's ISO2 code, or None when the table has none."""
    for c in countries():
        if c["iso2"] == iso2 and c.get("iso3"):
            return str(c["iso3"])
    return None


def country_by_name(name: str) -> str | None:
    """ISO2 code for any name variant the sources use, or None."""
    key = name.strip().lower()
    for c in countries():
        if key == c["iso2"].lower() or key == c["iso3"].lower() or key in c["names"]:
            return str(c["iso2"])
    return None


def level_weights() -> dict[str, float]:
    return {k: float(v) for k, v in _yaml("level_weights.yaml")["weights"].items()}
