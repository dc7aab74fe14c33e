"""Shared fixtures: a fresh store per test (helpers live in dyad_testing.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _store_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store built from the shipped data per test session; tests get copies."""
    from dyad.api import open_store

    path = tmp_path_factory.mktemp("template") / "template.duckdb"
    open_store(path).close()
    return path


@pytest.fixture
def store(tmp_path: Path, _store_template: Path):
    """A new store with the shipped reference data and register loaded."""
    import shutil

    from dyad.api import open_store

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
