"""Load the UN Digital Library voting CSV into ``undl_votes`` (migration 031; source 'undl').

A bad record (vote code outside Y/N/A/X, bad date, empty id) is quarantined; a file without
the documented columns fails the load. Re-running adds nothing (keyed on undl_id, ms_code).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dyad.errors import LoadError
from dyad.reference import files
from dyad.sources.result import LoadResult
from dyad.sources.undl.parse import parse_record, read_records
from dyad.store.provenance import ingest_run

SOURCE = "undl"


def _iso3_to_iso2() -> dict[str, str]:
    return {str(c["iso3"]).upper(): str(c["iso2"]) for c in files.countries() if c.get("iso3")}


def load_undl_votes(con: Any, path: str | Path, **_: Any) -> LoadResult:
    """Import a UN Digital Library General Assembly voting CSV."""
    p = Path(path)
    if not p.is_file():
        raise LoadError("no such file", file=str(p))
    crosswalk = _iso3_to_iso2()
    with ingest_run(con, source=SOURCE, source_ref=str(p)) as run:
        records = read_records(p.read_bytes(), p.name)
        seen: set[tuple[str, str]] = set()
        for i, r in enumerate(records, start=2):
            run.rows_in += 1
            try:
                v = parse_record(r, p.name, i)
            except LoadError as e:
                run.quarantine(e)
                continue
            key = (v.undl_id, v.ms_code)
            if key in seen:
                run.quarantine(LoadError("the same state's vote twice", file=p.name,
                                         record=f"line {i}", field="ms_code"))
                continue
            seen.add(key)
            exists = con.execute("SELECT 1 FROM undl_votes WHERE undl_id = ? AND ms_code = ?",
                                 list(key)).fetchone()
            if exists:
                continue
            con.execute(
                "INSERT INTO undl_votes (undl_id, ms_code, country_iso2, ms_vote, vote, date,"
                " session, resolution, draft, title, source, source_ref, ingest_run)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [v.undl_id, v.ms_code, crosswalk.get(v.ms_code), v.ms_vote, v.vote, v.date,
                 v.session, v.resolution, v.draft, v.title, SOURCE,
                 f"{v.undl_link or p.name}#{v.undl_id}", run.run_id])
            run.rows_loaded += 1
    return LoadResult.of(run, file=str(p))
