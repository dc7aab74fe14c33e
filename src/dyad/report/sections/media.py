"""Media section (filled by the media issue)."""

from __future__ import annotations

from dyad.report.html import missing
from dyad.report.sections import ReportContext, Section


def render(ctx: ReportContext) -> Section:
    return Section("media", "Media reflection", missing(
        "a corpus of Kazakhstani and American articles, coded.",
        "dyad media import articles.jsonl && dyad media code"), missing=["articles"])
