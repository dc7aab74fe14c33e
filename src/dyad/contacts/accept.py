"""Candidates from every importer, and accepting one into the curated register's YAML.

``candidates`` lists the contacts whose status is ``candidate`` (the Historian's mention
records, and any other importer's), with the reason an importer gave. ``accept_into_register``
writes one as a version-2 entry (``data/register/README.md``) into ``<pair folder>/<year>.yaml``
of a register folder, round-trip safe (ruamel.yaml: comments, order and quoting of the file
kept; the entry inserted in date order), and confirms it in the store. Participants must map
to actors: a name's surname and an office held on the contact's date; otherwise nothing is
written and a one-line ReviewError says what to add to ``data/actors``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.errors import ReviewError
from dyad.reference.vocabulary import surname

CANDIDATE_COLUMNS = ["contact_id", "origin", "date_start", "date_end", "kind", "level",
                     "format", "partners", "location", "us_participants",
                     "partner_participants", "reason", "sources"]
_REASON = re.compile(r"\[candidate: (.*)\]\s*$")
# Words of a participant's title that say which office is meant, when two actors share a
# surname on the day (office keys of data/offices.yaml).
_TITLE_OFFICES = (
    ("secretary of state", ("us_secretary_of_state",)),
    ("vice president", ("us_vice_president",)),
    ("foreign minister", ("foreign_minister",)),
    ("prime minister", ("prime_minister",)),
    ("president", ("us_president", "president")),
    ("ambassador", ("us_ambassador", "ambassador_to_us")),
    ("senator", ("us_senator",)),
)


def candidates(con: duckdb.DuckDBPyConnection,
               partners: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Candidate contacts from every importer, oldest first; ``partners`` filters by pair."""
    df = con.execute(
        """SELECT c.contact_id, c.origin, c.date_start, c.date_end, c.kind, c.level, c.format,
                  (SELECT list(p.partner_iso2 ORDER BY p.partner_iso2) FROM contact_partners p
                   WHERE p.contact_id = c.contact_id) AS partners,
                  c.location, c.us_participants, c.partner_participants, c.summary,
                  (SELECT list(coalesce(s.url, s.source_ref) ORDER BY s.source, s.source_ref)
                   FROM contact_sources s WHERE s.contact_id = c.contact_id) AS sources
           FROM contacts c WHERE c.status = 'candidate'
           ORDER BY c.date_start, c.contact_id""").df()
    if partners:
        keep = df["partners"].map(lambda ps: bool(set(ps) & set(partners)))
        df = df[keep].reset_index(drop=True)
    df["reason"] = df["summary"].map(
        lambda s: (m.group(1) if (m := _REASON.search(str(s or ""))) else None))
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col]).dt.date
    for col in ("partners", "us_participants", "partner_participants", "sources"):
        df[col] = df[col].map(lambda v: list(v) if v is not None else [])
    return df[CANDIDATE_COLUMNS]


def _actor_for(con: duckdb.DuckDBPyConnection, name: str, day: dt.date, side: str,
               contact_id: str) -> dict[str, str]:
    family = surname(name)
    field = f"{side}_participants"
    rows = con.execute(
        """SELECT a.actor_id, a.name, o.office FROM actors a JOIN actor_offices o USING (actor_id)
           WHERE o.start_date <= ? AND (o.end_date IS NULL OR o.end_date >= ?)
             AND (? = 'us') = (a.country = 'US')""", [day, day, side]).fetchall()
    hits = {(aid, aname) for aid, aname, _o in rows
            if family and surname(str(aname)) == family}
    if len(hits) > 1:
        low = name.lower()
        for words, keys in _TITLE_OFFICES:
            if words in low:
                hits = {(aid, aname) for aid, aname, office in rows
                        if (aid, aname) in hits and office in keys} or hits
                break
    if len(hits) != 1:
        what = "no actor" if not hits else f"{len(hits)} actors"
        raise ReviewError(
            f"{contact_id} {field}: {what} named {family or name!r} holds an office on {day};"
            f" add {name!r} with that office (start, end, source) to data/actors/")
    aid = next(iter(hits))[0]
    return {"actor": aid, "as": name}


