"""Everything the report's trade section shows, computed from one read of ``trade_flows``.

The section renders; this module reads the store once (:func:`dyad.analysis.trade.us_totals`
for the US totals, plus the Comtrade partner shares and the HS chapters, which are other rows)
and returns the frames, so the report does not go back and forth to the analysis layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dyad.analysis.trade import (
    cagr_table,
    five_states,
    growth_table,
    months_published,
    pair_table,
    seasonality,
    us_totals,
)
from dyad.analysis.trade_claims import balance_since, growth_readings
from dyad.analysis.trade_shares import partner_shares, top_chapters

CLAIMS_END = 2023  # the seed article's window ends in 2023


@dataclass(frozen=True)
class TradeBundle:
    """The trade section's data for one pair; ``states`` is empty when there is no trade."""

    pair: str
    start: int
    states: pd.DataFrame
    latest: int = 0
    partial: pd.DataFrame = field(default_factory=pd.DataFrame)
    balance: pd.DataFrame = field(default_factory=pd.DataFrame)
    readings: pd.DataFrame = field(default_factory=pd.DataFrame)
    cagr: pd.DataFrame = field(default_factory=pd.DataFrame)
    growth_pair: str = ""
    growth: pd.DataFrame = field(default_factory=pd.DataFrame)
    shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    monthly_pair: str = ""
    seasonality: pd.DataFrame = field(default_factory=pd.DataFrame)
    top_chapters: pd.DataFrame = field(default_factory=pd.DataFrame)


def trade_bundle(con: duckdb.DuckDBPyConnection, pair: str, start: int = 2017) -> TradeBundle:
    """The trade section's frames for ``pair`` (US totals from the Census rows)."""
    totals = us_totals(con)
    states = five_states(totals, start=start)
    if states.empty:
        return TradeBundle(pair, start, states)
    latest = int(states["year"].max())
    growth_pair = pair if pair.split("-")[-1] != "C5" else "US-C5"
    growth = growth_table(pair_table(totals, growth_pair))
    monthly_pair = pair if pair != "US-C5" else "US-KZ"
    return TradeBundle(
        pair=pair, start=start, states=states, latest=latest,
        partial=months_published(totals),
        balance=balance_since(totals, start, min(latest, CLAIMS_END)),
        readings=growth_readings(totals, "US-KZ", start, CLAIMS_END),
        cagr=cagr_table(totals, start, latest),
        growth_pair=growth_pair,
        growth=growth[growth["year"] >= start].round(1),
        shares=partner_shares(con, "KZ"),
        monthly_pair=monthly_pair,
        seasonality=seasonality(totals, monthly_pair),
        top_chapters=top_chapters(con, monthly_pair),
    )
