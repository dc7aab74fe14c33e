"""GDELT DOC 2.0 API: article lists and volume/tone timelines for a query, by source country.

API: https://api.gdeltproject.org/api/v2/doc/doc?query=...&mode=ArtList|timelinevolraw|
timelinetone&format=json (see https://blog.gdeltproject.org/gdelt-doc-2-0-api-debuts/).
ArtList JSON: ``{"articles": [{url, url_mobile, title, seendate "YYYYMMDDTHHMMSSZ",
socialimage, domain, language "English", sourcecountry "Kazakhstan"}]}``; timelines:
``{"timeline": [{"series": ..., "data": [{"date", "value", "norm"?}]}]}``. GDELT asks for
at most one request every 5 seconds; the shared client (``dyad.sources.http``) enforces it,
retries and caches responses. ``import_gdelt_file`` loads a saved answer (no network).
Article lists carry no text: each page is fetched and extracted with trafilatura; a page
that cannot be fetched is quarantined, not dropped silently.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import duckdb

from dyad.errors import LoadError, SourceUnavailableError, UsageError
from dyad.sources.articles.load import load_articles
from dyad.sources.articles.parse import extract_html
from dyad.sources.http import HttpClient, decode_json
from dyad.sources.result import LoadResult
from dyad.store.provenance import ingest_run

API = "https://api.gdeltproject.org/api/v2/doc/doc"
MIN_INTERVAL = 5.0
LANGS = {"english": "en", "russian": "ru", "kazakh": "kk"}
COUNTRIES = {"kazakhstan": "KZ", "united states": "US"}
# GDELT's sourcecountry: filter uses FIPS-like country names without spaces.
SOURCE_COUNTRY = {"KZ": "kazakhstan", "US": "unitedstates"}


def query_url(query: str, mode: str, *, country: str | None = None,
              start: dt.date | None = None, end: dt.date | None = None,
              max_records: int = 250) -> str:
    q = query if not country else f"{query} sourcecountry:{SOURCE_COUNTRY[country]}"
    params: dict[str, Any] = {"query": q, "mode": mode, "format": "json"}
    if mode.lower() == "artlist":
        params["maxrecords"] = max_records
        params["sort"] = "datedesc"
    if start:
        params["startdatetime"] = start.strftime("%Y%m%d000000")
    if end:
        params["enddatetime"] = end.strftime("%Y%m%d235959")
    return f"{API}?{urlencode(params)}"


def _json(body: bytes, url: str) -> dict[str, Any]:
    if body.lstrip()[:1] not in (b"{", b"[", b"\xef", b""):
        # GDELT answers bad queries with a plain-text message.
        raise LoadError(f"GDELT did not return JSON: {body[:120]!r}", file=url)
    data = decode_json(body or b"{}", url)
    if not isinstance(data, dict):
        raise LoadError("GDELT JSON is not an object", file=url)
    return data


def _seendate(s: Any) -> dt.date | None:
    """The day of a GDELT date (YYYYMMDD...); None when impossible or outside 1945-2100."""
    try:
        day = dt.datetime.strptime(str(s)[:8], "%Y%m%d").date()
    except ValueError:
        return None
    return day if 1945 <= day.year <= 2100 else None


def article_records(fetcher: HttpClient, url: str, *, fetch_text: bool = True
                    ) -> list[dict[str, Any]]:
    """Records for ``load_articles`` from one ArtList response."""
    return artlist_records(_json(fetcher.get_bytes(url), url),
                           fetcher if fetch_text else None)


def artlist_records(data: dict[str, Any], client: HttpClient | None
                    ) -> list[dict[str, Any]]:
    """Records of an ArtList answer; page text through ``client`` (None: no text)."""
    out = []
    for a in data.get("articles") or []:
        if not isinstance(a, dict) or not a.get("url"):
            continue
        rec: dict[str, Any] = {
            "id": a["url"], "url": a["url"], "outlet": a.get("domain"),
            "outlet_country": COUNTRIES.get(str(a.get("sourcecountry", "")).lower(), "other"),
            "language": LANGS.get(str(a.get("language", "")).lower(), "xx"),
            "published": _seendate(a.get("seendate")), "title": a.get("title"), "text": None,
        }
        if client is not None:
            try:
                _, text, _ = extract_html(client.get_bytes(a["url"]).decode("utf-8", "replace"),
                                          a["url"])
                rec["text"] = text
            except (LoadError, SourceUnavailableError) as e:
                rec["_error"] = f"article page: {getattr(e, 'reason', str(e))}"
        out.append(rec)
    return out


def import_artlist(con: duckdb.DuckDBPyConnection, fetcher: HttpClient, query: str, *,
                   country: str | None = None, start: dt.date | None = None,
                   end: dt.date | None = None, fetch_text: bool = True) -> LoadResult:
    url = query_url(query, "ArtList", country=country, start=start, end=end)
    return load_articles(con, article_records(fetcher, url, fetch_text=fetch_text),
                         source="gdelt", source_ref=url)


CAP = 250  # the DOC API's most articles per query


def sliced_artlist(fetcher: HttpClient, query: str, start: dt.date, end: dt.date, *,
                   country: str | None = None, min_days: int = 1,
                   progress: Any = None) -> list[dict[str, Any]]:
    """Every ArtList entry from ``start`` to ``end``: a window whose answer hits the
    250-article cap is cut in two and each half asked again (down to ``min_days``), as
    users of the DOC API do; entries are de-duplicated by URL. Requests go through the
    shared client (one per ``MIN_INTERVAL`` seconds, cached, retried)."""
    seen: dict[str, dict[str, Any]] = {}
    windows = [(start, end)]
    asked = 0
    while windows:
        lo, hi = windows.pop(0)
        url = query_url(query, "ArtList", country=country, start=lo, end=hi)
        arts = [a for a in _json(fetcher.get_bytes(url), url).get("articles") or []
                if isinstance(a, dict) and a.get("url")]
        asked += 1
        if len(arts) >= CAP and (hi - lo).days + 1 > min_days:
            mid = lo + dt.timedelta(days=((hi - lo).days) // 2)
            windows[:0] = [(lo, mid), (mid + dt.timedelta(days=1), hi)]
        else:
            for a in arts:
                seen.setdefault(str(a["url"]), a)
        if progress is not None:
            progress("GDELT windows", asked, asked + len(windows))
    return list(seen.values())


def import_sliced(con: duckdb.DuckDBPyConnection, fetcher: HttpClient, query: str,
                  start: dt.date, end: dt.date, *, country: str | None = None,
                  fetch_text: bool = True, progress: Any = None) -> LoadResult:
    """Load every article of a long period (``sliced_artlist``) in one run."""
    arts = sliced_artlist(fetcher, query, start, end, country=country, progress=progress)
    ref = query_url(query, "ArtList", country=country, start=start, end=end) + "&sliced=1"
    return load_articles(con, artlist_records({"articles": arts},
                                              fetcher if fetch_text else None),
                         source="gdelt", source_ref=ref)


TIMELINE_MODES = ("timelinevolraw", "timelinevol", "timelinetone")


def import_timeline(con: duckdb.DuckDBPyConnection, fetcher: HttpClient, query: str, *,
                    mode: str = "timelinevolraw", country: str | None = None,
                    start: dt.date | None = None, end: dt.date | None = None) -> LoadResult:
    """Store a volume or tone timeline (one row per series and day)."""
    if mode not in TIMELINE_MODES:
        raise UsageError(f"unsupported GDELT timeline mode {mode!r}; choose one of "
                         f"{', '.join(TIMELINE_MODES)}")
    url = query_url(query, mode, country=country, start=start, end=end)
    data = _json(fetcher.get_bytes(url), url)
    label = f"{query} [{country}]" if country else query
    return load_timeline(con, data, label=label, mode=mode, ref=url)


def load_timeline(con: duckdb.DuckDBPyConnection, data: dict[str, Any], *, label: str,
                  mode: str, ref: str) -> LoadResult:
    """A timeline answer into ``gdelt_timelines`` in one run; bad points quarantined."""
    if not isinstance(data.get("timeline"), list):
        with ingest_run(con, source="gdelt", source_ref=ref):
            raise LoadError("GDELT response has no timeline (invalid query?)", file=ref)
    with ingest_run(con, source="gdelt", source_ref=ref) as run:
        for series in data["timeline"]:
            if not isinstance(series, dict):
                run.rows_in += 1
                run.quarantine(LoadError("a timeline series is not an object", file=ref,
                                         record=f"series {str(series)[:40]}", field="timeline"))
                continue
            name = str(series.get("series") or mode)[:200]
            points = series.get("data")
            for point in points if isinstance(points, list) else []:
                run.rows_in += 1
                _point(con, run, point, (label, mode, name, ref))
    return LoadResult.of(run)


def _number(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float | str):
        raise ValueError(v)
    x = float(str(v)[:40])
    if x != x or abs(x) > 1e15:
        raise ValueError(v)
    return x


def _point(con: duckdb.DuckDBPyConnection, run: Any, point: Any,
           key: tuple[str, str, str, str]) -> None:
    label, mode, name, ref = key
    if not isinstance(point, dict):
        run.quarantine(LoadError("a timeline point is not an object", file=ref,
                                 record=str(point)[:40], field="data"))
        return
    day = _seendate(point.get("date"))
    if day is None:
        run.quarantine(LoadError("date is not a YYYYMMDD... day within 1945-2100", file=ref,
                                 record=str(point.get("date"))[:40], field="date",
                                 raw=str(point)[:500]))
        return
    try:
        value, norm = _number(point.get("value")), _number(point.get("norm"))
    except (ValueError, OverflowError):
        run.quarantine(LoadError("value or norm is not a number", file=ref,
                                 record=str(day), field="value", raw=str(point)[:500]))
        return
    before = con.execute("SELECT count(*) FROM gdelt_timelines").fetchone()
    con.execute("INSERT OR REPLACE INTO gdelt_timelines VALUES (?,?,?,?,?,?,?,?,?)",
                [label, mode, name, day, value, norm, "gdelt", ref, run.run_id])
    after = con.execute("SELECT count(*) FROM gdelt_timelines").fetchone()
    run.rows_loaded += int(after[0]) - int(before[0]) if after and before else 0


def import_gdelt_file(con: duckdb.DuckDBPyConnection, path: str | Path, *,
                      query: str | None = None, mode: str | None = None,
                      client: HttpClient | None = None) -> LoadResult:
    """A saved DOC API answer: a timeline (into gdelt_timelines) or an ArtList (articles;
    their text fetched through ``client`` when given, else they are quarantined as textless)."""
    p = Path(path)
    if not p.is_file():
        raise LoadError("no such file", file=str(p))
    data = _json(p.read_bytes(), str(p))
    label = query or p.stem
    if "articles" in data and "timeline" not in data:
        return load_articles(con, artlist_records(data, client), source="gdelt",
                             source_ref=str(p))
    return load_timeline(con, data, label=label, mode=mode or "timelinevolraw", ref=str(p))


def update_gdelt(con: duckdb.DuckDBPyConnection, *, query: str = "Kazakhstan",
                 country: str | None = None, mode: str = "artlist",
                 cache_dir: Path | None = None, client: HttpClient | None = None,
                 fetch_text: bool = True, start: dt.date | None = None,
                 end: dt.date | None = None, progress: Any = None) -> LoadResult:
    """Ask the DOC API: ``mode`` artlist loads articles (every article from ``start`` to
    ``end``, sliced past the 250 cap, when both are given), a timeline mode a timeline."""
    if country is not None and country not in SOURCE_COUNTRY:
        raise UsageError(f"unknown source country {country!r}; choose one of "
                         f"{', '.join(SOURCE_COUNTRY)}")
    client = client or HttpClient(cache_dir=cache_dir, min_interval=MIN_INTERVAL)
    if mode.lower() == "artlist" and start and end:
        return import_sliced(con, client, query, start, end, country=country,
                             fetch_text=fetch_text, progress=progress)
    if mode.lower() == "artlist":
        return import_artlist(con, client, query, country=country, fetch_text=fetch_text)
    return import_timeline(con, client, query, mode=mode, country=country)
