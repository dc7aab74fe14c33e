"""Public API of the contact importers and the register review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from dyad.contacts.review import (
    accept_contact,
    reject_contact,
    resolve_conflict,
    resolve_field,
    review_queue,
)
from dyad.errors import ReviewError
from dyad.sources.result import LoadResult
from dyad.sources.statehist import StatehistImport

__all__ = [
    "ReviewError",
    "StatehistImport",
    "accept_contact",
    "import_statehist",
    "reject_contact",
    "resolve_conflict",
    "resolve_field",
    "review_queue",
]


def import_statehist(
    con: duckdb.DuckDBPyConnection, folder: str | Path, **options: Any
) -> LoadResult:
    """Import the Office of the Historian's travels and visits XML under ``folder``.

    Topics are coded from each record's remarks by the dictionary coder. A second import
    adds nothing; a malformed file raises LoadError and leaves the store as it was.
    """
    from dyad.coding.dictionary import code_topics
    from dyad.sources.statehist import import_statehist as run

    options.setdefault("topic_coder", code_topics)
    return run(con, folder, **options)
