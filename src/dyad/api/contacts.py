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
from dyad.contacts.query import deliverables, list_contacts, source_summary
from dyad.reference.vocabulary import check_admins

contacts_table = list_contacts

__all__ = [
    "Comparison",
    "CountingRule",
    "SENSITIVITY_GRID",
    "compare_administrations",
    "complete_through",
    "contacts_table",
    "deliverables",
    "list_contacts",
    "sensitivity_table",
    "source_summary",
    "what_holds",
]


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
    return sensitivity(con, list_contacts(con, pair), pair, comparisons, as_of=as_of,
                       today=today)
