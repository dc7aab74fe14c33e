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


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    current_version(con)  # creates the table in a new store
    return {int(r[0]) for r in con.execute("SELECT version FROM schema_migrations").fetchall()}


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Versions not yet applied to the store; works on a read-only connection."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_name = 'schema_migrations'").fetchone()
    have: set[int] = set()
    if row and row[0]:
        have = {int(r[0]) for r in con.execute(
            "SELECT version FROM schema_migrations").fetchall()}
    return [mg.version for mg in available_migrations() if mg.version not in have]


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration the store has not recorded, in number order; return those applied.

    Numbers are reserved by area, so an area's new migration can carry a number below the
    highest one a store already has: a migration is applied when it is missing, not when it
    is newer.
    """
    have = applied_versions(con)
    applied = []
    for mg in available_migrations():
        if mg.version in have:
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
