"""Load Bailey–Strezhnev–Voeten ideal points into ``ideal_point_years``.

States are mapped to ISO2 through countries.yaml (cow_code, then iso3). A state with an ISO3
code that countries.yaml lacks is kept with a NULL ISO2 (nothing lost; it maps once the state
is added there); a row whose ccode no crosswalk knows and that carries no ISO3 is quarantined.
Re-loading the same file adds nothing (key: year and ccode).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.errors import LoadError
from dyad.reference.files import countries
from dyad.sources.idealpoints.parse import IdealRow, parse_file
from dyad.sources.result import LoadResult
from dyad.store.provenance import IngestRun, ingest_run

SOURCE = "bsv-idealpoints"
COLUMNS = ["year", "ccode", "iso3", "country_iso2", "n_votes", "ideal_point",
           "q05", "q10", "q50", "q90", "q95"]


def crosswalk() -> tuple[dict[int, str], dict[str, str]]:
    """COW code -> ISO2 and ISO3 -> ISO2, from countries.yaml."""
    by_cow = {int(c["cow_code"]): str(c["iso2"]) for c in countries() if c.get("cow_code")}
    by_iso3 = {str(c["iso3"]): str(c["iso2"]) for c in countries()}
    return by_cow, by_iso3


def insert_rows(con: duckdb.DuckDBPyConnection, run: IngestRun, rows: list[IdealRow],
                *, file: str, ref: str) -> int:
    """Map, quarantine the unmappable, insert the rest; return the number of new rows."""
    by_cow, by_iso3 = crosswalk()
    seen: set[tuple[int, int]] = set()
    recs: list[dict[str, Any]] = []
    for r in rows:
        iso2 = by_cow.get(r.ccode) or (by_iso3.get(r.iso3) if r.iso3 else None)
        if iso2 is None and not (r.iso3 and re.fullmatch(r"[A-Z]{3}", r.iso3)):
            run.quarantine(LoadError(
                f"country code {r.ccode} is in no crosswalk (not in countries.yaml, no iso3c)",
                file=file, record=f"line {r.line}", field="ccode", raw=r.__dict__))
            continue
        if (r.year, r.ccode) in seen:
            run.quarantine(LoadError("duplicate state and year", file=file,
                                     record=f"line {r.line}", field="ccode+year",
                                     raw=r.__dict__))
            continue
        seen.add((r.year, r.ccode))
        rec = {k: getattr(r, k, None) for k in COLUMNS if k != "country_iso2"}
        recs.append({**rec, "country_iso2": iso2})
    if not recs:
        return 0
    df = pd.DataFrame(recs, columns=COLUMNS)
    df["n_votes"] = df["n_votes"].astype("Int64")
    before = con.execute("SELECT count(*) FROM ideal_point_years").fetchall()[0][0]
    con.register("_ip", df)
    try:
        con.execute(
            f"INSERT OR IGNORE INTO ideal_point_years ({', '.join(COLUMNS)}, source, source_ref,"
            f" ingest_run) SELECT {', '.join(COLUMNS)}, ?, ? || year || '/' || ccode, ?"
            " FROM _ip", [SOURCE, f"{ref}#year=", run.run_id])
    finally:
        con.unregister("_ip")
    after = con.execute("SELECT count(*) FROM ideal_point_years").fetchall()[0][0]
    return int(after) - int(before)


def load_ideal_points(con: duckdb.DuckDBPyConnection, path: str | Path) -> LoadResult:
    """Load an ideal-point file (yearly .tab or session .csv); return the run's counts."""
    path = Path(path)
    with ingest_run(con, source=SOURCE, source_ref=str(path)) as run:
        if not path.is_file():
            raise LoadError("no such file", file=str(path))
        layout, parsed = parse_file(path)
        run.rows_in = len(parsed)
        good: list[IdealRow] = []
        for p in parsed:
            if isinstance(p, LoadError):
                run.quarantine(p)
            else:
                good.append(p)
        run.rows_loaded = insert_rows(con, run, good, file=path.name, ref=path.name)
    return LoadResult.of(run, layout=layout)
