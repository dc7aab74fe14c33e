"""JSON over HTTP for the trade sources: timeouts, retries with backoff, raw-response cache.

Retries on 429, 5xx, timeouts and network errors (``Retry-After`` honoured up to 60 s, else
``backoff * 2**attempt``); HTTP 204 returns None ("not published"); any other status, an empty
body or a body that is not JSON is a :class:`LoadError` naming the query (without the key).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from dyad.store.provenance import LoadError

RETRY_STATUS = {429, 500, 502, 503, 504}
Params = list[tuple[str, str]]


def describe(url: str, params: Sequence[tuple[str, str]]) -> str:
    """A reference for the query, without credentials."""
    return str(httpx.URL(url, params=list(params)))


@dataclass
class CachedJsonHttp:
    base: str
    transport: httpx.BaseTransport | None = None
    cache_dir: Path | None = None
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    refresh: bool = False
    auth_params: Params = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base}/{path}" if path else self.base

    def _cache_file(self, url: str, params: Params) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(json.dumps([url, sorted(params)]).encode()).hexdigest()[:32]
        return self.cache_dir / f"{key}.json"

    def get(self, path: str, params: Params) -> Any | None:
        """The decoded JSON answer, or None for HTTP 204."""
        url = self.url(path)
        cache = self._cache_file(url, params)
        if cache is not None and cache.exists() and not self.refresh:
            return json.loads(cache.read_text("utf-8"))
        ref = describe(url, params)
        last = ""
        with httpx.Client(transport=self.transport, timeout=self.timeout,
                          headers=self.headers) as client:
            for attempt in range(self.retries + 1):
                wait = self.backoff * 2**attempt
                try:
                    resp = client.get(url, params=[*params, *self.auth_params])  # type: ignore[arg-type]
                except httpx.TimeoutException as e:
                    last = f"timed out ({e.__class__.__name__})"
                except httpx.TransportError as e:
                    last = f"network error: {e}"
                else:
                    if resp.status_code == 204:
                        return None
                    if resp.status_code == 200:
                        body = _decode(resp, ref)
                        if cache is not None:
                            cache.parent.mkdir(parents=True, exist_ok=True)
                            cache.write_text(resp.text, "utf-8")
                        return body
                    if resp.status_code not in RETRY_STATUS:
                        raise LoadError(f"HTTP {resp.status_code}: {resp.text[:200]!r}", file=ref)
                    last = f"HTTP {resp.status_code}" + (
                        " (rate-limited)" if resp.status_code == 429 else "")
                    retry_after = resp.headers.get("Retry-After", "")
                    if retry_after.isdigit():
                        wait = min(float(retry_after), 60.0)
                if attempt < self.retries:
                    self.sleep(wait)
        raise LoadError(f"gave up after {self.retries + 1} attempts: {last}", file=ref)


def _decode(resp: httpx.Response, ref: str) -> Any:
    if not resp.content.strip():
        raise LoadError("empty answer (HTTP 200 with no body)", file=ref)
    try:
        return resp.json()
    except ValueError as e:
        raise LoadError(f"malformed answer, not JSON: {resp.text[:120]!r}", file=ref) from e
