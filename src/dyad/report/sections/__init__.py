"""Report sections. Each module has ``render(ctx) -> Section``; ORDER is the report's order.

An area that has no data says so, naming the data and the command that loads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
from markupsafe import Markup

if TYPE_CHECKING:
    import pandas as pd

ORDER = ("contacts", "trade", "assistance", "values", "media", "convergence", "events",
         "forecast", "methods", "sources")
# Sections printed as appendices (after the evidence): methods and glossary; provenance.
APPENDICES = ("methods", "sources")


@dataclass
class ReportContext:
    con: duckdb.DuckDBPyConnection
    pair: str
    as_of: dt.date
    # results of identical queries made by several sections, kept for this build only
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def contacts(self, pair: str | None = None) -> pd.DataFrame:
        """``list_contacts`` for a pair (default: the report's), queried once per build.

        Each caller gets a shallow copy: no data is copied, and under pandas' copy-on-write
        a caller that adds or sets columns changes its own frame only."""
        from dyad.contacts.query import list_contacts

        key = ("contacts", pair or self.pair)
        if key not in self.memo:
            self.memo[key] = list_contacts(self.con, pair or self.pair)
        return self.memo[key].copy(deep=False)

    @property
    def partner(self) -> str:
        """The partner's code: ISO2, or 'C5'."""
        return self.pair.split("-")[-1]

    @property
    def kazakhstan(self) -> bool:
        """True for US-KZ: material about Kazakhstan alone (the seed articles' claims about
        it, its partner shares, its documents) is shown only then."""
        return self.pair == "US-KZ"


@dataclass
class Section:
    id: str
    title: str
    body: Markup
    missing: list[str] = field(default_factory=list)
    freshness: list[str] = field(default_factory=list)
