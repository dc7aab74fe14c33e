"""Report sections. Each module has ``render(ctx) -> Section``; ORDER is the report's order.

An area that has no data says so, naming the data and the command that loads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
from markupsafe import Markup

ORDER = ("sources", "contacts", "trade", "assistance", "values", "media", "convergence",
         "events", "forecast")


@dataclass
class ReportContext:
    con: duckdb.DuckDBPyConnection
    pair: str
    as_of: dt.date


@dataclass
class Section:
    id: str
    title: str
    body: Markup
    missing: list[str] = field(default_factory=list)
    freshness: list[str] = field(default_factory=list)
