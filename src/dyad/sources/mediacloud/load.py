"""Media Cloud answers into the store: stories as article metadata, daily counts.

Stories land in ``articles`` with url, title, outlet (Media Cloud's ``media_name``),
language, publish date and ``source = 'mediacloud'``; the search API gives no text, so
``text`` stays NULL. A story whose canonical URL is already stored (from any source, or an
earlier page or window) is counted as a duplicate, not loaded again. Daily counts go to
``mediacloud_counts`` keyed by (collection, query, date): a second load of the same answer
changes nothing; a revised count replaces the old one and counts as loaded. Outlet volumes
(the top-sources answers of the query and of ``q=*``) go to ``mediacloud_outlets`` keyed by
(query, collection, period start and end, outlet) under the same rules.

Every load is one ingest run: all answers are parsed first (a malformed answer raises
``LoadError`` and the run is rolled back), then bad stories and days are quarantined.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from dyad.errors import LoadError, UsageError
from dyad.sources.articles.load import article_id_for
from dyad.sources.articles.text import canonical_url
from dyad.sources.http import decode_json
from dyad.sources.mediacloud.parse import count_points, outlet_rows, story_page
from dyad.sources.result import LoadResult
from dyad.store.provenance import IngestRun, ingest_run

SOURCE = "mediacloud"
PLATFORM = "onlinenews-mediacloud"
# Collections whose country we know (from the mediacloud client's documentation).
COLLECTION_COUNTRY = {34412234: "US"}
Answer = tuple[str, Any]  # (reference of the request or file, decoded JSON)


def collection_ids(value: Any) -> list[int]:
    """Collection ids from an int, "1,2" or a list; a UsageError names a bad one."""
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    out = []
    for v in items:
        text = str(v).strip()
        if not text.isdigit() or len(text) > 18:
            raise UsageError(f"--collection {text!r} is not a Media Cloud collection id "
                             "(a whole number, e.g. 34412234 for US National)")
        out.append(int(text))
    if not out:
        raise UsageError("give at least one --collection id")
    return out


def _country(collection: int | None, outlet_country: str | None) -> str:
    if outlet_country:
        c = str(outlet_country).strip()
        if c.upper() in ("US", "KZ"):
            return c.upper()
        if c.lower() != "other":
            raise UsageError(f"outlet_country {c!r}: choose one of US, KZ, other")
        return "other"
    return COLLECTION_COUNTRY.get(collection or -1, "other")


def load_answers(con: duckdb.DuckDBPyConnection, *, stories: Sequence[Answer] = (),
                 counts: Sequence[Answer] = (), sources: Sequence[tuple[Answer, Answer]] = (),
                 period: tuple[dt.date, dt.date] | None = None, collection: int | None = None,
                 query: str | None = None, outlet_country: str | None = None,
                 source_ref: str) -> LoadResult:
    """Load story-list pages, count-over-time answers and pairs of top-sources answers (the
    query's, ``q=*``'s) for ``period`` in one ingest run."""
    country = _country(collection, outlet_country)
    with ingest_run(con, source=SOURCE, source_ref=source_ref) as run:
        story_rows = [(ref, r) for ref, data in stories for r in story_page(data, ref)[0]]
        count_rows = [(ref, r) for ref, data in counts for r in count_points(data, ref)]
        if count_rows and (collection is None or not query):
            raise LoadError("a count-over-time answer needs its collection and query "
                            "(--opt collection=ID --opt query=TEXT)", file=source_ref)
        if sources and (collection is None or not query or period is None):
            raise LoadError("a top-sources answer needs its collection, query and period "
                            "(request.json with cs, q, start, end; or --opt collection=ID "
                            "--opt query=TEXT --opt start=DAY --opt end=DAY)", file=source_ref)
        outlet_list = [(f"{ref} + {vref}", r) for (ref, hits), (vref, vol) in sources
                       for r in outlet_rows(hits, vol, collection or 0, ref, vref)]
        dup = _load_stories(con, run, story_rows, country)
        _load_counts(con, run, count_rows, collection, query)
        if period is not None and query:
            _load_outlets(con, run, outlet_list, query, period)
    return LoadResult.of(run, duplicates=dup, stories=len(story_rows), days=len(count_rows),
                         outlets=len(outlet_list),
                         note=f"{dup} stories already stored" if dup else "")


def _load_stories(con: duckdb.DuckDBPyConnection, run: IngestRun,
                  rows: Iterable[tuple[str, Any]], country: str) -> int:
    known = {r[0] for r in con.execute(
        "SELECT canonical_url FROM articles WHERE canonical_url IS NOT NULL").fetchall()}
    duplicates = 0
    for ref, row in rows:
        run.rows_in += 1
        if isinstance(row, LoadError):
            run.quarantine(row)
            continue
        try:
            canon = canonical_url(row["url"])
        except ValueError:
            run.quarantine(LoadError("url cannot be parsed", file=ref, record=row["record"],
                                     field="url", raw=row["url"][:500]))
            continue
        if not canon or canon in known:
            duplicates += 1
            continue
        known.add(canon)
        con.execute(
            "INSERT INTO articles (article_id, external_id, outlet, outlet_country, language,"
            " published, url, canonical_url, title, text, content_hash, source, source_ref,"
            " ingest_run, simhash) VALUES (?,?,?,?,?,?,?,?,?,NULL,NULL,?,?,?,NULL)",
            [article_id_for(canon, ""), row["external_id"], row["outlet"], country,
             row["language"], row["published"], row["url"], canon, row["title"], SOURCE,
             f"{ref}#{row['record']}", run.run_id])
        run.rows_loaded += 1
    return duplicates


def _load_counts(con: duckdb.DuckDBPyConnection, run: IngestRun,
                 rows: Iterable[tuple[str, Any]], collection: int | None,
                 query: str | None) -> None:
    for ref, row in rows:
        run.rows_in += 1
        if isinstance(row, LoadError):
            run.quarantine(row)
            continue
        old = con.execute(
            "SELECT count, total_count FROM mediacloud_counts WHERE collection_id = ? AND"
            " query = ? AND date = ?", [collection, query, row["date"]]).fetchone()
        if old is not None and tuple(old) == (row["count"], row["total_count"]):
            continue
        con.execute("INSERT OR REPLACE INTO mediacloud_counts VALUES (?,?,?,?,?,?,?,?,?)",
                    [collection, query, row["date"], row["count"], row["total_count"],
                     PLATFORM, SOURCE, ref, run.run_id])
        run.rows_loaded += 1


def _load_outlets(con: duckdb.DuckDBPyConnection, run: IngestRun,
                  rows: Iterable[tuple[str, Any]], query: str,
                  period: tuple[dt.date, dt.date]) -> None:
    lo, hi = period
    for ref, row in rows:
        run.rows_in += 1
        if isinstance(row, LoadError):
            run.quarantine(row)
            continue
        key = [query, row["collection_id"], lo, hi, row["outlet"]]
        old = con.execute(
            "SELECT outlet_name, outlet_url, count, total_stories FROM mediacloud_outlets"
            " WHERE query = ? AND collection_id = ? AND period_start = ? AND period_end = ?"
            " AND outlet_id = ?", key).fetchone()
        new = (row["name"], row["url"], row["count"], row["n"])
        if old is not None and tuple(old) == new:
            continue
        con.execute("INSERT OR REPLACE INTO mediacloud_outlets VALUES"
                    " (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    [*key, *new, PLATFORM, SOURCE, ref, run.run_id])
        run.rows_loaded += 1


def _period(request: dict[str, Any], start: Any, end: Any, ref: str
            ) -> tuple[dt.date, dt.date] | None:
    lo, hi = (start or request.get("start")), (end or request.get("end"))
    if lo in (None, "") and hi in (None, ""):
        return None
    try:
        out = dt.date.fromisoformat(str(lo)[:10]), dt.date.fromisoformat(str(hi)[:10])
    except ValueError:
        raise LoadError(f"start {str(lo)[:20]!r} / end {str(hi)[:20]!r} are not YYYY-MM-DD",
                        file=ref, field="start") from None
    if out[0] > out[1]:
        raise LoadError(f"start {out[0]} is after end {out[1]}", file=ref, field="start")
    return out


def _volume_file(f: Path) -> bool:
    """A top-sources answer asked with ``q=*`` is saved as ``*-all.json`` / ``*_all.json``."""
    return f.stem.lower().endswith(("-all", "_all"))


def _read(path: Path) -> Any:
    try:
        body = path.read_bytes()
    except OSError as e:
        raise LoadError(f"cannot read: {e.strerror}", file=str(path)) from None
    if not body.strip():
        raise LoadError("the file is empty", file=str(path))
    return decode_json(body, str(path))


def import_mediacloud_file(con: duckdb.DuckDBPyConnection, path: str | Path, *,
                           collection: Any = None, query: str | None = None,
                           outlet_country: str | None = None, start: Any = None,
                           end: Any = None) -> LoadResult:
    """Saved Media Cloud answers: one ``story-list`` or ``count-over-time`` JSON file, or a
    folder of them with ``request.json`` (the query parameters sent: ``q``, ``cs``,
    ``start``, ``end``), which names the collection, query and period unless the options do.
    A folder may hold the two ``search/sources`` answers of outlet attention: the query's
    (e.g. ``sources.json``) and the one asked with ``q=*`` (named ``*-all.json``, e.g.
    ``sources-all.json``)."""
    p = Path(path)
    request: Any = {}
    if p.is_dir():
        files = sorted(f for f in p.glob("*.json") if f.name != "request.json")
        request = _read(p / "request.json") if (p / "request.json").is_file() else {}
        if not isinstance(request, dict):
            raise LoadError("request.json is not an object", file=str(p / "request.json"))
        collection = collection if collection is not None else request.get("cs")
        query = query or request.get("q")
    elif p.is_file():
        files = [p]
    else:
        raise LoadError("no such file or folder", file=str(p))
    if not files:
        raise LoadError("no Media Cloud .json answers in the folder", file=str(p))
    ids = collection_ids(collection) if collection not in (None, "") else [None]
    if len(ids) > 1:
        raise UsageError("a saved answer belongs to one collection; give one collection id")
    stories: list[Answer] = []
    counts: list[Answer] = []
    tops: dict[bool, list[Answer]] = {False: [], True: []}
    for f in files:
        data = _read(f)
        if isinstance(data, dict) and "stories" in data:
            stories.append((str(f), data))
        elif isinstance(data, dict) and "count_over_time" in data:
            counts.append((str(f), data))
        elif isinstance(data, dict) and "sources" in data:
            tops[_volume_file(f)].append((str(f), data))
        else:
            raise LoadError("not a Media Cloud story-list, count-over-time or sources answer: "
                            f"{json.dumps(data, default=str)[:60]!r}", file=str(f))
    sources: list[tuple[Answer, Answer]] = []
    if tops[False] or tops[True]:
        if len(tops[False]) != 1 or len(tops[True]) != 1:
            raise LoadError("outlet attention needs one top-sources answer of the query and "
                            f"one of q=* (named *-all.json); found {len(tops[False])} and "
                            f"{len(tops[True])}", file=str(p), field="sources")
        sources.append((tops[False][0], tops[True][0]))
    return load_answers(con, stories=stories, counts=counts, sources=sources,
                        period=_period(request, start, end, str(p)), collection=ids[0],
                        query=str(query) if query else None, outlet_country=outlet_country,
                        source_ref=str(p))
