"""A user's own register file, loaded beside the shipped one (``dyad import register FILE``).

The file is a version-2 register (``data/register/README.md``), checked exactly as the shipped
files are (actors and their offices on the date, derived levels, sources with tiers, occasions
within ten days); ``actors=`` names an optional actors file of the same format as
``data/actors/*.yaml`` for people the shipped actors lack (its offices are pooled with a
shipped actor's of the same id). A bad entry is quarantined with file, entry and field; a bad
file is one LoadError and changes nothing.

Entries load as curated contacts (distinct by construction, counted like the shipped ones),
each source marked with the file: ``source_ref`` = ``user:<absolute path>#<id> <url>``. The
file is the truth for its entries: a second import of the same file adds nothing, a changed
file replaces its entries (an entry removed from the file, or re-sourced, leaves the store;
``entries: []`` removes them all). An id the shipped register or another user file already
uses is refused with a message naming it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord
from dyad.errors import LoadError
from dyad.sources.register.actors import Actor, read_actor_files
from dyad.sources.register.load import (
    USER_PREFIX,
    check_occasions,
    read_register,
    shipped_actor_files,
)
from dyad.sources.result import LoadResult
from dyad.store.provenance import IngestRun, ingest_run

SOURCE = "user-register"
PREFIX = USER_PREFIX
CONTACT_TABLES = ("contact_partners", "contact_participants", "deliverables",
                  "contact_conflicts", "article_contact_links", "contacts")


def marker(path: Path) -> str:
    """What every source reference of the file's entries begins with."""
    return f"{PREFIX}{path.resolve()}#"


def user_contact_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Ids of the contacts every user register file brought (kept by the shipped loads)."""
    return {str(r[0]) for r in con.execute(
        "SELECT DISTINCT contact_id FROM contact_sources WHERE source = 'curated'"
        " AND starts_with(source_ref, ?)", [PREFIX]).fetchall()}


def _owners(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """contact id -> the file (shipped 'us_kz/2023.yaml' or 'user:/path') its entry is from."""
    out: dict[str, str] = {}
    for cid, ref in con.execute("SELECT contact_id, source_ref FROM contact_sources"
                                " WHERE source = 'curated'").fetchall():
        out.setdefault(str(cid), str(ref).split("#", 1)[0])
    return out


def _read_actors(path: Path | None) -> dict[str, Actor]:
    shipped = shipped_actor_files()
    if path is None:
        return read_actor_files(shipped)
    if not path.is_file():
        raise LoadError("actors file not found", file=str(path))
    return read_actor_files([*shipped, path])


def _mark(rec: ContactRecord, path: Path) -> ContactRecord:
    """The record with each source reference naming the user's file."""
    prefix = marker(path)
    sources = [s.model_copy(update={"source_ref": prefix + s.source_ref.split("#", 1)[1]})
               for s in rec.sources]
    return rec.model_copy(update={"sources": sources})


def owners_of(owners: dict[str, str], prefix: str) -> list[str]:
    """The contacts whose entry comes from the file of ``prefix``."""
    return [cid for cid, ref in owners.items() if ref + "#" == prefix]


def _replace(con: duckdb.DuckDBPyConnection, prefix: str, keep: list[ContactRecord]) -> int:
    """Make the store's entries of this file those of ``keep`` (before they are upserted):
    an entry gone from the file loses its sources (and leaves when it has no other); a
    re-sourced entry keeps one source row, renamed, as the anchor its upsert refreshes.
    Returns the entries removed."""
    wanted = {r.record_id: sorted(s.source_ref for s in r.sources) for r in keep}
    had: dict[str, set[str]] = {}
    for cid, ref in con.execute(
            "SELECT contact_id, source_ref FROM contact_sources WHERE source = 'curated'"
            " AND starts_with(source_ref, ?)", [prefix]).fetchall():
        had.setdefault(str(cid), set()).add(str(ref))
    removed = 0
    for cid, refs in had.items():
        new = set(wanted.get(cid, []))
        stale = refs - new
        anchor = None if (refs & new or cid not in wanted) else sorted(stale)[0]
        for ref in stale - {anchor}:
            con.execute("DELETE FROM contact_sources WHERE contact_id = ? AND source = 'curated'"
                        " AND source_ref = ?", [cid, ref])
        if anchor is not None:
            con.execute("UPDATE contact_sources SET source_ref = ? WHERE contact_id = ? AND"
                        " source = 'curated' AND source_ref = ?", [wanted[cid][0], cid, anchor])
        if cid not in wanted:
            removed += 1
            left = con.execute("SELECT count(*) FROM contact_sources WHERE contact_id = ?",
                               [cid]).fetchone()
            if left and left[0] == 0:
                for table in CONTACT_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE contact_id = ?", [cid])  # noqa: S608
    return removed


