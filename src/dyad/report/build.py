"""Build the self-contained HTML report from the store."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape
from rich.progress import Progress

from dyad import __version__
from dyad.report.sections import ORDER, ReportContext, Section

PARTNER_NAMES = {"KZ": "Kazakhstan", "UZ": "Uzbekistan", "KG": "Kyrgyzstan",
                 "TJ": "Tajikistan", "TM": "Turkmenistan", "C5": "Central Asia (C5)"}


def render_sections(ctx: ReportContext, *, show_progress: bool = False) -> list[Section]:
    out = []
    with Progress(transient=True, disable=not show_progress) as progress:
        task = progress.add_task("building report", total=len(ORDER))
        for name in ORDER:
            progress.update(task, description=f"section {name}")
            module = importlib.import_module(f"dyad.report.sections.{name}")
            out.append(module.render(ctx))
            progress.advance(task)
    return out


def build_report(
    con: duckdb.DuckDBPyConnection,
    pair: str,
    out: str | Path,
    *,
    as_of: dt.date | None = None,
    show_progress: bool = False,
) -> Path:
    """Write one self-contained HTML file (charts inline SVG, no network) and return it."""
    as_of = as_of or dt.date.today()
    ctx = ReportContext(con=con, pair=pair.upper(), as_of=as_of)
    sections = render_sections(ctx, show_progress=show_progress)
    env = Environment(loader=PackageLoader("dyad.report"), autoescape=select_autoescape())
    db_row = con.execute("SELECT current_database()").fetchone()
    html = env.get_template("report.html.j2").render(
        pair=ctx.pair,
        partner_name=PARTNER_NAMES.get(ctx.pair.split("-")[-1], ctx.pair),
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
        store=db_row[0] if db_row else "",
        as_of=as_of.isoformat(),
        sections=sections,
        missing=[m for s in sections for m in s.missing],
        freshness=[f for s in sections for f in s.freshness],
    )
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
