"""Public API of the source registry: list the sources, import a file, update from the web."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.sources.registry import SOURCES, Source, get
from dyad.sources.result import LoadResult

__all__ = ["LoadResult", "Source", "import_source", "source_names", "source_registry",
           "sources_table", "update_source"]


def _with_coders(source: Source, opts: dict[str, Any]) -> dict[str, Any]:
    """Supply the coders a source needs (sources sit below coding/ and take them as options)."""
    if "topic_coder" in source.needs and opts.get("topic_coder") is None:
        from dyad.coding.dictionary import code_topics

        opts["topic_coder"] = code_topics
    if "coder" in source.needs and opts.get("coder") is None:
        from dyad.coding.dictionary import DictionaryCoder

        opts["coder"] = DictionaryCoder()
    return opts


def source_registry() -> tuple[Source, ...]:
    """Every registered source (name, publisher, licence, formats, loaders)."""
    return SOURCES


def source_names(*, updatable: bool = False) -> list[str]:
    """Registered source names (with ``updatable``, only those with a live update)."""
    return [s.name for s in SOURCES if not updatable or s.update is not None]


def import_source(con: duckdb.DuckDBPyConnection, name: str, path: str | Path,
                  **opts: Any) -> LoadResult:
    """Load one file or folder with the named source's loader (``dyad import NAME PATH``)."""
    source = get(name)
    return source.import_(con, path, **_with_coders(source, dict(opts)))


def update_source(con: duckdb.DuckDBPyConnection, name: str, **opts: Any) -> LoadResult:
    """Refresh the named source from its live API (``dyad update NAME``)."""
    from dyad.errors import UsageError

    source = get(name)
    if source.update is None:
        raise UsageError(f"source {source.name!r} has no live update; import files with "
                         f"`dyad import {source.name} PATH`; sources with an update: "
                         f"{', '.join(source_names(updatable=True))}")
    return source.update(con, **_with_coders(source, dict(opts)))


def sources_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The registry with what the store holds from each source (rows, last ingest run)."""
    from dyad.sources.status import source_status

    return pd.DataFrame(source_status(con))
