"""Load GDELT event exports into Parquet partitioned by month, with provenance per file.

Each file is one ``ingest_run``: its batches are staged in a temporary table, duplicated
event ids (inside the file, or already loaded) are quarantined with the line of the first
occurrence, and the rest is written as Parquet under
``<events folder>/month=YYYYMM/central_asia=0|1/`` (``schema.CA_FLAG``: whether an actor
is Central Asian). A store written before that flag (``month=YYYYMM/`` only) keeps its
layout: new files go to ``month=`` folders too, and the queries, seeing no ``central_asia``
column, read every file as before.
The Parquet files are written to a staging folder and moved into place only when the
rest of the load has succeeded, so a failed load leaves the folder as it was. A file
whose bytes were imported before adds nothing (one quarantine row says so).

Every load returns the one ``LoadResult``: one file's details give its ``file``, ``status``
(loaded | already imported), ``format`` and ``lines``; several files' combined result keeps
``files``, one status row per file (failed files with their ``error``), and a ``note``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import warnings
from pathlib import Path

import duckdb

from dyad.errors import LoadError, UsageError
from dyad.sources.gdelt_events.parse import iter_batches
from dyad.sources.gdelt_events.schema import CA_FLAG, central_asia_iso3
from dyad.sources.result import LoadResult
from dyad.store.provenance import IngestRun, ingest_run

SOURCE = "gdelt_events"
ENV_DIR = "DYAD_EVENTS_DIR"
VIEW = "gdelt_events"


FILE_COLUMNS = ["file", "status", "format", "lines", "rows_loaded", "rows_quarantined", "run_id",
                "error"]
EXPORT_SUFFIXES = (".csv", ".zip", ".txt", ".tsv")


def events_dir(con: duckdb.DuckDBPyConnection) -> Path:
    """The store's folder for event Parquet: ``$DYAD_EVENTS_DIR``, else beside the store file."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    row = con.execute("SELECT path FROM duckdb_databases() "
                      "WHERE database_name = current_database()").fetchone()
    if not row or not row[0] or row[0] == ":memory:":
        raise UsageError(f"an in-memory store has no folder for event files; set {ENV_DIR}")
    db = Path(row[0]).resolve()
    return db.parent / f"{db.stem}-events" / "gdelt"


MONTH_ONLY = "month=*/*.parquet"                 # a store written before the flag
FLAGGED = f"month=*/{CA_FLAG}=*/*.parquet"


def flagged_layout(folder: Path) -> bool:
    """Whether the store's files are (to be) written under ``month=/central_asia=``: True for
    an empty folder, False for a store that has ``month=`` files only (written before)."""
    return not (folder.exists() and any(folder.glob(MONTH_ONLY)))


def parquet_glob(folder: Path) -> str:
    """The glob of every event file of the store, in its layout."""
    return str(folder / (FLAGGED if flagged_layout(folder) else MONTH_ONLY))


def has_events(folder: Path) -> bool:
    return folder.exists() and (any(folder.glob(MONTH_ONLY)) or any(folder.glob(FLAGGED)))


