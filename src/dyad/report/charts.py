"""Charts as inline SVG (Vega-Lite rendered by vl-convert), so the report opens offline."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

FONT = "DejaVu Sans, Arial, sans-serif"
ADMIN_COLORS = {
    "bush41": "#b2182b", "clinton": "#2166ac", "bush43": "#d6604d", "obama": "#4393c3",
    "trump1": "#e34a33", "biden": "#2c7fb8", "trump2": "#b30000",
}


def svg(chart: Any, *, title: str, alt_text: str | None = None) -> Markup:
    """Render an Altair chart to an inline SVG figure with an accessible label."""
    import vl_convert as vlc

    spec = chart.to_dict()
    spec.setdefault("config", {}).setdefault("font", FONT)
    out = vlc.vegalite_to_svg(spec)
    return Markup('<figure class="chart" data-title="{}" role="img" aria-label="{}">{}'
                  "<figcaption>{}</figcaption></figure>").format(
        title, alt_text or title, Markup(out), title)


def admin_scale() -> Any:
    import altair as alt

    return alt.Scale(domain=list(ADMIN_COLORS), range=list(ADMIN_COLORS.values()))


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
