"""Media Cloud search API answers -> typed rows (never touches the store).

The formats are those of ``https://search.mediacloud.org/api/search/...`` as the
``mediacloud`` Python client (``mediacloud.api.SearchApi``) reads them:

- ``search/story-list``: ``{"stories": [{"id", "media_name", "media_url", "title", "url",
  "language", "publish_date", "indexed_date"}...], "pagination_token": str | null}``;
  ``publish_date`` is an ISO date (the client reads its first 10 characters), or null.
- ``search/count-over-time``: ``{"count_over_time": {"counts": [{"date": "2024-01-02
  00:00:00", "count", "total_count", "ratio"}...], "total", "normalized_total"}}``; ``count``
  is the stories matching the query that day, ``total_count`` every story of the collection.
- ``search/sources``: ``{"sources": [{"source": "nytimes.com", "count": 12}...]}``, the
  outlets (domains) publishing the most stories matching ``q``; asked with ``q=*`` it gives
  each outlet's whole volume in the collection and period (the exposure of outlet attention).

A whole answer that is not this shape is a :class:`LoadError` (a bad file); one bad story or
day is a ``LoadError`` in its place in the returned list (the loader quarantines it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dyad.errors import LoadError

LANGUAGES = ("en", "ru", "kk")
FIRST_YEAR, LAST_YEAR = 1945, 2100
MAX_COUNT = 10**12


def _day(value: Any) -> dt.date:
    """A day from an ISO date or datetime string; ValueError otherwise or out of range."""
    if not isinstance(value, str):
        raise ValueError(value)
    day = dt.date.fromisoformat(value.strip()[:10])
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(value)
    return day


def _object(data: Any, key: str, ref: str) -> Any:
    if not isinstance(data, dict) or key not in data:
        raise LoadError(f"not a Media Cloud answer: no {key!r} object", file=ref, field=key)
    return data[key]


def story_page(data: Any, ref: str) -> tuple[list[dict[str, Any] | LoadError], str | None]:
    """(the stories of one ``story-list`` page, each a row or a LoadError; the next token)."""
    stories = _object(data, "stories", ref)
    if not isinstance(stories, list):
        raise LoadError("'stories' is not a list", file=ref, field="stories")
    token = data.get("pagination_token")
    if token is not None and not isinstance(token, str):
        raise LoadError("'pagination_token' is not a string", file=ref,
                        field="pagination_token")
    return [story_row(s, ref, n) for n, s in enumerate(stories, start=1)], token or None


def story_row(s: Any, ref: str, n: int) -> dict[str, Any] | LoadError:
    """One story as an article's metadata: external_id, url, title, outlet, language,
    published (None when Media Cloud has no date)."""
    if not isinstance(s, dict):
        return LoadError("a story is not an object", file=ref, record=f"#{n}", field="stories",
                         raw=str(s)[:500])
    rec = str(s.get("id") or s.get("url") or f"#{n}")[:200]

    def bad(reason: str, fld: str) -> LoadError:
        return LoadError(reason, file=ref, record=rec, field=fld, raw=str(s)[:500])

    url = s.get("url")
    if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
        return bad("url is missing or not an http(s) URL", "url")
    lang = s.get("language")
    if not isinstance(lang, str) or lang.strip().lower() not in LANGUAGES:
        return bad(f"language {str(lang)[:20]!r} is not en, ru or kk", "language")
    raw_date = s.get("publish_date")
    published = None
    if raw_date not in (None, ""):
        try:
            published = _day(raw_date)
        except ValueError:
            return bad(f"publish_date {str(raw_date)[:40]!r} is not an ISO date within "
                       f"{FIRST_YEAR}-{LAST_YEAR}", "publish_date")
    title, outlet = s.get("title"), s.get("media_name") or s.get("media_url")
    return {
        "external_id": None if s.get("id") in (None, "") else str(s["id"])[:200],
        "url": url.strip(), "title": title.strip()[:1000] if isinstance(title, str) else None,
        "outlet": outlet.strip()[:200] if isinstance(outlet, str) else None,
        "language": lang.strip().lower(), "published": published, "record": rec,
    }


def _count(v: Any) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT:
        raise ValueError(v)
    return v


def count_points(data: Any, ref: str) -> list[dict[str, Any] | LoadError]:
    """The days of a ``count-over-time`` answer: date, count, total_count (or LoadErrors)."""
    cot = _object(data, "count_over_time", ref)
    counts = cot.get("counts") if isinstance(cot, dict) else None
    if not isinstance(counts, list):
        raise LoadError("'count_over_time' has no 'counts' list", file=ref, field="counts")
    out: list[dict[str, Any] | LoadError] = []
    for n, p in enumerate(counts, start=1):
        if not isinstance(p, dict):
            out.append(LoadError("a count is not an object", file=ref, record=f"#{n}",
                                 field="counts", raw=str(p)[:500]))
            continue
        rec = str(p.get("date"))[:40]
        try:
            day = _day(p.get("date"))
        except ValueError:
            out.append(LoadError(f"date {rec!r} is not an ISO date within {FIRST_YEAR}-"
                                 f"{LAST_YEAR}", file=ref, record=rec or f"#{n}", field="date",
                                 raw=str(p)[:500]))
            continue
        try:
            count, total = _count(p.get("count")), _count(p.get("total_count"))
        except ValueError:
            out.append(LoadError("count or total_count is not a whole number >= 0", file=ref,
                                 record=str(day), field="count", raw=str(p)[:500]))
            continue
        if count > total:
            out.append(LoadError(f"count {count} exceeds the collection's total_count {total}",
                                 file=ref, record=str(day), field="count", raw=str(p)[:500]))
            continue
        out.append({"date": day, "count": count, "total_count": total})
    return out


def source_counts(data: Any, ref: str, *, detail: bool = False
                  ) -> list[dict[str, Any] | LoadError]:
    """The outlets of a ``search/sources`` answer (``{"sources": [{"source": "nytimes.com",
    "count": 12}, ...]}``, the top sources of the query in the collection and period):
    outlet (the source's domain, lower case) and count, or a LoadError in place of a bad
    row; a whole answer without a ``sources`` list is a LoadError. With ``detail``, also
    name (as given) and url (the answer's ``url``/``media_url`` when an http(s) URL)."""
    rows = _object(data, "sources", ref)
    if not isinstance(rows, list):
        raise LoadError("'sources' is not a list", file=ref, field="sources")
    out: list[dict[str, Any] | LoadError] = []
    for n, r in enumerate(rows, start=1):
        name = r.get("source") if isinstance(r, dict) else None
        if not isinstance(name, str) or not name.strip():
            out.append(LoadError("a source has no 'source' name", file=ref, record=f"#{n}",
                                 field="source", raw=str(r)[:500]))
            continue
        try:
            count = _count(r.get("count"))
        except ValueError:
            out.append(LoadError("count is not a whole number >= 0", file=ref,
                                 record=name[:200], field="count", raw=str(r)[:500]))
            continue
        row: dict[str, Any] = {"outlet": name.strip().lower()[:200], "count": count}
        if detail:
            url = r.get("url") or r.get("media_url")
            ok = isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))
            row.update(name=name.strip()[:200], url=url.strip()[:500] if ok else None)
        out.append(row)
    return out


