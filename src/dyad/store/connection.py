"""Where the store lives and how to open it (migrated). Loading the shipped data is a
source (``dyad.sources.shipped``) that ``dyad.api.open_store`` runs; the store imports
nothing of dyad above it."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

ENV_VAR = "DYAD_DB"


def default_db_path() -> Path:
    """`DYAD_DB` if set, else a file in the platform's user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("dyad", appauthor=False) / "dyad.duckdb"


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the DuckDB file and bring its schema up to date.

    Does not load the shipped data: ``dyad.api.open_store`` does both.
    """
    from dyad.store.migrate import migrate

    if path is None:
        path = default_db_path()
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con
