"""Contacts: timeline by administration and level, the comparison, agenda, deliverables."""

from __future__ import annotations

from markupsafe import Markup

from dyad.analysis.administrations import compare_administrations
from dyad.analysis.counting import sensitivity, what_holds
from dyad.contacts.model import LEVELS
from dyad.contacts.query import deliverables, list_contacts
from dyad.reference.vocabulary import admin_on
from dyad.report.charts import admin_scale, frame, svg
from dyad.report.html import missing, note, table
from dyad.report.sections import ReportContext, Section

ADMINS = ["obama", "trump1", "biden", "trump2"]


def render(ctx: ReportContext) -> Section:
    import altair as alt

    contacts = list_contacts(ctx.con, ctx.pair)
    if contacts.empty:
        return Section("contacts", "Contacts", missing(
            "confirmed contacts for this pair.", "dyad import statehist DIR"),
            missing=["contacts"])
    contacts["admin"] = [admin_on(d) for d in contacts["date_start"]]
    points = frame(contacts[["date_start", "us_level", "admin", "format", "kind", "location"]]
                   .rename(columns={"date_start": "date", "us_level": "level"}))
    timeline = alt.Chart(points).mark_point(filled=True, size=70, opacity=0.8).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("level:N", sort=list(LEVELS), title="US side's level"),
        color=alt.Color("admin:N", scale=admin_scale(), title="US administration"),
        shape=alt.Shape("format:N", title="format"),
        tooltip=["date:N", "kind:N", "level:N", "location:N"],
    ).properties(width=760, height=240)
    cmp = compare_administrations(ctx.con, ctx.pair, ADMINS, as_of=ctx.as_of)
    parts: list[Markup] = []
    if ctx.pair != "US-KZ":
        parts.append(note(
            "Coverage caution: the shipped curated register holds US–Kazakhstan contacts and the "
            "C5+1 meetings; for this pair, bilateral contacts come only from imported sources "
            "(dyad import statehist), so counts understate contacts below the top level."))
    sens = sensitivity(ctx.con, contacts, ctx.pair,
                       [("trump2", "obama"), ("trump2", "biden"), ("biden", "obama"),
                        ("trump1", "obama")], as_of=ctx.as_of, today=ctx.as_of)
    if not sens.empty:
        parts.append(Markup("<h3>Does the headline survive the counting rules?</h3>"))
        for line in what_holds(sens):
            parts.append(note(line))
        parts.append(table(
            sens[["admin", "versus", "unit", "branch", "tier", "exposure", "exposure_end",
                  "count", "versus_count", "ratio", "ci_low", "ci_high", "method"]],
            caption="Sensitivity: rate ratios (95% CI) under each counting rule — records or "
                    "occasions; all branches or the US executive only; all contacts or the "
                    "uniform tier (the President or Secretary of State in person, recorded the "
                    "same way every year); exposure to the report date or to the register's "
                    "reviewed-through date. Source: dyad curated register (sources per entry), "
                    "dyad compare --sensitivity."))
    parts.append(svg(timeline, title="Contacts over time by the US side's level"))
    if not cmp.summary.empty:
        s = frame(cmp.summary)
        rate = alt.Chart(s).mark_bar().encode(
            x=alt.X("admin:N", sort=ADMINS, title=None),
            y=alt.Y("rate_per_year:Q", title=f"{cmp.rule.unit}s per year in office"),
            color=alt.Color("admin:N", scale=admin_scale(), legend=None),
        ).properties(width=320, height=220)
        intensity = alt.Chart(s).mark_bar().encode(
            x=alt.X("admin:N", sort=ADMINS, title=None),
            y=alt.Y("intensity_per_year:Q", title="level-weighted intensity per year"),
            color=alt.Color("admin:N", scale=admin_scale(), legend=None),
        ).properties(width=320, height=220)
        parts.append(svg(alt.hconcat(rate, intensity),
                         title="Contact rate and level-weighted intensity per year in office"))
        parts.append(note(f"Counting rule of the figures below: {cmp.rule.label()}; exposure "
                          f"ends {cmp.exposure_end} ({cmp.exposure_end_reason}); Pearson "
                          f"dispersion {cmp.dispersion:.2f} on {cmp.dispersion_df} df."))
        parts.append(table(cmp.summary.drop(columns=["counts_by_us_level",
                                                     "counts_by_partner_level"]),
                           caption="Per administration (register coverage from 2009-01-01). "
                                   "Source: dyad curated register; dyad compare."))
        base = cmp.rate_ratios[cmp.rate_ratios["versus"] == ADMINS[0]]
        if not base.empty:
            rr = alt.Chart(frame(base))
            ci = rr.mark_rule().encode(
                y=alt.Y("admin:N", sort=ADMINS, title=None),
                x=alt.X("ci_low:Q", scale=alt.Scale(type="log"),
                        title=f"rate ratio vs {ADMINS[0]} (95% CI, log scale)"),
                x2="ci_high:Q")
            pt = rr.mark_point(filled=True, size=80).encode(
                y=alt.Y("admin:N", sort=ADMINS), x="ratio:Q",
                color=alt.Color("admin:N", scale=admin_scale(), legend=None))
            parts.append(svg((ci + pt).properties(width=600, height=140),
                             title=f"Contact rate relative to {ADMINS[0]}"))
        parts.append(table(cmp.rate_ratios, caption="Rate ratios between administrations"))
        vec = alt.Chart(frame(cmp.vectors)).mark_bar().encode(
            x=alt.X("admin:N", sort=ADMINS, title=None),
            y=alt.Y("share:Q", stack="normalize", title="share of agenda topics"),
            color=alt.Color("vector:N", title="vector"),
        ).properties(width=320, height=220)
        topics = alt.Chart(frame(cmp.agenda)).mark_rect().encode(
            x=alt.X("admin:N", sort=ADMINS, title=None),
            y=alt.Y("topic:N", title=None),
            color=alt.Color("share:Q", scale=alt.Scale(scheme="blues")),
            tooltip=["topic:N", "count:Q", "share:Q"],
        ).properties(width=240, height=300)
        parts.append(svg(alt.hconcat(vec, topics), title="Agenda by vector and by topic"))
        parts.append(table(cmp.divergence, caption="Agenda divergence between administrations "
                                                   "(Jensen–Shannon divergence, bits; 0 = same)"))
        fm = alt.Chart(frame(cmp.formats)).mark_bar().encode(
            x=alt.X("admin:N", sort=ADMINS, title=None),
            y=alt.Y("share:Q", stack="normalize", title="share of contacts"),
            color=alt.Color("format:N"),
        ).properties(width=320, height=200)
        parts.append(svg(fm, title="Format mix: bilateral, C5+1, sidelines"))
        for w in cmp.warnings:
            parts.append(note("Caution: " + w))
    dels = deliverables(ctx.con, ctx.pair)
    if dels.empty:
        parts.append(note("No deliverables are recorded for this pair's contacts."))
    else:
        parts.append(table(
            dels[["date_start", "kind", "title", "value_usd", "status", "status_evidence_url",
                  "source_url"]],
            caption="Deliverables and their implementation status",
            links=("status_evidence_url", "source_url")))
    parts.append(table(
        contacts[["date_start", "date_end", "admin", "kind", "us_level", "partner_level",
                  "format", "initiator",
                  "location", "us_participants", "partner_participants", "topics",
                  "confidence", "sources"]],
        caption="The register: every confirmed contact with its sources", links=("sources",),
        collapsed=True))
    return Section("contacts", "Contacts by administration", Markup("").join(parts))
