"""Trade section (filled by the trade issue)."""

from __future__ import annotations

from dyad.report.html import missing
from dyad.report.sections import ReportContext, Section


def render(ctx: ReportContext) -> Section:
    return Section("trade", "Trade in goods", missing(
        "US trade in goods with the partner (Census Bureau).",
        "dyad import census-file country.xlsx"), missing=["trade_flows"])
