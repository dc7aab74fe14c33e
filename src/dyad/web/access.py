"""How requests reach the store: briefly, in worker threads, bounded, time-limited, cached.

- Nothing is held between requests: each piece of work opens the store through
  ``dyad.api.browse.read_store`` / ``write_store`` and closes it.
- Reads are cached per store version (``browse.store_version``: the file's and WAL's
  size and mtime, plus a counter of this server's own writes), so a page is computed once
  per version and concurrent requests for it wait for one computation (single flight).
- Store work runs in worker threads; at most ``read_slots`` reads and ``report_slots``
  report builds run at once (semaphores); a request waits at most ``timeout`` seconds
  (then 503), and a slot at most as long.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from dyad.api import browse

T = TypeVar("T")


class Busy(browse.StoreBusy):
    """The server has too much store work in flight (HTTP 503)."""


@dataclass
class _Entry:
    version: Hashable
    stored: float
    value: Any


class VersionedCache:
    """A small LRU of values, each valid for one store version and at most ``ttl`` s."""

    def __init__(self, size: int, ttl: float) -> None:
        self.size = size
        self.ttl = ttl
        self._data: OrderedDict[Hashable, _Entry] = OrderedDict()

    def get(self, key: Hashable, version: Hashable) -> tuple[bool, Any]:
        entry = self._data.get(key)
        if entry is None or entry.version != version or \
                time.monotonic() - entry.stored > self.ttl:
            return False, None
        self._data.move_to_end(key)
        return True, entry.value

    def put(self, key: Hashable, version: Hashable, value: Any) -> None:
        self._data[key] = _Entry(version, time.monotonic(), value)
        self._data.move_to_end(key)
        while len(self._data) > self.size:
            self._data.popitem(last=False)

    def clear(self) -> None:
        self._data.clear()


class StoreAccess:
    """The web app's only way to the store."""

    def __init__(self, path: str | Path, *, read_slots: int = 4, report_slots: int = 1,
                 timeout: float = 30.0, report_timeout: float = 300.0,
                 cache_size: int = 512, report_cache_size: int = 8,
                 cache_ttl: float = 300.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.report_timeout = report_timeout
        self.generation = 0  # bumped after each write made through this server
        self.pages = VersionedCache(cache_size, cache_ttl)
        self.reports = VersionedCache(report_cache_size, cache_ttl * 12)
        self._read_slots = threading.BoundedSemaphore(read_slots)
        self._report_slots = threading.BoundedSemaphore(report_slots)
        self._write_slot = threading.BoundedSemaphore(1)
        self._inflight: dict[tuple[Hashable, Hashable], asyncio.Future[Any]] = {}

    def version(self) -> tuple[Hashable, ...]:
        return (self.generation, *browse.store_version(self.path))

    # ---- running store work ----------------------------------------------------------
    async def _run(self, fn: Callable[[], T], slots: threading.BoundedSemaphore,
                   timeout: float) -> T:
        def work() -> T:
            if not slots.acquire(timeout=timeout):
                raise Busy("the server is busy; try again in a moment")
            try:
                return fn()
            finally:
                slots.release()

        try:
            with anyio.fail_after(timeout):
                return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise Busy(f"the page took longer than {timeout:g} s; try again later") from None

    async def read(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(con)`` on a read-only connection (not cached)."""
        def work() -> T:
            with browse.read_store(self.path, wait=self.timeout) as con:
                return fn(con)

        return await self._run(work, self._read_slots, self.timeout)

    async def write(self, fn: Callable[[Any], T]) -> T:
        """Run ``fn(con)`` in one short read-write session; invalidates cached reads."""
        def work() -> T:
            with browse.write_store(self.path, wait=self.timeout) as con:
                return fn(con)

        try:
            return await self._run(work, self._write_slot, self.timeout)
        finally:
            self.generation += 1

    async def cached(self, key: Hashable, fn: Callable[[Any], T], *,
                     report: bool = False) -> T:
        """``fn(con)`` for the current store version: from the cache, or computed once
        however many requests ask at the same time."""
        cache = self.reports if report else self.pages
        version = self.version()
        hit, value = cache.get(key, version)
        if hit:
            return value  # type: ignore[no-any-return]
        flight = (key, version)
        if flight in self._inflight:
            return await asyncio.shield(self._inflight[flight])  # type: ignore[no-any-return]
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._inflight[flight] = future
        try:
            def work() -> T:
                with browse.read_store(self.path, wait=self.timeout) as con:
                    return fn(con)

            if report:
                value = await self._run(work, self._report_slots, self.report_timeout)
            else:
                value = await self._run(work, self._read_slots, self.timeout)
            cache.put(key, version, value)
            future.set_result(value)
            return value  # type: ignore[no-any-return]
        except BaseException as e:
            future.set_exception(e if isinstance(e, Exception) else Busy("cancelled"))
            raise
        finally:
            del self._inflight[flight]
