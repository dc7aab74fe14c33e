"""Media Cloud search API (v4) through the shared HTTP client: story lists and daily counts.

Requests are those of the ``mediacloud`` Python client (``mediacloud.api.SearchApi``):
GET ``https://search.mediacloud.org/api/search/<endpoint>`` with ``q``, ``start`` and ``end``
(ISO dates), ``platform=onlinenews-mediacloud`` and ``cs`` (comma-joined collection ids),
and the header ``Authorization: Token <key>``; ``story-list`` pages with ``page_size`` (at
most 1000) and ``pagination_token``. The key comes from ``MEDIACLOUD_API_KEY`` (it is never
part of a reference or of the cache key). The client keeps to 10 requests a minute, as the
``mediacloud`` client does by default (one every 6 s per host), retries 429/5xx with backoff
and caches raw answers.

Story lists are sliced by time so that no window needs more than ``max_pages`` pages: the
daily counts (``count-over-time``, asked first) plan the windows, and a window that still
runs past ``max_pages`` (counts move) is cut in two and asked again, down to one day.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import httpx

from dyad.errors import LoadError, SourceUnavailableError, UsageError
from dyad.sources.http import HttpClient, Params, describe
from dyad.sources.mediacloud.load import (
    PLATFORM,
    Answer,
    collection_ids,
    load_answers,
)
from dyad.sources.mediacloud.parse import count_points, outlet_rows, story_page
from dyad.sources.result import LoadResult

API = "https://search.mediacloud.org/api"
KEY_ENV = "MEDIACLOUD_API_KEY"
MIN_INTERVAL = 6.0        # 10 requests a minute, the mediacloud client's default
PAGE_SIZE = 1000          # the API's largest page
MAX_PAGES = 10            # pages per time window before the window is cut in two
COUNT_WINDOW_DAYS = 366   # count-over-time asked a year at a time
Progress = Callable[[str, int, int], None]


def client(*, cache_dir: Path | None = None, transport: httpx.BaseTransport | None = None,
           min_interval: float = MIN_INTERVAL, **kw: Any) -> HttpClient:
    """An HttpClient for the search API with the key from ``MEDIACLOUD_API_KEY``."""
    key = os.environ.get(KEY_ENV, "").strip()
    if not key:
        raise SourceUnavailableError(
            f"{KEY_ENV} is not set: get an API key at https://search.mediacloud.org and "
            f"export {KEY_ENV}")
    return HttpClient(base=API, transport=transport, cache_dir=cache_dir,
                      min_interval=min_interval, key_env=KEY_ENV,
                      headers={"Authorization": f"Token {key}", "Accept": "application/json"},
                      **kw)


def search_params(query: str, start: dt.date, end: dt.date, collection: int) -> Params:
    """The query parameters ``SearchApi`` sends for one collection."""
    return [("q", query), ("start", start.isoformat()), ("end", end.isoformat()),
            ("platform", PLATFORM), ("cs", str(collection))]


def windows(start: dt.date, end: dt.date, days: int) -> list[tuple[dt.date, dt.date]]:
    """``start``..``end`` cut into consecutive windows of at most ``days`` days."""
    out, lo = [], start
    while lo <= end:
        hi = min(end, lo + dt.timedelta(days=days - 1))
        out.append((lo, hi))
        lo = hi + dt.timedelta(days=1)
    return out


def fetch_counts(http: HttpClient, query: str, collection: int, start: dt.date,
                 end: dt.date) -> list[Answer]:
    """``count-over-time`` answers covering ``start``..``end``, a year at a time."""
    out = []
    for lo, hi in windows(start, end, COUNT_WINDOW_DAYS):
        params = search_params(query, lo, hi, collection)
        out.append((describe(http.url("search/count-over-time"), params),
                    http.get_json("search/count-over-time", params)))
    return out


def fetch_sources(http: HttpClient, query: str, collection: int, start: dt.date,
                  end: dt.date) -> tuple[Answer, Answer]:
    """The two ``search/sources`` answers outlet attention needs: (the query's, ``q=*``'s)."""
    out = []
    for q in (query, "*"):
        params = search_params(q, start, end, collection)
        out.append((describe(http.url("search/sources"), params),
                    http.get_json("search/sources", params)))
    return out[0], out[1]


def fetch_outlet_volume(http: HttpClient, query: str, collection: int, start: dt.date,
                        end: dt.date) -> tuple[list[dict[str, Any]], list[str]]:
    """Per outlet of a collection: stories matching ``query`` and all its stories in
    ``start``..``end``, from two ``search/sources`` answers (``q=query`` and ``q=*``, the
    total-volume query). Returns (rows of collection_id, outlet, count, n, largest n first;
    notes). An outlet absent from the query's answer has count 0; one in the query's answer
    but not in the volume answer has no exposure and is left out (named in the notes), as
    are bad rows (``parse.outlet_rows``)."""
    (ref, hits), (vref, vol) = fetch_sources(http, query, collection, start, end)
    parsed = outlet_rows(hits, vol, collection, ref, vref)
    notes = [str(r) for r in parsed if isinstance(r, LoadError)]
    rows = [{k: r[k] for k in ("collection_id", "outlet", "count", "n")}
            for r in parsed if isinstance(r, dict)]
    return sorted(rows, key=lambda r: (-r["n"], r["outlet"])), notes


def plan(daily: dict[dt.date, int], start: dt.date, end: dt.date, cap: int
         ) -> list[tuple[dt.date, dt.date]]:
    """Windows of consecutive days each holding at most ``cap`` stories by the daily
    counts (a single day over ``cap`` is its own window); days with no stories are kept
    inside windows so the whole range is asked."""
    out: list[tuple[dt.date, dt.date]] = []
    lo, total, day = start, 0, start
    while day <= end:
        n = daily.get(day, 0)
        if total and total + n > cap:
            out.append((lo, day - dt.timedelta(days=1)))
            lo, total = day, 0
        total += n
        day += dt.timedelta(days=1)
    out.append((lo, end))
    return out


def fetch_stories(http: HttpClient, query: str, collection: int, start: dt.date,
                  end: dt.date, *, daily: dict[dt.date, int] | None = None,
                  page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES,
                  progress: Progress | None = None) -> tuple[list[Answer], int]:
    """Every ``story-list`` page from ``start`` to ``end``: (pages, windows asked)."""
    todo = plan(daily or {}, start, end, page_size * max_pages)
    pages: list[Answer] = []
    asked = 0
    while todo:
        lo, hi = todo.pop(0)
        got, token = _window(http, query, collection, lo, hi, page_size, max_pages)
        asked += 1
        if token is not None and hi > lo:
            mid = lo + dt.timedelta(days=(hi - lo).days // 2)
            todo[:0] = [(lo, mid), (mid + dt.timedelta(days=1), hi)]
        else:
            pages.extend(got)
            if token is not None:  # one day over the cap: page on to its end
                pages.extend(_window(http, query, collection, lo, hi, page_size, None,
                                     token)[0])
        if progress is not None:
            progress(f"Media Cloud {collection} windows", asked, asked + len(todo))
    return pages, asked


def _window(http: HttpClient, query: str, collection: int, lo: dt.date, hi: dt.date,
            page_size: int, max_pages: int | None, token: str | None = None
            ) -> tuple[list[Answer], str | None]:
    """The pages of one window from ``token`` on, up to ``max_pages`` (None: all):
    (pages, the token of the next page, None when the window is complete)."""
    pages: list[Answer] = []
    while True:
        params = search_params(query, lo, hi, collection) + [("page_size", str(page_size))]
        if token:
            params.append(("pagination_token", token))
        ref = describe(http.url("search/story-list"), params)
        data = http.get_json("search/story-list", params)
        token = story_page(data, ref)[1]
        pages.append((ref, data))
        if token is None or (max_pages is not None and len(pages) >= max_pages):
            return pages, token


def _days(date: Any) -> dt.date:
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(str(date))
    except ValueError:
        raise UsageError(f"date {date!r} is not YYYY-MM-DD") from None


def update_mediacloud(con: duckdb.DuckDBPyConnection, *, query: str = "Kazakhstan",
                      collection: Any = 34412234, start: Any = None, end: Any = None,
                      stories: bool = True, outlets: bool = True,
                      outlet_country: str | None = None,
                      cache_dir: Path | None = None, http: HttpClient | None = None,
                      page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES,
                      progress: Progress | None = None) -> LoadResult:
    """Daily counts (and, with ``stories``, every story; with ``outlets``, each outlet's
    matching and total stories from the two top-sources answers) of ``query`` in each
    collection from ``start`` to ``end`` (default: the last 30 days); one ingest run per
    collection."""
    end_d = _days(end) if end else dt.date.today()
    start_d = _days(start) if start else end_d - dt.timedelta(days=29)
    if start_d > end_d:
        raise UsageError(f"--from {start_d} is after --to {end_d}")
    if not 1 <= page_size <= PAGE_SIZE:
        raise UsageError(f"page_size {page_size}: choose 1 to {PAGE_SIZE}")
    ids = collection_ids(collection)
    http = http or client(cache_dir=cache_dir)
    parts = []
    for cid in ids:
        counts = fetch_counts(http, query, cid, start_d, end_d)
        daily = {r["date"]: r["count"] for ref, data in counts
                 for r in count_points(data, ref) if isinstance(r, dict)}
        pages: list[Answer] = []
        if stories:
            pages, _ = fetch_stories(http, query, cid, start_d, end_d, daily=daily,
                                     page_size=page_size, max_pages=max_pages,
                                     progress=progress)
        tops = [fetch_sources(http, query, cid, start_d, end_d)] if outlets else []
        ref = describe(http.url("search"), search_params(query, start_d, end_d, cid))
        parts.append(load_answers(con, stories=pages, counts=counts, sources=tops,
                                  period=(start_d, end_d), collection=cid, query=query,
                                  outlet_country=outlet_country, source_ref=ref))
    return parts[0] if len(parts) == 1 else LoadResult.combine(
        "mediacloud", f"{query} in {','.join(map(str, ids))}", parts)
