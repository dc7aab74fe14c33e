"""Charts as inline SVG (Vega-Lite rendered by vl-convert), so the report opens offline.

Rendering is the slow part of a report, and vl-convert holds the GIL while it renders, so
threads cannot overlap it with the report's queries. Inside :func:`batch` (which
``build_report`` opens), :func:`svg` sends each chart to one rendering process
(``dyad.report.render_worker``, started on first use and kept for later reports of this
process) and puts a placeholder in the page; :meth:`ChartBatch.fill` swaps the finished SVGs
in, so the charts render on the other core while the later sections compute. Outside a batch,
or where no process can be started, :func:`svg` renders here at once.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar
from typing import IO, Any

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
    """One Vega-Lite spec to SVG text, in this process."""
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(spec))


class _Renderer:
    """The rendering process: specs go out through a writer thread (a large spec never
    blocks the caller on a full pipe), SVGs come back through a reader thread."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        # its own session: a Ctrl-C reaches this process only (which ends the renderer by
        # closing its input), and where the kernel shares CPU between sessions (autogroup)
        # the renderer does not take its share from the queries it should run beside.
        # It ends when its input closes, whatever way this process ends.
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dyad.report.render_worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
            start_new_session=True)
        self.ids = itertools.count()
        self.lock = threading.Lock()
        self.pending: dict[int, Future[str]] = {}
        self.outbox: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self.alive = True
        assert self.proc.stdin is not None and self.proc.stdout is not None
        for target, pipe in ((self._write, self.proc.stdin), (self._read, self.proc.stdout)):
            threading.Thread(target=target, args=(pipe,), daemon=True,
                             name=f"dyad-chart{target.__name__}").start()
        self.submit(_WARM_UP)  # start vl-convert's engine while the first queries run

    def submit(self, spec: dict[str, Any]) -> Future[str]:
        fut: Future[str] = Future()
        with self.lock:
            n = next(self.ids)
            line = json.dumps({"id": n, "spec": spec})
            self.pending[n] = fut
        self.outbox.put(line)
        return fut

    def _write(self, pipe: IO[str]) -> None:
        try:
            while (line := self.outbox.get()) is not None:
                pipe.write(line + "\n")
                pipe.flush()
            pipe.close()
        except (OSError, ValueError):  # the process ended; the reader fails what is pending
            pass

    def _read(self, pipe: IO[str]) -> None:
        for line in pipe:
            try:
                msg = json.loads(line)
            except ValueError:  # not a reply (the worker keeps other output off this pipe)
                continue
            with self.lock:
                fut = self.pending.pop(msg["id"], None)
            if fut is None or fut.done():
                continue
            if "svg" in msg:
                fut.set_result(msg["svg"])
            else:
                fut.set_exception(ValueError(f"vl-convert: {msg['error']}"))
        with self.lock:
            self.alive = False
            left, self.pending = list(self.pending.values()), {}
        for fut in left:
            fut.set_exception(RuntimeError(
                f"the chart renderer ended (exit code {self.proc.poll()})"))

    def close(self) -> None:
        """End the process (charts still queued, e.g. of an interrupted report, are dropped)."""
        self.outbox.put(None)
        try:
            self.proc.wait(timeout=0 if self.pending else 2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


_RENDERER: _Renderer | None = None
_RENDERER_LOCK = threading.Lock()


def _renderer() -> _Renderer | None:
    """The rendering process of this process (started, or restarted after it ended);
    None where it cannot be started."""
    global _RENDERER
    with _RENDERER_LOCK:
        r = _RENDERER
        if r is None or not r.alive or r.proc.poll() is not None or r.pid != os.getpid():
            try:
                r = _RENDERER = _Renderer()
            except OSError:
                return None
        return r


@atexit.register
def _stop_renderer() -> None:
    if _RENDERER is not None and _RENDERER.pid == os.getpid():
        _RENDERER.close()


def _done(spec: dict[str, Any]) -> Future[str]:
    fut: Future[str] = Future()
    try:
        fut.set_result(render_svg(spec))
    except Exception as e:
        fut.set_exception(e)
    return fut


class ChartBatch:
    """Charts of one report, rendered in the rendering process; ``specs`` keeps what was
    drawn."""

    def __init__(self) -> None:
        self.renderer = _renderer()
        self.specs: list[dict[str, Any]] = []
        self.futures: list[Future[str]] = []

    def add(self, spec: dict[str, Any]) -> Markup:
        self.specs.append(spec)
        try:
            fut = self.renderer.submit(spec) if self.renderer else _done(spec)
        except (TypeError, ValueError):  # not JSON (a value only vl-convert's own reader takes)
            fut = _done(spec)
        self.futures.append(fut)
        return Markup(f"<!--dyad-chart:{len(self.futures) - 1}-->")

    def fill(self, html: str) -> str:
        """``html`` with every placeholder replaced by its rendered SVG.

        vl-convert numbers gradients with a counter that lives as long as its process, so
        each page renumbers them in page order: the same page whatever was rendered before
        it, and no two charts sharing an id."""
        counter = iter(range(1_000_000))

        def one(m: re.Match[str]) -> str:
            svg_text = self.futures[int(m.group(1))].result()
            local: dict[str, str] = {}
            return _GRADIENT.sub(
                lambda g: local.setdefault(g.group(0), f"gradient_{next(counter)}"), svg_text)

        return _PLACEHOLDER.sub(one, html)

    def close(self) -> None:
        """Forget the page (charts still rendering finish in the process, unread)."""
        self.futures = []


_BATCH: ContextVar[ChartBatch | None] = ContextVar("dyad_chart_batch", default=None)


@contextmanager
def batch() -> Iterator[ChartBatch]:
    """Render the charts made inside the block in the rendering process (see the module
    docstring)."""
    b = ChartBatch()
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
