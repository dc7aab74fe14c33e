"""GDELT DOC 2.0 API: article lists and volume/tone timelines for a query, by source country.

API: https://api.gdeltproject.org/api/v2/doc/doc?query=...&mode=ArtList|timelinevolraw|
timelinetone&format=json (see https://blog.gdeltproject.org/gdelt-doc-2-0-api-debuts/).
ArtList JSON: ``{"articles": [{url, url_mobile, title, seendate "YYYYMMDDTHHMMSSZ",
socialimage, domain, language "English", sourcecountry "Kazakhstan"}]}``; timelines:
``{"timeline": [{"series": ..., "data": [{"date", "value", "norm"?}]}]}``. GDELT asks for
at most one request every 5 seconds; the ``Fetcher`` enforces it and caches responses.
Article lists carry no text: each page is fetched and extracted with trafilatura; a page
that cannot be fetched is quarantined, not dropped silently.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

import duckdb

from dyad.sources.articles.load import LoadSummary, load_articles
from dyad.sources.articles.parse import extract_html
from dyad.sources.http_polite import Fetcher
from dyad.store.provenance import LoadError, ingest_run

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
    try:
        data = json.loads(body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        # GDELT answers bad queries with a plain-text message.
        raise LoadError(f"GDELT did not return JSON: {body[:120]!r}", file=url) from None
    if not isinstance(data, dict):
        raise LoadError("GDELT JSON is not an object", file=url)
    return data


def _seendate(s: Any) -> dt.date | None:
    try:
        return dt.datetime.strptime(str(s)[:8], "%Y%m%d").date()
    except ValueError:
        return None


def article_records(fetcher: Fetcher, url: str, *, fetch_text: bool = True
                    ) -> list[dict[str, Any]]:
    """Records for ``load_articles`` from one ArtList response."""
    data = _json(fetcher.get(url), url)
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
        if fetch_text:
            try:
                _, text, _ = extract_html(fetcher.get(a["url"]).decode("utf-8", "replace"),
                                          a["url"])
                rec["text"] = text
            except LoadError as e:
                rec["_error"] = f"article page: {e.reason}"
        out.append(rec)
    return out


def import_artlist(con: duckdb.DuckDBPyConnection, fetcher: Fetcher, query: str, *,
                   country: str | None = None, start: dt.date | None = None,
                   end: dt.date | None = None, fetch_text: bool = True) -> LoadSummary:
    url = query_url(query, "ArtList", country=country, start=start, end=end)
    return load_articles(con, article_records(fetcher, url, fetch_text=fetch_text),
                         source="gdelt", source_ref=url)


def import_timeline(con: duckdb.DuckDBPyConnection, fetcher: Fetcher, query: str, *,
                    mode: str = "timelinevolraw", country: str | None = None,
                    start: dt.date | None = None, end: dt.date | None = None) -> int:
    """Store a volume or tone timeline (one row per series and day); returns rows."""
    if mode not in ("timelinevolraw", "timelinevol", "timelinetone"):
        raise ValueError(f"unsupported GDELT timeline mode {mode!r}")
    url = query_url(query, mode, country=country, start=start, end=end)
    data = _json(fetcher.get(url), url)
    label = f"{query} [{country}]" if country else query
    with ingest_run(con, source="gdelt", source_ref=url) as run:
        for series in data.get("timeline") or []:
            name = str(series.get("series") or mode)
            for point in series.get("data") or []:
                run.rows_in += 1
                day = _seendate(point.get("date"))
                if day is None:
                    run.quarantine(LoadError("date is not YYYYMMDD...", file=url,
                                             record=str(point.get("date")), field="date",
                                             raw=point))
                    continue
                con.execute(
                    "INSERT OR REPLACE INTO gdelt_timelines VALUES (?,?,?,?,?,?,?,?,?)",
                    [label, mode, name, day, point.get("value"), point.get("norm"), "gdelt",
                     url, run.run_id])
                run.rows_loaded += 1
        if run.rows_in == 0 and "timeline" not in data:
            raise LoadError("GDELT response has no timeline (invalid query?)", file=url)
        return run.rows_loaded
