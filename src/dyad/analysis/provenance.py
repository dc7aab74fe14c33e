"""Provenance queries the report and the citation block need: what was loaded from where and
when, how the contacts' sources are graded, which vintage each year's trade figures come
from, and a checksum of the store's content."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import duckdb
import pandas as pd

from dyad.reference.vocabulary import C5, partners_of

TIERS = ("official", "wire", "press", "secondary")


def latest_loads(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per source: the latest successful load (its reference, day) and rows loaded in all."""
    rows = con.execute(
        "SELECT source, arg_max(source_ref, finished_at), CAST(max(finished_at) AS DATE),"
        " sum(rows_loaded) FROM ingest_runs WHERE status = 'ok' GROUP BY source ORDER BY source"
    ).fetchall()
    return [{"source": r[0], "ref": str(r[1]).rsplit("/", 1)[-1], "loaded": str(r[2]),
             "rows": int(r[3] or 0)} for r in rows]


def store_checksum(con: duckdb.DuckDBPyConnection) -> str:
    """SHA-256 (first 16 hex digits) of what the store holds: every table's row count and
    every successful load's source, reference and row counts — not load times, so two
    stores loaded from the same files give the same checksum."""
    from dyad.store import table_counts

    h = hashlib.sha256()
    for name, n in sorted(table_counts(con).items()):
        if name != "ingest_runs":
            h.update(f"{name}={n}\n".encode())
    for r in con.execute(
            "SELECT source, source_ref, rows_loaded, rows_quarantined FROM ingest_runs"
            " WHERE status = 'ok' ORDER BY ALL").fetchall():
        h.update("|".join(str(x) for x in r).encode() + b"\n")
    return h.hexdigest()[:16]


def confirmed_contacts(con: duckdb.DuckDBPyConnection, pair: str, *,
                       bilateral: bool = False) -> int:
    """How many confirmed contacts the store holds for the pair (``bilateral``: only those
    in the bilateral format, not C5+1 or sideline meetings)."""
    row = con.execute(
        "SELECT count(DISTINCT c.contact_id) FROM contacts c JOIN contact_partners p"
        " USING (contact_id) WHERE c.status = 'confirmed' AND list_contains(?, p.partner_iso2)"
        " AND (NOT ? OR c.format = 'bilateral')",
        [partners_of(pair), bilateral]).fetchone()
    return int(row[0]) if row else 0


def contact_source_tiers(con: duckdb.DuckDBPyConnection, pair: str) -> pd.DataFrame:
    """The pair's confirmed contacts' sources by tier (official, wire, press, secondary):
    source rows in each tier, and contacts whose best source is in that tier."""
    df = con.execute(
        "SELECT s.contact_id, coalesce(s.tier, 'ungraded') AS tier"
        " FROM contact_sources s JOIN contacts c USING (contact_id)"
        " WHERE c.status = 'confirmed' AND c.contact_id IN ("
        "   SELECT contact_id FROM contact_partners WHERE list_contains(?, partner_iso2))",
        [partners_of(pair)]).df()
    order = {t: i for i, t in enumerate((*TIERS, "ungraded"))}
    if df.empty:
        return pd.DataFrame(columns=["tier", "source_rows", "contacts_best_tier"])
    df["rank"] = df["tier"].map(order)
    best = df.groupby("contact_id")["rank"].min().value_counts()
    out = df.groupby("tier").size().rename("source_rows").reset_index()
    out["contacts_best_tier"] = [int(best.get(order[t], 0)) for t in out["tier"]]
    return out.sort_values("tier", key=lambda s: s.map(order)).reset_index(drop=True)


def census_year_vintages(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, str,
                                                                          bool]]:
    """Per year of annual US Census totals: (year, load source, load reference, load day,
    whether the figures are rounded copies carrying a precision)."""
    rows = con.execute(
        "SELECT t.year, r.source, any_value(r.source_ref),"
        " CAST(max(r.finished_at) AS DATE), bool_or(t.source_ref LIKE '%precision_usd=%')"
        " FROM trade_flows t JOIN ingest_runs r ON t.ingest_run = r.run_id"
        " WHERE t.reporter = 'US' AND t.month IS NULL AND t.source = 'census'"
        " AND t.commodity IS NULL GROUP BY ALL ORDER BY 1").fetchall()
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4])) for r in rows]


def assistance_rows(con: duckdb.DuckDBPyConnection) -> int:
    """Rows of US assistance to the five Central Asian states."""
    row = con.execute("SELECT count(*) FROM assistance WHERE list_contains(?, iso2)",
                      [list(C5)]).fetchone()
    return int(row[0]) if row else 0


def assistance_transactions(con: duckdb.DuckDBPyConnection) -> int:
    """Rows of the transaction-level (complete) assistance file."""
    row = con.execute("SELECT count(*) FROM assistance_transactions").fetchone()
    return int(row[0]) if row else 0


def assistance_load(con: duckdb.DuckDBPyConnection) -> tuple[str, str, dt.date, int] | None:
    """The latest load of assistance to the five: (source, reference, day, last FY)."""
    row = con.execute(
        "SELECT r.source, r.source_ref, CAST(r.finished_at AS DATE), max(a.fiscal_year)"
        " FROM assistance a JOIN ingest_runs r ON a.ingest_run = r.run_id"
        " WHERE list_contains(?, a.iso2) GROUP BY ALL ORDER BY 3 DESC LIMIT 1",
        [list(C5)]).fetchone()
    return (str(row[0]), str(row[1]), row[2], int(row[3])) if row else None


def freedom_house_load(con: duckdb.DuckDBPyConnection) -> tuple[str, dt.date] | None:
    """The latest load of Freedom House scores: (reference, day)."""
    row = con.execute(
        "SELECT r.source_ref, CAST(r.finished_at AS DATE) FROM freedom_house f"
        " JOIN ingest_runs r ON f.ingest_run = r.run_id ORDER BY r.finished_at DESC LIMIT 1"
    ).fetchone()
    return (str(row[0]), row[1]) if row else None
