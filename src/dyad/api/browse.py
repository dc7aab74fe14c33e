"""Public API for browsing the store: short store sessions, page-ready reads, review and
human-coding writes.

This is what the web app (``dyad serve``) calls; it is usable from any program that wants
the same views. Reads return plain Python data (dicts and lists; ``None`` for a missing
value, never NaN; dates as ISO strings), ready for a template or JSON.

Several users, one store: nothing here keeps a DuckDB connection. :func:`read_store` opens
the file read-only for one piece of work and closes it; :func:`write_store` opens it for
one short write and closes it. Both retry while another process (the ``dyad`` CLI, say)
holds the file's lock, and raise :class:`StoreBusy` when it stays locked. Both are thin
wrappers of ``dyad.store.session`` (one implementation for the CLI and the web app).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.contacts import browse as sql
from dyad.contacts.model import C5, LEVELS
from dyad.errors import StoreBusyError
from dyad.store import session as _session
from dyad.store.inspect import table_counts, table_counts_by, table_exists

__all__ = [
    "PAIRS", "BadRequest", "BrowseError", "NotFound", "StoreBusy",
    "admin_keys", "admin_range", "apply_review", "check_coder", "check_pair", "coding_page",
    "contact_detail", "contacts_page", "parse_date", "prepare_store", "read_store",
    "records", "report_html", "review_items", "save_human_code", "store_summary",
    "store_version", "topics", "write_store",
]

PAIRS: tuple[str, ...] = tuple(f"US-{c}" for c in ("KZ", "UZ", "KG", "TJ", "TM")) + ("US-C5",)
assert {p[3:] for p in PAIRS} - {"C5"} == set(C5)

READ_WAIT = 10.0    # seconds a read waits for a store locked by another process
WRITE_WAIT = 15.0   # seconds a write waits


# ---- errors ----------------------------------------------------------------------------

class BrowseError(Exception):
    """A request that cannot be served; ``http_status`` says how a web app answers it."""

    http_status = 400
    exit_code = 2


class BadRequest(BrowseError, ValueError):
    """A parameter that cannot be used (HTTP 400)."""

    http_status = 400


class NotFound(BrowseError, LookupError):
    """No such record (HTTP 404)."""

    http_status = 404


class StoreBusy(BrowseError, RuntimeError):
    """The store stayed locked by another process longer than allowed (HTTP 503)."""

    http_status = 503
    exit_code = 3


# ---- short store sessions (one implementation: dyad.store.session) ----------------------

def prepare_store(path: str | Path | None = None) -> Path:
    """Create or migrate the store (shipped data loaded) and close it; return its path.

    Call once before serving: the short sessions below assume a migrated store.
    """
    from dyad.api.store import open_store
    from dyad.store import default_db_path

    target = Path(path) if path is not None else default_db_path()
    open_store(target).close()
    return target.resolve()


def store_version(path: str | Path) -> tuple[int, ...]:
    """A cheap fingerprint of the store's state (see ``dyad.store.store_version``)."""
    return _session.store_version(path)


@contextmanager
def read_store(path: str | Path, *, wait: float = READ_WAIT
               ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one piece of work, closed on exit (StoreBusy when the
    store stays locked for ``wait`` seconds)."""
    try:
        with _session.read_session(path, wait=wait) as con:
            yield con
    except StoreBusyError as e:
        raise StoreBusy(str(e)) from None


@contextmanager
def write_store(path: str | Path, *, wait: float = WRITE_WAIT
                ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one short write, closed (and checkpointed) on exit."""
    try:
        with _session.write_session(path, wait=wait) as con:
            yield con
    except StoreBusyError as e:
        raise StoreBusy(str(e)) from None


# ---- plain values ----------------------------------------------------------------------

def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, str | bool | int):
        return v
    if hasattr(v, "tolist") and not isinstance(v, pd.Timestamp):  # numpy arrays and scalars
        v = v.tolist()
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, float):
        return None if v != v else v  # NaN
    if v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat(sep=" ")
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as plain dicts: None for NaN/NaT/NULL, ISO dates, lists for arrays."""
    return [{str(k): _plain(v) for k, v in rec.items()} for rec in df.to_dict("records")]


# ---- parameters ------------------------------------------------------------------------

def check_pair(pair: str | None) -> str:
    """The pair key, upper-cased (default US-KZ); BadRequest when unknown."""
    p = (pair or "US-KZ").upper()
    if p not in PAIRS:
        raise BadRequest(f"unknown pair {pair!r}; choose one of {', '.join(PAIRS)}")
    return p


def parse_date(name: str, value: str | None) -> dt.date | None:
    """An ISO date from a query parameter (empty: None); BadRequest when malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


