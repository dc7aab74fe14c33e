"""RSS/Atom feeds of the outlets in ``data/outlets.yaml`` (feedparser), article text by
trafilatura, through the shared client (``dyad.sources.http``: polite, cached, retried).

A feed that cannot be fetched or parsed (no entries and a parser error) raises
``LoadError`` naming the feed; an entry whose page cannot be fetched keeps the feed's
summary as text when that is long enough, else it is quarantined with the reason.
``import_feed_file`` loads a saved feed document (no network: the summaries are the text).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import yaml

from dyad.errors import LoadError, SourceUnavailableError
from dyad.sources.articles.load import load_articles
from dyad.sources.articles.parse import extract_html
from dyad.sources.http import HttpClient
from dyad.sources.result import LoadResult

MIN_INTERVAL = 2.0


@cache
def outlets() -> list[dict[str, Any]]:
    doc = yaml.safe_load((resources.files("dyad.data") / "outlets.yaml").read_text("utf-8"))
    return [o for o in doc["outlets"] if o.get("enabled", True)]


def parse_feed(body: bytes, feed_url: str) -> list[dict[str, Any]]:
    """Entries of an RSS/Atom document: id, url, title, published, summary."""
    import feedparser

    try:
        parsed = feedparser.parse(body)
    except (ValueError, LookupError, RecursionError) as err:
        raise LoadError(f"not a usable RSS/Atom feed: {type(err).__name__}",
                        file=feed_url) from None
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no entries")
        raise LoadError(f"not a usable RSS/Atom feed: {reason}", file=feed_url)
    out = []
    for e in parsed.entries:
        when = e.get("published_parsed") or e.get("updated_parsed")
        out.append({
            "id": e.get("id") or e.get("link"), "url": e.get("link"),
            "title": e.get("title"),
            "published": _day(when),
            "summary": e.get("summary") or "",
        })
    return out


def _day(when: Any) -> Any:
    """A struct_time as a date; an impossible one is kept as text (quarantined later)."""
    if not when:
        return None
    try:
        return dt.date(when.tm_year, when.tm_mon, when.tm_mday)
    except (ValueError, TypeError):
        return f"{when.tm_year}-{when.tm_mon}-{when.tm_mday}"


def entry_records(entries: list[dict[str, Any]], outlet: dict[str, Any],
                  client: HttpClient | None = None) -> list[dict[str, Any]]:
    """Article records of feed entries; page text through ``client`` (None: summaries)."""
    records = []
    for e in entries:
        rec = {"id": e["id"], "url": e["url"], "outlet": outlet["name"],
               "outlet_country": outlet["country"], "language": outlet.get("language"),
               "published": e["published"], "title": e["title"], "text": None}
        text = None
        if client is not None and e["url"]:
            try:
                _, text, _ = extract_html(client.get_bytes(e["url"]).decode("utf-8", "replace"),
                                          e["url"])
            except (LoadError, SourceUnavailableError) as err:
                rec["_error"] = f"article page: {getattr(err, 'reason', str(err))}"
        if not text and e["summary"]:
            _, text, _ = extract_html(f"<html><body><p>{e['summary']}</p></body></html>")
            rec.pop("_error", None)
        rec["text"] = text
        records.append(rec)
    return records


def feed_records(client: HttpClient, outlet: dict[str, Any], *, fetch_text: bool = True
                 ) -> list[dict[str, Any]]:
    """Fetch an outlet's feed (and its pages) and turn its entries into records."""
    entries = parse_feed(client.get_bytes(outlet["feed"]), outlet["feed"])
    return entry_records(entries, outlet, client if fetch_text else None)


def import_feeds(con: duckdb.DuckDBPyConnection, client: HttpClient,
                 selected: list[dict[str, Any]] | None = None, *, fetch_text: bool = True
                 ) -> list[LoadResult]:
    """Load every selected outlet's feed, one run each; a broken feed is reported (a result
    with no run and the error in ``details['error']``) and the others go on."""
    results: list[LoadResult] = []
    for outlet in selected if selected is not None else outlets():
        try:
            recs = feed_records(client, outlet, fetch_text=fetch_text)
            res = load_articles(con, recs, source="feed", source_ref=outlet["feed"])
            res.details["outlet"] = outlet["name"]
        except (LoadError, SourceUnavailableError) as e:
            msg = e.describe() if isinstance(e, LoadError) else str(e)
            res = LoadResult("feed", outlet["feed"], None, problems=[msg],
                             details={"outlet": outlet["name"], "error": msg, "note": msg})
        results.append(res)
    return results


def update_feeds(con: duckdb.DuckDBPyConnection, *, client: HttpClient | None = None,
                 names: list[str] | None = None, cache_dir: Path | None = None,
                 fetch_text: bool = True) -> LoadResult:
    """Every (or the named) outlet's feed, combined into one result."""
    client = client or HttpClient(cache_dir=cache_dir, min_interval=MIN_INTERVAL)
    chosen = [o for o in outlets() if not names or o["name"] in names]
    parts = import_feeds(con, client, chosen, fetch_text=fetch_text)
    failed = [p.details["outlet"] for p in parts if p.run_id is None]
    return LoadResult.combine("feed", "data/outlets.yaml", parts, failed=failed,
                              note=f"failed: {', '.join(failed)}" if failed else "")


def import_feed_file(con: duckdb.DuckDBPyConnection, path: str | Path, *,
                     outlet: str | None = None, country: str = "other",
                     language: str | None = None) -> LoadResult:
    """A saved RSS/Atom document: its entries, with their summaries as text (no network)."""
    p = Path(path)
    if not p.is_file():
        raise LoadError("no such file", file=str(p))
    out = {"name": outlet or p.stem, "country": country, "language": language}
    records = entry_records(parse_feed(p.read_bytes(), str(p)), out)
    return load_articles(con, records, source="feed", source_ref=str(p))
