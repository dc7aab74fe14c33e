"""Merge contact records from every source into one contact per real event.

A record joins an existing contact when it involves a common partner state, the date
windows overlap (one day of slack for time zones and overnight arrivals; three days
between two C5+1 summits of one level, which cannot recur within days), the kinds are
compatible (an in-person visit, meeting, summit or dialogue; or a call with a call),
the locations do not name different countries (two legs of one trip, a day apart, are
two contacts) and the two share a US participant's surname or, failing names, the same
level. The contact then carries both sources; fields on which they disagree are written
to ``contact_conflicts`` for review and never silently overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import duckdb
import yaml

from dyad.contacts.model import ContactRecord
from dyad.reference.vocabulary import surnames
from dyad.store.provenance import IngestRun

IN_PERSON = {"visit", "meeting", "summit", "dialogue"}
SLACK = dt.timedelta(days=1)
# A C5+1 summit (or ministerial) of one level cannot recur within days: sources that date
# the same meeting two days apart (e.g. a leader's arrival vs the meeting) still match.
C5_SUMMIT_SLACK = dt.timedelta(days=3)
REMOTE = {"phone", "telephone", "virtual", "video", "videoconference", "online"}
COMPARED_FIELDS = ("date_start", "date_end", "kind", "level", "location", "format")


@dataclass(frozen=True)
class Plover:
    event: str
    mode: str | None
    score: float


@cache
def _plover_table() -> dict[str, dict[str, dict[str, object]]]:
    from importlib import resources

    text = (resources.files("dyad.data") / "plover.yaml").read_text("utf-8")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


def plover_for(kind: str, fmt: str) -> Plover:
    """The PLOVER event type, mode and cooperation score of a contact."""
    table = _plover_table()
    base = dict(table["kinds"][kind])
    if kind not in ("agreement", "statement", "dialogue"):
        base.update(table["formats"].get(fmt, {}))
    mode = base.get("mode")
    return Plover(str(base["event"]), str(mode) if mode else None, float(base["score"]))  # type: ignore[arg-type]




def place_country(location: str | None) -> str | None:
    """The country a 'city, country' location names (ISO2 when known), else None.

    None for remote contacts and for a bare city, whose country cannot be told.
    """
    if not location:
        return None
    low = re.sub(r"\([^)]*\)", " ", location).strip().lower()  # "(Palace of ...)": a gloss
    if low in REMOTE:
        return None
    last = low.rsplit(",", 1)[-1].strip()
    from dyad.reference.files import country_by_name

    iso = country_by_name(last)
    if iso:
        return iso
    return last if "," in low else None


def _kinds_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if a in IN_PERSON and b in IN_PERSON:
        return True
    # an agreement is usually signed at an in-person contact
    return {a, b} <= IN_PERSON | {"agreement"} and "call" not in (a, b)


def find_match(con: duckdb.DuckDBPyConnection, rec: ContactRecord) -> str | None:
    """The contact this record describes, if the register already has it."""
    c5_summit = rec.format == "c5plus1" and rec.kind == "summit"
    slack = C5_SUMMIT_SLACK if c5_summit else SLACK
    rows = con.execute(
        """
        SELECT c.contact_id, c.kind, c.level, c.us_participants, c.partner_participants,
               c.date_start, c.date_end, c.location, c.format,
               (SELECT list(p.partner_iso2 ORDER BY p.partner_iso2) FROM contact_partners p
                WHERE p.contact_id = c.contact_id) AS partners
        FROM contacts c
        WHERE c.status <> 'rejected'
          AND c.date_start <= ? AND c.date_end >= ?
          -- curated entries are distinct contacts by construction: one never absorbs another
          -- (imported records may merge among themselves: one visit record per C5 leader)
          AND NOT (? = 'curated' AND EXISTS (
                   SELECT 1 FROM contact_sources cs
                   WHERE cs.contact_id = c.contact_id AND cs.source = 'curated'))
          AND EXISTS (SELECT 1 FROM contact_partners p
                      WHERE p.contact_id = c.contact_id AND list_contains(?, p.partner_iso2))
        """,
        [rec.date_end + slack, rec.date_start - slack, rec.sources[0].source, rec.partners],
    ).fetchall()
    rec_us = surnames(rec.us_participants)
    rec_partner = surnames(rec.partner_participants)
    best: tuple[int, int, str] | None = None
    rec_country = place_country(rec.location)
    for cid, kind, level, us_p, partner_p, d0, d1, location, fmt, partners in rows:
        if not _kinds_compatible(kind, rec.kind):
            continue
        near = d0 <= rec.date_end + SLACK and d1 >= rec.date_start - SLACK
        if not near and not (fmt == "c5plus1" and kind == "summit" and level == rec.level):
            continue  # only one C5+1 summit of a level is matched across a wider window
        country = place_country(location)
        if rec_country and country and rec_country != country:
            continue  # legs of one trip in different countries are different contacts
        score = 0
        if rec_us and rec_us & surnames(list(us_p)):
            score += 2
        if rec_partner and rec_partner & surnames(list(partner_p)):
            score += 1
        if level == rec.level:
            score += 1
        if d0 == rec.date_start:
            score += 1
        # the parts of one occasion (a C5+1 ministerial and the bilaterals on its side):
        # the contact of the same format and partners is the better match
        same = int(fmt == rec.format) + int(sorted(partners or []) == rec.partners)
        names_known = bool(rec_us and us_p)
        if names_known and not rec_us & surnames(list(us_p)):
            continue  # different US principals: different contacts
        if score >= 2 and (best is None or (score + same, score) > best[:2]):
            best = (score + same, score, cid)
    return best[2] if best else None


def _existing_for_sources(con: duckdb.DuckDBPyConnection, rec: ContactRecord) -> str | None:
    for s in rec.sources:
        row = con.execute(
            "SELECT contact_id FROM contact_sources WHERE source = ? AND source_ref = ?",
            [s.source, s.source_ref],
        ).fetchone()
        if row:
            return str(row[0])
    return None


def _contact_id(rec: ContactRecord) -> str:
    src = rec.sources[0].source
    return rec.record_id if src == "curated" else f"{src}:{rec.record_id}"


def _insert_contact(con: duckdb.DuckDBPyConnection, rec: ContactRecord, run: IngestRun) -> str:
    cid = _contact_id(rec)
    pl = plover_for(rec.kind, rec.format)
    con.execute(
        """INSERT INTO contacts (contact_id, date_start, date_end, kind, level, format,
           initiator, location, us_participants, partner_participants, summary, topics,
           status, confidence, plover_event, plover_mode, plover_score, origin, ingest_run,
           us_level, partner_level, branch, occasion_id, ceremony)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [cid, rec.date_start, rec.date_end, rec.kind, rec.level, rec.format, rec.initiator,
         rec.location, rec.us_participants, rec.partner_participants, rec.summary,
         sorted(set(rec.topics)), rec.status, rec.confidence, pl.event, pl.mode, pl.score,
         rec.sources[0].source, run.run_id, rec.us_level, rec.partner_level, rec.branch,
         rec.occasion or cid, rec.ceremony],
    )
    _write_participants(con, cid, rec)
    con.executemany(
        "INSERT INTO contact_partners VALUES (?, ?)", [[cid, p] for p in rec.partners]
    )
    return cid


