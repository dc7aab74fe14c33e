"""Opening a store: migrated, with the shipped data loaded; read-only or read-write."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyad.analysis.media_links import (
    ensure_shipped_links,
    shipped_links_current,
    shipped_links_stamp,
)
from dyad.report.export import neutralise_cell  # the one rule for CLI output and exports
from dyad.store import connect, default_db_path
from dyad.store.lock import WaitHook
from dyad.store.quarantine import quarantine_rows, quarantine_summary

__all__ = ["neutralise_cell", "open_store", "quarantine_rows", "quarantine_summary"]


def open_store(path: str | Path | None = None, *, read_only: bool = False,
               wait: float | None = None, on_wait: WaitHook | None = None
               ) -> duckdb.DuckDBPyConnection:
    """Open the store at ``path`` (default: ``$DYAD_DB``, else the user data folder).

    The schema is brought up to date and the shipped reference data, curated register
    and snapshots are loaded when the store lacks their current version (idempotent); the
    shipped media sample's articles are then linked to the register's contacts (once per
    version of both; ``dyad.analysis.media_links.ensure_shipped_links``).

    ``read_only=True`` opens a connection that shares the file with other readers (the
    web app, another report) and cannot write; when the store is missing, behind on its
    schema or its shipped data, it is first brought up to date in a brief read-write
    session. A read-write connection holds the store's lock until it is closed: open it
    for a write and close it when done. ``wait``: seconds to wait for a store another
    process holds (default ``$DYAD_WAIT`` or 30; ``on_wait`` is told once), then
    :class:`~dyad.errors.StoreBusyError`.
    """
    from dyad.sources.shipped.load import ensure_shipped_data  # loads the contact model

    if not read_only or str(path) == ":memory:":
        con = connect(path, wait=wait, on_wait=on_wait)
        try:
            ensure_shipped_data(con)
            ensure_shipped_links(con, _links_stamp())
        except BaseException:
            con.close()
            raise
        return con
    target = Path(path) if path is not None else default_db_path()
    if target.exists():
        con = connect(target, read_only=True, wait=wait, on_wait=on_wait)
        if _up_to_date(con):
            return con
        con.close()
    open_store(target, wait=wait, on_wait=on_wait).close()
    return connect(target, read_only=True, wait=wait, on_wait=on_wait)


def _up_to_date(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every migration is applied and every shipped file's checksum loaded
    (the questions ``ensure_shipped_data`` asks, on a read-only connection)."""
    from dyad.reference import files
    from dyad.sources.shipped.load import REFERENCE_FILES, SHIPPED_MODULES, register_checksum
    from dyad.store.migrate import pending_migrations

    if pending_migrations(con):
        return False
    have = dict(con.execute("SELECT name, checksum FROM reference_versions").fetchall())
    want = {"reference": "".join(files.checksum(n) for n in REFERENCE_FILES),
            "register": register_checksum()}
    for module in SHIPPED_MODULES:
        want[f"shipped:{module.NAME}"] = "".join(files.checksum(f) for f in module.FILES)
    return (all(have.get(k) == v for k, v in want.items())
            and shipped_links_current(con, _links_stamp()))


def _links_stamp() -> str:
    """The versions the shipped sample's links depend on: the register and the sample."""
    from dyad.reference import files
    from dyad.sources.shipped import media_sample
    from dyad.sources.shipped.load import register_checksum

    sample = "".join(files.checksum(f) for f in media_sample.FILES)
    return shipped_links_stamp(f"register {register_checksum()}; sample {sample}")