def admin_keys() -> list[str]:
    """The keys of the US administrations, oldest first."""
    from dyad.reference.files import administrations

    return [str(a["key"]) for a in administrations("US")]


def admin_range(key: str) -> tuple[dt.date, dt.date | None]:
    """First and last day of a US administration (the successor's inauguration excluded)."""
    from dyad.reference.files import administrations

    for a in administrations("US"):
        if a["key"] == key:
            end = a["end_date"]
            return a["start_date"], (end - dt.timedelta(days=1)) if end else None
    raise BadRequest(f"unknown US administration {key!r}; choose one of "
                     f"{', '.join(admin_keys())}")


def topics() -> list[tuple[str, str]]:
    """The codebook's topics as (key, label), in codebook order."""
    from dyad.reference.files import codebook

    return [(k, str(v.get("label", k))) for k, v in codebook().items()]


def check_coder(name: str | None) -> str:
    """A human coder's name: 1-40 letters, digits, '.', '_' or '-'; BadRequest otherwise."""
    n = (name or "").strip()
    if not n or len(n) > 40 or not all(c.isascii() and (c.isalnum() or c in "._-") for c in n):
        raise BadRequest("coder name must be 1-40 letters, digits, '.', '_' or '-'")
    return n


# ---- reads -----------------------------------------------------------------------------

def store_summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Rows per table (and per source where a table has one) and loads per source."""
    from dyad.contacts.query import source_summary

    by_source = table_counts_by(con, "source")
    tables = [{"name": name, "rows": rows, "by_source": by_source.get(name, [])}
              for name, rows in table_counts(con).items()]
    return {"tables": tables, "loads": records(source_summary(con)), "pairs": list(PAIRS)}


def contacts_page(con: duckdb.DuckDBPyConnection, pair: str | None = None, *,
                  date_from: str | None = None, date_to: str | None = None,
                  level: str | None = None, admin: str | None = None) -> dict[str, Any]:
    """Confirmed contacts of a pair filtered by dates, level and US administration.

    Takes the values as a query string gives them and checks each (BadRequest).
    """
    from dyad.contacts.query import CONTACT_COLUMNS, list_contacts

    p = check_pair(pair)
    start, end = parse_date("from", date_from), parse_date("to", date_to)
    level = level or ""
    if level and level not in LEVELS:
        raise BadRequest(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    admin = admin or ""
    if admin:
        a_start, a_end = admin_range(admin)
        start = max(start, a_start) if start else a_start
        end = min(end, a_end) if end and a_end else (end or a_end)
    df = list_contacts(con, p, date_from=start, date_to=end)
    if level:
        df = df[df["level"] == level]
    return {"pair": p, "rows": records(df), "columns": list(CONTACT_COLUMNS),
            "filters": {"from": date_from or "", "to": date_to or "", "level": level,
                        "admin": admin},
            "levels": list(LEVELS), "admins": admin_keys(), "pairs": list(PAIRS)}


def contact_detail(con: duckdb.DuckDBPyConnection, contact_id: str) -> dict[str, Any]:
    """One contact: every field, partners, sources, deliverables, open conflicts and
    linked articles (None when the store has no media tables). NotFound if absent."""
    row = sql.contact_row(con, contact_id)
    if row.empty:
        raise NotFound(f"no contact with id {contact_id!r}")
    articles = None
    if table_exists(con, "articles") and table_exists(con, "article_contact_links"):
        articles = records(sql.contact_articles(con, contact_id))
    return {"contact_id": contact_id, "fields": records(row)[0],
            "partners": sql.contact_partners(con, contact_id),
            "sources": records(sql.contact_sources(con, contact_id)),
            "deliverables": records(sql.contact_deliverables(con, contact_id)),
            "conflicts": records(sql.contact_conflicts(con, contact_id)),
            "articles": articles}


def review_items(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The review queue: candidate contacts, and open conflicts grouped by (contact,
    field, other value) so that sources agreeing on one value are decided together.

    Each item: ``item`` ('candidate' | 'conflict'), the contact's fields, and for a
    conflict ``field``, ``kept_value``, ``other_value`` and ``others`` (the sources that
    give it: ``other_source``, ``other_ref``).
    """
    from dyad.contacts.review import review_queue

    out: list[dict[str, Any]] = []
    groups: dict[tuple[str, str, Any], dict[str, Any]] = {}
    for rec in records(review_queue(con)):
        if rec["item"] != "conflict":
            out.append(rec)
            continue
        key = (rec["contact_id"], rec["field"], rec["other_value"])
        if key not in groups:
            groups[key] = {**{k: v for k, v in rec.items()
                              if k not in ("other_source", "other_ref")}, "others": []}
            out.append(groups[key])
        groups[key]["others"].append({"other_source": rec["other_source"],
                                      "other_ref": rec["other_ref"]})
    return out


