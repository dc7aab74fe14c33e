"""Shared fixtures: a fresh store per test, and the real data in ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("DYAD_SHARED_DATA", REPO.parent / "shared" / "data"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is missing (tests read ../shared/data)")
    return path


@pytest.fixture(scope="session")
def _store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store built from the shipped data per test session; tests get copies."""
    from dyad.store import open_store

    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    open_store(path).close()
    return path


@pytest.fixture
def store(tmp_path: Path, _store_template: Path):
    """A new store with the shipped reference data and register loaded."""
    import shutil

    from dyad.store import open_store

    path = tmp_path / "test.duckdb"
    shutil.copyfile(_store_template, path)
    con = open_store(path)
    yield con
    con.close()


@pytest.fixture
def bare_store(tmp_path: Path):
    """A migrated store without reference data (for loader tests)."""
    from dyad.store import connect

    con = connect(tmp_path / "bare.duckdb")
    yield con
    con.close()


def without_shipped_register(con) -> None:
    """Mark the shipped register as loaded, so a test's own records stand alone.

    For tests of merging/import logic on hand-made records: ``open_store`` (which every CLI
    command calls) then does not add the 60-odd real curated contacts around them.
    """
    from dyad.reference import files
    from dyad.reference.load import REGISTER_NAME

    con.execute(
        "INSERT OR REPLACE INTO reference_versions (name, checksum) VALUES ('register', ?)",
        [files.checksum(REGISTER_NAME)],
    )
