"""Where the store lives and how to open it. Loading the shipped data is a source
(``dyad.sources.shipped``) that ``dyad.api.open_store`` runs; the store imports nothing
of dyad above it.

A read-write connection takes DuckDB's file lock for as long as it is open; read-only
connections share the file with other readers. So: open read-only to read, open
read-write only for a write, and close soon. Both wait while another process holds
the store (``dyad.store.lock``).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from dyad.errors import NotFoundError
from dyad.store.lock import WaitHook, open_file

ENV_VAR = "DYAD_DB"


def default_db_path() -> Path:
    """`DYAD_DB` if set, else a file in the platform's user data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("dyad", appauthor=False) / "dyad.duckdb"


def connect(path: str | Path | None = None, *, read_only: bool = False,
            wait: float | None = None, on_wait: WaitHook | None = None
            ) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file; read-write opens create it and bring its schema up to date.

    ``read_only``: share the file with other readers (no migration; the store must
    exist: NotFoundError otherwise). ``wait``: seconds to wait while another process
    holds the file (default ``$DYAD_WAIT`` or 30), telling ``on_wait`` once; then
    StoreBusyError. Does not load the shipped data: ``dyad.api.open_store`` does both.
    """
    from dyad.store.migrate import migrate

    if path is None:
        path = default_db_path()
    memory = str(path) == ":memory:"
    if read_only:
        if memory or not Path(path).exists():
            raise NotFoundError(f"no store at {path}; load something first (dyad import ...)")
        return open_file(path, read_only=True, wait=wait, on_wait=on_wait)
    if memory:
        con = duckdb.connect(":memory:")
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        con = open_file(path, read_only=False, wait=wait, on_wait=on_wait)
    try:
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con