def _folder(partners: list[str], fmt: str) -> str:
    if len(partners) == 1:
        return f"us_{partners[0].lower()}"
    if fmt == "c5plus1" or len(partners) > 1:
        return "c5"
    raise ReviewError("the contact has no partner state")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _entry(con: duckdb.DuckDBPyConnection, contact_id: str) -> tuple[dict[str, Any], str]:
    row = con.execute(
        """SELECT date_start, date_end, kind, format, initiator, location, us_participants,
                  partner_participants, topics, status, summary
           FROM contacts WHERE contact_id = ?""", [contact_id]).fetchone()
    if row is None:
        raise ReviewError(f"no contact with id {contact_id!r}")
    d0, d1, kind, fmt, initiator, location, us_p, partner_p, topics, status, summary = row
    if status == "rejected":
        raise ReviewError(f"{contact_id} is rejected; accept it without --into-register first")
    partners = [str(r[0]) for r in con.execute(
        "SELECT partner_iso2 FROM contact_partners WHERE contact_id = ? ORDER BY 1",
        [contact_id]).fetchall()]
    sources = con.execute(
        """SELECT url, publisher, title, coalesce(tier, 'secondary') FROM contact_sources
           WHERE contact_id = ? AND source <> 'curated' ORDER BY source, source_ref""",
        [contact_id]).fetchall()
    if not sources or any(not u for u, *_ in sources):
        raise ReviewError(f"{contact_id}: every source needs a public URL to go into the "
                          "register")
    us = [_actor_for(con, str(n), d0, "us", contact_id) for n in us_p or []]
    partner = [_actor_for(con, str(n), d0, "partner", contact_id) for n in partner_p or []]
    people = "-".join(dict.fromkeys(_slug(p["actor"].split("-")[-1]) for p in us + partner))
    place = _slug((location or "").split(",")[0])
    entry_id = "-".join(x for x in (d0.isoformat(), people, place) if x)
    official = any(t == "official" for *_r, t in sources)
    reason = m.group(1) if (m := _REASON.search(str(summary or ""))) else None
    note = (f"Accepted from the import candidates on {dt.date.today().isoformat()}"
            + (f" ({reason})" if reason else "") + "; summary to be written from the sources.")
    entry: dict[str, Any] = {
        "id": entry_id, "date_start": d0, "date_end": d1, "kind": kind, "format": fmt,
        "initiator": initiator, "partners": partners, "location": location,
        "us_participants": us, "partner_participants": partner, "summary": note,
        "topics": list(topics or []), "confidence": "high" if official else "medium",
        "sources": [{"url": u, "publisher": p, "title": t, "tier": tier}
                    for u, p, t, tier in sources],
    }
    return entry, _folder(partners, str(fmt))


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    if "\n  - id:" in text or not text:
        y.indent(mapping=2, sequence=4, offset=2)
    else:
        y.indent(mapping=2, sequence=2, offset=0)
    return y


def _commented(entry: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def flow(d: dict[str, Any]) -> CommentedMap:
        m = CommentedMap(d)
        m.fa.set_flow_style()
        return m

    out = CommentedMap()
    for k, v in entry.items():
        if k in ("us_participants", "partner_participants"):
            out[k] = CommentedSeq([flow(p) for p in v])
        elif k in ("partners", "topics"):
            seq = CommentedSeq(v)
            seq.fa.set_flow_style()
            out[k] = seq
        elif k == "sources":
            out[k] = CommentedSeq([CommentedMap(s) for s in v])
        else:
            out[k] = v
    return out


def accept_into_register(con: duckdb.DuckDBPyConnection, contact_id: str,
                         register_dir: str | Path) -> dict[str, Any]:
    """Write the contact into ``register_dir/<pair folder>/<year>.yaml`` and confirm it.

    Returns ``{"file", "entry_id", "old_status"}``. Raises ReviewError (one line) when a
    participant maps to no actor, the entry exists already or the folder is not a register.
    """
    from dyad.contacts.review import accept_contact

    root = Path(register_dir)
    if not (root / "README.md").is_file() and not any(root.glob("us_*")):
        raise ReviewError(f"{root} is not a register folder (expected us_kz/, c5/, ...)")
    entry, folder = _entry(con, contact_id)
    path = root / folder / f"{entry['date_start'].year}.yaml"
    text = path.read_text("utf-8") if path.is_file() else ""
    y = _yaml(text)
    if text:
        doc = y.load(text)
    else:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        doc = CommentedMap([("version", 2), ("entries", CommentedSeq())])
        doc.yaml_set_start_comment(f"Contact register {folder}, "
                                   f"{entry['date_start'].year}. Format: ../README.md. "
                                   "Entries in date order.")
    entries = doc.get("entries")
    if entries is None:
        raise ReviewError(f"{path}: not a register file (no 'entries')")
    if any(str(e.get("id")) == entry["id"] for e in entries):
        raise ReviewError(f"{path.name} already has an entry {entry['id']!r}")
    at = next((i for i, e in enumerate(entries)
               if str(e.get("date_start")) > entry["date_start"].isoformat()), len(entries))
    entries.insert(at, _commented(entry))
    buf = io.StringIO()
    y.dump(doc, buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buf.getvalue(), "utf-8")
    old = accept_contact(con, contact_id)
    return {"file": str(path), "entry_id": entry["id"], "old_status": old}
