"""Values indicators: Freedom House's Freedom in the World scores by edition.

Unit: one country and edition. The edition of year N rates events of year N-1
(``covers_year``); each covers-year is marked with the US administration in office on its
1 July. Scores: total 0-100 (political rights 0-40 plus civil liberties 0-60), ratings 1 (most
free) to 7, status F / PF / NF. Source attribution: :data:`ATTRIBUTION`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from dyad.errors import UsageError
from dyad.reference.vocabulary import C5, admin_on
from dyad.sources.freedomhouse.parse import ATTRIBUTION  # noqa: F401  (re-exported)

COMPARATORS = ("RU", "CN", "TR")
PANEL = (*C5, *COMPARATORS)
COLUMNS = ["country", "country_name", "edition", "covers_year", "status", "total_score",
           "pr_score", "cl_score", "pr_rating", "cl_rating", "us_admin"]



def check_values_countries(countries: Iterable[str] | str | None) -> list[str]:
    """ISO2 codes of the panel (the five, RU, CN, TR, or US); 'C5' is the five; default all."""
    if countries is None:
        return list(PANEL)
    items = countries.split(",") if isinstance(countries, str) else list(countries)
    out: list[str] = []
    for raw in items:
        c = raw.strip().upper()
        if not c:
            continue
        if c == "C5":
            out += [x for x in C5 if x not in out]
        elif c in (*PANEL, "US"):
            out += [c] if c not in out else []
        else:
            raise UsageError(f"unknown country code {raw!r}; choose {', '.join(PANEL)}, US or C5")
    if not out:
        raise UsageError(f"no country given; choose {', '.join(PANEL)}, US or C5")
    return out


def values_table(con: duckdb.DuckDBPyConnection,
                 countries: Iterable[str] | str | None = "KZ") -> pd.DataFrame:
    """Scores by edition for the given states (empty when Freedom House is not loaded)."""
    codes = check_values_countries(countries)
    df = con.execute(
        "SELECT iso2 AS country, country_name, edition, edition - 1 AS covers_year, status,"
        " total_score, pr_score, cl_score, pr_rating, cl_rating FROM freedom_house"
        " WHERE list_contains(?, iso2) ORDER BY iso2, edition", [codes]).df()
    df["us_admin"] = [admin_on(dt.date(int(y), 7, 1)) for y in df["covers_year"]]
    order = {c: i for i, c in enumerate(codes)}
    df = df.sort_values(["country", "edition"], key=lambda s: s.map(order) if s.name ==
                        "country" else s).reset_index(drop=True)
    return df[COLUMNS]


def freedom_house_loaded(con: duckdb.DuckDBPyConnection) -> tuple[str, Any] | None:
    """The file and date of the latest Freedom House load."""
    row = con.execute(
        "SELECT r.source_ref, CAST(r.finished_at AS DATE) FROM freedom_house f"
        " JOIN ingest_runs r ON f.ingest_run = r.run_id ORDER BY r.finished_at DESC LIMIT 1"
    ).fetchone()
    return (str(row[0]), row[1]) if row else None
