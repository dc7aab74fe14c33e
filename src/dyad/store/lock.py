"""Opening the DuckDB file while other processes use it.

DuckDB allows one read-write process or any number of read-only processes on a file;
a second opener gets an error naming the PID that holds the lock. :func:`open_file`
turns that into a wait: it says once who holds the store ("store in use by PID 4242
(dyad serve); waiting up to 30 s"), retries with backoff and, when the store stays
locked, raises :class:`~dyad.errors.StoreBusyError` (one line, never a traceback).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dyad.errors import StoreBusyError

__all__ = ["DEFAULT_WAIT", "LockHolder", "WaitHook", "default_wait", "is_lock_error",
           "lock_holder", "open_file"]

DEFAULT_WAIT = 30.0
WAIT_ENV = "DYAD_WAIT"
WaitHook = Callable[[str], None]

_PID = re.compile(r"\(PID (\d+)\)")
_HELD_IN = re.compile(r"held in (.+?) \(PID")
# Root options of the dyad CLI that take a value (skipped when naming a holder).
_VALUE_OPTS = {"--db", "--wait"}
# CLI groups whose subcommand belongs in the holder's name ("dyad import unvotes").
_GROUPS = {"import", "update", "contacts", "media", "trade", "convergence", "documents",
           "assistance", "values", "forecast", "quarantine"}


def default_wait() -> float:
    """Seconds to wait for a locked store: ``$DYAD_WAIT`` if set, else 30."""
    try:
        return max(0.0, float(os.environ[WAIT_ENV]))
    except (KeyError, ValueError):
        return DEFAULT_WAIT


def is_lock_error(e: BaseException) -> bool:
    """Whether a DuckDB error means another connection holds the file."""
    if not isinstance(e, duckdb.Error):
        return False
    text = str(e).lower()
    return "could not set lock" in text or "conflicting lock" in text \
        or "different configuration" in text


@dataclass(frozen=True)
class LockHolder:
    """Who holds the store: a PID (None when DuckDB did not say) and a short name."""

    pid: int | None
    name: str

    def describe(self) -> str:
        if self.pid is None:
            return f"in use by {self.name}"
        return f"in use by PID {self.pid} ({self.name})"


def _command_name(pid: int) -> str | None:
    """'dyad serve', 'dyad import unvotes', ... from /proc/PID/cmdline (None elsewhere)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    argv = [a.decode("utf-8", "replace") for a in raw.split(b"\0") if a]
    start = None
    for i, arg in enumerate(argv):
        if Path(arg).name == "dyad" or (arg == "dyad" and i and argv[i - 1] == "-m"):
            start = i + 1
            break
    if start is None:
        return Path(argv[0]).name if argv else None
    words: list[str] = []
    rest = iter(argv[start:])
    for arg in rest:
        if arg in _VALUE_OPTS:
            next(rest, None)
            continue
        if arg.startswith("-"):
            continue
        words.append(arg)
        if len(words) == 2 or words[0] not in _GROUPS:
            break
    return " ".join(["dyad", *words])


def lock_holder(error: BaseException) -> LockHolder:
    """Who holds the lock, from DuckDB's message (and /proc for the command line)."""
    text = str(error)
    m = _PID.search(text)
    if "different configuration" in text.lower() or (m and int(m.group(1)) == os.getpid()):
        return LockHolder(os.getpid(), "this process")
    if not m:
        return LockHolder(None, "another process")
    pid = int(m.group(1))
    name = _command_name(pid)
    if name is None:
        held = _HELD_IN.search(text)
        name = Path(held.group(1)).name if held else "another process"
    return LockHolder(pid, name)


def open_file(path: str | Path, *, read_only: bool, wait: float | None = None,
              on_wait: WaitHook | None = None) -> duckdb.DuckDBPyConnection:
    """Connect to ``path``, waiting up to ``wait`` seconds (default :func:`default_wait`)
    while another process holds it; ``on_wait`` gets one message when waiting starts.

    A read-only open in a process that already holds the store read-write gets a
    connection to that same instance (DuckDB allows no read-only one beside it).
    Raises :class:`StoreBusyError` when the store is still locked at the deadline.
    """
    limit = default_wait() if wait is None else max(0.0, wait)
    deadline = time.monotonic() + limit
    delay = 0.01
    told = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as e:
            if not is_lock_error(e):
                raise
            if read_only and "different configuration" in str(e).lower():
                # this process already holds the store read-write (DuckDB allows no
                # read-only connection beside it): share that instance, no new lock
                with contextlib.suppress(duckdb.Error):
                    return duckdb.connect(str(path))
            holder = lock_holder(e)
            if time.monotonic() + delay > deadline:
                raise StoreBusyError(
                    f"store {Path(path).name} is {holder.describe()}"
                    + (f"; gave up after {limit:g} s" if limit else "")
                    + "; try again when it is done (or wait longer with --wait SECONDS)"
                ) from None
            if on_wait is not None and not told:
                on_wait(f"store {holder.describe()}; waiting up to {limit:g} s")
                told = True
        time.sleep(delay * (0.5 + random.random()))  # noqa: S311  (jitter, not crypto)
        delay = min(delay * 2, 0.25)