def _state(con: duckdb.DuckDBPyConnection, cid: str) -> tuple[object, ...]:
    """What an entry's import can change, to tell a revised entry from an unchanged one."""
    return tuple(con.execute(sql, [cid]).fetchall() for sql in (
        "SELECT * EXCLUDE (ingest_run, updated_at) FROM contacts WHERE contact_id = ?",
        "SELECT source_ref, url, publisher, title, tier FROM contact_sources"
        " WHERE contact_id = ? ORDER BY ALL",
        "SELECT * EXCLUDE (ingest_run) FROM deliverables WHERE contact_id = ? ORDER BY ALL",
        "SELECT * FROM contact_participants WHERE contact_id = ? ORDER BY ALL"))


def _refresh_sources(con: duckdb.DuckDBPyConnection, rec: ContactRecord) -> None:
    """The entry's source rows carry the file's publisher, title and tier."""
    for s in rec.sources:
        con.execute("UPDATE contact_sources SET url = ?, publisher = ?, title = ?, tier = ?"
                    " WHERE contact_id = ? AND source = 'curated' AND source_ref = ?",
                    [s.url, s.publisher, s.title, s.tier, rec.record_id, s.source_ref])


def _store_actors(con: duckdb.DuckDBPyConnection, actors: dict[str, Actor],
                  actors_path: Path | None, run: IngestRun) -> None:
    """The actors file's new people (ids the shipped actors lack), marked with the file."""
    if actors_path is None:
        return
    tag = f"{PREFIX}{actors_path.resolve()}"
    old = [str(r[0]) for r in con.execute("SELECT actor_id FROM actors WHERE source_file = ?",
                                          [tag]).fetchall()]
    for aid in old:
        con.execute("DELETE FROM actor_offices WHERE actor_id = ?", [aid])
        con.execute("DELETE FROM actors WHERE actor_id = ?", [aid])
    taken = {str(r[0]) for r in con.execute("SELECT actor_id FROM actors").fetchall()}
    for a in actors.values():
        if a.file != actors_path.name or a.actor_id in taken:
            continue
        con.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?)",
                    [a.actor_id, a.name, a.country, tag, run.run_id])
        con.executemany(
            "INSERT INTO actor_offices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[a.actor_id, o.office, o.level, o.branch, o.start, o.end, o.detail, o.source_url,
              o.note, run.run_id] for o in a.offices])


def import_user_register(con: duckdb.DuckDBPyConnection, path: str | Path, *,
                         actors: str | Path | None = None) -> LoadResult:
    """Load a user's register file beside the shipped register (see the module docstring).

    Returns the run's counts; ``details``: ``added``, ``kept`` and ``removed`` entries."""
    file = Path(path)
    if not file.is_file():
        raise LoadError("register file not found", file=str(path))
    actors_path = Path(actors) if actors not in (None, "") else None
    known = _read_actors(actors_path)
    items = list(read_register(file, known))  # a bad file raises here, before any write
    prefix = marker(file)
    with ingest_run(con, source=SOURCE, source_ref=str(file.resolve())) as run:
        _store_actors(con, known, actors_path, run)
        owners = _owners(con)
        records: list[ContactRecord] = []
        seen: set[str] = set()
        for item in items:
            run.rows_in += 1
            if isinstance(item, LoadError):
                run.quarantine(item)
                continue
            rid = item.record_id
            owner = owners.get(rid)
            if owner is not None and not prefix.startswith(owner + "#"):
                where = (f"the shipped register ({owner})" if not owner.startswith(PREFIX)
                         else f"another register file ({owner[len(PREFIX):]})")
                run.quarantine(LoadError(f"id {rid!r} is already an entry of {where}; give "
                                         "your entry another id", file=str(file), record=rid,
                                         field="id"))
                continue
            if rid in seen:
                run.quarantine(LoadError("duplicate id", file=str(file), record=rid,
                                         field="id"))
                continue
            seen.add(rid)
            records.append(_mark(item, file))
        bad = {e.record for e in check_occasions(records)}
        for err in check_occasions(records):
            run.quarantine(LoadError(err.reason, file=str(file), record=err.record,
                                     field=err.field))
        keep = [r for r in records if r.record_id not in bad]
        removed = _replace(con, prefix, keep)
        had = set(owners_of(owners, prefix))
        for rec in keep:
            before = _state(con, rec.record_id)
            upsert_contact(con, rec, run)
            _refresh_sources(con, rec)
            run.rows_loaded += _state(con, rec.record_id) != before  # new or revised
        added = len([r for r in keep if r.record_id not in had])
    return LoadResult.of(run, added=added, kept=len(keep) - added, removed=removed,
                         note=f"{added} entries added, {len(keep) - added} kept, "
                              f"{removed} removed")