def _values_differ(field: str, kept: object, other: object) -> bool:
    if kept is None or other is None:
        return False
    if field == "location":
        a, b = str(kept).lower(), str(other).lower()
        if a in b or b in a or a.split(",")[0].strip() == b.split(",")[0].strip():
            return False
        # 'United States' against 'Washington, D.C., USA': the coarser one agrees
        from dyad.reference.files import country_by_name

        for coarse, fine in ((a, str(other)), (b, str(kept))):
            iso = country_by_name(coarse)
            if iso and place_country(fine) == iso:
                return False
        return True
    if field == "kind" and kept in IN_PERSON and other in IN_PERSON:
        return False  # visit / meeting / summit / dialogue: coding conventions, not facts
    return kept != other


def _merge_into(
    con: duckdb.DuckDBPyConnection, cid: str, rec: ContactRecord, run: IngestRun
) -> None:
    row = con.execute(
        "SELECT date_start, date_end, kind, level, location, format, topics, us_participants,"
        " partner_participants, origin FROM contacts WHERE contact_id = ?",
        [cid],
    ).fetchone()
    assert row is not None
    kept = dict(zip(COMPARED_FIELDS, row[:6], strict=True))
    topics, us_p, partner_p, origin = row[6], row[7], row[8], row[9]
    for field in COMPARED_FIELDS:
        other = getattr(rec, field)
        if _values_differ(field, kept[field], other):
            con.execute(
                "INSERT OR IGNORE INTO contact_conflicts"
                " (contact_id, field, kept_value, other_value, other_source, other_ref)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [cid, field, str(kept[field]), str(other), rec.sources[0].source,
                 rec.sources[0].source_ref],
            )
    # Lists grow by union; a curated summary is kept, an imported one fills a gap.
    con.execute(
        """UPDATE contacts SET topics = list_sort(list_distinct(list_concat(topics, ?))),
           us_participants = list_distinct(list_concat(us_participants, ?)),
           partner_participants = list_distinct(list_concat(partner_participants, ?)),
           summary = coalesce(summary, ?), updated_at = current_timestamp
           WHERE contact_id = ?""",
        [rec.topics, [p for p in rec.us_participants if not _has_surname(p, us_p)],
         [p for p in rec.partner_participants if not _has_surname(p, partner_p)],
         rec.summary, cid],
    )
    del topics
    have = sorted(str(r[0]) for r in con.execute(
        "SELECT partner_iso2 FROM contact_partners WHERE contact_id = ?", [cid]).fetchall())
    curated = origin == "curated" or bool(con.execute(
        "SELECT 1 FROM contact_sources WHERE contact_id = ? AND source = 'curated'",
        [cid]).fetchone())
    if curated:
        # a merge never widens or narrows a curated contact's partners: it is a conflict
        if sorted(rec.partners) != have:
            con.execute(
                "INSERT OR IGNORE INTO contact_conflicts"
                " (contact_id, field, kept_value, other_value, other_source, other_ref)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [cid, "partners", ",".join(have), ",".join(sorted(rec.partners)),
                 rec.sources[0].source, rec.sources[0].source_ref])
    else:
        con.executemany(
            "INSERT OR IGNORE INTO contact_partners VALUES (?, ?)",
            [[cid, p] for p in rec.partners])


