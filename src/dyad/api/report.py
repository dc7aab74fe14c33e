"""Public API of the outputs: the HTML report and table exports."""

from __future__ import annotations

from dyad.report.build import build_report
from dyad.report.export import export_tables

__all__ = ["build_report", "export_tables"]
