"""RSS/Atom feeds of the outlets in ``data/outlets.yaml`` (feedparser), article text by
trafilatura, through the polite, cached ``Fetcher``.

A feed that cannot be fetched or parsed (no entries and a parser error) raises
``LoadError`` naming the feed; an entry whose page cannot be fetched keeps the feed's
summary as text when that is long enough, else it is quarantined with the reason.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import yaml

from dyad.sources.articles.load import LoadSummary, load_articles
from dyad.sources.articles.parse import extract_html
from dyad.sources.http_polite import Fetcher
from dyad.store.provenance import LoadError


@cache
def outlets() -> list[dict[str, Any]]:
    doc = yaml.safe_load((resources.files("dyad.data") / "outlets.yaml").read_text("utf-8"))
    return [o for o in doc["outlets"] if o.get("enabled", True)]


def parse_feed(body: bytes, feed_url: str) -> list[dict[str, Any]]:
    """Entries of an RSS/Atom document: id, url, title, published, summary."""
    import feedparser

    parsed = feedparser.parse(body)
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "no entries")
        raise LoadError(f"not a usable RSS/Atom feed: {reason}", file=feed_url)
    out = []
    for e in parsed.entries:
        when = e.get("published_parsed") or e.get("updated_parsed")
        out.append({
            "id": e.get("id") or e.get("link"), "url": e.get("link"),
            "title": e.get("title"),
            "published": dt.date(when.tm_year, when.tm_mon, when.tm_mday) if when else None,
            "summary": e.get("summary") or "",
        })
    return out


def feed_records(fetcher: Fetcher, outlet: dict[str, Any], *, fetch_text: bool = True
                 ) -> list[dict[str, Any]]:
    entries = parse_feed(fetcher.get(outlet["feed"]), outlet["feed"])
    records = []
    for e in entries:
        rec = {"id": e["id"], "url": e["url"], "outlet": outlet["name"],
               "outlet_country": outlet["country"], "language": outlet.get("language"),
               "published": e["published"], "title": e["title"], "text": None}
        text = None
        if fetch_text and e["url"]:
            try:
                _, text, _ = extract_html(fetcher.get(e["url"]).decode("utf-8", "replace"),
                                          e["url"])
            except LoadError as err:
                rec["_error"] = f"article page: {err.reason}"
        if not text and e["summary"]:
            _, text, _ = extract_html(f"<html><body><p>{e['summary']}</p></body></html>")
            rec.pop("_error", None)
        rec["text"] = text
        records.append(rec)
    return records


def import_feeds(con: duckdb.DuckDBPyConnection, fetcher: Fetcher,
                 selected: list[dict[str, Any]] | None = None, *, fetch_text: bool = True
                 ) -> list[tuple[str, LoadSummary | str]]:
    """Load every selected outlet's feed; a broken feed is reported, the others go on."""
    results: list[tuple[str, LoadSummary | str]] = []
    for outlet in selected if selected is not None else outlets():
        try:
            recs = feed_records(fetcher, outlet, fetch_text=fetch_text)
            results.append((outlet["name"], load_articles(
                con, recs, source="feed", source_ref=outlet["feed"])))
        except LoadError as e:
            results.append((outlet["name"], e.describe()))
    return results
