"""Values panel: Freedom House scores of the five states and Russia, China and Turkey over
time, with US administrations marked (Freedom House data are not shipped: users load them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from markupsafe import Markup

from dyad.analysis.provenance import freedom_house_load
from dyad.analysis.values import ATTRIBUTION, PANEL, values_table
from dyad.reference import files
from dyad.reference.vocabulary import C5
from dyad.report.charts import ADMIN_COLORS, svg
from dyad.report.html import findings, missing, note, para, table
from dyad.report.sections import ReportContext, Section

LOAD = "dyad import freedomhouse All_data_FIW_2013-2024.xlsx"


def render(ctx: ReportContext) -> Section:
    df = values_table(ctx.con, list(PANEL))
    if df.empty:
        return Section("values", "Values: Freedom in the World", missing(
            "Freedom House's Freedom in the World scores for the five states, Russia, China "
            "and Turkey. dyad ships none: Freedom House's terms allow non-commercial use with "
            "attribution, so each user loads their own copy of the raw data workbook.", LOAD),
            missing=["freedom_house"])
    first, last = int(df["edition"].min()), int(df["edition"].max())
    src = note(f"Source: {ATTRIBUTION}; editions {first}-{last}, {_loaded(ctx)}.")
    parts = [findings(values_findings(df, ctx.partner)), para(
        "Freedom House's aggregate score (0-100: political rights 0-40 plus civil liberties "
        "0-60; higher is freer) by the year each edition rates (edition N covers year N-1), for "
        "the five Central Asian states and three comparators. Shaded bands are US "
        "administrations; the panel shows where each state stands on the values vector, not "
        "what US policy caused."), _panel(df), src]
    latest = df[df["edition"] == last][["country_name", "status", "total_score", "pr_score",
                                        "cl_score", "pr_rating", "cl_rating"]]
    change = df.groupby("country_name")["total_score"].agg(["first", "last"])
    latest = latest.merge((change["last"] - change["first"]).rename(
        f"change_since_{first}").reset_index(), on="country_name")
    parts += [table(latest, caption=f"Edition {last} (covers {last - 1}): status (F, PF, NF), "
                                    "scores and ratings (1 most free, 7 least)"), src]
    return Section("values", "Values: Freedom in the World", Markup("").join(parts),
                   freshness=[f"Freedom House: editions {first}-{last}"])


def values_findings(df: pd.DataFrame, partner: str) -> list[str]:
    """Sentences from the scores: the partner's (or the five's) latest score and status and
    the change since the first edition loaded (Freedom House ratings: no sampling error)."""
    first, last = int(df["edition"].min()), int(df["edition"].max())
    out = []
    rows = df[df["edition"] == last]
    rows = rows[rows["country"].isin(C5 if partner == "C5" else [partner])]
    start = df[df["edition"] == first].set_index("country_name")["total_score"]
    r: Any
    for r in rows.itertuples(index=False):
        was: Any = start.get(r.country_name)
        way = ("up" if was is not None and r.total_score > was else
               "down" if was is not None and r.total_score < was else "unchanged")
        change = f", {way} from {int(was)} in the {first} edition" if was is not None else ""
        out.append(f"{r.country_name} scores {int(r.total_score)} of 100 in the {last} edition "
                   f"(status {r.status}){change} (n = {last - first + 1} editions).")
    return out


def _loaded(ctx: ReportContext) -> str:
    row = freedom_house_load(ctx.con)
    return (f"loaded from {str(row[0]).rsplit('/', 1)[-1]} on {row[1]}" if row
            else "load date unknown")


def _panel(df: pd.DataFrame) -> Markup:
    import altair as alt

    lo, hi = int(df["covers_year"].min()), int(df["covers_year"].max()) + 1
    bands = []
    for a in files.administrations("US"):
        start = _year_frac(a["start_date"])
        end = _year_frac(a["end_date"]) if a["end_date"] else float(hi)
        if end > lo and start < hi:
            bands.append({"admin": a["key"], "start": max(start, lo), "end": min(end, hi)})
    rects = alt.Chart(pd.DataFrame(bands)).mark_rect(opacity=0.12).encode(
        x=alt.X("start:Q", title="year rated", scale=alt.Scale(domain=[lo, hi]),
                axis=alt.Axis(format="d")),
        x2="end:Q",
        color=alt.Color("admin:N", title="US administration",
                        scale=alt.Scale(domain=[b["admin"] for b in bands],
                                        range=[ADMIN_COLORS[b["admin"]] for b in bands])),
    )
    lines = alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("covers_year:Q"),
        y=alt.Y("total_score:Q", title="Freedom in the World total score (0-100)",
                scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("country_name:N", title="state",
                        scale=alt.Scale(scheme="tableau10")),
        tooltip=["country_name:N", "edition:O", "status:N", "total_score:Q", "pr_score:Q",
                 "cl_score:Q"],
    )
    labels = alt.Chart(df[df["covers_year"] == df["covers_year"].max()]).mark_text(
        align="left", dx=6, fontSize=10).encode(
        x="covers_year:Q", y="total_score:Q", text="country_name:N",
        color=alt.Color("country_name:N", legend=None, scale=alt.Scale(scheme="tableau10")))
    chart = alt.layer(rects, lines, labels).resolve_scale(color="independent").properties(
        width=640, height=300)
    return svg(chart, title="Freedom in the World total score by year rated, with US "
                            "administrations (Freedom House)")


def _year_frac(day: dt.date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25
