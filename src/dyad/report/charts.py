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
