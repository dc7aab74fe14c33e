"""Contacts: timeline by administration and level, the comparison, agenda, deliverables."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from markupsafe import Markup

from dyad.analysis.administrations import Comparison, compare_administrations
from dyad.analysis.counting import complete_through, sensitivity, what_holds
from dyad.contacts.model import LEVELS
from dyad.contacts.query import deliverables
from dyad.reference.vocabulary import admin_on
from dyad.report.charts import ADMIN_COLORS, admin_scale, frame, svg, tooltips
from dyad.report.html import Src, findings, missing, note, table
from dyad.report.labels import admin_name, with_admin_names
from dyad.report.sections import ReportContext, Section
from dyad.report.sections.coverage import render_block

ADMINS = ["obama", "trump1", "biden", "trump2"]
HISTORIAN = "https://history.state.gov/departmenthistory"


def register_source(ctx: ReportContext) -> Src:
    """The contacts' source line: the register and the vintage it was reviewed through."""
    through = complete_through(ctx.con, ctx.pair)
    return Src("dyad contact register (curated from official, wire and press sources, each "
               "cited per contact) and the US Department of State, Office of the Historian",
               "confirmed contacts", f"reviewed through {through or 'an unlogged date'}",
               HISTORIAN)


def interval(ratio: float, lo: float, hi: float) -> str:
    """'1.29 (95% CI 0.73–2.27)'."""
    top = "∞" if math.isinf(hi) else f"{hi:.2f}"
    return f"{ratio:.2f} (95% CI {lo:.2f}–{top})"


def contact_findings(cmp: Comparison, sens: pd.DataFrame) -> list[str]:
    """Plain sentences from the comparison (rates with n and exposure; the ratio of each
    administration to the one before it, with its interval) and the sensitivity grid."""
    out: list[str] = []
    s = cmp.summary
    if not s.empty:
        parts = []
        for row in s.to_dict("records"):
            flag = ", term in progress" if bool(row["partial"]) else ""
            parts.append(f"{admin_name(str(row['admin']))} {float(row['rate_per_year']):.2f} "
                         f"(n = {int(row['count'])} over {float(row['years']):.1f} years{flag})")
        out.append(f"Contacts per year in office ({cmp.rule.label()}): " + "; ".join(parts)
                   + ".")
        keys = list(s["admin"])
        rr = cmp.rate_ratios.set_index(["admin", "versus"])
        for a, b in zip(keys[1:], keys[:-1], strict=False):
            if (a, b) not in rr.index:
                continue
            r: Any = rr.loc[(a, b)]
            r = r.iloc[0] if isinstance(r, pd.DataFrame) else r
            verdict = ("more often" if r["ci_low"] > 1 else "less often" if r["ci_high"] < 1
                       else None)
            tail = (f"{admin_name(a)} engaged {verdict} than {admin_name(b)}" if verdict else
                    "the interval includes 1, so the two rates are not distinguishable")
            ci = interval(float(r["ratio"]), float(r["ci_low"]), float(r["ci_high"]))
            out.append(f"{admin_name(a)} against {admin_name(b)}: rate ratio {ci}, "
                       f"{int(r['count'])} against "
                       f"{int(r['versus_count'])} {cmp.rule.unit}s — {tail}.")
    if not sens.empty:
        out += [with_admin_names(line) for line in what_holds(sens)]
    return out


