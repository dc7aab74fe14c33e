"""Convergence of interests: UNGA voting agreement over time, by issue, and document priorities."""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup

from dyad.reference.files import administrations
from dyad.report.charts import admin_scale, svg, tooltips
from dyad.report.html import missing, note, para, table
from dyad.report.sections import ReportContext, Section

OTHERS = ["RU", "CN"]
DEFINITIONS = (
    "Joint votes: roll calls where both states voted yes, no or abstain. Agreement: identical "
    "votes ÷ joint votes. Coincidence: (identical + ½ × one-abstains-other-votes) ÷ joint "
    "votes. Intervals: 95% percentile bootstrap over roll calls (1,000 resamples, seeded). "
    "Votes counted: whole resolutions only (roll calls coded as votes on an amendment or a "
    "separate paragraph left out, as Bailey–Strezhnev–Voeten and the State Department count; "
    "`--votes all` keeps them). Year: the year the session opened. ")
VOTES_SOURCE = (
    "Source: Voeten UN General Assembly voting data (Harvard Dataverse hdl:1902.1/12379, "
    "via the R package unvotes 0.3.0, votes 1946–2019).")


def _count(ctx: ReportContext, table_name: str) -> int:
    return int(ctx.con.execute(f"SELECT count(*) FROM {table_name}").fetchall()[0][0])


def _partner(ctx: ReportContext) -> tuple[str, str]:
    a, b = ctx.pair.split("-")
    return a, ("KZ" if b == "C5" else b)


def _bands(years: pd.Series) -> pd.DataFrame:
    lo, hi = int(years.min()), int(years.max()) + 1
    rows = []
    for adm in administrations("US"):
        start = adm["start_date"].year + adm["start_date"].timetuple().tm_yday / 366
        end_d = adm["end_date"]
        end = end_d.year + end_d.timetuple().tm_yday / 366 if end_d else hi
        if end > lo and start < hi:
            rows.append({"admin": adm["key"], "start": max(start, lo), "end": min(end, hi)})
    return pd.DataFrame(rows)


