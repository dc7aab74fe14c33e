"""The DuckDB store: connection, versioned schema, provenance of every load."""

from dyad.store.connection import connect, default_db_path, open_store
from dyad.store.provenance import IngestRun, LoadError, ingest_run

__all__ = ["IngestRun", "LoadError", "connect", "default_db_path", "ingest_run", "open_store"]
