"""Small, escaping HTML builders for report sections. Untrusted text is always escaped."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from markupsafe import Markup, escape


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
) -> Markup:
    """An escaped HTML table; columns in ``links`` hold URLs (or lists of URLs).

    ``collapsed`` folds the table into a <details> element (for long listings).
    """
    link_cols = set(links)
    shown = df if max_rows is None else df.head(max_rows)
    parts = [Markup('<div class="tablewrap"><table>')]
    if caption:
        parts.append(Markup("<caption>{}</caption>").format(caption))
    parts.append(Markup("<thead><tr>"))
    for col in shown.columns:
        parts.append(Markup("<th>{}</th>").format(str(col)))
    parts.append(Markup("</tr></thead><tbody>"))
    for row in shown.itertuples(index=False):
        parts.append(Markup("<tr>"))
        for col, v in zip(shown.columns, row, strict=True):
            if col in link_cols:
                urls = list(v) if isinstance(v, list | tuple | np.ndarray) else (
                    [v] if isinstance(v, str) and v else [])
                cell = Markup("<br>").join(_link(str(u)) for u in urls)
                parts.append(Markup("<td>{}</td>").format(cell))
            elif str(col).endswith("_usd") and isinstance(v, int | float | np.number) \
                    and math.isfinite(float(v)):
                parts.append(Markup('<td class="num">{}</td>').format(f"{float(v):,.0f}"))
            else:
                parts.append(Markup("<td>{}</td>").format(_fmt(v)))
        parts.append(Markup("</tr>"))
    parts.append(Markup("</tbody></table></div>"))
    if max_rows is not None and len(df) > max_rows:
        parts.append(note(f"First {max_rows} of {len(df)} rows; the export has them all."))
    body = Markup("").join(parts)
    if collapsed:
        label = f"{caption or 'Table'} ({len(df)} rows)"
        return Markup("<details><summary>{}</summary>{}</details>").format(label, body)
    return body


def _link(url: str) -> Markup:
    if url.startswith(("http://", "https://")):
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(url, url)
    return escape(url)
