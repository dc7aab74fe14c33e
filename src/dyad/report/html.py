"""Small, escaping HTML builders for report sections. Untrusted text is always escaped.

Figures and tables are numbered in page order while a report is rendered (``numbering``,
opened by ``render_report``); each carries a caption, a "Source:" line (:class:`Src`) and the
command that reproduces it. Column headers go through the label map (``report/labels.py``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup, escape


@dataclass(frozen=True)
class Src:
    """Where a figure or table comes from: publisher, dataset, vintage, URL."""

    publisher: str
    dataset: str
    vintage: str
    url: str = ""

    def line(self) -> Markup:
        parts = [escape(self.publisher), escape(self.dataset), escape(self.vintage)]
        text = Markup(", ").join(p for p in parts if p)
        if self.url:
            text = Markup("{}, {}").format(text, _link(self.url))
        return Markup('<p class="source"><span>Source:</span> {}.</p>').format(text)


_NUMBERS: ContextVar[Numbers | None] = ContextVar("dyad_report_numbers", default=None)


@dataclass
class Numbers:
    """Figure and table numbers of one report. Deferred numbering hands out tokens and
    numbers them at the end in page order, so sections may be built in any order."""

    deferred: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    issued: list[tuple[str | None, str, str]] = field(default_factory=list)  # section, kind, token
    section: str | None = None


_TOKEN = re.compile(r"@@dyad-number-(\d+)@@")


@contextmanager
def numbering(*, deferred: bool = False) -> Iterator[Numbers]:
    """Number figures and tables from 1 inside the block (one report); with ``deferred``,
    :func:`resolve_numbers` turns the tokens into numbers in page order."""
    nums = Numbers(deferred=deferred)
    token = _NUMBERS.set(nums)
    try:
        yield nums
    finally:
        _NUMBERS.reset(token)


@contextmanager
def numbering_section(name: str) -> Iterator[None]:
    """Mark the figures and tables made inside the block as the section ``name``'s."""
    nums = _NUMBERS.get()
    if nums is None:
        yield
        return
    before, nums.section = nums.section, name
    try:
        yield
    finally:
        nums.section = before


def number(kind: str) -> str:
    """'Figure 3' / 'Table 2' inside a report (a token to resolve, when deferred); just the
    kind outside one."""
    nums = _NUMBERS.get()
    if nums is None:
        return kind
    if nums.deferred:
        token = f"@@dyad-number-{len(nums.issued)}@@"
        nums.issued.append((nums.section, kind, token))
        return token
    nums.counts[kind] = nums.counts.get(kind, 0) + 1
    return f"{kind} {nums.counts[kind]}"


def resolve_numbers(nums: Numbers, text: str, order: Iterable[str]) -> str:
    """Replace deferred tokens by numbers in page order: the sections in ``order``, each's
    figures and tables in the order they were made, then those made outside a section."""
    rank = {name: i for i, name in enumerate(order)}
    issued = sorted(enumerate(nums.issued),
                    key=lambda e: (rank.get(e[1][0] or "", len(rank)), e[0]))
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    for _, (_, kind, token) in issued:
        counts[kind] = counts.get(kind, 0) + 1
        names[token] = f"{kind} {counts[kind]}"
    return _TOKEN.sub(lambda m: names[m.group(0)], text)


def provenance(source: Src | Markup | str | None, command: str | None) -> Markup:
    """The lines under a figure or table: its source and the command that reproduces it."""
    out = []
    if isinstance(source, Src):
        out.append(source.line())
    elif source:
        out.append(Markup('<p class="source">{}</p>').format(source))
    if command:
        out.append(Markup('<p class="command">Reproduce: <code>{}</code></p>').format(command))
    return Markup("").join(out)


def findings(sentences: Iterable[str]) -> Markup:
    """The findings box that opens a section: plain sentences generated from the numbers
    (each with its interval and n where it has them)."""
    items = [s for s in sentences if s]
    if not items:
        return Markup("")
    lis = Markup("").join(Markup("<li>{}</li>").format(s) for s in items)
    return Markup('<div class="findings"><h3>Findings</h3><ul>{}</ul></div>').format(lis)


def para(text: str) -> Markup:
    return Markup("<p>{}</p>").format(text)


def missing(what: str, command: str) -> Markup:
    """The honest empty state: which data is missing and the command that loads it."""
    return Markup(
        '<div class="missing"><strong>No data yet:</strong> {} '
        "Load it with <code>{}</code>.</div>"
    ).format(what, command)


def note(text: str) -> Markup:
    return Markup('<p class="note">{}</p>').format(text)


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if math.isinf(v):
            return "∞"
        if v.is_integer() and abs(v) < 1e15:
            return f"{int(v):,}" if abs(v) >= 10000 else str(int(v))
        return f"{v:,.3f}" if abs(v) < 100 else f"{v:,.0f}"
    if isinstance(v, list | tuple | np.ndarray):
        return "; ".join(str(x) for x in v)
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat(sep=" ")
    return str(v)


def table(
    df: pd.DataFrame,
    *,
    caption: str | None = None,
    links: Iterable[str] = (),
    max_rows: int | None = None,
    collapsed: bool = False,
    source: Src | Markup | str | None = None,
    command: str | None = None,
) -> Markup:
    """An escaped HTML table, numbered, with its source line and reproducing command;
    columns in ``links`` hold URLs (or lists of URLs); headers are human labels.

    ``collapsed`` folds the table into a <details> element (for long listings).
    """
    from dyad.report.labels import label

    link_cols = set(links)
    shown = df if max_rows is None else df.head(max_rows)
    wide = " wide" if len(shown.columns) > 8 else ""
    parts = [Markup('<div class="tablewrap{}"><table>').format(wide)]
    numbered = number("Table")
    if caption:
        parts.append(Markup("<caption>{}. {}</caption>").format(numbered, caption))
    parts.append(Markup("<thead><tr>"))
    for col in shown.columns:
        parts.append(Markup("<th>{}</th>").format(label(str(col))))
    parts.append(Markup("</tr></thead><tbody>"))
    # cells are joined as plain text, each escaped (or built as Markup): the same HTML as
    # Markup.format per cell, without its cost on long tables
    usd = [str(col).endswith("_usd") for col in shown.columns]
    links_at = [col in link_cols for col in shown.columns]
    for row in shown.itertuples(index=False):
        cells = ["<tr>"]
        for is_link, is_usd, v in zip(links_at, usd, row, strict=True):
            if is_link:
                urls = list(v) if isinstance(v, list | tuple | np.ndarray) else (
                    [v] if isinstance(v, str) and v else [])
                cells.append(f"<td>{Markup('<br>').join(_link(str(u)) for u in urls)}</td>")
            elif is_usd and isinstance(v, int | float | np.number) and math.isfinite(float(v)):
                cells.append(f'<td class="num">{escape(f"{float(v):,.0f}")}</td>')
            else:
                cells.append(f"<td>{escape(_fmt(v))}</td>")
        cells.append("</tr>")
        parts.append(Markup("".join(cells)))
    parts.append(Markup("</tbody></table></div>"))
    if max_rows is not None and len(df) > max_rows:
        parts.append(note(f"First {max_rows} of {len(df)} rows; the export has them all."))
    parts.append(provenance(source, command))
    body = Markup("").join(parts)
    if collapsed:
        summary = f"{numbered}. {caption or ''} ({len(df)} rows)"
        return Markup("<details><summary>{}</summary>{}</details>").format(summary, body)
    return body


def _link(url: str) -> Markup:
    if url.startswith(("http://", "https://")):
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(url, url)
    return escape(url)
