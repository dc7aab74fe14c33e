"""Helpers for dyad's tests: where the real shared data is, and store set-ups.

Test modules import these from here (``from dyad_testing import shared_path``), never
from a conftest, so that nested conftest files cannot shadow them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("DYAD_SHARED_DATA", REPO.parent / "shared" / "data"))
# rows that every new store gets from the shipped data (register, trade snapshot)
SHIPPED_ROWS = ("contacts", "contact_partners", "contact_sources", "deliverables",
                "contact_conflicts", "trade_flows")


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is missing (tests read ../shared/data)")
    return path


def without_shipped_register(con) -> None:
    """Mark the shipped register as loaded, so a test's own records stand alone.

    For tests of merging/import logic on hand-made records: ``open_store`` (which every CLI
    command calls) then does not add the 60-odd real curated contacts around them.
    """
    from dyad.sources.shipped.load import register_checksum

    con.execute(
        "INSERT OR REPLACE INTO reference_versions (name, checksum) VALUES ('register', ?)",
        [register_checksum()],
    )
