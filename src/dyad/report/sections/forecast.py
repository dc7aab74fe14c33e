"""Forecast section (filled by the forecast issue)."""

from __future__ import annotations

from dyad.report.html import missing
from dyad.report.sections import ReportContext, Section


def render(ctx: ReportContext) -> Section:
    return Section("forecast", "Outlook under each US election outcome", missing(
        "forecasts of the relationship.",
        "dyad forecast run --pair US-KZ --target contacts --horizon 2029-2032 --scenarios R,D"),
        missing=["forecasts"])
