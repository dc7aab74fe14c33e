"""The SQL behind the browsing views (``dyad.api.browse``): one contact with everything
attached to it, grouped review decisions, and the human-coding queue.

Functions take an open connection and return data frames or plain values; only
:func:`resolve_conflict_group` and :func:`store_human_code` write, each in one transaction.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dyad.contacts.merge import COMPARED_FIELDS
from dyad.contacts.review import record_resolution, replace_field
from dyad.errors import ReviewError

__all__ = [
    "article_for_coding", "coding_queue", "contact_articles", "contact_conflicts",
    "contact_deliverables", "contact_partners", "contact_row", "contact_sources",
    "has_human_code", "resolve_conflict_group", "store_human_code",
]


# ---- one contact -----------------------------------------------------------------------

def contact_row(con: duckdb.DuckDBPyConnection, contact_id: str) -> pd.DataFrame:
    """The contact's row (every column), or an empty frame."""
    return con.execute("SELECT * FROM contacts WHERE contact_id = ?", [contact_id]).df()


def contact_partners(con: duckdb.DuckDBPyConnection, contact_id: str) -> list[str]:
    return [str(r[0]) for r in con.execute(
        "SELECT partner_iso2 FROM contact_partners WHERE contact_id = ? ORDER BY 1",
        [contact_id]).fetchall()]


def contact_sources(con: duckdb.DuckDBPyConnection, contact_id: str) -> pd.DataFrame:
    return con.execute(
        "SELECT source, source_ref, url, publisher, title, ingest_run FROM contact_sources"
        " WHERE contact_id = ? ORDER BY source, source_ref", [contact_id]).df()


def contact_deliverables(con: duckdb.DuckDBPyConnection, contact_id: str) -> pd.DataFrame:
    return con.execute(
        "SELECT * FROM deliverables WHERE contact_id = ? ORDER BY deliverable_id",
        [contact_id]).df()


def contact_conflicts(con: duckdb.DuckDBPyConnection, contact_id: str) -> pd.DataFrame:
    """Open conflicts on the contact, one row per disagreeing source."""
    return con.execute(
        "SELECT field, kept_value, other_value, other_source, other_ref FROM contact_conflicts"
        " WHERE contact_id = ? AND resolution = 'open' ORDER BY field, other_ref",
        [contact_id]).df()


def contact_articles(con: duckdb.DuckDBPyConnection, contact_id: str) -> pd.DataFrame:
    """Articles linked to the contact (``article_contact_links``), oldest first."""
    return con.execute(
        "SELECT a.article_id, a.title, a.outlet, a.published, a.url, l.score, l.reason"
        " FROM article_contact_links l JOIN articles a USING (article_id)"
        " WHERE l.contact_id = ? ORDER BY a.published, a.article_id", [contact_id]).df()


# ---- review ----------------------------------------------------------------------------

def resolve_conflict_group(
    con: duckdb.DuckDBPyConnection, contact_id: str, field: str, other_value: str | None,
    *, keep: bool,
) -> list[str]:
    """Close every open conflict on ``(contact_id, field)`` whose other source says
    ``other_value``, in one transaction: keep the contact's value, or replace it.

    Each closed conflict gets its own row in ``contact_reviews`` (as
    ``resolve_conflict`` writes them). Returns the other sources' references closed.
    """
    if field not in COMPARED_FIELDS:
        raise ReviewError(f"field {field!r} is not compared; choose one of {COMPARED_FIELDS}")
    con.execute("BEGIN TRANSACTION")
    try:
        current = con.execute(f"SELECT CAST({field} AS VARCHAR) FROM contacts"  # noqa: S608
                              " WHERE contact_id = ?", [contact_id]).fetchone()
        if current is None:
            raise ReviewError(f"no contact with id {contact_id!r}")
        refs = [str(r[0]) for r in con.execute(
            "SELECT other_ref FROM contact_conflicts WHERE contact_id = ? AND field = ?"
            " AND resolution = 'open' AND other_value IS NOT DISTINCT FROM ?"
            " ORDER BY other_ref", [contact_id, field, other_value]).fetchall()]
        if not refs:
            raise ReviewError(f"contact {contact_id!r} has no open conflict on {field!r}"
                              f" with the value {other_value!r}")
        old = current[0]
        new = old
        if not keep:
            if other_value is None:
                raise ReviewError(f"the other sources give no value for {field!r}")
            new = replace_field(con, contact_id, field, other_value)
        for ref in refs:
            record_resolution(con, contact_id, field, ref, keep=keep, old=old, new=new)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return refs


# ---- human coding ----------------------------------------------------------------------

def coding_queue(con: duckdb.DuckDBPyConnection, coder: str | None, *,
                 skip: str | None = None, limit: int = 2) -> tuple[int, int, list[str]]:
    """(articles, articles not yet coded by ``human:CODER``, the next ``limit`` of those
    newest first, ``skip`` left out; the shipped gold-coded sample is not queued). Ids only:
    no codes of any coder, so that the page built on it stays blind."""
    name = f"human:{coder or ''}"
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM article_codes h"
        " WHERE h.article_id = a.article_id AND h.coder = ?)) FROM articles a"
        " WHERE a.source <> 'shipped'", [name]
    ).fetchone()
    total, remaining = (int(row[0]), int(row[1])) if row else (0, 0)
    ids = [str(r[0]) for r in con.execute(
        """
        SELECT a.article_id FROM articles a
        WHERE a.source <> 'shipped'  -- the shipped sample is gold-coded already
          AND NOT EXISTS (SELECT 1 FROM article_codes h WHERE h.article_id = a.article_id
                          AND h.coder = ?)
          AND (? IS NULL OR a.article_id <> ?)
        ORDER BY a.published DESC NULLS LAST, a.article_id
        LIMIT ?
        """, [name, skip, skip, limit]).fetchall()]
    return total, remaining, ids


def article_for_coding(con: duckdb.DuckDBPyConnection, article_id: str) -> pd.DataFrame:
    """One article's metadata and full text (no codes), or an empty frame."""
    return con.execute(
        "SELECT article_id, title, outlet, outlet_country, language, published, url, text"
        " FROM articles WHERE article_id = ?", [article_id]).df()


def has_human_code(con: duckdb.DuckDBPyConnection, article_id: str, coder: str) -> bool:
    return con.execute("SELECT 1 FROM article_codes WHERE article_id = ? AND coder = ?",
                       [article_id, f"human:{coder}"]).fetchone() is not None


def store_human_code(con: duckdb.DuckDBPyConnection, article_id: str, coder: str,
                     topics: list[str], tone: int | None) -> int:
    """Store (or replace) ``human:CODER``'s code for one article, recorded as one load in
    ``ingest_runs`` (source ``web_coding``); returns the run id."""
    from dyad.store.provenance import ingest_run

    with ingest_run(con, source="web_coding", source_ref=f"web:human:{coder}:{article_id}"
                    ) as run:
        run.rows_in = 1
        con.execute(
            "INSERT OR REPLACE INTO article_codes (article_id, coder, coder_version, topics,"
            " tone, coded_at, ingest_run) VALUES (?, ?, 'web', ?, ?, current_timestamp, ?)",
            [article_id, f"human:{coder}", topics, tone, run.run_id])
        run.rows_loaded = 1
    return run.run_id
