"""Helpers for the events tests: real GDELT rows, and rows rewritten in other formats."""

from __future__ import annotations

from pathlib import Path

from dyad_testing import shared_path

REAL = ("gdelt", "events", "20191024143000.export.CSV")
TODAY = __import__("datetime").date(2025, 1, 1)


def real_file() -> Path:
    return shared_path(*REAL)


def real_lines(n: int | None = None) -> list[str]:
    lines = real_file().read_text("utf-8").splitlines()
    return lines[:n] if n else lines


def as_v1(line: str, *, with_url: bool = True) -> str:
    """A 2.0 row rewritten as GDELT 1.0 (written from the 1.0 codebook, not a real 1.0 file):
    no ADM2Code in the three geography blocks, DATEADDED as YYYYMMDD, SOURCEURL only in
    daily files (58 columns) and not in backfiles (57)."""
    f = line.split("\t")
    for pos in (52, 44, 36):          # ADM2Code of ActionGeo, Actor2Geo, Actor1Geo
        del f[pos]
    f[-2] = f[-2][:8]
    return "\t".join(f if with_url else f[:-1])