def _has_surname(name: str, names: list[str]) -> bool:
    return bool(surnames([name]) & surnames(list(names)))


def _add_sources(
    con: duckdb.DuckDBPyConnection, cid: str, rec: ContactRecord, run: IngestRun
) -> None:
    for s in rec.sources:
        con.execute(
            "INSERT OR IGNORE INTO contact_sources (contact_id, source, source_ref, url,"
            " publisher, title, ingest_run, tier) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [cid, s.source, s.source_ref, s.url, s.publisher, s.title, run.run_id,
             s.tier or _imported_tier(s.source)],
        )


def _replace_deliverables(
    con: duckdb.DuckDBPyConnection, cid: str, rec: ContactRecord, run: IngestRun
) -> None:
    if not rec.deliverables:
        return
    prefix = f"{rec.record_id}#d"
    con.execute("DELETE FROM deliverables WHERE deliverable_id LIKE ?", [prefix + "%"])
    for i, d in enumerate(rec.deliverables, start=1):
        con.execute(
            "INSERT INTO deliverables (deliverable_id, contact_id, kind, title, value_usd,"
            " status, status_evidence_url, status_note, source_url, ingest_run,"
            " deliverable_key, status_date, signed_date)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [f"{prefix}{i}", cid, d.kind, d.title, d.value_usd, d.status, d.status_evidence,
             d.status_note, d.source_url, run.run_id, d.key or f"{prefix}{i}", d.status_date,
             rec.date_start],
        )


