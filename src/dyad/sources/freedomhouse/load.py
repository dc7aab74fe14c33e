"""Load the Freedom in the World workbook into ``freedom_house`` (one run, idempotent).

Returns the one ``LoadResult``; its details carry the ``sheet`` and ``header_row`` the
scores were read from and the ``attribution`` Freedom House's terms ask for.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from dyad.sources.freedomhouse.parse import ATTRIBUTION, SOURCE, parse_workbook
from dyad.sources.result import LoadResult
from dyad.store.provenance import ingest_run

COLUMNS = ["country_name", "iso2", "region", "kind", "edition", "status", "pr_rating",
           "cl_rating", "pr_score", "cl_score", "total_score", "source", "source_ref"]
_CHANGED = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in COLUMNS[1:11])


def load_freedomhouse(con: duckdb.DuckDBPyConnection, path: str | Path, *,
                      today: dt.date | None = None) -> LoadResult:
    """Load every country and territory of the workbook; a revised score replaces the row."""
    p = Path(path)
    with ingest_run(con, source=SOURCE, source_ref=str(p)) as run:
        parsed = parse_workbook(p, today=today)
        for problem in parsed.problems:
            run.quarantine(problem)
        run.rows_in = parsed.rows_in
        frame = pd.DataFrame(parsed.rows, columns=COLUMNS)
        if not frame.empty:
            con.register("_fh_incoming", frame)
            try:
                con.execute("CREATE OR REPLACE TEMP TABLE _fh_stage AS SELECT * EXCLUDE (edition,"
                            " pr_rating, cl_rating, pr_score, cl_score, total_score),"
                            " CAST(edition AS INTEGER) AS edition,"
                            " CAST(pr_rating AS INTEGER) AS pr_rating,"
                            " CAST(cl_rating AS INTEGER) AS cl_rating,"
                            " CAST(pr_score AS INTEGER) AS pr_score,"
                            " CAST(cl_score AS INTEGER) AS cl_score,"
                            " CAST(total_score AS INTEGER) AS total_score,"
                            " CAST(? AS BIGINT) AS ingest_run FROM _fh_incoming", [run.run_id])
                match = "t.country_name = s.country_name AND t.edition = s.edition"
                con.execute(f"DELETE FROM freedom_house t WHERE EXISTS (SELECT 1 FROM _fh_stage"
                            f" s WHERE {match} AND ({_CHANGED}))")
                before = _count(con)
                con.execute(f"INSERT INTO freedom_house BY NAME SELECT s.* FROM _fh_stage s"
                            f" WHERE NOT EXISTS (SELECT 1 FROM freedom_house t WHERE {match})")
                run.rows_loaded = _count(con) - before
                con.execute("DROP TABLE _fh_stage")
            finally:
                con.unregister("_fh_incoming")
        return LoadResult.of(run, sheet=parsed.sheet, header_row=parsed.header_row,
                             attribution=ATTRIBUTION,
                             note=f"sheet {parsed.sheet}, header on row {parsed.header_row}; "
                                  f"source: {ATTRIBUTION}")


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM freedom_house").fetchone()
    return int(row[0]) if row else 0