def _over_time(df: pd.DataFrame) -> Markup:
    import altair as alt

    bands_df = _bands(df["year"])
    xscale = alt.Scale(domain=[float(bands_df["start"].min()), float(bands_df["end"].max())],
                       zero=False, nice=False)
    bands = alt.Chart(bands_df).mark_rect(opacity=0.18).encode(
        x=alt.X("start:Q", scale=xscale), x2=alt.X2("end:Q"),
        color=alt.Color("admin:N", scale=admin_scale(), title="US administration"))
    lines = alt.Chart(df).mark_line(point=True).encode(
        x=alt.X("year:Q", title="year the session opened", axis=alt.Axis(format="d"),
                scale=xscale),
        y=alt.Y("agreement:Q", title="agreement (share of identical votes)",
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("pair:N", title="pair",
                        scale=alt.Scale(range=["#111111", "#8c510a", "#01665e"])),
        tooltip=tooltips("pair:N", "session:Q", "year:Q", "joint_votes:Q", "agreement:Q",
                         "coincidence:Q"))
    chart = alt.layer(bands, lines).resolve_scale(color="independent").properties(
        width=760, height=280)
    return svg(chart, title="UNGA voting agreement per session, with US administrations")


def _by_admin_chart(df: pd.DataFrame) -> Markup:
    import altair as alt

    order = [a["key"] for a in administrations("US")]
    base = alt.Chart(df)
    bars = base.mark_point(filled=True, size=70).encode(
        x=alt.X("admin:N", sort=order, title=None), xOffset=alt.XOffset("pair:N"),
        y=alt.Y("agreement:Q", scale=alt.Scale(domain=[0, 1]), title="agreement"),
        shape=alt.Shape("pair:N", legend=None), color=alt.Color("pair:N"))
    rules = base.mark_rule().encode(
        x=alt.X("admin:N", sort=order), xOffset=alt.XOffset("pair:N"),
        y=alt.Y("agreement_lo:Q"), y2=alt.Y2("agreement_hi:Q"), color=alt.Color("pair:N"))
    return svg((rules + bars).properties(width=520, height=240),
               title="Agreement by US administration (95% bootstrap intervals)")


def _issue_table(by_issue: pd.DataFrame) -> pd.DataFrame:
    g = by_issue.groupby(["pair", "issue"], as_index=False)[["joint_votes", "identical",
                                                            "half"]].sum()
    g["agreement"] = g["identical"] / g["joint_votes"]
    g["coincidence"] = (g["identical"] + 0.5 * g["half"]) / g["joint_votes"]
    return g


def _issue_chart(g: pd.DataFrame) -> Markup:
    import altair as alt

    chart = alt.Chart(g).mark_rect().encode(
        x=alt.X("pair:N", title=None), y=alt.Y("issue:N", title="issue"),
        color=alt.Color("agreement:Q", scale=alt.Scale(domain=[0, 1], scheme="blues")),
        tooltip=tooltips("pair:N", "issue:N", "joint_votes:Q", "agreement:Q", "coincidence:Q"),
    ).properties(width=240, height=200)
    text = alt.Chart(g).mark_text(fontSize=11).encode(
        x=alt.X("pair:N"), y=alt.Y("issue:N"), text=alt.Text("agreement:Q", format=".2f"))
    return svg(chart + text, title="Agreement by issue, all sessions pooled "
                                   "(me Palestine, nu nuclear, di disarmament, hr human "
                                   "rights, co colonialism, ec development)")


def _closing(by_admin: pd.DataFrame) -> Markup:
    parts = []
    for adm in [a["key"] for a in administrations("US")]:
        sub = by_admin[by_admin["admin"] == adm]
        if sub.empty:
            continue
        vals = ", ".join(f"{r.pair} {r.agreement:.2f} (n={r.joint_votes})"
                         for r in sub.itertuples())
        parts.append(f"{adm}: {vals}")
    return note("Agreement by US administration that the data gives: " + "; ".join(parts)
                + ". Each administration covers only the sessions inside its term that the "
                  "data holds.")


def _fetch(ctx: ReportContext, origin: str) -> Any:
    """agreement(pair, others, **kw) from the loaded votes or from the shipped series."""
    from dyad.analysis.convergence_shipped import shipped_agreement
    from dyad.analysis.convergence_unga import agreement

    if origin == "store":
        return lambda p, o=(), **kw: agreement(ctx.con, p, o, **kw)
    return lambda p, o=(), **kw: shipped_agreement(ctx.con, p, o, **kw)


def _unga(ctx: ReportContext, origin: str = "store") -> list[Markup]:
    from dyad.analysis.convergence_shipped import SOURCE_LINE
    from dyad.analysis.convergence_unga import Filters, sessions_without_important_flag

    get = _fetch(ctx, origin)
    a, b = _partner(ctx)
    per_session = get(f"{a}-{b}", OTHERS)
    if per_session.empty:
        return [missing(f"UN votes in which both {a} and {b} voted.", "dyad import unvotes DIR")]
    by_admin = get(f"{a}-{b}", OTHERS, by="admin", intervals=1000)
    shipped = origin != "store"
    source = SOURCE_LINE if shipped else VOTES_SOURCE
    variants = []
    labels = ((("whole resolutions", Filters()), ("all roll calls (with amendment and "
                                                  "paragraph votes)", Filters(votes="all")))
              if shipped else
              (("all votes", Filters()), ("without Israel/Palestine (me)",
                                          Filters(exclude_me=True)),
               ("important votes only", Filters(important_only=True))))
    for label, f in labels:
        v = get(f"{a}-{b}", OTHERS, by="admin", filters=f)
        if not v.empty:
            variants.append(v.assign(votes=label))
    five = get(f"{a}-C5", by="admin") if a == "US" else pd.DataFrame()
    parts = [para(DEFINITIONS + source)]
    if shipped:
        parts.append(note("The votes are not loaded: these figures come from dyad's shipped "
                          "series, computed by this same analysis from the Voeten votes "
                          "(1992–2019) and checked against them by a test. Load the votes "
                          "(`dyad import unvotes DIR`) for agreement by issue, without "
                          "Israel/Palestine votes, on important votes, and for other states."))
    parts += [_over_time(per_session), _by_admin_chart(by_admin),
              table(by_admin[["pair", "admin", "joint_votes", "agreement", "agreement_lo",
                              "agreement_hi", "coincidence", "coincidence_lo",
                              "coincidence_hi"]],
                    caption="Agreement and coincidence by US administration"),
              _closing(by_admin)]
    if not shipped:
        issue_tab = _issue_table(get(f"{a}-{b}", OTHERS, by_issue=True))
        parts += [_issue_chart(issue_tab),
                  table(issue_tab[["pair", "issue", "joint_votes", "agreement", "coincidence"]],
                        caption="By issue, all sessions pooled")]
    if variants:
        wide = pd.concat(variants).pivot_table(index=["pair", "admin"], columns="votes",
                                               values="agreement", sort=False).reset_index()
        parts.append(table(wide, caption=(
            "Agreement on whole resolutions and on all roll calls" if shipped else
            "Agreement with and without Israel/Palestine votes and on State Department "
            "important votes")))
        gaps = [] if shipped else sessions_without_important_flag(ctx.con)
        if gaps:
            parts.append(note("Important votes: the State Department flag is missing in the "
                              "data for sessions " + ", ".join(map(str, gaps)) + "; those "
                              "sessions count as missing, not as sessions without important "
                              "votes."))
    if not five.empty:
        wide5 = five.pivot_table(index="admin", columns="pair", values="agreement",
                                 sort=False).reset_index()
        parts.append(table(wide5, caption="The United States and each Central Asian state: "
                                          "agreement by administration"))
    return parts


def _documents(ctx: ReportContext) -> list[Markup]:
    import altair as alt

    from dyad.analysis.convergence_documents import RULE, documents_list, overlap, profiles

    if _count(ctx, "documents") == 0:
        return [missing("strategy documents and joint statements.",
                        "dyad documents import PATH…")]
    prof = profiles(ctx.con, "issuer")
    sizes = prof.groupby("profile")[["documents", "coded_paragraphs"]].first()
    prof["issuer"] = [f"{p} (n = {sizes.loc[p, 'coded_paragraphs']} coded paragraphs, "
                      f"{sizes.loc[p, 'documents']} docs)" for p in prof["profile"]]
    heat = alt.Chart(prof).mark_rect().encode(
        x=alt.X("issuer:N", title="issuer"), y=alt.Y("topic:N", title=None),
        color=alt.Color("share:Q", scale=alt.Scale(scheme="oranges"), title="share"),
        tooltip=tooltips("profile:N", "topic:N", "vector:N", "count:Q", "share:Q"),
    ).properties(width=300, height=300)
    docs: pd.DataFrame = documents_list(ctx.con)
    ov: Any = overlap(ctx.con, "issuer")
    figures = int(ov["cosine"].notna().sum()) if not ov.empty else 0
    rule = note(f"Minimum evidence: {RULE}; a pair where either side falls short gets no "
                f"convergence figure (its 'evidence' column says why). {figures} of {len(ov)} "
                "issuer pairs bear a figure.")
    return [svg(heat, title="Priority profiles: share of paragraph topic codes by issuer"),
            rule,
            table(ov, caption="Coincidence of interests: overlap of issuers' priority "
                              "profiles (cosine 1 = same; Jensen–Shannon 0 = same, bits)"),
            table(docs[["date", "issuer_group", "title", "paragraphs", "coded_paragraphs",
                        "completeness", "url"]],
                  caption="Documents coded (dictionary coder) and each one's coverage; "
                          "source: each document's official original at its URL",
                  links=("url",)),
            note("Many documents are partial texts; profiles describe what was coded, "
                 "not the full documents. Shipped entries carry metadata and derived topic "
                 "codes only (dyad/data/documents); import a document's text to replace one.")]


def _ideal_chart(d: pd.DataFrame) -> Markup:
    import altair as alt

    colors = alt.Scale(range=["#111111", "#8c510a", "#01665e"])
    base = alt.Chart(d).encode(x=alt.X("year:Q", axis=alt.Axis(format="d"), title=None,
                                       scale=alt.Scale(zero=False, nice=False)),
                               color=alt.Color("pair:N", scale=colors, title="pair"))
    band = base.mark_area(opacity=0.18).encode(y=alt.Y("ci_low:Q"), y2=alt.Y2("ci_high:Q"))
    line = base.mark_line().encode(y=alt.Y("distance:Q", title="ideal-point distance"))
    low = base.transform_filter("datum.low_votes").mark_point(shape="triangle-up", size=80,
                                                               filled=True).encode(
        y=alt.Y("distance:Q"), tooltip=tooltips("pair:N", "year:Q", "n_votes:Q", "note:N"))
    return svg((band + line + low).properties(width=760, height=260),
               title="Ideal-point distance by year with 90% intervals (triangles: an estimate "
                     "rests on fewer than 20 votes)")


def _ideal(ctx: ReportContext) -> list[Markup]:
    from dyad.analysis.convergence_idealpoints import (
        LOW_VOTES,
        SOURCE_LINE,
        admin_means,
        distance_frame,
    )
    from dyad.analysis.convergence_unga import pairs_for

    a, b = _partner(ctx)
    pairs = pairs_for(f"{a}-{b}", OTHERS)
    d, draws = distance_frame(ctx.con, pairs)
    if d.empty:
        return [missing(f"ideal points for {a} and {b}.",
                        "dyad import idealpoints Idealpointestimates1946-2025.tab")]
    adm = admin_means(d, draws, pairs)
    vintage = ctx.con.execute("SELECT max(year) FROM ideal_point_years").fetchall()[0][0]
    low = d[d["low_votes"]]
    parts = [Markup("<h3>Ideal points</h3>"),
             para("Distance between two states' Bailey–Strezhnev–Voeten ideal points (one "
                  "dimension estimated from all UN General Assembly roll calls of the year; "
                  "larger = further apart). Interval: 90%, from the published Q5–Q95 of each "
                  "estimate (normal approximation, states independent). n_votes: the smaller "
                  "of the two states' vote counts behind the year's estimates. Years with "
                  f"fewer than {LOW_VOTES} votes are flagged, not hidden."),
             _ideal_chart(d),
             table(adm, caption="Mean yearly ideal-point distance by US administration (year "
                                "assigned to the administration in office on 1 December)"),
             note("Source: " + SOURCE_LINE + f"; estimates through {vintage}.")]
    if not low.empty:
        parts.append(note("Few votes: " + "; ".join(
            f"{r.pair} {r.year}: {r.note}" for r in low.itertuples()) + ". These years' "
            "estimates are shown but rest on very few roll calls."))
    parts.append(ideal_closing(adm))
    return parts


def ideal_closing(adm: pd.DataFrame) -> Markup:
    """One sentence per pair: distance by administration, the low-vote years named."""
    sentences = []
    for pair, g in adm.groupby("pair", sort=False):
        vals = ", ".join(f"{r.admin!s} {r.distance:.2f} [{r.ci_low:.2f}–{r.ci_high:.2f}]"
                         f" ({r.years!s}, {r.n_years} yr)"
                         + (f" (low-vote year {r.low_vote_years!s})" if r.low_vote_years else "")
                         for r in g.itertuples() if r.admin in ("obama", "trump1", "biden",
                                                                "trump2"))
        sentences.append(f"{pair}: {vals}")
    return note("Ideal-point distance by US administration (90% intervals): "
                + "; ".join(sentences) + ".")


def render(ctx: ReportContext) -> Section:
    from dyad.analysis.convergence_shipped import has_series, has_votes

    missing_data = []
    if has_votes(ctx.con):
        body = _unga(ctx, "store")
    elif has_series(ctx.con):
        body = _unga(ctx, "shipped")
    else:
        body = [missing("UN General Assembly roll-call votes (agreement and coincidence need "
                        "them; ideal points below are shipped).", "dyad import unvotes DIR")]
        missing_data.append("votes")
    body += _ideal(ctx)
    if _count(ctx, "ideal_point_years") == 0:
        missing_data.append("ideal_point_years")
    docs = _documents(ctx)
    if _count(ctx, "documents") == 0:
        missing_data.append("documents")
    return Section("convergence", "Convergence of interests",
                   Markup("").join(body + [Markup("<h3>Priorities of documents</h3>")] + docs),
                   missing=missing_data)
