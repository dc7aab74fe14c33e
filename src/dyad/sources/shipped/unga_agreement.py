"""Shipped: dyad's UN General Assembly agreement series, derived from the Voeten roll calls.

The votes are not shipped; the per-session, per-year and per-administration counts dyad's
agreement analysis gives for the US, Russia, China and Turkey with each Central Asian state
are (Voeten's data are CC0). ``scripts/build_unga_agreement.py`` regenerates the file from the
unvotes tables. Loaded as ``source='shipped:unga_agreement'`` rows into
``unga_agreement_series``; analyses read it only when no votes are loaded.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from dyad.errors import LoadError
from dyad.reference import files
from dyad.store.provenance import IngestRun

NAME = "unga_agreement"
FILES = ("convergence/unga_agreement_voeten_1992_2019.csv",)
SOURCE = "shipped:unga_agreement"
DATASET_URL = "https://dataverse.harvard.edu/dataset.xhtml?persistentId=hdl:1902.1/12379"
CITATION = ("Erik Voeten, \"United Nations General Assembly Voting Data\", Harvard Dataverse, "
            "hdl:1902.1/12379 (CC0), via the R package unvotes 0.3.0 (votes 1946-01-01 to "
            "2019-12-27); agreement derived by dyad")
SHIPPED_FIRST = ("US", "RU", "CN", "TR")
UNITS = ("session", "year", "admin")
ISSUES = ("all", "hr")
KEY = ["unit", "votes", "issue", "pair", "period"]
INTS = ["session", "year", "joint_votes", "identical", "half"]
FLOATS = ["agreement", "coincidence", "agreement_lo", "agreement_hi", "coincidence_lo",
          "coincidence_hi"]
COLUMNS = [*KEY, "session", "year", "admin", "joint_votes", "identical", "half", *FLOATS]


def read_series(text: str, file: str = FILES[0]) -> pd.DataFrame:
    """The series file (``#`` lines are its header note) as a frame; a malformed file raises
    LoadError naming the file and the first bad record."""
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
    try:
        df = pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise LoadError(f"not a readable CSV: {e}", file=file) from e
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise LoadError(f"missing columns {missing}", file=file, field=",".join(missing))
    df = df[COLUMNS].copy()
    for col in INTS:
        df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce").astype("Int64")
    for col in FLOATS:
        df[col] = pd.to_numeric(df[col].replace("", None), errors="coerce").astype("float64")
    df["admin"] = df["admin"].replace("", None)
    bad = (~df["unit"].isin(UNITS) | ~df["votes"].isin(("resolutions", "all"))
           | ~df["issue"].isin(ISSUES) | df["joint_votes"].isna() | df["identical"].isna()
           | df["half"].isna() | (df["identical"] + df["half"] > df["joint_votes"]))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise LoadError("bad unit, vote set, issue or counts", file=file,
                        record=f"line {i + 2}", raw=df.iloc[i].astype(str).to_dict())
    if df.duplicated(KEY).any():
        i = int(df.duplicated(KEY).to_numpy().nonzero()[0][0])
        raise LoadError("duplicate row for one unit, vote set, issue, pair and period",
                        file=file, record=f"line {i + 2}")
    return df


def load(con: Any, run: IngestRun) -> None:
    """Replace the shipped series (a bad shipped row is a bad file: it fails the load)."""
    df = read_series(files.data_text(FILES[0]))
    df["source"] = SOURCE
    df["source_ref"] = (DATASET_URL + "#dyad:" + df["unit"] + "/" + df["votes"] + "/"
                        + df["issue"] + "/" + df["pair"] + "/" + df["period"])
    df["ingest_run"] = run.run_id
    con.execute("DELETE FROM unga_agreement_series")
    con.register("_unga_series", df)
    try:
        con.execute("INSERT INTO unga_agreement_series BY NAME SELECT * FROM _unga_series")
    finally:
        con.unregister("_unga_series")
    run.rows_in += len(df)
    run.rows_loaded += len(df)
