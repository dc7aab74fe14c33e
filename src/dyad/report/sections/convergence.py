"""Convergence section (filled by the convergence issue)."""

from __future__ import annotations

from dyad.report.html import missing
from dyad.report.sections import ReportContext, Section


def render(ctx: ReportContext) -> Section:
    return Section("convergence", "Convergence of interests", missing(
        "UN General Assembly votes and strategy documents.",
        "dyad import unvotes DIR"), missing=["votes"])
