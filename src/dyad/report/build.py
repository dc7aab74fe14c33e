"""Build the self-contained HTML report from the store."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import Any

import duckdb

from dyad import __version__
from dyad.analysis.holdings import store_name
from dyad.reference.threads import one_blas_thread
from dyad.report import charts
from dyad.report.html import numbering, numbering_section, resolve_numbers
from dyad.report.sections import APPENDICES, ORDER, ReportContext, Section

PARTNER_NAMES = {"KZ": "Kazakhstan", "UZ": "Uzbekistan", "KG": "Kyrgyzstan",
                 "TJ": "Tajikistan", "TM": "Turkmenistan", "C5": "Central Asia (C5)"}


# Sections are independent, so they are built in the order that keeps the chart process busy:
# the forecast section (the most chart work, shown last) first, so its charts render while the
# main thread computes the others. The page shows them in ORDER, and figures and tables are
# numbered in page order at the end (deferred numbering), so the page is the same.
BUILD_ORDER = ("forecast", *(name for name in ORDER if name != "forecast"))


def render_sections(ctx: ReportContext, *, show_progress: bool = False) -> list[Section]:
    from rich.progress import Progress

    built: dict[str, Section] = {}
    with Progress(transient=True, disable=not show_progress) as progress:
        task = progress.add_task("building report", total=len(ORDER))
        for name in BUILD_ORDER:
            progress.update(task, description=f"section {name}")
            module = importlib.import_module(f"dyad.report.sections.{name}")
            with numbering_section(name):
                built[name] = module.render(ctx)
            progress.advance(task)
    return [built[name] for name in ORDER]


def build_report(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    out: str | Path,
    *,
    as_of: dt.date | None = None,
    show_progress: bool = False,
) -> Path:
    """Write one self-contained HTML file (charts inline SVG, no network) and return it."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(con, pair, as_of=as_of, show_progress=show_progress),
                    encoding="utf-8")
    return path


def render_report(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    *,
    as_of: dt.date | None = None,
    show_progress: bool = False,
    charts_out: list[dict[str, Any]] | None = None,
) -> str:
    """The report as one HTML string; ``charts_out``, if given, receives its chart specs."""
    as_of = as_of or dt.date.today()
    ctx = ReportContext(con=con, pair=pair.upper(), as_of=as_of)
    # the statistics are many small fits: one BLAS thread each is far faster (see the helper)
    with charts.batch() as drawn, numbering(deferred=True) as nums, one_blas_thread():
        sections = render_sections(ctx, show_progress=show_progress)
        html = _page(con, ctx, sections)
        if charts_out is not None:
            charts_out.extend(drawn.specs)
        return resolve_numbers(nums, drawn.fill(html), ORDER)


def _page(con: duckdb.DuckDBPyConnection, ctx: ReportContext, sections: list[Section]) -> str:
    from jinja2 import Environment, PackageLoader

    from dyad.report.cite import cite, thin_data

    env = Environment(loader=PackageLoader("dyad.report"), autoescape=True)
    partner_name = PARTNER_NAMES.get(ctx.partner, ctx.pair)
    title = f"United States – {partner_name} relations"
    return env.get_template("report.html.j2").render(
        pair=ctx.pair,
        title=title,
        partner_name=partner_name,
        thin=thin_data(con, ctx.pair),
        cite=cite(con, ctx.pair, ctx.as_of.isoformat(), title),
        main=[s for s in sections if s.id not in APPENDICES],
        appendices=[s for s in sections if s.id in APPENDICES],
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        store=store_name(con),
        as_of=ctx.as_of.isoformat(),
        sections=sections,
        missing=[m for s in sections for m in s.missing],
        freshness=[f for s in sections for f in s.freshness],
    )
