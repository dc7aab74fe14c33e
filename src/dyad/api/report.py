"""Public API of the outputs: the HTML report and table exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from dyad.report.build import build_report, render_report
from dyad.report.export import export_tables
from dyad.store import table_counts

__all__ = ["build_pdf", "build_report", "export_tables", "print_pdf", "render_report",
           "table_counts"]


def build_pdf(con: duckdb.DuckDBPyConnection, pair: str, out: str | Path, *,
              as_of: dt.date | None = None, show_progress: bool = False) -> Path:
    """Write the report as a PDF (A4, via headless Chromium) and return its path; without
    Chromium on PATH, a DataMissingError says so (`dyad report --pdf`)."""
    from dyad.report.pdf import html_to_pdf

    html = render_report(con, pair, as_of=as_of, show_progress=show_progress)
    return html_to_pdf(html, out)


def print_pdf(html_path: str | Path, out: str | Path | None = None) -> Path:
    """Print a written HTML report to PDF (A4, via headless Chromium; default: the same name
    with .pdf) and return its path; without Chromium, a DataMissingError says so."""
    from dyad.report.pdf import html_to_pdf

    src = Path(html_path)
    return html_to_pdf(src.read_text("utf-8"), out or src.with_suffix(".pdf"))
