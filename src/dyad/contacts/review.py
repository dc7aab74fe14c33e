"""Review the register: candidate contacts and open conflicts between sources.

Candidates (status ``candidate``) are accepted (confirmed) or rejected; a conflict —
a field on which a second source disagrees with the contact — is resolved by keeping
the contact's value or replacing it with the other source's. Every decision is
written to ``contact_reviews`` in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dyad.contacts.merge import COMPARED_FIELDS
from dyad.contacts.model import KINDS, LEVELS
from dyad.errors import ReviewError
from dyad.store import transaction

REVIEW_COLUMNS = [
    "item", "contact_id", "date_start", "date_end", "kind", "level", "format", "status",
    "partners", "field", "kept_value", "other_value", "other_source", "other_ref",
    "summary", "sources",
]



def review_queue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Candidate contacts and open conflicts, oldest first (one row per item)."""
    df = con.execute(
        """
        WITH s AS (SELECT contact_id, list(source_ref ORDER BY source, source_ref) AS sources
                   FROM contact_sources GROUP BY contact_id),
             p AS (SELECT contact_id, list(partner_iso2 ORDER BY partner_iso2) AS partners
                   FROM contact_partners GROUP BY contact_id),
             items AS (
                SELECT 'candidate' AS item, contact_id, NULL AS field, NULL AS kept_value,
                       NULL AS other_value, NULL AS other_source, NULL AS other_ref
                FROM contacts WHERE status = 'candidate'
                UNION ALL
                SELECT 'conflict', contact_id, field, kept_value, other_value, other_source,
                       other_ref
                FROM contact_conflicts WHERE resolution = 'open')
        SELECT i.item, c.contact_id, c.date_start, c.date_end, c.kind, c.level, c.format,
               c.status, coalesce(p.partners, []) AS partners, i.field, i.kept_value,
               i.other_value, i.other_source, i.other_ref, c.summary,
               coalesce(s.sources, []) AS sources
        FROM items i JOIN contacts c USING (contact_id)
        LEFT JOIN p USING (contact_id) LEFT JOIN s USING (contact_id)
        ORDER BY c.date_start, c.contact_id, i.item, i.field, i.other_ref
        """
    ).df()
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col]).dt.date
    for col in ("partners", "sources"):
        df[col] = df[col].map(list)
    return df[REVIEW_COLUMNS]


def replace_field(con: duckdb.DuckDBPyConnection, contact_id: str, field: str,
                  value: str) -> str:
    """Set a contact's field to another source's value (inside the caller's transaction);
    a date change that puts the end before the start is refused."""
    con.execute(f"UPDATE contacts SET {field} = ?, updated_at = current_timestamp"  # noqa: S608
                " WHERE contact_id = ?", [_typed(field, value), contact_id])
    bad = con.execute("SELECT date_end < date_start FROM contacts WHERE contact_id = ?",
                      [contact_id]).fetchone()
    if bad and bad[0]:
        raise ReviewError(f"replacing {field} with {value} puts date_end before "
                          "date_start; resolve the other date first")
    return value


def _status(con: duckdb.DuckDBPyConnection, contact_id: str) -> str:
    row = con.execute("SELECT status FROM contacts WHERE contact_id = ?", [contact_id]).fetchone()
    if row is None:
        raise ReviewError(f"no contact with id {contact_id!r}")
    return str(row[0])


def _set_status(con: duckdb.DuckDBPyConnection, contact_id: str, status: str,
                action: str) -> str:
    with transaction(con):
        old = _status(con, contact_id)
        con.execute(
            "UPDATE contacts SET status = ?, updated_at = current_timestamp"
            " WHERE contact_id = ?", [status, contact_id])
        con.execute(
            "INSERT INTO contact_reviews (contact_id, action, old_value, new_value)"
            " VALUES (?, ?, ?, ?)", [contact_id, action, old, status])
    return old


