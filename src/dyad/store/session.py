"""Short store sessions for long-running programs (the web app): nothing held between
pieces of work.

:func:`read_session` opens the file read-only for one piece of work and closes it;
:func:`write_session` opens it read-write for one short write and closes it (which
checkpoints). Both wait while another process holds the file (:func:`dyad.store.lock.
open_file`) and raise :class:`~dyad.errors.StoreBusyError` when it stays locked.

Within one process a read-write and a read-only connection to the same file cannot
coexist (DuckDB refuses the second configuration), so sessions on one file pass through
a small readers-writer gate: a writer waits for running reads, and new reads wait for it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dyad.errors import StoreBusyError
from dyad.store.lock import WaitHook, open_file

__all__ = ["read_session", "store_version", "write_session"]


class _Gate:
    """Readers-writer gate for this process's connections to one file (writer first)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextmanager
    def shared(self, timeout: float) -> Iterator[None]:
        with self._cond:
            if not self._cond.wait_for(
                    lambda: not self._writer and not self._writers_waiting, timeout):
                raise StoreBusyError("the store is busy with a write; try again")
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self, timeout: float) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            try:
                if not self._cond.wait_for(lambda: not self._writer and not self._readers,
                                           timeout):
                    raise StoreBusyError("the store is busy; try again")
            finally:
                self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


_GATES: dict[str, _Gate] = {}
_GATES_LOCK = threading.Lock()


def _gate(path: Path) -> _Gate:
    key = str(path.resolve())
    with _GATES_LOCK:
        return _GATES.setdefault(key, _Gate())


@contextmanager
def read_session(path: str | Path, *, wait: float = 10.0, on_wait: WaitHook | None = None
                 ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one piece of work, closed on exit."""
    p = Path(path)
    with _gate(p).shared(wait):
        con = open_file(p, read_only=True, wait=wait, on_wait=on_wait)
        try:
            yield con
        finally:
            con.close()


@contextmanager
def write_session(path: str | Path, *, wait: float = 15.0, on_wait: WaitHook | None = None
                  ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one short write, closed (and checkpointed) on exit."""
    p = Path(path)
    with _gate(p).exclusive(wait):
        con = open_file(p, read_only=False, wait=wait, on_wait=on_wait)
        try:
            yield con
        finally:
            con.close()


def store_version(path: str | Path) -> tuple[int, ...]:
    """A cheap fingerprint of the store's state (size and mtime of the file and its WAL).

    It changes when a write is checkpointed into the file or appended to its WAL, by this
    process or another; use it to key caches of what was read.
    """
    out: list[int] = []
    for p in (Path(path), Path(f"{path}.wal")):
        try:
            st = p.stat()
        except FileNotFoundError:
            out += [0, 0, 0]
            continue
        out += [st.st_mtime_ns, st.st_size, st.st_ino]
    return tuple(out)
