"""Charts as inline SVG (Vega-Lite rendered by vl-convert), so the report opens offline.

Rendering is the slow part of a report. Inside :func:`batch` (which ``build_report`` opens),
:func:`svg` hands each chart to a small thread pool (vl-convert releases the GIL) and puts a
placeholder in the page; :meth:`ChartBatch.fill` swaps the finished SVGs in, so the charts
render while the later sections compute. Outside a batch, :func:`svg` renders at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from markupsafe import Markup

FONT = "DejaVu Sans, Arial, sans-serif"
# Okabe–Ito colours (distinct under the common colour-vision deficiencies); neighbours in
# time (Obama/Biden, Trump I/Trump II) get unlike hues, not shades of one.
ADMIN_COLORS = {
    "bush41": "#999999", "clinton": "#56B4E9", "bush43": "#E69F00", "obama": "#0072B2",
    "trump1": "#D55E00", "biden": "#009E73", "trump2": "#CC79A7",
}
_PLACEHOLDER = re.compile(r"<!--dyad-chart:(\d+)-->")
_GRADIENT = re.compile(r"\bgradient_\d+\b")
_WARM_UP = {"mark": "point", "data": {"values": [{"x": 0}]}, "encoding": {"x": {"field": "x"}}}


def spec_of(chart: Any) -> dict[str, Any]:
    """The chart's Vega-Lite spec with the report's font (Altair's schema check skipped:
    the charts are built by code, not by users, and the check costs more than rendering)."""
    spec = dict(chart.to_dict(validate=False))
    spec.setdefault("config", {}).setdefault("font", FONT)
    return spec


def render_svg(spec: dict[str, Any]) -> str:
    """One Vega-Lite spec to SVG text."""
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(spec))


class ChartBatch:
    """Charts of one report, rendered in parallel; ``specs`` keeps what was drawn."""

    def __init__(self, workers: int | None = None) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 1),
                                       thread_name_prefix="dyad-chart")
        self.specs: list[dict[str, Any]] = []
        self.futures: list[Future[str]] = []
        self.pool.submit(render_svg, _WARM_UP)  # start vl-convert's engine early

    def add(self, spec: dict[str, Any]) -> Markup:
        self.specs.append(spec)
        self.futures.append(self.pool.submit(render_svg, spec))
        return Markup(f"<!--dyad-chart:{len(self.futures) - 1}-->")

    def fill(self, html: str) -> str:
        """``html`` with every placeholder replaced by its rendered SVG.

        vl-convert numbers gradients with a counter that lives as long as the process (and
        its render threads), so each page renumbers them in page order: the same page
        whatever was rendered before it, and no two charts sharing an id."""
        counter = iter(range(1_000_000))

        def one(m: re.Match[str]) -> str:
            svg_text = self.futures[int(m.group(1))].result()
            local: dict[str, str] = {}
            return _GRADIENT.sub(
                lambda g: local.setdefault(g.group(0), f"gradient_{next(counter)}"), svg_text)

        return _PLACEHOLDER.sub(one, html)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


_BATCH: ContextVar[ChartBatch | None] = ContextVar("dyad_chart_batch", default=None)


@contextmanager
def batch(workers: int | None = None) -> Iterator[ChartBatch]:
    """Render the charts made inside the block in parallel (see the module docstring)."""
    b = ChartBatch(workers)
    token = _BATCH.set(b)
    try:
        yield b
    finally:
        _BATCH.reset(token)
        b.close()


def svg(chart: Any, *, title: str, alt_text: str | None = None, source: Any = None,
        command: str | None = None) -> Markup:
    """Render an Altair chart to an inline SVG figure: numbered caption, accessible label,
    its source line (an ``html.Src``) and the command that reproduces it."""
    from dyad.report.html import number, provenance

    spec = spec_of(chart)
    current = _BATCH.get()
    out = current.add(spec) if current is not None else Markup(render_svg(spec))
    return Markup('<figure class="chart" data-title="{}" role="img" aria-label="{}">{}'
                  "<figcaption>{}. {}{}</figcaption></figure>").format(
        title, alt_text or title, Markup(out), number("Figure"), title,
        provenance(source, command))


def tooltips(*items: Any) -> list[Any]:
    """Tooltip channels: field shorthands ("name:N") as ``alt.Tooltip`` objects, others as
    given. The same spec as a list of strings, without Altair's costly lookup of the
    channel class for each string (it rebuilds a table of every schema class each time)."""
    import altair as alt

    return [alt.Tooltip(i) if isinstance(i, str) else i for i in items]


def admin_scale(admins: Any = None) -> Any:
    """The administrations' colours; with ``admins``, only those (so a legend lists only
    what is drawn)."""
    import altair as alt

    keys = [k for k in ADMIN_COLORS if admins is None or k in set(admins)]
    return alt.Scale(domain=keys, range=[ADMIN_COLORS[k] for k in keys])


def frame(df: Any) -> Any:
    """A copy of a data frame that Vega-Lite can take: dates as ISO text, lists joined."""
    import datetime as dt

    import pandas as pd

    out = pd.DataFrame(df).copy()
    for col in out.columns:
        sample = out[col].dropna()
        if sample.empty:
            continue
        first = sample.iloc[0]
        if isinstance(first, dt.date | pd.Timestamp):
            out[col] = out[col].map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v)
        elif isinstance(first, list | tuple):
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if v is not None else "")
    return out