def accept_contact(con: duckdb.DuckDBPyConnection, contact_id: str) -> str:
    """Confirm a contact (usually a candidate); return its previous status."""
    return _set_status(con, contact_id, "confirmed", "accept")


def reject_contact(con: duckdb.DuckDBPyConnection, contact_id: str) -> str:
    """Reject a contact: it leaves listings and comparisons; return its previous status."""
    return _set_status(con, contact_id, "rejected", "reject")


def _typed(field: str, value: str) -> object:
    if field in ("date_start", "date_end"):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as e:
            raise ReviewError(f"{field} value {value!r} is not a date") from e
    if field == "kind" and value not in KINDS:
        raise ReviewError(f"kind value {value!r} is not one of {KINDS}")
    if field == "level" and value not in LEVELS:
        raise ReviewError(f"level value {value!r} is not one of {LEVELS}")
    return value


def resolve_conflict(
    con: duckdb.DuckDBPyConnection, contact_id: str, field: str, *, keep: bool,
    other_ref: str | None = None,
) -> dict[str, object]:
    """Close an open conflict: keep the contact's value, or replace it with the other's.

    With several open conflicts on one field, ``other_ref`` says which source's
    value is meant. Returns the decision (field, kept/new value, other_ref).
    """
    if field not in COMPARED_FIELDS:
        raise ReviewError(f"field {field!r} is not compared; choose one of {COMPARED_FIELDS}")
    _status(con, contact_id)
    rows = con.execute(
        "SELECT kept_value, other_value, other_ref FROM contact_conflicts"
        " WHERE contact_id = ? AND field = ? AND resolution = 'open'"
        " AND (? IS NULL OR other_ref = ?) ORDER BY other_ref",
        [contact_id, field, other_ref, other_ref],
    ).fetchall()
    if not rows:
        raise ReviewError(f"contact {contact_id!r} has no open conflict on {field!r}"
                          + (f" from {other_ref!r}" if other_ref else ""))
    if len(rows) > 1:
        refs = ", ".join(str(r[2]) for r in rows)
        raise ReviewError(f"{len(rows)} open conflicts on {field!r}; name one source: {refs}")
    kept_value, other_value, ref = rows[0]
    with transaction(con):
        current = con.execute(f"SELECT CAST({field} AS VARCHAR) FROM contacts"  # noqa: S608
                              " WHERE contact_id = ?", [contact_id]).fetchone()
        old = current[0] if current else kept_value
        new = old
        if not keep:
            new = replace_field(con, contact_id, field, other_value)
        record_resolution(con, contact_id, field, ref, keep=keep, old=old, new=new)
    return {"contact_id": contact_id, "field": field, "action": "keep" if keep else "replace",
            "old_value": old, "new_value": new, "other_ref": ref}


RESOLVABLE = (*COMPARED_FIELDS, "partners")


def _replace_partners(con: duckdb.DuckDBPyConnection, contact_id: str, value: str) -> None:
    from dyad.reference.vocabulary import C5

    isos = sorted({p.strip().upper() for p in value.split(",") if p.strip()})
    bad = [p for p in isos if p not in C5]
    if not isos or bad:
        raise ReviewError(f"partners value {value!r} is not a list of {', '.join(C5)}")
    con.execute("DELETE FROM contact_partners WHERE contact_id = ?", [contact_id])
    con.executemany("INSERT INTO contact_partners VALUES (?, ?)",
                    [[contact_id, p] for p in isos])


