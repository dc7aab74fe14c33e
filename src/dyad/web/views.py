"""What the web pages show: read the store through the library, one function per page.

Every function takes the (already locked) connection and returns plain data for a
template; none of them writes HTML. Errors a visitor can cause raise ``NotFound`` or
``BadRequest``, which the server turns into 404 / 400 pages.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.contacts.model import LEVELS
from dyad.contacts.query import CONTACT_COLUMNS, list_contacts, source_summary

PAIRS = ("US-KZ", "US-UZ", "US-KG", "US-TJ", "US-TM", "US-C5")


class NotFound(LookupError):
    """No such page or record (404)."""


class BadRequest(ValueError):
    """A parameter that cannot be used (400)."""


def check_pair(pair: str | None) -> str:
    p = (pair or "US-KZ").upper()
    if p not in PAIRS:
        raise BadRequest(f"unknown pair {pair!r}; choose one of {', '.join(PAIRS)}")
    return p


def _date(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for rec in df.to_dict("records"):
        out.append({str(k): _plain(v) for k, v in rec.items()})
    return out


def _plain(v: Any) -> Any:
    if type(v).__name__ == "ndarray" or isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp) and v == v.normalize():
        return v.date().isoformat()  # a DATE column: no midnight time
    return v


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main'"
        " AND table_name = ?", [table]).fetchall()}


def index(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Row counts per table (and per source where a table has one), load freshness."""
    tables = []
    for name in _tables(con):
        quoted = '"' + name.replace('"', '""') + '"'
        row = con.execute(f"SELECT count(*) FROM {quoted}").fetchone()  # noqa: S608
        by_source: list[tuple[str, int]] = []
        if "source" in _columns(con, name):
            by_source = [(str(s), int(n)) for s, n in con.execute(
                f"SELECT source, count(*) FROM {quoted} GROUP BY source"  # noqa: S608
                " ORDER BY source").fetchall()]
        tables.append({"name": name, "rows": int(row[0]) if row else 0, "by_source": by_source})
    return {"tables": tables, "loads": _records(source_summary(con)), "pairs": PAIRS}


def _admin_range(key: str) -> tuple[dt.date, dt.date | None]:
    from dyad.reference.files import administrations

    for a in administrations("US"):
        if a["key"] == key:
            end = a["end_date"]
            # the end date is the successor's inauguration day: not part of this term
            return a["start_date"], (end - dt.timedelta(days=1)) if end else None
    raise BadRequest(f"unknown US administration {key!r}")


def admin_keys() -> list[str]:
    from dyad.reference.files import administrations

    return [str(a["key"]) for a in administrations("US")]


