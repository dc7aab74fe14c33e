"""Trade section: the seed's five graphs (exports, imports, balance per state since 2017),
growth with its formula, the seed's claims checked, Kazakhstan's multi-vector shares."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from dyad.analysis.trade import CAGR_FORMULA, YOY_FORMULA
from dyad.analysis.trade_bundle import TradeBundle, trade_bundle
from dyad.analysis.trade_shares import SHARE_FORMULA
from dyad.report.charts import svg
from dyad.report.html import missing, note, para, table
from dyad.report.sections import ReportContext, Section

START = 2017
MEASURES = {"us_exports_usd": "US exports", "us_imports_usd": "US imports",
            "balance_usd": "Balance (US exports - imports)"}


def render(ctx: ReportContext) -> Section:
    data = trade_bundle(ctx.con, ctx.pair, START)
    states = data.states
    if states.empty:
        return Section("trade", "Trade in goods", missing(
            "US trade in goods with the Central Asian states (Census Bureau).",
            "dyad import census-file country.xlsx"), missing=["trade_flows"])
    latest = int(states["year"].max())
    parts: list[Markup] = [para(
        f"US trade in goods with the five Central Asian states, {START}–{latest}, from the US "
        "Census Bureau (goods, Census basis, not seasonally adjusted; exports = US total "
        "exports, imports = US general imports). A negative balance is a US deficit, i.e. in "
        "the partner's favour. Only complete years are shown as years.")]
    parts.append(_five_graphs(states, latest))
    for r in data.partial.itertuples(index=False):
        parts.append(note(f"{r.year}: only months {r.first_month}–{r.last_month} are published;"
                          " the year is left out of annual figures (unpublished months are "
                          "missing, not zero)."))
    parts += _claims(data, latest)
    parts += _growth(data, latest)
    shares = _shares(data)
    parts += shares
    absent = ["Kazakhstan's partner shares (UN Comtrade)"] if "No data yet" in str(
        Markup("").join(shares)) else []
    parts += _monthly(data)
    years = ", ".join(f"{y}" for y in (START, latest))
    return Section("trade", "Trade in goods", Markup("").join(parts), missing=absent, freshness=[
        f"Trade (US Census Bureau): complete years through {latest} ({years} shown)"])


def _five_graphs(states: pd.DataFrame, latest: int) -> Markup:
    import altair as alt

    long = states.melt(id_vars=["partner_name", "year"], value_vars=list(MEASURES),
                       var_name="measure", value_name="usd")
    long["measure"] = long["measure"].map(MEASURES)
    long["usd_millions"] = long["usd"].astype(float) / 1e6
    base = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("usd_millions:Q", title="US$ million"),
        color=alt.Color("measure:N", title=None, sort=list(MEASURES.values())),
        tooltip=["partner_name:N", "year:O", "measure:N",
                 alt.Tooltip("usd_millions:Q", format=",.1f")],
    ).properties(width=230, height=170)
    rule = alt.Chart(long).mark_rule(color="#999").encode(y=alt.datum(0))
    chart = alt.layer(base, rule).facet(
        facet=alt.Facet("partner_name:N", title=None), columns=3,
    ).resolve_scale(y="independent")
    return svg(chart, title=f"US trade with each Central Asian state, {START}–{latest} "
                            "(exports, imports, balance; US$ million)")


def _claims(data: TradeBundle, latest: int) -> list[Markup]:
    out = [Markup("<h3>The seed article's claims, checked</h3>")]
    bal = data.balance
    out.append(table(bal, caption=f"Years {START}–{min(latest, 2023)} in which the balance was "
                                  "in the partner's favour (US deficit)"))
    always = bal[bal["always_partner_favour"]]["partner_name"].tolist()
    out.append(note("Claim 1 (Kazakhstan is the only Central Asian state whose balance with the "
                    "US has always been in its favour since 2017): the data "
                    + ("support it" if always == ["Kazakhstan"] else "do not support it")
                    + f" — states with a US deficit in every year: {', '.join(always) or 'none'}."))
    readings = data.readings
    if not readings.empty:
        out.append(table(readings.round(2), caption="US–Kazakhstan, 2017–2023: the usual "
                         "readings of 'annual growth' (%)"))
        out.append(note("Claim 2 ('67.6% annual trade growth in favour of the United States, "
                        "28.2% in favour of Kazakhstan, 2017–2023') is not reproduced by total "
                        "growth, CAGR or mean year-on-year growth of either flow in this file; "
                        "the closest reading is the mean year-on-year growth of US imports "
                        "from Kazakhstan (see table). The article does not state its method."))
    return out


def _growth(data: TradeBundle, latest: int) -> list[Markup]:
    out = [Markup("<h3>Growth</h3>")]
    out.append(table(data.cagr,
                     caption=f"Compound annual growth {START}–{latest} (%): {CAGR_FORMULA}"))
    out.append(table(data.growth,
                     caption=f"{data.growth_pair}: year-on-year growth (%): {YOY_FORMULA}"))
    return out


def _shares(data: TradeBundle) -> list[Markup]:
    import altair as alt

    out = [Markup("<h3>Kazakhstan's multi-vector trade</h3>")]
    shares = data.shares
    reported = shares[shares["share_pct"].notna()] if not shares.empty else shares
    if reported.empty:
        out.append(missing(
            "Kazakhstan's trade by partner (UN Comtrade): the US share against Russia, China, "
            "the EU and Turkey. dyad ships no partner shares because no figure could be cited "
            "to a public source offline.",
            "dyad import comtrade-file FILE.csv (or: dyad update trade --comtrade)"))
        return out
    chart = alt.Chart(reported).mark_area().encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("share_pct:Q", stack="zero", title="share of Kazakhstan's turnover (%)"),
        color=alt.Color("group:N", title=None),
    ).properties(width=600, height=240)
    out.append(svg(chart, title="Shares of Kazakhstan's trade turnover by partner (UN Comtrade)"))
    out.append(table(shares.round(2), caption=SHARE_FORMULA, max_rows=60))
    return out


def _monthly(data: TradeBundle) -> list[Markup]:
    import altair as alt

    out: list[Markup] = []
    pair = data.monthly_pair
    seas = data.seasonality
    if not seas.empty:
        long = seas.melt(id_vars=["month"], value_vars=["exports_share_pct", "imports_share_pct"],
                         var_name="flow", value_name="share_pct")
        chart = alt.Chart(long).mark_line(point=True).encode(
            x=alt.X("month:O"), y=alt.Y("share_pct:Q", title="mean share of the year (%)"),
            color="flow:N").properties(width=500, height=200)
        out.append(svg(chart, title=f"{pair}: seasonality (mean share of each month, "
                                    f"{int(seas['years'].max())} complete years)"))
    top = data.top_chapters
    if not top.empty:
        out.append(table(top, caption=f"{pair}: top HS chapters each way (US side)"))
    return out
