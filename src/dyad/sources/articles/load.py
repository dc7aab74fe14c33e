"""Put article records into the store: validation, language, dedup, provenance.

Every loader (files, feeds, GDELT) hands ``load_articles`` plain dicts with the fields
id, url, outlet, outlet_country, language, published, title, text. A record is
quarantined (with file, record and field named) when its text is empty, damaged
(mojibake), in a language other than en/ru/kk, or its date or outlet country is
invalid, or its id repeats within the load. A record whose canonical URL, or whose text
(exactly or nearly: SimHash distance <= 3), is already stored is a duplicate: it is
counted, not loaded, so re-running a load adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb

from dyad.errors import LoadError
from dyad.sources.articles.text import (
    LANGUAGES,
    canonical_url,
    content_hash,
    detect_language,
    hamming,
    looks_mojibake,
    normalise,
    simhash,
)
from dyad.sources.result import LoadResult
from dyad.store.provenance import ingest_run

COUNTRIES = ("US", "KZ", "other")
NEAR_DUPLICATE_BITS = 3
MIN_TEXT_CHARS = 40


def article_id_for(canonical: str | None, chash: str) -> str:
    key = canonical or f"text:{chash}"
    return "art-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


FIRST_YEAR, LAST_YEAR = 1945, 2100


def _date(value: Any) -> dt.date | None:
    """A date from a date or an ISO string; outside 1945-2100 is a ValueError."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        day = dt.date.fromisoformat(str(value).strip()[:10])
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"year {day.year} outside {FIRST_YEAR}-{LAST_YEAR}")
    return day


def _country(value: Any) -> str:
    v = str(value or "").strip()
    if v.upper() in ("US", "KZ"):
        return v.upper()
    if v.lower() == "other" or not v:
        return "other"
    raise ValueError(f"outlet_country {v!r} is not US, KZ or other")


class _Seen:
    """What the store already holds: canonical URLs, content hashes, SimHashes."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute("SELECT canonical_url, content_hash, simhash FROM articles").fetchall()
        self.urls = {r[0] for r in rows if r[0]}
        self.hashes = {r[1] for r in rows if r[1]}
        self.simhashes: list[int] = [int(r[2]) for r in rows if r[2] is not None]

    def duplicate_of(self, canon: str | None, chash: str, sh: int) -> str | None:
        if canon and canon in self.urls:
            return "same canonical URL"
        if chash in self.hashes:
            return "same text"
        if any(hamming(sh, o) <= NEAR_DUPLICATE_BITS for o in self.simhashes):
            return "near-identical text"
        return None

    def add(self, canon: str | None, chash: str, sh: int) -> None:
        if canon:
            self.urls.add(canon)
        self.hashes.add(chash)
        self.simhashes.append(sh)


def load_articles(
    con: duckdb.DuckDBPyConnection,
    records: Iterable[Mapping[str, Any]],
    *,
    source: str,
    source_ref: str,
) -> LoadResult:
    """Load article records in one ingest run; see the module docstring for the rules.
    ``details['duplicates']`` counts records already stored (not loaded again)."""
    duplicates = 0
    with ingest_run(con, source=source, source_ref=source_ref) as run:
        seen = _Seen(con)
        ids_in_load: set[str] = set()
        for n, rec in enumerate(records, start=1):
            run.rows_in += 1
            ref = str(rec.get("id") or rec.get("url") or f"#{n}")
            try:
                row = _validate(rec, ref, source_ref, ids_in_load)
            except LoadError as err:
                run.quarantine(err)
                continue
            canon = canonical_url(row["url"])
            chash = content_hash(row["text"])
            sh = simhash(row["text"])
            if seen.duplicate_of(canon, chash, sh):
                duplicates += 1
                continue
            seen.add(canon, chash, sh)
            con.execute(
                "INSERT INTO articles (article_id, external_id, outlet, outlet_country, language,"
                " published, url, canonical_url, title, text, content_hash, source, source_ref,"
                " ingest_run, simhash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [article_id_for(canon, chash), row["id"], row["outlet"], row["outlet_country"],
                 row["language"], row["published"], row["url"], canon, row["title"], row["text"],
                 chash, source, f"{source_ref}#{ref}", run.run_id, sh],
            )
            run.rows_loaded += 1
    return LoadResult.of(run, duplicates=duplicates,
                         note=f"{duplicates} duplicates skipped" if duplicates else "")


def _validate(
    rec: Mapping[str, Any], ref: str, file: str, ids_in_load: set[str]
) -> dict[str, Any]:
    def bad(reason: str, fld: str | None = None) -> LoadError:
        return LoadError(reason, file=file, record=ref, field=fld, raw=dict(rec))

    if rec.get("_error"):
        raise bad(str(rec["_error"]))
    ext = rec.get("id")
    ext_id = None if ext in (None, "") else str(ext)
    if ext_id is not None:
        if ext_id in ids_in_load:
            raise bad(f"duplicate id {ext_id!r} in this load", "id")
        ids_in_load.add(ext_id)
    raw_text = rec.get("text")
    if not isinstance(raw_text, str) or len(normalise(raw_text)) < MIN_TEXT_CHARS:
        raise bad(f"empty or too short text (fewer than {MIN_TEXT_CHARS} characters)", "text")
    text = normalise(raw_text)
    if looks_mojibake(text):
        raise bad("text is damaged by a wrong character encoding (mojibake)", "text")
    title = rec.get("title")
    title = normalise(str(title)) if title not in (None, "") else None
    lang = rec.get("language")
    if lang in (None, ""):
        lang = detect_language(text)
        if lang is None:
            raise bad("language is not English, Russian or Kazakh (detected)", "language")
    elif str(lang).lower() not in LANGUAGES:
        raise bad(f"language {lang!r} is not en, ru or kk", "language")
    try:
        published = _date(rec.get("published"))
    except ValueError:
        raise bad(f"published {str(rec.get('published'))[:40]!r} is not a YYYY-MM-DD date "
                  f"within {FIRST_YEAR}-{LAST_YEAR}",
                  "published") from None
    try:
        country = _country(rec.get("outlet_country"))
    except ValueError as e:
        raise bad(str(e), "outlet_country") from None
    url = rec.get("url")
    return {
        "id": ext_id, "url": str(url) if url else None,
        "outlet": str(rec.get("outlet") or "") or None, "outlet_country": country,
        "language": str(lang).lower(), "published": published, "title": title, "text": text,
    }
