"""Opening a store: migrated, with the shipped data loaded."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyad.sources.shipped.load import ensure_shipped_data
from dyad.store import connect

__all__ = ["open_store"]


def open_store(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the store at ``path`` (default: ``$DYAD_DB``, else the user data folder).

    The schema is brought up to date and the shipped reference data, curated register
    and snapshots are loaded when the store lacks their current version (idempotent).
    """
    con = connect(path)
    ensure_shipped_data(con)
    return con