def _current(con: duckdb.DuckDBPyConnection, contact_id: str, field: str) -> str | None:
    if field == "partners":
        row = con.execute("SELECT string_agg(partner_iso2, ',' ORDER BY partner_iso2)"
                          " FROM contact_partners WHERE contact_id = ?", [contact_id]).fetchone()
    else:
        row = con.execute(f"SELECT CAST({field} AS VARCHAR) FROM contacts"  # noqa: S608
                          " WHERE contact_id = ?", [contact_id]).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def resolve_field(
    con: duckdb.DuckDBPyConnection, contact_id: str, field: str, *, keep: bool,
    value: str | None = None,
) -> dict[str, object]:
    """Close every open conflict of a contact on one field with one decision.

    Conflicts are grouped by the value the other sources give: ``keep`` closes them all
    (the contact's value stands); ``replace`` takes the other sources' value — the only
    one, or ``value`` when they give several — and closes the conflicts that gave it as
    ``replaced`` and the rest as ``kept`` (the new value stands against them). One row per
    closed conflict goes to ``contact_reviews``, all in one transaction. Returns the
    decision: field, action, old and new value, and the other references closed.
    """
    if field not in RESOLVABLE:
        raise ReviewError(f"field {field!r} cannot be resolved; choose one of "
                          f"{', '.join(RESOLVABLE)}")
    _status(con, contact_id)
    rows = con.execute(
        "SELECT other_value, other_ref FROM contact_conflicts WHERE contact_id = ?"
        " AND field = ? AND resolution = 'open' ORDER BY other_value, other_ref",
        [contact_id, field]).fetchall()
    if not rows:
        raise ReviewError(f"contact {contact_id!r} has no open conflict on {field!r}")
    values = sorted({str(v) for v, _ref in rows if v is not None})
    if value is not None and value not in values:
        raise ReviewError(f"no open conflict on {field!r} gives {value!r}; the other sources "
                          f"give: {', '.join(values)}")
    if not keep and value is None:
        if len(values) != 1:
            raise ReviewError(f"the other sources give {len(values)} values for {field!r}; "
                              f"pick one with --value: {', '.join(values)}")
        value = values[0]
    with transaction(con):
        old = _current(con, contact_id, field)
        new = old
        if not keep:
            assert value is not None
            if field == "partners":
                _replace_partners(con, contact_id, value)
            else:
                con.execute(f"UPDATE contacts SET {field} = ?, updated_at = current_timestamp"
                            " WHERE contact_id = ?", [_typed(field, value), contact_id])
                bad = con.execute("SELECT date_end < date_start FROM contacts"
                                  " WHERE contact_id = ?", [contact_id]).fetchone()
                if bad and bad[0]:
                    raise ReviewError(f"replacing {field} with {value} puts date_end before "
                                      "date_start; resolve the other date first")
            new = value
        closed = []
        for other_value, ref in rows:
            took = not keep and other_value == value
            con.execute(
                "UPDATE contact_conflicts SET resolution = ? WHERE contact_id = ?"
                " AND field = ? AND other_ref = ?",
                ["replaced" if took else "kept", contact_id, field, ref])
            con.execute(
                "INSERT INTO contact_reviews (contact_id, action, field, old_value, new_value,"
                " other_ref) VALUES (?, ?, ?, ?, ?, ?)",
                [contact_id, "replace" if took else "keep", field, old, new, ref])
            closed.append(str(ref))
    return {"contact_id": contact_id, "field": field, "action": "keep" if keep else "replace",
            "old_value": old, "new_value": new, "other_refs": closed}


def record_resolution(con: duckdb.DuckDBPyConnection, contact_id: str, field: str, ref: str,
                      *, keep: bool, old: object, new: object) -> None:
    """Mark one conflict resolved (kept or replaced) and log the decision in the review
    history; the caller holds the transaction."""
    con.execute(
        "UPDATE contact_conflicts SET resolution = ? WHERE contact_id = ? AND field = ?"
        " AND other_ref = ?", ["kept" if keep else "replaced", contact_id, field, ref])
    con.execute(
        "INSERT INTO contact_reviews (contact_id, action, field, old_value, new_value,"
        " other_ref) VALUES (?, ?, ?, ?, ?, ?)",
        [contact_id, "keep" if keep else "replace", field, old, new, ref])
