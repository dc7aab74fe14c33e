"""Shipped: the media sample — metadata and gold codes (no text, no titles) of real public
articles, each with its URL (``data/media/sample.csv``; see its README).

Loaded as ``source='shipped'`` rows of ``articles`` (text, title and canonical URL NULL, so a
user importing the same pages with their text is not stopped by the duplicate check) and
``article_codes`` rows by coder ``gold``. A bad shipped row is a bad file: it fails the load.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from typing import Any

from dyad.errors import LoadError
from dyad.reference import files
from dyad.store.provenance import IngestRun

NAME = "media_sample"
FILES = ("media/sample.csv",)
SOURCE = "shipped"
CODER = "gold"
COLUMNS = ("id", "url", "outlet", "outlet_country", "language", "published", "topics", "tone",
           "coder", "coder_version")
COUNTRIES = ("US", "KZ", "other")
LANGUAGES = ("en", "ru", "kk")


def article_id(ext_id: str) -> str:
    """The store id of a shipped sample article (distinct from imported articles' ids)."""
    return "art-s-" + hashlib.sha256(ext_id.encode("utf-8")).hexdigest()[:14]


def _row(r: dict[str, str], rec: str, file: str, topic_keys: set[str]) -> dict[str, Any]:
    url = (r["url"] or "").strip()
    if not url.startswith(("https://", "http://")):
        raise LoadError("every article needs its public URL", file=file, record=rec,
                        field="url")
    if r["outlet_country"] not in COUNTRIES:
        raise LoadError(f"outlet_country must be one of {', '.join(COUNTRIES)}", file=file,
                        record=rec, field="outlet_country")
    if r["language"] not in LANGUAGES:
        raise LoadError(f"language must be one of {', '.join(LANGUAGES)}", file=file,
                        record=rec, field="language")
    try:
        published = dt.date.fromisoformat(r["published"]) if r["published"] else None
        tone = int(r["tone"]) if r["tone"] not in ("", None) else None
    except (TypeError, ValueError) as e:
        raise LoadError("published must be YYYY-MM-DD and tone -1, 0 or 1", file=file,
                        record=rec, raw=str(r)) from e
    if tone not in (None, -1, 0, 1):
        raise LoadError("tone must be -1, 0 or 1", file=file, record=rec, field="tone")
    topics = [t for t in (r["topics"] or "").split(";") if t]
    unknown = [t for t in topics if t not in topic_keys]
    if unknown:
        raise LoadError(f"topics not in the codebook: {', '.join(unknown)}", file=file,
                        record=rec, field="topics")
    if not r["coder"] or not r["coder_version"]:
        raise LoadError("coder and coder_version are required", file=file, record=rec,
                        field="coder")
    return {"id": r["id"], "url": url, "outlet": r["outlet"], "outlet_country":
            r["outlet_country"], "language": r["language"], "published": published,
            "topics": topics, "tone": tone, "coder": r["coder"],
            "coder_version": r["coder_version"]}


def parse_text(text: str, file: str = FILES[0]) -> list[dict[str, Any]]:
    """The rows of a media sample file (comment lines start with '#'); LoadError on a bad
    row or a header without the columns."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise LoadError(f"header lacks {', '.join(missing)}", file=file, record="header")
    topic_keys = set(files.codebook())
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, r in enumerate(reader, start=2):
        rec = f"line {i}"
        if not r.get("id") or r["id"] in seen:
            raise LoadError("id missing or repeated", file=file, record=rec, field="id")
        seen.add(r["id"])
        rows.append(_row(r, rec, file, topic_keys))
    return rows


def shipped_rows() -> list[dict[str, Any]]:
    """The shipped sample, parsed."""
    return parse_text(files.data_text(FILES[0]))


def load(con: Any, run: IngestRun) -> None:
    """Replace the shipped sample (articles and their gold codes) with the file's rows."""
    rows = shipped_rows()
    run.rows_in += len(rows)
    con.execute("DELETE FROM article_codes WHERE article_id IN (SELECT article_id FROM articles"
                " WHERE source = ?)", [SOURCE])
    con.execute("DELETE FROM articles WHERE source = ?", [SOURCE])
    for r in rows:
        aid = article_id(r["id"])
        con.execute(
            "INSERT INTO articles (article_id, external_id, outlet, outlet_country, language,"
            " published, url, source, source_ref, ingest_run)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [aid, r["id"], r["outlet"], r["outlet_country"], r["language"], r["published"],
             r["url"], SOURCE, "dyad/data/" + FILES[0], run.run_id])
        con.execute(
            "INSERT INTO article_codes (article_id, coder, coder_version, topics, tone,"
            " ingest_run) VALUES (?, ?, ?, ?, ?, ?)",
            [aid, r["coder"], r["coder_version"], r["topics"], r["tone"], run.run_id])
    run.rows_loaded += len(rows)