def contacts(con: duckdb.DuckDBPyConnection, params: dict[str, str]) -> dict[str, Any]:
    """The confirmed contacts of a pair, filtered by dates, level and US administration."""
    pair = check_pair(params.get("pair"))
    date_from = _date("from", params.get("from"))
    date_to = _date("to", params.get("to"))
    level = params.get("level") or ""
    if level and level not in LEVELS:
        raise BadRequest(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    admin = params.get("admin") or ""
    if admin:
        start, end = _admin_range(admin)
        date_from = max(date_from, start) if date_from else start
        date_to = min(date_to, end) if date_to and end else (date_to or end)
    df = list_contacts(con, pair, date_from=date_from, date_to=date_to)
    if level:
        df = df[df["level"] == level]
    return {"pair": pair, "rows": _records(df), "columns": CONTACT_COLUMNS,
            "filters": {"from": params.get("from") or "", "to": params.get("to") or "",
                        "level": level, "admin": admin},
            "levels": LEVELS, "admins": admin_keys(), "pairs": PAIRS}


def contact(con: duckdb.DuckDBPyConnection, contact_id: str) -> dict[str, Any]:
    """One contact: every field, partners, sources, deliverables, conflicts, articles."""
    df = con.execute("SELECT * FROM contacts WHERE contact_id = ?", [contact_id]).df()
    if df.empty:
        raise NotFound(f"no contact with id {contact_id!r}")
    fields = _records(df)[0]
    partners = [r[0] for r in con.execute(
        "SELECT partner_iso2 FROM contact_partners WHERE contact_id = ? ORDER BY 1",
        [contact_id]).fetchall()]
    sources = _records(con.execute(
        "SELECT source, source_ref, url, publisher, title, ingest_run FROM contact_sources"
        " WHERE contact_id = ? ORDER BY source, source_ref", [contact_id]).df())
    deliverables = _records(con.execute(
        "SELECT * FROM deliverables WHERE contact_id = ? ORDER BY deliverable_id",
        [contact_id]).df())
    conflicts = _records(con.execute(
        "SELECT field, kept_value, other_value, other_source, other_ref, resolution"
        " FROM contact_conflicts WHERE contact_id = ? AND resolution = 'open'"
        " ORDER BY field, other_ref", [contact_id]).df())
    articles: list[dict[str, Any]] | None = None
    if {"article_contact_links", "articles"} <= set(_tables(con)):
        articles = _records(con.execute(
            "SELECT a.article_id, a.title, a.outlet, a.published, a.url, l.score, l.reason"
            " FROM article_contact_links l JOIN articles a USING (article_id)"
            " WHERE l.contact_id = ? ORDER BY a.published, a.article_id",
            [contact_id]).df())
    return {"contact_id": contact_id, "fields": fields, "partners": partners,
            "sources": sources, "deliverables": deliverables, "conflicts": conflicts,
            "articles": articles}


def review(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    from dyad.contacts.review import review_queue

    return {"items": _records(review_queue(con))}


def decide(con: duckdb.DuckDBPyConnection, form: dict[str, list[str]]) -> str:
    """Apply one review decision from a form; return what was done."""
    from dyad.contacts.review import (
        ReviewError,
        accept_contact,
        reject_contact,
        resolve_conflict,
    )

    action = _one(form, "action")
    contact_id = _one(form, "contact_id")
    try:
        if action == "accept":
            old = accept_contact(con, contact_id)
            return f"{contact_id}: {old} -> confirmed"
        if action == "reject":
            old = reject_contact(con, contact_id)
            return f"{contact_id}: {old} -> rejected"
        if action in ("keep", "replace"):
            res = resolve_conflict(con, contact_id, _one(form, "field"),
                                   keep=action == "keep",
                                   other_ref=_one(form, "other_ref") or None)
            return f"{contact_id}: {res['field']} {res['action']} ({res['new_value']})"
    except ReviewError as e:
        raise BadRequest(str(e)) from None
    raise BadRequest(f"unknown review action {action!r}")


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    if len(values) != 1:
        raise BadRequest(f"field {name!r} given {len(values)} times")
    return values[0].strip()


def coding(con: duckdb.DuckDBPyConnection, n: int) -> dict[str, Any]:
    """Articles to code (newest first) with the auto coder's codes and any human codes."""
    from dyad.reference.files import codebook

    df = con.execute(
        """
        SELECT a.article_id, a.title, a.outlet, a.outlet_country, a.language, a.published,
               a.url, left(a.text, 600) AS excerpt, length(a.text) AS text_chars,
               auto.topics AS auto_topics, auto.tone AS auto_tone,
               (SELECT list(h.coder || ': ' || array_to_string(h.topics, ', ')
                            || ' / tone ' || coalesce(CAST(h.tone AS VARCHAR), '-')
                            ORDER BY h.coder)
                FROM article_codes h
                WHERE h.article_id = a.article_id AND h.coder LIKE 'human:%') AS human
        FROM articles a
        LEFT JOIN article_codes auto ON auto.article_id = a.article_id AND auto.coder = 'auto'
        ORDER BY a.published DESC NULLS LAST, a.article_id
        LIMIT ?
        """, [n]).df()
    book = codebook()
    return {"articles": _records(df), "n": n,
            "topics": [(k, str(v.get("label", k))) for k, v in book.items()]}


def store_human_code(con: duckdb.DuckDBPyConnection, form: dict[str, list[str]]) -> str:
    """Store one human coder's topics and tone for one article.

    Goes through the coding-sheet import (``dyad.coding.sheets.import_sheet``): the form
    becomes a one-row sheet, so validation, provenance (``ingest_runs``) and the stored
    coder name ``human:NAME`` are exactly those of a sheet filled in a spreadsheet.
    """
    from dyad.api.media import import_coding_sheet
    from dyad.reference.files import topic_keys

    article_id = _one(form, "article_id")
    name = _one(form, "coder")
    if not name or len(name) > 40 or not all(c.isalnum() or c in "._-" for c in name):
        raise BadRequest("coder name must be 1-40 letters, digits, '.', '_' or '-'")
    keys = topic_keys()
    chosen = form.get("topics", [])
    if unknown := sorted(set(chosen) - set(keys)):
        raise BadRequest(f"unknown topic keys {unknown}")
    tone = _one(form, "tone")
    if tone not in ("-1", "0", "1", ""):
        raise BadRequest(f"tone {tone!r} is not -1, 0 or 1")
    if con.execute("SELECT 1 FROM articles WHERE article_id = ?", [article_id]).fetchone() is None:
        raise NotFound(f"no article with id {article_id!r}")
    row = {"article_id": article_id, **{k: ("1" if k in chosen else "") for k in keys},
           "tone": tone, "coder": name}
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    with tempfile.TemporaryDirectory(prefix="dyad-web-") as tmp:
        path = Path(tmp) / f"web-form-{stamp}.csv"
        pd.DataFrame([row]).to_csv(path, index=False)
        loaded = import_coding_sheet(con, path, coder=name)
    if loaded != 1:
        raise BadRequest(f"the code for {article_id} was not stored (see quarantine)")
    return f"stored human:{name} code for {article_id}"
