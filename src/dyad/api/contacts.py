"""Public API of the contact register and the administration comparison."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dyad.analysis.administrations import Comparison, compare_administrations
from dyad.analysis.counting import (
    SENSITIVITY_GRID,
    CountingRule,
    complete_through,
    sensitivity,
    what_holds,
)
from dyad.contacts import query
from dyad.contacts.query import source_summary
from dyad.reference.vocabulary import check_admins

HISTORIAN = "https://history.state.gov/departmenthistory"
LIST_COLUMNS = ("us_participants", "partner_participants", "topics", "partners", "sources",
                "source_tiers")

__all__ = [
    "Comparison",
    "CountingRule",
    "SENSITIVITY_GRID",
    "compare_administrations",
    "complete_through",
    "contacts_table",
    "deliverables",
    "list_contacts",
    "historian_url",
    "sensitivity_table",
    "source_summary",
    "what_holds",
]


def historian_url(ref: str) -> str:
    """A source reference as a public address: URLs unchanged; an Office of the Historian
    record (a path into its travels/ or visits/ XML, as older stores hold them) becomes the
    history.state.gov page it comes from."""
    if ref.startswith(("http://", "https://")):
        return ref
    path = ref.split("#", 1)[0].replace("\\", "/")
    if "president-travels" in path or "/president/" in path:
        return f"{HISTORIAN}/travels/president"
    if "secretary-travels" in path or "/secretary/" in path:
        return f"{HISTORIAN}/travels/secretary"
    if "visits" in path:
        return f"{HISTORIAN}/visits"
    return ref


def list_contacts(
    con: duckdb.DuckDBPyConnection,
    pair: str = "US-KZ",
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    statuses: tuple[str, ...] = ("confirmed",),
) -> pd.DataFrame:
    """One row per contact involving the pair's partner(s), oldest first.

    Dates are ``datetime64``; participants, topics, partners, sources and source tiers are
    lists; ``admin`` is the US administration in office on the contact's date; ``sources``
    are public addresses (Office of the Historian records as history.state.gov URLs).
    """
    df = query.list_contacts(con, pair, date_from=date_from, date_to=date_to,
                             statuses=statuses)
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col])
    for col in LIST_COLUMNS:
        df[col] = df[col].map(lambda v: list(v) if v is not None else [])
    df["sources"] = df["sources"].map(lambda refs: [historian_url(str(r)) for r in refs])
    return df


contacts_table = list_contacts


def deliverables(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> pd.DataFrame:
    """The deliverables (agreements, deals, statements) of the pair's confirmed contacts, with
    their implementation status and evidence; ``date_start`` (the contact's date) is
    ``datetime64``."""
    df = query.deliverables(con, pair)
    if "date_start" in df.columns:
        df["date_start"] = pd.to_datetime(df["date_start"])
    return df


def sensitivity_table(
    con: duckdb.DuckDBPyConnection,
    pair: str = "US-KZ",
    comparisons: list[tuple[str, str]] | None = None,
    *,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """The headline rate ratios under each counting rule (records/occasions x branch x tier
    x exposure end): one row per rule and pair of administrations."""
    comparisons = comparisons or [("trump2", "obama"), ("trump2", "biden"), ("biden", "obama"),
                                  ("trump1", "obama")]
    check_admins([k for c in comparisons for k in c])
    return sensitivity(con, query.list_contacts(con, pair), pair, comparisons, as_of=as_of,
                       today=today)