def refresh_view(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """(Re)create the ``gdelt_events`` view over the folder's Parquet files.

    Every file has the one ``STORED_SCHEMA`` (1.0 rows carry the 2.0 columns as NULL), so
    the view does not ask for ``union_by_name``: that option made DuckDB open every file's
    footer each time the view was bound (0.1-0.3 s for 150 files, growing with the count)."""
    if has_events(folder):
        glob = parquet_glob(folder).replace("'", "''")
        con.execute(f"CREATE OR REPLACE VIEW {VIEW} AS SELECT * FROM read_parquet("
                    f"'{glob}', hive_partitioning = true)")
    else:
        con.execute(f"DROP VIEW IF EXISTS {VIEW}")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def file_row(result: LoadResult) -> dict[str, object]:
    """One file's status row (``FILE_COLUMNS``) from its load result."""
    d = result.details
    return {"file": d.get("file"), "status": d.get("status"), "format": d.get("format"),
            "lines": d.get("lines", 0), "rows_loaded": result.rows_loaded,
            "rows_quarantined": result.rows_quarantined, "run_id": result.run_id,
            "error": d.get("error")}


def import_files(con: duckdb.DuckDBPyConnection, paths: list[str | Path], *,
                 today: dt.date | None = None, source_ref: str | None = None) -> LoadResult:
    """Import each export; a bad file is recorded as a failed run and the others go on."""
    folder = events_dir(con)
    for p in paths:
        if not Path(p).is_file():
            raise UsageError(f"no such file: {p}")
    parts = []
    for p in paths:
        path = Path(p)
        try:
            parts.append(import_file(con, path, folder, today=today))
        except LoadError as e:
            parts.append(LoadResult(SOURCE, str(path), None, details={
                "file": path.name, "status": "failed", "error": str(e)}))
    rows = [file_row(r) for r in parts]
    return LoadResult.combine(SOURCE, source_ref or ", ".join(str(p) for p in paths), parts,
                              files=rows, note=files_note(rows))


def files_note(rows: list[dict[str, object]]) -> str:
    """'3 files: 2 loaded, 1 failed (x.zip: truncated or corrupt zip)'."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["status"])] = counts.get(str(r["status"]), 0) + 1
    text = f"{len(rows)} file{'s' if len(rows) != 1 else ''}: " + ", ".join(
        f"{n} {status}" for status, n in counts.items())
    failed = [f"{r['error']}" for r in rows if r["status"] == "failed"]
    return text + (f" ({'; '.join(failed[:3])})" if failed else "")


def import_path(con: duckdb.DuckDBPyConnection, path: str | Path, *,
                today: dt.date | None = None) -> LoadResult:
    """``dyad import gdelt PATH``: one export (a bad file raises LoadError), or every export in
    a folder (``*.CSV``, ``*.zip``...; a bad one is recorded as failed and the others go on)."""
    p = Path(path)
    if p.is_dir():
        found = sorted(f for f in p.iterdir()
                       if f.is_file() and f.suffix.lower() in EXPORT_SUFFIXES)
        if not found:
            raise LoadError("no GDELT export (.CSV or .zip) in the folder", file=str(p))
        return import_files(con, list(found), today=today, source_ref=str(p))
    if not p.is_file():
        raise LoadError("no such file", file=str(p))
    return import_file(con, p, events_dir(con), today=today)


def import_file(con: duckdb.DuckDBPyConnection, path: Path, folder: Path, *,
                today: dt.date | None = None) -> LoadResult:
    """Import one export in one run (see the module docstring)."""
    digest = sha256_of(path)
    with ingest_run(con, source=SOURCE, source_ref=str(path)) as run:
        seen = con.execute("SELECT run_id, path FROM gdelt_files WHERE sha256 = ?",
                           [digest]).fetchone()
        if seen:
            run.quarantine(LoadError(
                f"already imported in run {seen[0]} from {seen[1]} (same sha256); nothing added",
                file=path.name))
            return LoadResult.of(run, file=path.name, status="already imported",
                                 format=None, lines=0,
                                 note=f"{path.name} already imported in run {seen[0]}")
        staging = folder / ".staging" / str(run.run_id)
        try:
            summary = _load(con, run, path, folder, staging, digest, today)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            with contextlib.suppress(OSError):
                staging.parent.rmdir()
    return summary


def _load(con: duckdb.DuckDBPyConnection, run: IngestRun, path: Path, folder: Path,
          staging: Path, digest: str, today: dt.date | None) -> LoadResult:
    con.execute("DROP TABLE IF EXISTS _gdelt_stage")
    lines = 0
    fmt = ""
    for batch in iter_batches(path, today=today):
        lines += batch.lines
        run.rows_in += batch.lines
        for problem in batch.problems:
            run.quarantine(problem)
        table = batch.table
        if table.num_rows:
            fmt = fmt or str(table.column("gdelt_version")[0])
        con.register("_gdelt_batch", table)
        if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = '_gdelt_stage'"
                       " AND temporary").fetchone() == (0,):
            con.execute("CREATE TEMP TABLE _gdelt_stage AS SELECT *, ?::BIGINT AS ingest_run "
                        "FROM _gdelt_batch", [run.run_id])
        else:
            con.execute("INSERT INTO _gdelt_stage SELECT *, ?::BIGINT FROM _gdelt_batch",
                        [run.run_id])
        con.unregister("_gdelt_batch")
    staged = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = '_gdelt_stage'"
                         " AND temporary").fetchone() != (0,)
    if not staged:
        raise LoadError("no line could be read as a GDELT event", file=path.name)
    _quarantine_duplicates(con, run, folder)
    loaded_row = con.execute("SELECT count(*), min(SQLDATE), max(SQLDATE) FROM _gdelt_stage "
                             "WHERE NOT _dup").fetchone()
    assert loaded_row is not None
    loaded = int(loaded_row[0])
    parts = _write_parquet(con, staging, digest, flag=flagged_layout(folder)) if loaded else []
    run.rows_loaded += loaded
    con.execute(
        "INSERT INTO gdelt_files (sha256, file, path, format, lines, rows_loaded,"
        " rows_quarantined, first_day, last_day, parts, run_id) VALUES"
        " (?, ?, ?, ?, ?, ?, ?, strptime(?::VARCHAR, '%Y%m%d')::DATE,"
        " strptime(?::VARCHAR, '%Y%m%d')::DATE, ?, ?)",
        [digest, path.name, str(path), _format_name(fmt, path), lines, loaded,
         run.rows_quarantined, loaded_row[1], loaded_row[2], parts, run.run_id])
    con.execute("DROP TABLE _gdelt_stage")
    _publish(staging, folder, parts)
    refresh_view(con, folder)
    name = _format_name(fmt, path)
    months = len({r.split("/")[0] for r in parts})
    return LoadResult.of(run, file=path.name, status="loaded", format=name, lines=lines,
                         note=f"GDELT {name} export, {months} month(s)")


def _format_name(version: str, path: Path) -> str:
    return "2.0" if version == "2.0" else ("1.0" if version else "unknown")


def _quarantine_duplicates(con: duckdb.DuckDBPyConnection, run: IngestRun, folder: Path) -> int:
    """Mark and quarantine repeated event ids: within the file, and against loaded files."""
    con.execute("ALTER TABLE _gdelt_stage ADD COLUMN _dup VARCHAR")
    con.execute("""
        UPDATE _gdelt_stage s SET _dup = 'first seen at line ' || f.first_line
        FROM (SELECT GLOBALEVENTID, min(source_line) AS first_line FROM _gdelt_stage
              GROUP BY GLOBALEVENTID HAVING count(*) > 1) f
        WHERE s.GLOBALEVENTID = f.GLOBALEVENTID AND s.source_line > f.first_line""")
    if has_events(folder):
        con.execute(f"""
            UPDATE _gdelt_stage s SET _dup = 'already loaded from ' || e.source_file
                                             || ' line ' || e.source_line
            FROM (SELECT GLOBALEVENTID, any_value(source_file) AS source_file,
                         min(source_line) AS source_line
                  FROM {VIEW} WHERE GLOBALEVENTID IN (SELECT GLOBALEVENTID FROM _gdelt_stage)
                  GROUP BY GLOBALEVENTID) e
            WHERE s.GLOBALEVENTID = e.GLOBALEVENTID AND s._dup IS NULL""")
    row = con.execute("SELECT count(*) FROM _gdelt_stage WHERE _dup IS NOT NULL").fetchone()
    n = int(row[0]) if row else 0
    if n:
        con.execute("""
            INSERT INTO quarantine (run_id, source, file, record, field, reason, raw)
            SELECT ?, ?, source_file, 'line ' || source_line, 'GLOBALEVENTID',
                   'duplicated event id ' || GLOBALEVENTID || ' (' || _dup || ')',
                   NULL
            FROM _gdelt_stage WHERE _dup IS NOT NULL ORDER BY source_line""",
                    [run.run_id, SOURCE])
        run.rows_quarantined += n
    con.execute("ALTER TABLE _gdelt_stage ALTER _dup SET DATA TYPE BOOLEAN "
                "USING _dup IS NOT NULL")
    return n


SORT_KEYS = [("Actor1CountryCode", "ascending"), ("Actor2CountryCode", "ascending"),
             ("Actor1Code", "ascending"), ("Actor2Code", "ascending")]


def _write_parquet(con: duckdb.DuckDBPyConnection, staging: Path, digest: str, *,
                   flag: bool = True) -> list[str]:
    """Write the staged rows (not duplicates) as one Parquet file per month, via Arrow, and
    with ``flag`` one per month and ``central_asia`` value (see the module docstring).

    Rows are sorted by the actor columns (``SORT_KEYS``) that every dyad filter reads: their
    pages then hold long runs of one code, which compress a third smaller and which DuckDB
    scans and filters in about half the CPU time (10 M synthetic rows). Results do not
    depend on row order (every query orders and breaks ties on the event id)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    staging.mkdir(parents=True, exist_ok=True)
    # The flag is the dyad filter's test of a side (CountryCode, or Code beginning with it)
    # for any of the five, on either actor; NULL codes count as not Central Asian.
    ca = " OR ".join(f"coalesce({test}, false)" for n in (1, 2) for test in (
        f"list_contains($c5, Actor{n}CountryCode)", f"list_contains($c5, left(Actor{n}Code, 3))"))
    with warnings.catch_warnings():   # DuckDB 2 notes the copy that Arrow output from execute makes
        warnings.simplefilter("ignore", UserWarning)
        rows = con.execute(f"SELECT * EXCLUDE (_dup), ({ca})::INT AS _ca FROM _gdelt_stage "
                           "WHERE NOT _dup", {"c5": list(central_asia_iso3())}).to_arrow_table()
    assert rows is not None
    month = pc.divide(rows.column("SQLDATE"), 100)
    flags = rows.column("_ca")
    rows = rows.drop_columns(["_ca"])
    parts = []
    for m in sorted(pc.unique(month).to_pylist()):
        in_month = pc.equal(month, m)
        groups = ([(f"month={m}/{CA_FLAG}={f}", pc.and_(in_month, pc.equal(flags, f)))
                   for f in (0, 1)] if flag else [(f"month={m}", in_month)])
        for where, mask in groups:
            part = rows.filter(mask)
            if not part.num_rows:
                continue
            rel = f"{where}/{digest[:16]}.parquet"
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(part.sort_by(SORT_KEYS), staging / rel, compression="snappy")
            parts.append(rel)
    return parts


def _publish(staging: Path, folder: Path, parts: list[str]) -> None:
    for rel in parts:
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, dest)
