"""Polite, cached HTTP for the feed and GDELT loaders (httpx with an injectable transport).

One request per host at most every ``min_interval`` seconds; responses cached on disk
by URL (so re-runs and tests do not hit the network); a clear ``LoadError`` on failure.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from dyad.store.provenance import LoadError

USER_AGENT = "dyad/0.1 (research observatory; +https://github.com/dyad)"


class Fetcher:
    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        cache_dir: Path | None = None,
        min_interval: float = 2.0,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = httpx.Client(transport=transport, timeout=timeout, follow_redirects=True,
                                   headers={"User-Agent": USER_AGENT})
        self.cache_dir = cache_dir
        self.min_interval = min_interval
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self.requests = 0

    def _cache_path(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".bin")

    def get(self, url: str) -> bytes:
        """The body of ``url`` (from the cache when there)."""
        cached = self._cache_path(url)
        if cached is not None and cached.exists():
            return cached.read_bytes()
        host = urlsplit(url).netloc
        wait = self._last.get(host, -1e9) + self.min_interval - self._clock()
        if wait > 0:
            self._sleep(wait)
        try:
            resp = self.client.get(url)
        except httpx.HTTPError as e:
            raise LoadError(f"request failed: {type(e).__name__}: {e}", file=url) from None
        finally:
            self._last[host] = self._clock()
            self.requests += 1
        if resp.status_code != 200:
            raise LoadError(f"HTTP {resp.status_code}", file=url)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(resp.content)
        return resp.content
