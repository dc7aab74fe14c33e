"""GDELT 2.0 live path: the master file list, the 15-minute export zips, md5 checks.

The master file list (http://data.gdeltproject.org/gdeltv2/masterfilelist.txt) has one
line per file: ``size md5 url``. Exports are ``YYYYMMDDHHMMSS.export.CSV.zip``; the md5
is of the zip. Requests go through the shared polite client (``sources.http``:
one request per host per interval, on-disk cache of the zips); 429, 5xx and network
errors are retried with backoff. A zip whose md5 differs is a ``LoadError``.
``update_events`` is the registry's ``dyad update gdelt --from DATE --to DATE``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyad.errors import LoadError, UsageError
from dyad.sources.http import HttpClient
from dyad.sources.result import LoadResult

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


def as_day(value: Any, option: str) -> dt.date:
    """A day from a date, a datetime or 'YYYY-MM-DD' / 'YYYYMMDD' text; else a UsageError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip() if value is not None else ""
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise UsageError(f"--{option} wants a day as YYYY-MM-DD, got {text or 'nothing'!r}")


def update_events(con: Any, *, start: Any = None, end: Any = None, transport: Any = None,
                  min_interval: float = 1.0, sleep: Callable[[float], None] | None = None,
                  today: dt.date | None = None) -> LoadResult:
    """Fetch the GDELT 2.0 exports added from ``start`` to ``end`` (inclusive days; md5
    checked against the master file list) and import them; one combined ``LoadResult``."""
    from dyad.sources.gdelt_events.load import SOURCE, events_dir, import_files

    first, last = as_day(start, "from"), as_day(end, "to")
    if last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    folder = events_dir(con).parent / "downloads"
    wait = sleep or time.sleep
    listing = HttpClient(transport=transport, cache_dir=None, min_interval=min_interval,
                         sleep=wait)
    entries = exports_between(master_list(listing, sleep=wait), first, last)
    ref = f"{MASTER}#from={first}&to={last}"
    if not entries:
        return LoadResult(SOURCE, ref, None, details={
            "files": [], "note": f"no GDELT 2.0 export listed from {first} to {last}"})
    zips = HttpClient(transport=transport, cache_dir=folder / "cache",
                      min_interval=min_interval, sleep=wait)
    paths = download(entries, folder, zips, sleep=wait)
    return import_files(con, list(paths), today=today, source_ref=ref)
