"""The ground floor: the DuckDB store, its versioned schema, transactions, provenance.

Imports nothing of dyad but ``dyad.errors``.
"""

from dyad.errors import LoadError
from dyad.store.connection import connect, default_db_path
from dyad.store.inspect import list_tables, table_counts, table_exists
from dyad.store.lock import default_wait, lock_holder
from dyad.store.provenance import IngestRun, ingest_run
from dyad.store.session import read_session, store_version, write_session
from dyad.store.transaction import transaction

__all__ = [
    "IngestRun",
    "LoadError",
    "connect",
    "default_db_path",
    "default_wait",
    "ingest_run",
    "list_tables",
    "lock_holder",
    "read_session",
    "store_version",
    "table_counts",
    "table_exists",
    "transaction",
    "write_session",
]
