"""Public API of the trade area: imports, updates and analyses, as data frames."""

from __future__ import annotations

from dyad.analysis.trade import (
    CAGR_FORMULA,
    YOY_FORMULA,
    cagr,
    cagr_table,
    five_states,
    growth_table,
    months_published,
    pair_table,
    seasonality,
)
from dyad.analysis.trade_claims import balance_since, growth_readings
from dyad.analysis.trade_shares import (
    KZ_SHARE_FORMULA,
    MIRROR_EXPLANATION,
    kz_partner_table,
    mirror_us_kz,
    partner_shares,
    top_chapters,
)
from dyad.sources.census.file import load_census_file
from dyad.sources.census.update import update_trade
from dyad.sources.comtrade.file import load_comtrade_file

trade_table = pair_table

__all__ = [
    "CAGR_FORMULA",
    "KZ_SHARE_FORMULA",
    "MIRROR_EXPLANATION",
    "YOY_FORMULA",
    "balance_since",
    "cagr",
    "cagr_table",
    "five_states",
    "growth_readings",
    "growth_table",
    "kz_partner_table",
    "load_census_file",
    "load_comtrade_file",
    "mirror_us_kz",
    "months_published",
    "pair_table",
    "partner_shares",
    "seasonality",
    "top_chapters",
    "trade_table",
    "update_trade",
]
