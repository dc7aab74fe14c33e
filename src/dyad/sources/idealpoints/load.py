"""Load Bailey–Strezhnev–Voeten ideal points (``IdealpointestimatesAll_*.csv``).

The file (Harvard Dataverse, Voeten "United Nations General Assembly Voting Data") has one
row per state and session with at least ccode (Correlates of War), session and
IdealPointAll; iso3c and the quantile columns are optional. States are mapped to ISO2
through countries.yaml (cow_code, iso3); others are kept with a NULL ISO2.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from dyad.errors import LoadError
from dyad.reference.files import countries
from dyad.sources.result import LoadResult
from dyad.sources.unvotes.parse import read_text_csv
from dyad.store.provenance import ingest_run

REQUIRED = ("ccode", "session", "IdealPointAll")
SOURCE = "bsv-idealpoints"


def load_ideal_points(con: duckdb.DuckDBPyConnection, path: str | Path) -> LoadResult:
    """Load the file in one run: bad rows quarantined (sessions 1-100, finite estimates)."""
    path = Path(path)
    with ingest_run(con, source=SOURCE, source_ref=str(path)) as run:
        if not path.is_file():
            raise LoadError("no such file", file=str(path))
        raw = read_text_csv(path)
        missing = [c for c in REQUIRED if c not in raw.columns]
        if missing:
            raise LoadError(f"not an ideal-point file: columns {missing} missing",
                            file=str(path))
        run.rows_in = len(raw)
        by_cow = {int(c["cow_code"]): c["iso2"] for c in countries() if c.get("cow_code")}
        by_iso3 = {c["iso3"]: c["iso2"] for c in countries()}
        rows = []
        seen: set[tuple[int, int]] = set()
        for i, r in raw.iterrows():
            rec = f"line {int(str(i)) + 2}"
            try:
                ccode = int(float(r["ccode"]))
                session = int(float(r["session"]))
                ideal = float(r["IdealPointAll"])
            except (ValueError, OverflowError):
                run.quarantine(LoadError("ccode, session or IdealPointAll is not a number",
                                         file=path.name, record=rec, field="IdealPointAll",
                                         raw={k: str(v)[:100] for k, v in r.items()}))
                continue
            if not (1 <= session <= 100 and 0 < ccode < 10**4 and abs(ideal) < 100):
                run.quarantine(LoadError("session outside 1-100, ccode outside 1-9999 or "
                                         "IdealPointAll not finite", file=path.name,
                                         record=rec, field="session",
                                         raw={k: str(v)[:100] for k, v in r.items()}))
                continue
            if (session, ccode) in seen:
                run.quarantine(LoadError("duplicate state and session", file=path.name,
                                         record=rec, field="ccode+session", raw=r.to_dict()))
                continue
            seen.add((session, ccode))
            iso3 = str(r.get("iso3c", "")).strip() or None
            iso2 = by_cow.get(ccode) or (by_iso3.get(iso3) if iso3 else None)
            rows.append((session, ccode, iso3, iso2, ideal))
        df = pd.DataFrame(rows, columns=["session", "ccode", "iso3", "country_iso2",
                                         "ideal_point"])
        before = con.execute("SELECT count(*) FROM ideal_points").fetchall()[0][0]
        con.register("_ip", df)
        try:
            con.execute(
                "INSERT OR IGNORE INTO ideal_points SELECT session, ccode, iso3, country_iso2,"
                " ideal_point, ?, ? || session || '/' || ccode, ? FROM _ip",
                [SOURCE, f"{path.name}#", run.run_id])
        finally:
            con.unregister("_ip")
        after = con.execute("SELECT count(*) FROM ideal_points").fetchall()[0][0]
        run.rows_loaded = int(after) - int(before)
    return LoadResult.of(run)


def ideal_point_distance(con: duckdb.DuckDBPyConnection,
                         pairs: list[tuple[str, str]]) -> pd.DataFrame:
    """Per session and pair: both ideal points and their absolute distance."""
    frames = []
    for a, b in pairs:
        df = con.execute("""
            SELECT ? AS pair, x.session, x.ideal_point AS ideal_a, y.ideal_point AS ideal_b,
                   abs(x.ideal_point - y.ideal_point) AS distance
            FROM ideal_points x JOIN ideal_points y USING (session)
            WHERE x.country_iso2 = ? AND y.country_iso2 = ? ORDER BY x.session""",
                         [f"{a}-{b}", a, b]).df()
        frames.append(df)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
