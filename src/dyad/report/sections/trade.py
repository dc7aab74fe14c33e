"""Trade section: findings; the five states' exports, imports and balance since 2017 with the
Census vintage of each year; growth with its formula; for US-KZ only, the seed article's claims
checked (named by their source) and Kazakhstan's multi-vector shares."""

from __future__ import annotations

import duckdb
import pandas as pd
from markupsafe import Markup

from dyad.analysis.provenance import census_year_vintages
from dyad.analysis.trade import CAGR_FORMULA, YOY_FORMULA
from dyad.analysis.trade_bundle import TradeBundle, trade_bundle
from dyad.analysis.trade_shares import SHARE_FORMULA
from dyad.report.charts import svg, tooltips
from dyad.report.html import Src, findings, missing, note, para, table
from dyad.report.sections import ReportContext, Section

START = 2017
CENSUS = "U.S. Census Bureau, Foreign Trade Division"
CENSUS_URL = "https://www.census.gov/foreign-trade/balance/country.xlsx"
# The seed article whose trade claims the section checks (named, not quoted).
SEED_TRADE = ("S. Mamasoliev (2024), 'Challenges and opportunities: a comprehensive analysis "
              "of United States–Central Asia relations', doi:10.5281/zenodo.12071014")
_SHIPPED_2024 = ("country.xlsx, mid/late-2024 vintage (before the June 2025 annual revision); "
                 "dyad snapshot census_c5_annual.csv")
_SHIPPED_2026 = ("country.xlsx, 2026 vintage (after the June 2025 revision), read from a "
                 "processed copy rounded to $0.1 million; dyad snapshot "
                 "census_c5_annual_recent.csv")


