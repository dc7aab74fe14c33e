"""Machine-coded events (GDELT): monthly counts and cooperation index for US–partner
beside Russia–partner and China–partner, with the register's contacts marked."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from dyad.analysis.events_files import imported_span
from dyad.report.charts import frame, svg
from dyad.report.html import missing, note, para, table
from dyad.report.sections import ReportContext, Section

COMMAND = "dyad import gdelt PATH… (or dyad update gdelt --from DATE --to DATE)"
SOURCE = ("Source: The GDELT Project, GDELT Event Database (1.0 daily and 2.0 15-minute "
          "exports), https://www.gdeltproject.org/data.html ; vintage: the files imported "
          "({files}, events from {first} to {last}). CAMEO→PLOVER: dyad's table "
          "data/events/cameo_plover.csv (PLOVER, https://github.com/openeventdata/PLOVER).")
DEFINITION = (
    "Unit: one GDELT event after deduplication (one row per GLOBALEVENTID, then one per day, "
    "actors, CAMEO code and source article), with one side's actor from each state "
    "(country code, or actor code beginning with it). Cooperation index of a month: "
    "(cooperation − conflict events) ÷ events, by GDELT's QuadClass; n is the month's "
    "events. GDELT's coverage of Central Asia is thin and its machine coding noisy: a month "
    "with few events gives an unstable index.")


def _partner(ctx: ReportContext) -> str:
    side = ctx.pair.split("-")[1]
    return "KZ" if side == "C5" else side


def render(ctx: ReportContext) -> Section:
    from dyad.analysis.events import monthly_frame, pair_dyads
    from dyad.contacts.query import list_contacts
    from dyad.errors import DataMissingError

    partner = _partner(ctx)
    try:
        monthly = monthly_frame(ctx.con, pair_dyads(f"US-{partner}"))
    except DataMissingError:
        return Section("events", "Machine-coded events (GDELT)", _method(ctx, partner),
                       missing=["GDELT events"])
    n_files, first, last = imported_span(ctx.con)
    source = SOURCE.format(files=n_files, first=first or "", last=last or "")
    if monthly.empty:
        body = Markup("").join([para(DEFINITION), missing(
            f"GDELT events between the United States, Russia or China and {partner}; "
            "the files imported hold none.", COMMAND), note(source)])
        return Section("events", "Machine-coded events (GDELT)", body, missing=["GDELT events"])
    monthly["month_start"] = pd.to_datetime(monthly["month"].astype(str), format="%Y%m")
    contacts = list_contacts(ctx.con, f"US-{partner}")
    lo, hi = monthly["month_start"].min(), monthly["month_start"].max() + pd.offsets.MonthEnd()
    marks = pd.DataFrame({"date": pd.to_datetime(contacts["date_start"])}) if len(
        contacts) else pd.DataFrame({"date": pd.Series([], dtype="datetime64[ns]")})
    marks = marks[(marks["date"] >= lo) & (marks["date"] <= hi)]
    parts = [para(DEFINITION), _chart(monthly, marks, "n", "events per month"),
             _chart(monthly, marks, "coop_index", "cooperation index"),
             table(monthly[["pair", "month", "n", "n_cooperation", "n_conflict", "coop_index",
                            "goldstein_mean", "tone_mean", "n_consult", "n_agree",
                            "n_cooperate"]],
                   caption="By month: events (n), cooperation and conflict, index, means",
                   max_rows=60, collapsed=True),
             note(f"Register contacts marked: {len(marks)} in the months shown "
                  "(dyad's curated register, confirmed contacts)."),
             note(source)]
    return Section("events", "Machine-coded events (GDELT)", Markup("").join(parts),
                   freshness=[f"GDELT events to {last}" if last else ""])


PLOVER_SOURCE = ("Source: dyad's CAMEO→PLOVER table, data/events/cameo_plover.csv (CAMEO: "
                 "Schrodt, Conflict and Mediation Event Observations codebook; PLOVER: "
                 "https://github.com/openeventdata/PLOVER).")


def _method(ctx: ReportContext, partner: str) -> Markup:
    """With no events loaded: what the section will measure, how CAMEO codes become PLOVER
    types, and the three ways to load the data (dyad ships no GDELT events: the exports for
    one year run to tens of gigabytes)."""
    from dyad.analysis.events import plover_table

    rows = [{"PLOVER type": t, "mode": m or "", "CAMEO codes": c}
            for c, (t, m) in plover_table().items() if len(c) == 2]
    mapping = (pd.DataFrame(rows).groupby(["PLOVER type", "mode"], sort=False)["CAMEO codes"]
               .agg(", ".join).reset_index())
    ways = Markup("<ul>{}</ul>").format(Markup("").join(
        Markup("<li>{}: <code>{}</code></li>").format(w, c) for w, c in [
            ("exports you downloaded (1.0 daily or 2.0 15-minute files)",
             "dyad import gdelt PATH…"),
            ("the 2.0 files for a span, from GDELT's master file list",
             "dyad update gdelt --from 2025-01-20 --to 2025-12-31"),
            ("the whole history on BigQuery (a dry-run estimate first)",
             f"dyad events monthly --pair US-{partner} --engine bigquery --project P"),
            ("the SQL that query runs, to read or run yourself",
             f"dyad events sql --pair US-{partner} --engine bigquery")]))
    return Markup("").join([
        missing(f"GDELT event exports for US–{partner}, RU–{partner} and CN–{partner}; dyad "
                "ships none.", COMMAND),
        para(DEFINITION),
        para("Each event's CAMEO root code gives its PLOVER type (and, for some, a mode); "
             "a base code listed in the table overrides its root. The monthly counts by "
             "type, the cooperation index and mean tone are drawn here once events are "
             "loaded, with the register's contacts marked."),
        table(mapping, caption="CAMEO root codes by PLOVER type", source=PLOVER_SOURCE),
        para("Ways to load the events:"), ways])


def _chart(monthly: pd.DataFrame, marks: pd.DataFrame, field: str, title: str) -> Markup:
    import altair as alt

    cols = list(dict.fromkeys(["pair", "month_start", field, "n"]))
    lines = alt.Chart(frame(monthly[cols])).mark_line(
        point=True).encode(
        x=alt.X("month_start:T", title="month"), y=alt.Y(f"{field}:Q", title=title),
        color=alt.Color("pair:N", title="pair"),
        tooltip=["pair:N", "month_start:T", *{f"{field}:Q", "n:Q"}])
    layers = [lines]
    if len(marks):
        layers.append(alt.Chart(frame(marks)).mark_rule(strokeDash=[3, 3], opacity=0.5)
                      .encode(x="date:T"))
    return svg(alt.layer(*layers).properties(width=760, height=220),
               title=f"GDELT: {title}, US beside Russia and China (dashed: register contacts)")
