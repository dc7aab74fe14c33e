"""Forward-only schema migrations.

Each migration is a SQL file ``NNN_name.sql`` in ``dyad/store/migrations``; the
number is the schema version it brings the store to. Applied versions are recorded
in ``schema_migrations``. A migration runs in one transaction with its record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import duckdb

_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available_migrations() -> list[Migration]:
    folder = resources.files("dyad.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda mg: mg.version)
    versions = [mg.version for mg in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"two migrations share a version number: {versions}")
    return found


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions not yet applied to the store; works on a read-only connection."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_name = 'schema_migrations'").fetchone()
    have = 0
    if row and row[0]:
        got = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
        have = int(got[0]) if got else 0
    return [mg.version for mg in available_migrations() if mg.version > have]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration newer than the store's version; return those applied."""
    have = current_version(con)
    applied = []
    for mg in available_migrations():
        if mg.version <= have:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(mg.sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                [mg.version, mg.name],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(mg.version)
    return applied