def census_vintages(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Which vintage of the Census data each year's annual figures come from, as runs of
    consecutive years (years, vintage)."""
    labelled: list[tuple[int, str]] = []
    for year, source, ref, day, rounded in census_year_vintages(con):
        if str(source).startswith("shipped:"):
            text = _SHIPPED_2026 if rounded else _SHIPPED_2024
        else:
            text = f"{str(ref).rsplit('/', 1)[-1]}, loaded {day} ({source})"
        labelled.append((int(year), text))
    out: list[dict[str, str]] = []
    for year, text in labelled:
        last = out[-1] if out else None
        if last and last["vintage"] == text and int(last["years_covered"][-4:]) == year - 1:
            last["years_covered"] = last["years_covered"][:4] + f"–{year}"
        else:
            out.append({"years_covered": str(year), "vintage": text})
    return pd.DataFrame(out, columns=["years_covered", "vintage"])


def _source(vintages: pd.DataFrame) -> Src:
    by_year = "; ".join(f"{r.years_covered}: {r.vintage}"
                        for r in vintages.itertuples(index=False))
    return Src(CENSUS, "U.S. Trade in Goods by Country (goods, Census basis, NSA)",
               by_year or "vintage unknown", CENSUS_URL)


def trade_findings(data: TradeBundle, pair: str, latest: int) -> list[str]:
    """Sentences from the numbers: the pair's latest year, its growth, its balance record."""
    out: list[str] = []
    partner = pair.split("-")[-1]
    st = data.states
    rows = st if partner == "C5" else st[st["partner"] == partner]
    last = rows[rows["year"] == latest]
    if not last.empty:
        exp, imp = float(last["us_exports_usd"].sum()), float(last["us_imports_usd"].sum())
        bal = exp - imp
        who = "the five Central Asian states" if partner == "C5" else str(
            last["partner_name"].iloc[0])
        out.append(f"In {latest} US goods trade with {who} was ${(exp + imp) / 1e6:,.0f} "
                   f"million: US exports ${exp / 1e6:,.0f}M, imports ${imp / 1e6:,.0f}M, a US "
                   f"{'surplus' if bal > 0 else 'deficit'} of ${abs(bal) / 1e6:,.0f}M "
                   "(Census administrative totals: no sampling error, but revised each June).")
    cagr = data.cagr[data.cagr["pair"] == pair]
    if not cagr.empty:
        r = cagr.iloc[0]
        out.append(f"From {int(r['start'])} to {int(r['end'])} turnover grew "
                   f"{float(r['turnover_cagr_pct']):.1f}% a year compounded (US exports "
                   f"{float(r['us_exports_cagr_pct']):.1f}%, imports "
                   f"{float(r['us_imports_cagr_pct']):.1f}%; n = "
                   f"{int(r['end']) - int(r['start']) + 1} years).")
    balance = data.balance
    mine = balance if partner == "C5" else balance[balance["partner"] == partner]
    for b in mine.to_dict("records"):
        out.append(f"The US ran a deficit with {b['partner_name']} in "
                   f"{int(b['years_partner_favour'])} of {int(b['years'])} years "
                   f"{int(b['first_year'])}–{int(b['last_year'])}.")
    return out


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
    vintages = census_vintages(ctx.con)
    src = _source(vintages)
    parts: list[Markup] = [findings(trade_findings(data, ctx.pair, latest)), para(
        f"US trade in goods with the five Central Asian states, {START}–{latest}, from the US "
        "Census Bureau (goods, Census basis, not seasonally adjusted; exports = US total "
        "exports, imports = US general imports). A negative balance is a US deficit, i.e. in "
        "the partner's favour. Only complete years are shown as years.")]
    parts.append(_five_graphs(states, latest, src))
    parts.append(table(vintages, caption="Which Census vintage each year's figures come from "
                       "(later vintages revise earlier years each June)", source=src,
                       command="dyad sources"))
    for r in data.partial.itertuples(index=False):
        parts.append(note(f"{r.year}: only months {r.first_month}–{r.last_month} are published;"
                          " the year is left out of annual figures (unpublished months are "
                          "missing, not zero)."))
    if ctx.kazakhstan:
        parts += _claims(data, latest, src)
    parts += _growth(data, latest, src, ctx.pair)
    absent: list[str] = []
    if ctx.kazakhstan:
        shares = _shares(data)
        parts += shares
        if "No data yet" in str(Markup("").join(shares)):
            absent = ["Kazakhstan's partner shares (UN Comtrade)"]
    if data.monthly_pair == ctx.pair:
        parts += _monthly(data)
    years = ", ".join(f"{y}" for y in (START, latest))
    return Section("trade", "Trade in goods", Markup("").join(parts), missing=absent, freshness=[
        f"Trade (US Census Bureau): complete years through {latest} ({years} shown)"])


def _five_graphs(states: pd.DataFrame, latest: int, src: Src) -> Markup:
    import altair as alt

    long = states.melt(id_vars=["partner_name", "year"], value_vars=list(MEASURES),
                       var_name="measure", value_name="usd")
    long["measure"] = long["measure"].map(MEASURES)
    long["usd_millions"] = long["usd"].astype(float) / 1e6
    base = alt.Chart(long).mark_line(point=True).encode(
        x=alt.X("year:O", title=None),
        y=alt.Y("usd_millions:Q", title="US$ million"),
        color=alt.Color("measure:N", title=None, sort=list(MEASURES.values())),
        tooltip=tooltips("partner_name:N", "year:O", "measure:N",
                         alt.Tooltip("usd_millions:Q", format=",.1f")),
    ).properties(width=150, height=160)
    rule = alt.Chart(long).mark_rule(color="#999").encode(y=alt.datum(0))
    chart = alt.layer(base, rule).facet(
        facet=alt.Facet("partner_name:N", title=None), columns=5,
    ).resolve_scale(y="independent")
    return svg(chart, title=f"US trade with each Central Asian state, {START}–{latest} "
                            "(exports, imports, balance; US$ million)", source=src,
               command="dyad trade states --format csv")


def _claims(data: TradeBundle, latest: int, src: Src) -> list[Markup]:
    out = [Markup("<h3>Claims in {}, checked</h3>").format(SEED_TRADE)]
    bal = data.balance
    out.append(table(bal, caption=f"Years {START}–{min(latest, 2023)} in which the balance was "
                                  "in the partner's favour (US deficit)", source=src,
                     command="dyad trade states --format csv"))
    always = bal[bal["always_partner_favour"]]["partner_name"].tolist()
    out.append(note("Claim 1 (Mamasoliev 2024: Kazakhstan is the only Central Asian state "
                    "whose balance with the US has always been in its favour since 2017): the data "
                    + ("support it" if always == ["Kazakhstan"] else "do not support it")
                    + f" — states with a US deficit in every year: {', '.join(always) or 'none'}."))
    readings = data.readings
    if not readings.empty:
        out.append(table(readings.round(2), caption="US–Kazakhstan, 2017–2023: the usual "
                         "readings of 'annual growth' (%)", source=src,
                         command="dyad trade growth --from 2017 --to 2023"))
        out.append(note("Claim 2 (Mamasoliev 2024: '67.6% annual trade growth in favour of the "
                        "United States, 28.2% in favour of Kazakhstan, 2017–2023') is not "
                        "reproduced by total "
                        "growth, CAGR or mean year-on-year growth of either flow in this file; "
                        "the closest reading is the mean year-on-year growth of US imports "
                        "from Kazakhstan (see table). The article does not state its method."))
    return out


def _growth(data: TradeBundle, latest: int, src: Src, pair: str) -> list[Markup]:
    out = [Markup("<h3>Growth</h3>")]
    out.append(table(data.cagr,
                     caption=f"Compound annual growth {START}–{latest} (%): {CAGR_FORMULA}",
                     source=src, command=f"dyad trade growth --from {START} --to {latest}"))
    out.append(table(data.growth,
                     caption=f"{data.growth_pair}: year-on-year growth (%): {YOY_FORMULA}",
                     source=src, command=f"dyad trade table --pair {pair} --format csv"))
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
    src = Src("United Nations Statistics Division", "UN Comtrade, Kazakhstan's trade by partner",
              "as loaded into this store (see Appendix B)", "https://comtradeplus.un.org/")
    out.append(svg(chart, title="Shares of Kazakhstan's trade turnover by partner (UN Comtrade)",
                   source=src, command="dyad trade shares --reporter KZ"))
    out.append(table(shares.round(2), caption=SHARE_FORMULA, max_rows=60, source=src,
                     command="dyad trade shares --reporter KZ --format csv"))
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
            color=alt.Color("flow:N")).properties(width=500, height=200)
        out.append(svg(chart, title=f"{pair}: seasonality (mean share of each month, "
                                    f"{int(seas['years'].max())} complete years)",
                       source=Src(CENSUS, "monthly U.S. trade in goods by country",
                                  "as loaded (Appendix B)", CENSUS_URL),
                       command=f"dyad trade seasonality --pair {pair}"))
    top = data.top_chapters
    if not top.empty:
        out.append(table(top, caption=f"{pair}: top HS chapters each way (US side)",
                         source=Src(CENSUS, "U.S. trade by HS chapter", "as loaded (Appendix B)",
                                    "https://www.census.gov/foreign-trade/data/"),
                         command=f"dyad trade table --pair {pair} --monthly"))
    return out
