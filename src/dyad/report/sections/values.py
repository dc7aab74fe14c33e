"""Values: how the partner votes with the US, Russia and China on human-rights roll calls at
the UN General Assembly (shipped derived series, or the loaded votes), and Freedom House scores
of the five states and Russia, China and Turkey when the user has loaded them (never shipped)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from markupsafe import Markup

from dyad.analysis.provenance import freedom_house_load
from dyad.analysis.values import ATTRIBUTION, PANEL, values_table
from dyad.reference import files
from dyad.reference.vocabulary import C5
from dyad.report.charts import ADMIN_COLORS, svg, tooltips
from dyad.report.html import Src, findings, note, para, table
from dyad.report.labels import admin_name
from dyad.report.sections import ReportContext, Section

LOAD = "dyad import freedomhouse All_data_FIW_2013-2024.xlsx"


TITLE = "Values: human-rights votes and Freedom in the World"
HR_OTHERS = ["RU", "CN"]


def render(ctx: ReportContext) -> Section:
    hr_parts = _human_rights(ctx)
    df = values_table(ctx.con, list(PANEL))
    if df.empty:
        fh = [Markup("<h3>Freedom in the World</h3>"), note(
            "Freedom House's Freedom in the World scores are not loaded. dyad ships none: "
            "Freedom House's terms allow non-commercial use with attribution, so each user "
            f"loads their own copy of the raw data workbook: {LOAD}.")]
        return Section("values", TITLE, Markup("").join(hr_parts + fh),
                       missing=["freedom_house"])
    first, last = int(df["edition"].min()), int(df["edition"].max())
    src = note(f"Source: {ATTRIBUTION}; editions {first}-{last}, {_loaded(ctx)}.")
    parts = [Markup("<h3>Freedom in the World</h3>"), findings(values_findings(df, ctx.partner)),
             para(
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
    return Section("values", TITLE, Markup("").join(hr_parts + parts),
                   freshness=[f"Freedom House: editions {first}-{last}"])


def _hr_source(ctx: ReportContext) -> tuple[Src, str]:
    from dyad.analysis.convergence_shipped import has_votes
    from dyad.sources.shipped.unga_agreement import DATASET_URL, FILES

    if has_votes(ctx.con):
        return Src("Erik Voeten (Harvard Dataverse)", "United Nations General Assembly Voting "
                   "Data, hdl:1902.1/12379, the votes loaded in this store",
                   "through the last session loaded", DATASET_URL), "votes loaded in the store"
    return Src("Erik Voeten (Harvard Dataverse)", "United Nations General Assembly Voting Data, "
               "hdl:1902.1/12379 (CC0), via R package unvotes 0.3.0; agreement derived by dyad "
               f"(dyad/data/{FILES[0]})", "votes through December 2019", DATASET_URL), \
        "dyad's shipped series"


def _human_rights(ctx: ReportContext) -> list[Markup]:
    """US–partner (and Russia/China–partner) agreement on human-rights roll calls, by year
    and by US administration, with n; from the votes if loaded, else the shipped series."""
    from dyad.analysis.convergence_shipped import agreement_any, has_series, has_votes
    from dyad.analysis.convergence_unga import Filters

    head = Markup("<h3>Human-rights roll calls at the UN General Assembly</h3>")
    if not (has_votes(ctx.con) or has_series(ctx.con)):
        return [head, note("No UN votes and no shipped agreement series in this store: "
                           "load the votes with dyad import unvotes DIR.")]
    partner = "KZ" if ctx.partner == "C5" else ctx.partner
    pair = f"US-{partner}"
    hr = Filters(issue="hr")
    yearly = agreement_any(ctx.con, pair, HR_OTHERS, by="year", filters=hr)
    admin = agreement_any(ctx.con, pair, HR_OTHERS, by="admin", filters=hr, intervals=1000)
    if yearly.empty:
        return [head, note(f"No human-rights roll call in which both {pair} voted.")]
    src, origin = _hr_source(ctx)
    cmd = (f"dyad convergence unga --pair {pair} --others RU,CN --issue hr --by admin "
           "--intervals 1000")
    last_year = int(yearly["year"].max())
    parts = [head, findings(hr_findings(admin, pair)), para(
        "Roll calls the Voeten data code as human-rights votes (issue code hr), whole "
        "resolutions only. Agreement: identical votes ÷ joint votes (both states voted yes, no "
        "or abstain); n = joint votes; intervals: 95% percentile bootstrap over roll calls. "
        "Low agreement with the US and high agreement with Russia or China on these votes "
        "places the partner on the other side of the UN's human-rights divide; it says "
        f"nothing about domestic practice. The votes in this data end in {last_year}: there is "
        f"no figure for later years (Biden, Trump II). Figures from {origin}."),
        _hr_chart(yearly, pair, src, cmd)]
    parts.append(table(
        admin[["pair", "admin", "joint_votes", "agreement", "agreement_lo", "agreement_hi"]],
        caption="Agreement on human-rights roll calls by US administration (n = joint votes; "
                "each administration covers only the years inside its term that the data "
                "holds)", source=src, command=cmd))
    wide = yearly.pivot_table(index="year", columns="pair", values=["agreement", "joint_votes"],
                              sort=False)
    by_year = pd.DataFrame({"year": wide.index})
    for p in yearly["pair"].unique():
        by_year[f"{p} agreement"] = wide[("agreement", p)].to_numpy()
        by_year[f"{p} n"] = wide[("joint_votes", p)].to_numpy()
    parts.append(table(by_year, caption="Agreement on human-rights roll calls by calendar "
                                        "year (n = joint votes)", source=src, collapsed=True))
    if ctx.partner == "C5" or partner in C5:
        five = agreement_any(ctx.con, "US-C5", by="admin", filters=hr)
        if not five.empty:
            w5 = five.pivot_table(index="admin", columns="pair", values="agreement",
                                  sort=False).reset_index()
            n5 = five.groupby("admin", sort=False)["joint_votes"].agg(["min", "max"])
            w5["n (range over the five)"] = [f"{n5.loc[a, 'min']}–{n5.loc[a, 'max']}"
                                             for a in w5["admin"]]
            parts.append(table(w5, caption="The United States and each Central Asian state: "
                                           "agreement on human-rights roll calls by "
                                           "administration", source=src))
    return parts


def hr_findings(admin: pd.DataFrame, pair: str) -> list[str]:
    """One sentence per administration with data: the partner's agreement with the US on
    human-rights roll calls (interval, n) beside its agreement with Russia and China."""
    out = []
    partner = pair.split("-")[1]
    for adm, g in admin.groupby("admin", sort=False):
        us = g[g["pair"] == pair]
        if us.empty:
            continue
        r = us.iloc[0]
        others = ", ".join(f"with {p.split('-')[0]} {v:.2f} (n = {n})" for p, v, n in
                           zip(g["pair"], g["agreement"], g["joint_votes"], strict=True)
                           if p != pair)
        out.append(f"Under {admin_name(str(adm))}, {partner} voted as the US on "
                   f"{r['agreement']:.2f} of human-rights roll calls "
                   f"[95% interval {r['agreement_lo']:.2f}–"
                   f"{r['agreement_hi']:.2f}, n = {r['joint_votes']}]"
                   + (f"; {others}." if others else "."))
    return out[-2:]


def _hr_chart(yearly: pd.DataFrame, pair: str, src: Src, cmd: str) -> Markup:
    import altair as alt

    chart = alt.Chart(yearly).mark_line(point=True).encode(
        x=alt.X("year:Q", title="calendar year of the vote", axis=alt.Axis(format="d"),
                scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y("agreement:Q", title="agreement (share of identical votes)",
                scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("pair:N", title="pair",
                        scale=alt.Scale(range=["#111111", "#8c510a", "#01665e"])),
        tooltip=tooltips("pair:N", "year:Q", "joint_votes:Q", "agreement:Q", "coincidence:Q"),
    ).properties(width=640, height=240)
    return svg(chart, title=f"Agreement on UN human-rights roll calls by year: {pair} beside "
                            "Russia and China with the same partner", source=src,
               command=cmd.replace("--by admin --intervals 1000", "--by year"))


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
        x2=alt.X2("end:Q"),
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
        tooltip=tooltips("country_name:N", "edition:O", "status:N", "total_score:Q", "pr_score:Q",
                         "cl_score:Q"),
    )
    labels = alt.Chart(df[df["covers_year"] == df["covers_year"].max()]).mark_text(
        align="left", dx=6, fontSize=10).encode(
        x=alt.X("covers_year:Q"), y=alt.Y("total_score:Q"), text=alt.Text("country_name:N"),
        color=alt.Color("country_name:N", legend=None, scale=alt.Scale(scheme="tableau10")))
    chart = alt.layer(rects, lines, labels).resolve_scale(color="independent").properties(
        width=640, height=300)
    return svg(chart, title="Freedom in the World total score by year rated, with US "
                            "administrations (Freedom House)")


def _year_frac(day: dt.date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25
