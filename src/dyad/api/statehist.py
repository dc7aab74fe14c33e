"""Public API of the Office of the Historian import and the register review."""

from __future__ import annotations

from dyad.register.review import (
    ReviewError,
    accept_contact,
    reject_contact,
    resolve_conflict,
    review_queue,
)
from dyad.sources.statehist import StatehistImport, import_statehist

__all__ = [
    "ReviewError",
    "StatehistImport",
    "accept_contact",
    "import_statehist",
    "reject_contact",
    "resolve_conflict",
    "review_queue",
]
