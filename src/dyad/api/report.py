"""Public API of the outputs: the HTML report and table exports."""

from __future__ import annotations

from dyad.report.build import build_report, render_report
from dyad.report.export import export_tables
from dyad.store import table_counts

__all__ = ["build_report", "export_tables", "render_report", "table_counts"]
