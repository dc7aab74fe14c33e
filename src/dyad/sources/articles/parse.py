"""Read article files: JSONL or CSV (with a field mapping), or folders of HTML / plain text.

Each reader yields plain dicts with the fields ``load_articles`` expects (id, url, outlet,
outlet_country, language, published, title, text); other fields are ignored. A line that
is not valid JSON becomes a record with no text, so it is quarantined (not lost) with its
line number; a file that cannot be read at all raises ``LoadError``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dyad.errors import LoadError

CSV_FIELD_LIMIT = 16 * 1024 * 1024  # an article's text may exceed csv's default 128 KiB
FIELDS = ("id", "url", "outlet", "outlet_country", "language", "published", "title", "text")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)


def _mapped(rec: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    """Our field -> value, where ``mapping`` names the input column for any of our fields."""
    return {f: rec.get(mapping.get(f, f)) for f in FIELDS}


def read_jsonl(path: Path, mapping: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
    mapping = mapping or {}
    try:
        fh = path.open(encoding="utf-8-sig")
    except OSError as e:
        raise LoadError(f"cannot read: {e.strerror}", file=str(path)) from None
    with fh:
        seen = False
        try:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                seen = True
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    yield {"id": f"line {n}", "text": None, "_error": f"invalid JSON: {e.msg}"}
                    continue
                except RecursionError:
                    yield {"id": f"line {n}", "text": None,
                           "_error": "invalid JSON: nested too deeply"}
                    continue
                except ValueError as e:  # e.g. an integer beyond Python's digit limit
                    yield {"id": f"line {n}", "text": None,
                           "_error": f"invalid JSON: {str(e)[:80]}"}
                    continue
                if not isinstance(rec, dict):
                    yield {"id": f"line {n}", "text": None, "_error": "line is not a JSON object"}
                    continue
                yield _mapped(rec, mapping)
        except UnicodeDecodeError:
            raise LoadError("file is not UTF-8 text", file=str(path)) from None
        if not seen:
            raise LoadError("the file is empty", file=str(path))


def read_csv(path: Path, mapping: Mapping[str, str] | None = None) -> Iterator[dict[str, Any]]:
    mapping = mapping or {}
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    line = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or mapping.get("text", "text") not in reader.fieldnames:
                raise LoadError(f"no {mapping.get('text', 'text')!r} column", file=str(path),
                                field="text")
            for rec in reader:
                line = reader.line_num
                yield _mapped(rec, mapping)
    except csv.Error as e:
        raise LoadError(f"not a readable CSV: {e}", file=str(path),
                        record=f"line {line + 1}") from None
    except UnicodeDecodeError:
        raise LoadError("file is not UTF-8 text", file=str(path)) from None
    except OSError as e:
        raise LoadError(f"cannot read: {e.strerror}", file=str(path)) from None


def extract_html(html: str, url: str | None = None) -> tuple[str | None, str | None, str | None]:
    """(title, text, date) of an HTML page by trafilatura; scripts and styles are dropped."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, include_comments=False,
                                      include_tables=False, with_metadata=True)
    if doc is None:
        return None, None, None
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    return get("title"), get("text"), get("date")


def read_folder(
    folder: Path, defaults: Mapping[str, Any] | None = None
) -> Iterator[dict[str, Any]]:
    """Every .html/.htm (text by trafilatura) and .txt file in a folder, sorted by name.

    ``defaults`` fills outlet, outlet_country, language... for all files; the file name
    (without suffix) is the id."""
    defaults = dict(defaults or {})
    for path in sorted(folder.rglob("*")):
        suffix = path.suffix.lower()
        if suffix not in HTML_SUFFIXES + TEXT_SUFFIXES:
            continue
        rec: dict[str, Any] = {f: defaults.get(f) for f in FIELDS}
        rec["id"] = str(path.relative_to(folder).with_suffix(""))
        try:
            raw = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            rec["text"] = None
            yield rec
            continue
        if suffix in HTML_SUFFIXES:
            title, text, date = extract_html(raw, defaults.get("url"))
            rec.update(title=rec["title"] or title, text=text,
                       published=rec["published"] or date)
        else:
            rec["text"] = raw
        yield rec


def read_any(path: Path, mapping: Mapping[str, str] | None = None,
             defaults: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Dispatch on what ``path`` is: folder, .csv, or JSON lines."""
    if path.is_dir():
        return read_folder(path, defaults)
    if not path.exists():
        raise LoadError("no such file or folder", file=str(path))
    if path.suffix.lower() == ".csv":
        return read_csv(path, mapping)
    return read_jsonl(path, mapping)
