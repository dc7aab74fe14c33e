"""GDELT 2.0 live path: the master file list, the 15-minute export zips, md5 checks.

The master file list (http://data.gdeltproject.org/gdeltv2/masterfilelist.txt) has one
line per file: ``size md5 url``. Exports are ``YYYYMMDDHHMMSS.export.CSV.zip``; the md5
is of the zip. Requests go through the shared polite client (``sources.http``:
one request per host per interval, on-disk cache of the zips); 429, 5xx and network
errors are retried with backoff. A zip whose md5 differs is a ``LoadError``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dyad.errors import LoadError
from dyad.sources.http import HttpClient

MASTER = "http://data.gdeltproject.org/gdeltv2/masterfilelist.txt"
_EXPORT = re.compile(r"/(\d{14})\.export\.CSV\.zip$")


@dataclass(frozen=True)
class Entry:
    size: int
    md5: str
    url: str

    @property
    def name(self) -> str:
        return self.url.rsplit("/", 1)[-1]

    @property
    def stamp(self) -> dt.datetime | None:
        m = _EXPORT.search(self.url)
        return dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S") if m else None


def parse_masterfilelist(text: str) -> list[Entry]:
    """Entries of the master file list; malformed lines are skipped (GDELT has a few)."""
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0].isdigit() and re.fullmatch(r"[0-9a-f]{32}", parts[1]):
            out.append(Entry(int(parts[0]), parts[1], parts[2]))
    return out


def exports_between(entries: list[Entry], start: dt.date, end: dt.date) -> list[Entry]:
    """The event exports added from ``start`` to ``end`` (inclusive days), in time order."""
    out = [e for e in entries if e.stamp and start <= e.stamp.date() <= end]
    return sorted(out, key=lambda e: e.url)


def get_with_retries(fetcher: HttpClient, url: str, *, retries: int = 3, backoff: float = 2.0,
                     sleep: Callable[[float], None] = time.sleep) -> bytes:
    """The body of ``url``; the shared client retries 429, 5xx and network errors with
    backoff (``retries`` and ``backoff`` override its defaults for this call)."""
    fetcher.retries, fetcher.backoff, fetcher.sleep = retries, backoff, sleep
    return fetcher.get_bytes(url)


def download(entries: list[Entry], folder: Path, fetcher: HttpClient, *,
             sleep: Callable[[float], None] = time.sleep) -> list[Path]:
    """Fetch each zip, check its md5 and write it to ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for e in entries:
        path = folder / e.name
        if path.exists() and hashlib.md5(path.read_bytes()).hexdigest() == e.md5:
            out.append(path)
            continue
        body = get_with_retries(fetcher, e.url, sleep=sleep)
        got = hashlib.md5(body).hexdigest()
        if got != e.md5:
            raise LoadError(f"md5 {got} differs from the master file list's {e.md5}",
                            file=e.url, field="md5")
        path.write_bytes(body)
        out.append(path)
    return out


def master_list(fetcher: HttpClient, *, sleep: Callable[[float], None] = time.sleep) -> list[Entry]:
    body = get_with_retries(fetcher, MASTER, sleep=sleep)
    return parse_masterfilelist(body.decode("utf-8", "replace"))