def _imported_tier(source: str) -> str | None:
    """Imported records' tier: the Office of the Historian is an official source."""
    return {"statehist": "official"}.get(source)


def _write_participants(con: duckdb.DuckDBPyConnection, cid: str, rec: ContactRecord) -> None:
    if not (rec.us_actors or rec.partner_actors):
        return
    con.execute("DELETE FROM contact_participants WHERE contact_id = ?", [cid])
    rows = [[cid, side, p.actor, p.display, p.office, p.level, p.branch]
            for side, parts in (("us", rec.us_actors), ("partner", rec.partner_actors))
            for p in parts]
    con.executemany("INSERT OR IGNORE INTO contact_participants VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows)


def upsert_contact(con: duckdb.DuckDBPyConnection, rec: ContactRecord, run: IngestRun) -> str:
    """Add one record to the register; return the id of the contact it belongs to.

    Idempotent: a record whose source reference is already stored changes nothing
    (beyond refreshing a curated entry's own fields and deliverables).
    """
    cid = _existing_for_sources(con, rec)
    if cid is not None:
        if rec.sources[0].source == "curated" and cid == rec.record_id:
            _refresh_curated(con, cid, rec)
        _add_sources(con, cid, rec, run)
        _replace_deliverables(con, cid, rec, run)
        return cid
    cid = find_match(con, rec)
    if cid is None:
        cid = _insert_contact(con, rec, run)
    else:
        _merge_into(con, cid, rec, run)
    _add_sources(con, cid, rec, run)
    _replace_deliverables(con, cid, rec, run)
    return cid


def _refresh_curated(con: duckdb.DuckDBPyConnection, cid: str, rec: ContactRecord) -> None:
    """A curated entry is edited in the shipped file: its own fields follow the file."""
    pl = plover_for(rec.kind, rec.format)
    con.execute(
        """UPDATE contacts SET date_start = ?, date_end = ?, kind = ?, level = ?, format = ?,
           initiator = ?, location = ?, summary = ?, confidence = ?,
           us_level = ?, partner_level = ?, branch = ?, occasion_id = ?, ceremony = ?,
           us_participants = ?, partner_participants = ?,
           topics = list_sort(list_distinct(list_concat(topics, ?))),
           plover_event = ?, plover_mode = ?, plover_score = ?, updated_at = current_timestamp
           WHERE contact_id = ?""",
        [rec.date_start, rec.date_end, rec.kind, rec.level, rec.format, rec.initiator,
         rec.location, rec.summary, rec.confidence, rec.us_level, rec.partner_level,
         rec.branch, rec.occasion or cid, rec.ceremony, rec.us_participants,
         rec.partner_participants, rec.topics, pl.event, pl.mode, pl.score, cid],
    )
    _write_participants(con, cid, rec)
    con.execute("DELETE FROM contact_partners WHERE contact_id = ?", [cid])
    con.executemany("INSERT INTO contact_partners VALUES (?, ?)",
                    [[cid, p] for p in rec.partners])


def drop_stale_curated(con: duckdb.DuckDBPyConnection, keep: set[str]) -> int:
    """Remove curated sources of entries no longer in the shipped files, and contacts left
    with no source at all (the file is the truth for curated entries)."""
    stale = [str(r[0]) for r in con.execute(
        "SELECT DISTINCT contact_id FROM contact_sources WHERE source = 'curated'").fetchall()
        if str(r[0]) not in keep]
    for cid in stale:
        con.execute("DELETE FROM contact_sources WHERE contact_id = ? AND source = 'curated'",
                    [cid])
        left = con.execute("SELECT count(*) FROM contact_sources WHERE contact_id = ?",
                           [cid]).fetchone()
        if left and left[0] == 0:
            for table in ("contact_partners", "contact_participants", "deliverables",
                          "contact_conflicts", "contacts"):
                con.execute(f"DELETE FROM {table} WHERE contact_id = ?", [cid])  # noqa: S608
    return len(stale)
