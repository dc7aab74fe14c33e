"""Load the Office of the Historian travels and visits into the contact register.

One ingest run for the whole folder: a malformed file rolls everything back (recorded
as a failed run); a bad record is quarantined and the load goes on. Records are merged
into the register by :func:`dyad.contacts.merge.upsert_contact`, so importing twice
adds nothing and a record the curated register already holds becomes a second source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord
from dyad.errors import LoadError
from dyad.sources.result import LoadResult
from dyad.sources.statehist.code import TopicCoder, to_contact
from dyad.sources.statehist.parse import RowKind, StatehistRow, find_files, read_file
from dyad.store.provenance import IngestRun, ingest_run

SOURCE = "statehist"


@dataclass
class StatehistImport:
    """The counts an import keeps while it runs (returned as ``LoadResult.details``)."""

    run_id: int
    files: int = 0
    records_read: int = 0
    in_scope: int = 0
    loaded: int = 0
    quarantined: int = 0
    candidates: int = 0
    new_contacts: int = 0
    contact_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# Called after each record is stored; tests use it to interrupt a load midway.
RecordHook = Callable[[ContactRecord], None]


def _contacts(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM contacts").fetchone()
    return int(row[0]) if row else 0


def _load_row(
    con: duckdb.DuckDBPyConnection, row: StatehistRow, run: IngestRun, result: StatehistImport,
    on_record: RecordHook | None, topic_coder: TopicCoder | None = None,
) -> None:
    try:
        rec = to_contact(row, topic_coder)
    except LoadError as err:
        result.in_scope += 1
        run.quarantine(err.with_traceback(None))  # keep no frames (and store handles) alive
        return
    if rec is None:
        return
    result.in_scope += 1
    cid = upsert_contact(con, rec, run)
    run.rows_loaded += 1
    if rec.status == "candidate":
        result.candidates += 1
    if cid not in result.contact_ids:
        result.contact_ids.append(cid)
    if on_record is not None:
        on_record(rec)


def import_statehist(
    con: duckdb.DuckDBPyConnection,
    folder: str | Path,
    *,
    show_progress: bool = False,
    on_record: RecordHook | None = None,
    topic_coder: TopicCoder | None = None,
) -> LoadResult:
    """Import every in-scope travels / visits record under ``folder`` in one ingest run.

    ``folder`` is the history-state-gov folder (with travels/ and visits/) or either
    subfolder. Raises LoadError for a bad folder or a malformed file (nothing stored).
    """
    folder = Path(folder)
    files = find_files(folder)
    before = _contacts(con)
    with ingest_run(con, source=SOURCE, source_ref=str(folder.resolve())) as run:
        result = StatehistImport(run_id=run.run_id, files=len(files))
        seen: dict[tuple[str, str], str] = {}
        for path, rel, kind in _progress(files, show_progress):
            for item in read_file(path, rel, kind):
                run.rows_in += 1
                result.records_read += 1
                if isinstance(item, LoadError):
                    run.quarantine(item)
                    continue
                first = seen.setdefault((item.kind, item.record_id), rel)
                if first != rel:
                    run.quarantine(LoadError(
                        f"{item.kind} id {item.record_id} is already used in {first}",
                        file=rel, record=item.record_id, field="id"))
                    continue
                _load_row(con, item, run, result, on_record, topic_coder)
        result.loaded = run.rows_loaded
        result.quarantined = run.rows_quarantined
        result.problems = [p.describe() for p in run.problems]
        result.new_contacts = _contacts(con) - before
    return LoadResult.of(run, **_details(result))


def _details(result: StatehistImport) -> dict[str, Any]:
    return {"files": result.files, "records_read": result.records_read,
            "in_scope": result.in_scope, "candidates": result.candidates,
            "new_contacts": result.new_contacts, "contact_ids": result.contact_ids,
            "note": f"{result.in_scope} about Central Asia, {result.candidates} candidates, "
                    f"{result.new_contacts} new contacts"}


def _progress(
    files: list[tuple[Path, str, RowKind]], show: bool
) -> Iterable[tuple[Path, str, RowKind]]:
    if not show:
        return files
    from rich.progress import track

    return track(files, description="statehist files", transient=True)
