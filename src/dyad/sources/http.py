"""The one HTTP client of every live source (Census, Comtrade, feeds, GDELT, documents).

httpx with an injectable transport (tests use recorded responses through
``httpx.MockTransport``), a timeout, retries with exponential backoff on 429, 5xx, timeouts
and network errors (``Retry-After`` honoured up to 60 s, else ``backoff * 2**attempt``), a
polite rate (at most one request per host every ``min_interval`` seconds) and an on-disk
cache of raw responses keyed by the URL and its query (credentials left out of the key).

Errors: a source that cannot be reached (network down, timeouts, 429/5xx after the
retries) or that refuses us (HTTP 401/403: a missing or wrong key, with the environment
variable to set) is a :class:`SourceUnavailableError`; an answer that is there but unusable
(another 4xx, an empty body, not JSON, JSON nested too deep) is a :class:`LoadError`. HTTP
204 means "not published" (``None``). References never carry the key.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from dyad.errors import LoadError, SourceUnavailableError

if TYPE_CHECKING:  # httpx (and the rich/click it pulls in) is imported where it is used
    import httpx

RETRY_STATUS = {429, 500, 502, 503, 504}
REFUSED_STATUS = {401, 403}
USER_AGENT = "dyad/0.1 (research observatory; +https://github.com/dyad)"
MAX_RETRY_AFTER = 60.0
Params = list[tuple[str, str]]


def describe(url: str, params: Sequence[tuple[str, str]] = ()) -> str:
    """A reference for the query, without credentials."""
    import httpx

    return str(httpx.URL(url, params=list(params))) if params else url


@dataclass
class HttpClient:
    """A polite, cached, retrying GET client; ``base`` prefixes relative paths."""

    base: str = ""
    transport: httpx.BaseTransport | None = None
    cache_dir: Path | None = None
    timeout: float = 30.0
    retries: int = 4
    backoff: float = 1.0
    min_interval: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    refresh: bool = False
    auth_params: Params = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    key_env: str | None = None  # the environment variable that holds this source's key
    requests: int = 0
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        """``path`` under ``base`` (an absolute URL is kept as it is)."""
        if path.startswith(("http://", "https://")) or not self.base:
            return path
        return f"{self.base}/{path}" if path else self.base

    def _http(self) -> httpx.Client:
        import httpx

        if self._client is None:
            self._client = httpx.Client(
                transport=self.transport, timeout=self.timeout, follow_redirects=True,
                headers={"User-Agent": USER_AGENT, **self.headers})
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _cache_file(self, url: str, params: Params, suffix: str) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(json.dumps([url, sorted(params)]).encode()).hexdigest()[:32]
        return self.cache_dir / f"{key}{suffix}"

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        wait = self._last.get(host, -1e18) + self.min_interval - self.clock()
        if wait > 0:
            self.sleep(wait)

    def fetch(self, path: str, params: Sequence[tuple[str, str]] = (), *,
              suffix: str = ".bin") -> httpx.Response | None:
        """The response (status 200) to a GET, or None for HTTP 204; cached on disk."""
        import httpx

        url, plist = self.url(path), list(params)
        ref = describe(url, plist)
        cache = self._cache_file(url, plist, suffix)
        if cache is not None and cache.exists() and not self.refresh:
            return httpx.Response(200, content=cache.read_bytes(),
                                  request=httpx.Request("GET", ref))
        last = ""
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            if attempt == 0:
                self._wait_turn(url)
            try:
                query: Any = [*plist, *self.auth_params]
                resp = self._http().get(url, params=query) if query else self._http().get(url)
            except httpx.TimeoutException as e:
                last = f"timed out ({e.__class__.__name__})"
            except httpx.TransportError as e:
                last = f"network error: {e.__class__.__name__}: {e}".split("\n")[0]
            except httpx.HTTPError as e:  # e.g. too many redirects, a malformed URL
                raise LoadError(f"request failed: {type(e).__name__}: {e}", file=ref) from None
            else:
                if resp.status_code == 204:
                    return None
                if resp.status_code == 200:
                    if cache is not None:
                        cache.parent.mkdir(parents=True, exist_ok=True)
                        cache.write_bytes(resp.content)
                    return resp
                if resp.status_code in REFUSED_STATUS:
                    hint = (f"; set {self.key_env} to a valid key" if self.key_env else "")
                    raise SourceUnavailableError(
                        f"{ref}: the source refused the request (HTTP {resp.status_code})"
                        f"{hint}")
                if resp.status_code not in RETRY_STATUS:
                    raise LoadError(f"HTTP {resp.status_code}: {resp.text[:200]!r}", file=ref)
                last = f"HTTP {resp.status_code}" + (
                    " (rate-limited)" if resp.status_code == 429 else "")
                retry_after = resp.headers.get("Retry-After", "").strip()
                if retry_after.isdigit():
                    wait = min(float(retry_after), MAX_RETRY_AFTER)
            finally:
                self._last[urlsplit(url).netloc] = self.clock()
                self.requests += 1
            if attempt < self.retries:
                self.sleep(wait)
        raise SourceUnavailableError(
            f"{ref}: gave up after {self.retries + 1} attempts: {last}")

    def get_bytes(self, path: str, params: Sequence[tuple[str, str]] = ()) -> bytes:
        """The body of a GET (HTTP 204 is an empty body)."""
        resp = self.fetch(path, params)
        return b"" if resp is None else resp.content

    def get_json(self, path: str, params: Sequence[tuple[str, str]] = ()) -> Any | None:
        """The decoded JSON answer, or None for HTTP 204."""
        resp = self.fetch(path, params, suffix=".json")
        if resp is None:
            return None
        return decode_json(resp.content, describe(self.url(path), list(params)))


def decode_json(body: bytes, ref: str) -> Any:
    """JSON from bytes; empty, malformed, too deep or over-long numbers are a LoadError."""
    if not body.strip():
        raise LoadError("empty answer (HTTP 200 with no body)", file=ref)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise LoadError(f"answer is not UTF-8 (byte offset {e.start})", file=ref) from None
    except RecursionError:
        raise LoadError("malformed answer: JSON nested too deeply", file=ref) from None
    except ValueError as e:  # JSONDecodeError, or an integer over Python's digit limit
        text = body[:120].decode("utf-8", "replace")
        raise LoadError(f"malformed answer, not JSON: {text!r} ({str(e)[:80]})",
                        file=ref) from None