def outlet_rows(matching: Any, volume: Any, collection: int, ref: str, volume_ref: str
                ) -> list[dict[str, Any] | LoadError]:
    """Per outlet of a collection, from the top-sources answer of the query (``matching``)
    and of ``q=*`` (``volume``, each outlet's whole volume): collection_id, outlet, name,
    url, count (matching stories; 0 when absent from the query's answer) and n (all its
    stories). Bad rows of either answer, an outlet with matching stories but no volume, a
    count above the volume and a repeated outlet are LoadErrors in place of a row."""
    hits = source_counts(matching, ref, detail=True)
    vols = source_counts(volume, volume_ref, detail=True)
    out: list[dict[str, Any] | LoadError] = [r for r in hits + vols if isinstance(r, LoadError)]
    count: dict[str, int] = {}
    for r in hits:
        if isinstance(r, dict):
            if r["outlet"] in count:  # the first row stands
                out.append(LoadError("the outlet appears twice in the answer", file=ref,
                                     record=r["outlet"], field="source"))
            else:
                count[r["outlet"]] = r["count"]
    seen: set[str] = set()
    for r in vols:
        if not isinstance(r, dict):
            continue
        o = r["outlet"]
        if o in seen:
            out.append(LoadError("the outlet appears twice in the answer", file=volume_ref,
                                 record=o, field="source"))
            continue
        seen.add(o)
        k = count.get(o, 0)
        if k > r["count"]:
            out.append(LoadError(f"count {k} exceeds the outlet's {r['count']} stories in the "
                                 "q=* answer", file=ref, record=o, field="count"))
            continue
        out.append({"collection_id": collection, "outlet": o, "name": r["name"],
                    "url": r["url"], "count": k, "n": r["count"]})
    for o in sorted(set(count) - seen):
        out.append(LoadError("matching stories but no volume in the q=* answer", file=ref,
                             record=o, field="source"))
    return out