def coding_page(con: duckdb.DuckDBPyConnection, coder: str | None = None,
                article_id: str | None = None) -> dict[str, Any]:
    """What a human coder sees: one article (``article_id``, else the newest this coder
    has not coded) with its full text, and the queue's size. Blind: no codes of any
    coder, machine or human, are returned. ``article`` is None when nothing is left."""
    name = check_coder(coder) if coder else None
    if not table_exists(con, "articles"):
        return {"article": None, "remaining": 0, "total": 0, "coder": name, "next_id": None,
                "already_coded": False, "topics": topics()}
    total, remaining, upcoming = sql.coding_queue(con, name, limit=1)
    chosen = article_id or (upcoming[0] if upcoming else None)
    article = None
    if chosen:
        df = sql.article_for_coding(con, chosen)
        if df.empty:
            raise NotFound(f"no article with id {chosen!r}")
        article = records(df)[0]
    later = sql.coding_queue(con, name, skip=chosen, limit=1)[2]
    return {"article": article, "remaining": remaining, "total": total,
            "coder": name, "next_id": later[0] if later else None,
            "already_coded": bool(name and chosen and sql.has_human_code(con, chosen, name)),
            "topics": topics()}


def report_html(con: duckdb.DuckDBPyConnection, pair: str, *,
                as_of: dt.date | None = None) -> str:
    """The report of ``dyad report`` as an HTML string, rendered in memory (no file): the
    same page, made by the same function (charts, findings, how to cite, appendices)."""
    from dyad.report.build import render_report

    return render_report(con, check_pair(pair), as_of=as_of or dt.date.today())


# ---- writes ----------------------------------------------------------------------------

def apply_review(con: duckdb.DuckDBPyConnection, action: str, contact_id: str, *,
                 field: str | None = None, other_value: str | None = None,
                 other_ref: str | None = None) -> str:
    """Apply one review decision; return a line saying what was done.

    ``accept`` / ``reject`` a candidate; ``keep`` / ``replace`` closes, in one transaction,
    every open conflict on ``field`` whose sources give ``other_value`` (or only the one
    from ``other_ref`` when that is given).
    """
    from dyad.contacts.review import (
        ReviewError,
        accept_contact,
        reject_contact,
        resolve_conflict,
    )

    if not contact_id:
        raise BadRequest("no contact_id given")
    try:
        if action == "accept":
            return f"{contact_id}: {accept_contact(con, contact_id)} -> confirmed"
        if action == "reject":
            return f"{contact_id}: {reject_contact(con, contact_id)} -> rejected"
        if action in ("keep", "replace"):
            if not field:
                raise BadRequest("no field given")
            keep = action == "keep"
            if other_ref:
                res = resolve_conflict(con, contact_id, field, keep=keep, other_ref=other_ref)
                return f"{contact_id}: {field} {res['action']} ({res['new_value']})"
            refs = sql.resolve_conflict_group(con, contact_id, field, other_value, keep=keep)
            what = "kept" if keep else f"replaced with {other_value}"
            return f"{contact_id}: {field} {what} ({len(refs)} source(s) closed)"
    except ReviewError as e:
        raise BadRequest(str(e)) from None
    raise BadRequest(f"unknown review action {action!r}")


def save_human_code(con: duckdb.DuckDBPyConnection, article_id: str, coder: str,
                    topic_keys: Sequence[str], tone: str | int | None) -> str:
    """Store ``human:CODER``'s topics and tone (-1, 0, 1) for one article, replacing the
    coder's earlier code; recorded in ``ingest_runs``. Returns what was stored."""
    from dyad.reference.files import topic_keys as known_keys

    name = check_coder(coder)
    keys = known_keys()
    if unknown := sorted(set(topic_keys) - set(keys)):
        raise BadRequest(f"unknown topic keys {unknown}")
    if str(tone) not in ("-1", "0", "1"):
        raise BadRequest(f"tone {tone!r} is not -1, 0 or 1")
    if sql.article_for_coding(con, article_id).empty:
        raise NotFound(f"no article with id {article_id!r}")
    chosen = [k for k in keys if k in set(topic_keys)]
    sql.store_human_code(con, article_id, name, chosen, int(str(tone)))
    return f"stored human:{name} code for {article_id}"

