"""One exception family for dyad: every error a user can cause is a ``DyadError``.

Each class carries the process exit code the CLI uses and the HTTP status the web app
uses, so the two map errors in one place each (``cli.main`` and ``web.app``). The
message is one line a user can act on; a traceback never reaches a user.
"""

from __future__ import annotations

from typing import Any


class DyadError(Exception):
    """Base of every error dyad raises on purpose."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(DyadError, ValueError):
    """A bad option, argument or parameter (with the valid choices where there are some)."""

    exit_code = 2
    http_status = 400


class NotFoundError(DyadError, LookupError):
    """No such record, page, file or store."""

    exit_code = 2
    http_status = 404


class LoadError(DyadError):
    """A problem with input, naming the file, the record and the field."""

    exit_code = 1
    http_status = 422

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
        raw: Any = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.record = record
        self.field = field
        self.raw = raw
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.record is not None:
            where.append(f"record {self.record}")
        if self.field:
            where.append(f"field {self.field}")
        return (", ".join(where) + ": " if where else "") + self.reason


class ReviewError(DyadError, ValueError):
    """A review action that cannot apply (unknown contact, field, or conflict)."""

    exit_code = 2
    http_status = 400


class DataMissingError(DyadError, ValueError):
    """An analysis lacks the data it needs; the message names the command that loads it."""

    exit_code = 1
    http_status = 409


class StoreBusyError(DyadError):
    """The store is locked by another process and did not free up in time."""

    exit_code = 3
    http_status = 503


class SourceUnavailableError(DyadError):
    """A live source could not be reached, or refused us (missing key, network down)."""

    exit_code = 4
    http_status = 502


__all__ = [
    "DataMissingError",
    "DyadError",
    "LoadError",
    "NotFoundError",
    "ReviewError",
    "SourceUnavailableError",
    "StoreBusyError",
    "UsageError",
]