def later_vs_earlier(rate_ratios: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Each pair of administrations once: the later one against the earlier."""
    pos = {k: i for i, k in enumerate(order)}
    keep = [pos.get(a, 99) > pos.get(b, 99) for a, b in zip(rate_ratios["admin"],
                                                              rate_ratios["versus"], strict=True)]
    return rate_ratios[keep].reset_index(drop=True)


def render(ctx: ReportContext) -> Section:
    import altair as alt

    contacts = ctx.contacts()
    if contacts.empty:
        return Section("contacts", "Contacts", missing(
            "confirmed contacts for this pair.", "dyad import statehist DIR"),
            missing=["contacts"])
    src = register_source(ctx)
    compare_cmd = f"dyad compare --pair {ctx.pair} --admins {','.join(ADMINS)}"
    contacts["admin"] = [admin_on(d) for d in contacts["date_start"]]
    drawn = sorted({a for a in contacts["admin"] if a}, key=list(ADMIN_COLORS).index)
    points = frame(contacts[["date_start", "us_level", "admin", "format", "kind", "location"]]
                   .rename(columns={"date_start": "date", "us_level": "level"}))
    timeline = alt.Chart(points).mark_point(filled=True, size=70, opacity=0.8).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("level:N", sort=list(LEVELS), title="US side's level"),
        color=alt.Color("admin:N", scale=admin_scale(drawn), title="US administration"),
        shape=alt.Shape("format:N", title="format"),
        tooltip=tooltips("date:N", "kind:N", "level:N", "location:N"),
    ).properties(width=760, height=240)
    cmp = compare_administrations(ctx.con, ctx.pair, ADMINS, as_of=ctx.as_of,
                                  contacts=ctx.contacts())
    sens = sensitivity(ctx.con, contacts, ctx.pair,
                       [("trump2", "obama"), ("trump2", "biden"), ("biden", "obama"),
                        ("trump1", "obama")], as_of=ctx.as_of, today=ctx.as_of)
    # the comparison opens with what holds under every counting rule, then the table itself
    parts: list[Markup] = [findings(contact_findings(cmp, sens))]
    if not sens.empty:
        parts.append(_sensitivity(sens, src, ctx))
    parts.append(render_block(ctx))  # capture-recapture: how much the register may miss
    if ctx.pair != "US-KZ":
        parts.append(note(
            "Coverage caution: the shipped curated register holds US–Kazakhstan contacts and the "
            "C5+1 meetings most fully; for this pair, bilateral contacts below the top level "
            "come only from imported sources (dyad import statehist), so counts understate "
            "them."))
    parts.append(svg(timeline, title="Contacts over time by the US side's level",
                     source=src, command=f"dyad contacts list --pair {ctx.pair}"))
    if not cmp.summary.empty:
        shown = [a for a in ADMINS if a in set(cmp.summary["admin"])]
        s = frame(cmp.summary)
        rate = alt.Chart(s).mark_bar().encode(
            x=alt.X("admin:N", sort=ADMINS, title=None),
            y=alt.Y("rate_per_year:Q", title=f"{cmp.rule.unit}s per year in office"),
            color=alt.Color("admin:N", scale=admin_scale(shown), legend=None),
        ).properties(width=320, height=220)
        intensity = alt.Chart(s).mark_bar().encode(
            x=alt.X("admin:N", sort=ADMINS, title=None),
            y=alt.Y("intensity_per_year:Q", title="level-weighted intensity per year"),
            color=alt.Color("admin:N", scale=admin_scale(shown), legend=None),
        ).properties(width=320, height=220)
        parts.append(svg(alt.hconcat(rate, intensity),
                         title="Contact rate and level-weighted intensity per year in office "
                               "(weights: Appendix A)", source=src, command=compare_cmd))
        parts.append(note(f"Counting rule: {cmp.rule.label()}; exposure ends "
                          f"{cmp.exposure_end} ({cmp.exposure_end_reason}); Pearson "
                          f"dispersion {cmp.dispersion:.2f} on {cmp.dispersion_df} df."))
        parts.append(table(cmp.summary[[c for c in cmp.compact_columns
                                        if c in cmp.summary.columns]],
                           caption="Per administration (register coverage from 2009-01-01)",
                           source=src, command=compare_cmd))
        base = cmp.rate_ratios[cmp.rate_ratios["versus"] == ADMINS[0]]
        if not base.empty:
            rr = alt.Chart(frame(base))
            ci = rr.mark_rule().encode(
                y=alt.Y("admin:N", sort=ADMINS, title=None),
                x=alt.X("ci_low:Q", scale=alt.Scale(type="log"),
                        title=f"rate ratio vs {admin_name(ADMINS[0])} (95% CI, log scale)"),
                x2=alt.X2("ci_high:Q"))
            pt = rr.mark_point(filled=True, size=80).encode(
                y=alt.Y("admin:N", sort=ADMINS), x=alt.X("ratio:Q"),
                color=alt.Color("admin:N", scale=admin_scale(shown), legend=None))
            parts.append(svg((ci + pt).properties(width=600, height=140),
                             title=f"Contact rate relative to {admin_name(ADMINS[0])}",
                             source=src, command=compare_cmd))
        parts.append(table(later_vs_earlier(cmp.rate_ratios, ADMINS),
                           caption="Rate ratios between administrations (each pair once: the "
                                   "later administration against the earlier; 95% CI)",
                           source=src, command=compare_cmd + " --format json"))
        parts += _agenda(cmp, src, compare_cmd)
        for w in cmp.warnings:
            parts.append(note("Caution: " + w))
    parts += _listings(ctx, contacts, src)
    return Section("contacts", "Contacts by administration", Markup("").join(parts))


def _agenda(cmp: Comparison, src: Src, command: str) -> list[Markup]:
    import altair as alt

    vec = alt.Chart(frame(cmp.vectors)).mark_bar().encode(
        x=alt.X("admin:N", sort=ADMINS, title=None),
        y=alt.Y("share:Q", stack="normalize", title="share of agenda topics"),
        color=alt.Color("vector:N", title="vector (cross = cross-cutting)"),
    ).properties(width=320, height=220)
    topics = alt.Chart(frame(cmp.agenda)).mark_rect().encode(
        x=alt.X("admin:N", sort=ADMINS, title=None),
        y=alt.Y("topic:N", title=None),
        color=alt.Color("share:Q", scale=alt.Scale(scheme="blues")),
        tooltip=tooltips("topic:N", "count:Q", "share:Q"),
    ).properties(width=240, height=300)
    fm = alt.Chart(frame(cmp.formats)).mark_bar().encode(
        x=alt.X("admin:N", sort=ADMINS, title=None),
        y=alt.Y("share:Q", stack="normalize", title="share of contacts"),
        color=alt.Color("format:N"),
    ).properties(width=320, height=200)
    return [
        svg(alt.hconcat(vec, topics), title="Agenda by vector (security, economic, values, "
            "cross-cutting) and by topic", source=src, command=command),
        table(cmp.divergence, caption="Agenda divergence between administrations "
              "(Jensen–Shannon divergence, bits; 0 = same agenda; Appendix A)",
              source=src, command=command + " --format json"),
        svg(fm, title="Format mix: bilateral, C5+1, sidelines", source=src, command=command),
    ]


def _sensitivity(sens: pd.DataFrame, src: Src, ctx: ReportContext) -> Markup:
    if sens.empty:
        return Markup("")
    return Markup("<h3>Does the headline survive the counting rules?</h3>") + table(
        sens[["admin", "versus", "unit", "branch", "tier", "exposure", "exposure_end",
              "count", "versus_count", "ratio", "ci_low", "ci_high", "method"]],
        caption="Sensitivity: rate ratios (95% CI) under each counting rule — records or "
                "occasions; all branches or the US executive only; all contacts or the "
                "uniform tier; exposure to the report date or to the register's "
                "reviewed-through date (Appendix A)",
        source=src, command=f"dyad compare --pair {ctx.pair} --sensitivity", collapsed=True)


def _listings(ctx: ReportContext, contacts: pd.DataFrame, src: Src) -> list[Markup]:
    out: list[Markup] = []
    dels = deliverables(ctx.con, ctx.pair)
    if dels.empty:
        out.append(note("No deliverables are recorded for this pair's contacts."))
    else:
        out.append(table(
            dels[["date_start", "kind", "title", "value_usd", "status", "status_evidence_url",
                  "source_url"]],
            caption="Deliverables and their implementation status",
            links=("status_evidence_url", "source_url"), source=src,
            command=f"dyad compare --pair {ctx.pair} --format json"))
    out.append(table(
        contacts[["date_start", "admin", "kind", "us_level", "partner_level", "format",
                  "location", "us_participants", "partner_participants", "topics",
                  "confidence", "source_tiers", "sources"]],
        caption="The register: every confirmed contact with its sources and their tiers",
        links=("sources",), collapsed=True, source=src,
        command=f"dyad contacts list --pair {ctx.pair} --format csv"))
    return out
