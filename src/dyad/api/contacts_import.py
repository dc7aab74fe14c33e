"""Public API of the contact importers and the register review."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from dyad.analysis.coverage import Coverage
from dyad.errors import ReviewError
from dyad.sources.result import LoadResult

if TYPE_CHECKING:
    from dyad.contacts.accept import candidates
    from dyad.contacts.review import (
        accept_contact,
        reject_contact,
        resolve_conflict,
        resolve_field,
        review_queue,
    )
    from dyad.sources.statehist import StatehistImport

# Re-exported from modules that load the contact model (and with it pydantic): imported on
# first use (PEP 562), so `import dyad.api` does not pay for them.
LAZY = {
    "candidates": "dyad.contacts.accept",
    "accept_contact": "dyad.contacts.review",
    "reject_contact": "dyad.contacts.review",
    "resolve_conflict": "dyad.contacts.review",
    "resolve_field": "dyad.contacts.review",
    "review_queue": "dyad.contacts.review",
    "StatehistImport": "dyad.sources.statehist",
}

__all__ = [
    "Coverage",
    "ReviewError",
    "contacts_coverage",
    "accept_into_register",
    "candidates",
    "import_pocom",
    "shipped_register_dir",
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


def import_pocom(con: duckdb.DuckDBPyConnection, folder: str | Path) -> LoadResult:
    """Load the Office of the Historian's POCOM principal officers and ambassadors to the
    five into actors and offices (a second load adds nothing)."""
    from dyad.sources.pocom import import_pocom as run

    return run(con, folder)


def shipped_register_dir() -> Path:
    """The curated register folder shipped in the package (data/register)."""
    from importlib import resources

    return Path(str(resources.files("dyad.data") / "register"))


def accept_into_register(
    con: duckdb.DuckDBPyConnection, contact_id: str, register_dir: str | Path | None = None,
) -> dict[str, Any]:
    """Write a candidate into the curated register YAML (version 2, round-trip safe) and
    confirm it. ``register_dir`` defaults to the shipped register (a curator's checkout);
    tests pass a temporary copy. Raises ReviewError naming what to add when a participant
    maps to no actor."""
    from dyad.contacts.accept import accept_into_register as run

    return run(con, contact_id, register_dir or shipped_register_dir())


def contacts_coverage(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> Coverage:
    """Capture–recapture estimates of the register's coverage per tier and administration
    (Chapman for two lists, a log-linear model for three or more), with the assumptions."""
    from dyad.analysis.coverage import coverage

    return coverage(con, pair)


def __getattr__(name: str) -> Any:
    """The names in ``LAZY``, imported when first asked for."""
    if name not in LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(LAZY[name]), name)
    globals()[name] = value
    return value
