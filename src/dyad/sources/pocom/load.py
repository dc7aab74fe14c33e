"""Load POCOM office rows into ``actors`` / ``actor_offices`` (one ingest run per folder).

A person becomes the actor the register already knows when one exists — the same
``given-surname`` id (the register's convention) or an office citing the same
history.state.gov person page — else a new US actor with that id. An office spell is added
unless the actor already holds the same office over an overlapping span (the shipped,
sourced extract in ``data/actors`` stands), so a second load adds nothing. Spells that ended
before 1991 are out of scope (no contact with the five can involve them).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import duckdb

from dyad.errors import LoadError
from dyad.reference.offices import offices
from dyad.sources.pocom.parse import PEOPLE_URL, PocomRow, find_files, person_name, read_positions
from dyad.sources.result import LoadResult
from dyad.store.provenance import IngestRun, ingest_run

SOURCE = "pocom"
FLOOR = dt.date(1991, 1, 1)
OPEN_END = ("no end in POCOM (history.state.gov suspended updates in January 2024): "
            "check before relying on it")


def actor_slug(name: str) -> str:
    """'Antony John Blinken' -> 'antony-blinken' (first forename, surname; ASCII)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_name.lower()) if w]
    if not words:
        return ""
    return words[0] if len(words) == 1 else f"{words[0]}-{words[-1]}"


def _actor_for(con: duckdb.DuckDBPyConnection, row: PocomRow, name: str,
               claimed: dict[str, str]) -> tuple[str, bool]:
    """(actor id, whether it is new) for a POCOM person."""
    by_page = con.execute(
        "SELECT actor_id FROM actor_offices WHERE source_url = ? LIMIT 1",
        [row.source_url]).fetchone()
    if by_page:
        return str(by_page[0]), False
    slug = actor_slug(name) or row.person_id
    if claimed.get(slug, row.person_id) != row.person_id:
        slug = row.person_id  # two POCOM people, one slug: the second keeps its POCOM id
    known = con.execute("SELECT country FROM actors WHERE actor_id = ?", [slug]).fetchone()
    if known is not None and known[0] != "US":
        slug = row.person_id
        known = con.execute("SELECT country FROM actors WHERE actor_id = ?", [slug]).fetchone()
    claimed[slug] = row.person_id
    return slug, known is None


def _add(con: duckdb.DuckDBPyConnection, folder: Path, row: PocomRow, run: IngestRun,
         claimed: dict[str, str]) -> bool:
    name = person_name(folder, row.person_id)
    if name is None:
        raise LoadError(f"no people file for {row.person_id!r}", file=row.file,
                        record=row.record_id, field="person-id")
    aid, new = _actor_for(con, row, name, claimed)
    far = dt.date(9999, 12, 31)
    overlap = con.execute(
        "SELECT 1 FROM actor_offices WHERE actor_id = ? AND office = ?"
        " AND start_date <= ? AND coalesce(end_date, ?) >= ? LIMIT 1",
        [aid, row.office, row.end or far, far, row.start]).fetchone()
    if overlap:
        return False
    if new:
        con.execute("INSERT INTO actors VALUES (?, ?, ?, ?, ?)",
                    [aid, name, "US", f"pocom/{row.file}", run.run_id])
    spec = offices()[row.office]
    con.execute("INSERT INTO actor_offices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [aid, row.office, spec["level"], spec["branch"], row.start, row.end,
                 row.title, row.source_url,
                 "; ".join(n for n in (f"pocom {row.record_id}", row.start_note,
                                       None if row.end else OPEN_END) if n),
                 run.run_id])
    return True


def import_pocom(con: duckdb.DuckDBPyConnection, folder: str | Path, **_: object) -> LoadResult:
    """Load the principal officers and the ambassadors to the five from a POCOM folder.

    Raises LoadError for a bad folder or a malformed file (nothing stored); a bad record is
    quarantined. Returns the run's counts; ``details['actors_added']`` and
    ``details['offices_added']`` say what is new.
    """
    root = Path(folder)
    files = find_files(root)
    before = con.execute("SELECT count(*) FROM actors").fetchone()
    with ingest_run(con, source=SOURCE, source_ref=str(root.resolve())) as run:
        claimed: dict[str, str] = {}
        for path, rel in files:
            for item in read_positions(path, rel):
                run.rows_in += 1
                if isinstance(item, LoadError):
                    run.quarantine(item)
                    continue
                if item.end is not None and item.end < FLOOR:
                    continue
                try:
                    added = _add(con, root, item, run, claimed)
                except LoadError as err:
                    if err.record is None:
                        raise  # a malformed people file: the whole load fails
                    run.quarantine(err)
                    continue
                run.rows_loaded += int(added)
        after = con.execute("SELECT count(*) FROM actors").fetchone()
        actors_added = int(after[0] if after else 0) - int(before[0] if before else 0)
        note = f"{run.rows_loaded} offices added, {actors_added} new actors"
    return LoadResult.of(run, actors_added=actors_added, offices_added=run.rows_loaded,
                         note=note)


__all__ = ["FLOOR", "PEOPLE_URL", "SOURCE", "actor_slug", "import_pocom"]
