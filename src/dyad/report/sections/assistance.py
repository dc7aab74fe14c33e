"""US assistance section: by administration and state in constant dollars, obligations against
disbursements, Kazakhstan's share of the five, sector vectors when loaded, the seeds' claims."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from dyad.analysis.assistance import (
    C5_NOTE,
    DEFAULT_RULE,
    PARTIAL_NOTE,
    RULES,
    VECTOR_RULE,
    admins_in_data,
    by_admin_states,
    claim_checks,
    kz_share,
    obligations_vs_disbursements,
    sector_vectors,
)
from dyad.analysis.provenance import assistance_load, assistance_rows, assistance_transactions
from dyad.reference import files
from dyad.reference.vocabulary import C5
from dyad.report.charts import svg, tooltips
from dyad.report.html import findings, missing, note, para, table
from dyad.report.labels import admin_name
from dyad.report.sections import ReportContext, Section
from dyad.sources.foreign_assistance.parse import DATA_URL, PUBLISHER

LOAD = "dyad import foreign-assistance us_foreign_aid_country.csv"
LOAD_COMPLETE = "dyad import foreign-assistance us_foreign_aid_complete.csv"
NAMES = {str(c["iso2"]): str(c["name"]) for c in files.countries()}


def render(ctx: ReportContext) -> Section:
    if not assistance_rows(ctx.con):
        return Section("assistance", "US assistance", missing(
            "US foreign assistance to the Central Asian states (ForeignAssistance.gov: "
            "obligations, disbursements, appropriations and requests by fiscal year).", LOAD),
            missing=["assistance"])
    partner = ctx.pair.split("-")[-1]
    country = partner if partner in (*C5, "C5") else "KZ"
    vintage = _vintage(ctx)
    src = note(f"Source: {PUBLISHER}, country dataset (us_foreign_aid_country.csv), {vintage}, "
               f"{DATA_URL}. Public domain (US Government work).")
    other = "execution" if DEFAULT_RULE == "budget" else "budget"
    parts: list[Markup] = [findings(assistance_findings(ctx, country)), para(
        "US foreign assistance by US fiscal year (FY t: 1 October t-1 to 30 September t), in "
        "constant US dollars as published by ForeignAssistance.gov (base year in each table), "
        "net of de-obligations. Attribution rule used here: " + RULES[DEFAULT_RULE]
        + f" The other rule ({other}): " + RULES[other] + f" Run `dyad assistance compare "
        f"--rule {other}` for it. " + PARTIAL_NOTE + " " + C5_NOTE)]
    parts += _by_admin(ctx, src)
    parts += _pipeline(ctx, country, src)
    if ctx.kazakhstan:
        parts += _share(ctx, src)
    parts += _vectors(ctx, country, vintage)
    if ctx.kazakhstan:
        claims = claim_checks(ctx.con)
        claims["claim"] = claims["claim"].map(_name_seed)
        parts += [Markup("<h3>Claims in the seed literature, checked</h3>"),
                  table(claims, caption="Claims about US assistance to Kazakhstan, by their "
                        "source", source=src, command="dyad assistance claims")]
    absent = [] if _has_sectors(ctx) else ["assistance sectors (complete file)"]
    return Section("assistance", "US assistance", Markup("").join(parts), missing=absent,
                   freshness=[f"US assistance (ForeignAssistance.gov): {vintage}"])


SEEDS = {
    "seed 002": "The Future of US–Kazakhstan Relations (commentary, 2020)",
    "seed 004": "H. Karčić, on Central Asia's security environment and Kazakhstan's place in "
                "US strategy (commentary, 2023/24)",
}


def _name_seed(claim: str) -> str:
    for key, name in SEEDS.items():
        if claim.startswith(key):
            return name + claim[len(key):]
    return claim


def assistance_findings(ctx: ReportContext, country: str) -> list[str]:
    """Sentences from the numbers: the partner's obligations per fiscal year under each
    administration (n fiscal years) and its share of the five."""
    admins = admins_in_data(ctx.con, DEFAULT_RULE)
    if country == "C5":
        return []
    df = _state_frames(ctx, admins)[country]
    ob = df[(df["transaction_type"] == "obligations") & (df["n_years"] > 0)]
    if ob.empty:
        return []
    name = NAMES.get(country, country)
    base = ob["constant_base_year"].dropna()
    dollars = f"constant {int(base.max())} dollars" if not base.empty else "constant dollars"
    parts = [f"{admin_name(str(r['admin']))} ${float(r['mean_constant_usd_per_fy']) / 1e6:,.0f}M"
             f" (n = {int(r['n_years'])} FY, {float(r['share_of_c5_pct']):.0f}% of the five)"
             for r in ob.tail(4).to_dict("records")]
    return [f"US assistance obligated to {name} per fiscal year, {dollars} (budget rule; "
            "published totals, no sampling error): " + "; ".join(parts) + "."]


def _vintage(ctx: ReportContext) -> str:
    row = assistance_load(ctx.con)
    if row is None:
        return "vintage unknown"
    if str(row[0]).startswith("shipped:"):
        line = next((ln for ln in files.data_text("assistance/us_assistance_c5.csv")
                     .splitlines() if ln.startswith("# vintage:")), "")
        text = line.removeprefix("# vintage:").split(";")[0].strip()
        return f"snapshot shipped with dyad ({text}; through FY{row[3]})"
    return f"file {str(row[1]).rsplit('/', 1)[-1]} loaded {row[2]} (through FY{row[3]})"


def _state_frames(ctx: ReportContext, admins: list[str]) -> dict[str, pd.DataFrame]:
    """``by_admin`` of each of the five (budget rule), computed once per build; callers
    must not change the frames."""
    key = ("assistance.by_admin", tuple(admins))
    if key not in ctx.memo:
        frames = by_admin_states(ctx.con, C5, admins, rule=DEFAULT_RULE)
        ctx.memo[key] = dict(zip(C5, frames, strict=True))
    return dict(ctx.memo[key])


def _by_admin(ctx: ReportContext, src: Markup) -> list[Markup]:
    import altair as alt

    admins = admins_in_data(ctx.con, DEFAULT_RULE)
    df = pd.concat(_state_frames(ctx, admins).values(), ignore_index=True)
    df = df[df["n_years"] > 0].copy()
    df["state"] = df["country"].map(NAMES)
    df["mean_musd"] = df["mean_constant_usd_per_fy"].astype(float) / 1e6
    base = int(df["constant_base_year"].dropna().max()) if df["constant_base_year"].notna().any() \
        else None
    chart = alt.Chart(df).mark_bar().encode(
        x=alt.X("admin:N", sort=admins, title=None),
        xOffset=alt.XOffset("state:N"),
        y=alt.Y("mean_musd:Q", title=f"US$ million ({base} dollars) per fiscal year"),
        color=alt.Color("state:N", title=None),
        tooltip=tooltips("state:N", "admin:N", "transaction_type:N",
                         alt.Tooltip("mean_musd:Q", format=",.1f"), "n_years:Q"),
    ).properties(width=260, height=220).facet(
        column=alt.Column("transaction_type:N", title=None))
    out = [Markup("<h3>By administration and state</h3>"),
           svg(chart, title=f"US assistance per fiscal year by administration and state, "
                            f"obligations and disbursements (mean of complete fiscal years, "
                            f"constant {base} US$ million; rule: {DEFAULT_RULE})",
               command="dyad assistance compare --country KZ --format json"), src]
    shown = df[["admin", "state", "transaction_type", "first_fy", "last_fy", "n_years",
                "partial_fys", "total_constant_usd", "mean_constant_usd_per_fy",
                "share_of_c5_pct"]].copy()
    shown["share_of_c5_pct"] = shown["share_of_c5_pct"].astype(float).round(1)
    out += [table(shown, caption=f"Totals and yearly means in constant {base} dollars by "
                                 f"administration (rule: {DEFAULT_RULE}); share of the five in %",
                  collapsed=True), src]
    return out


def _pipeline(ctx: ReportContext, country: str, src: Markup) -> list[Markup]:
    import altair as alt

    w = obligations_vs_disbursements(ctx.con, country)
    if w.empty:
        return []
    long = w.melt(id_vars=["fiscal_year"], value_vars=["obligations_constant_usd",
                                                      "disbursements_constant_usd"],
                  var_name="flow", value_name="usd")
    long["flow"] = long["flow"].str.replace("_constant_usd", "")
    long["musd"] = long["usd"] / 1e6
    bars = alt.Chart(long).mark_bar().encode(
        x=alt.X("fiscal_year:O", title="fiscal year"), xOffset=alt.XOffset("flow:N"),
        y=alt.Y("musd:Q", title="constant US$ million"), color=alt.Color("flow:N", title=None),
        tooltip=tooltips("fiscal_year:O", "flow:N", alt.Tooltip("musd:Q", format=",.1f")),
    ).properties(width=640, height=220)
    name = NAMES.get(country, "the five Central Asian states")
    last = w.iloc[-1]
    return [Markup("<h3>Obligations against disbursements</h3>"),
            svg(bars, title=f"US assistance to {name}: obligations and disbursements per fiscal "
                            "year (constant US$ million)",
                command=f"dyad assistance pipeline --country {country}"), src,
            note(f"Running totals FY{int(w['fiscal_year'].min())}-FY{int(last['fiscal_year'])}: "
                 f"obligated ${last['cumulative_obligations_usd'] / 1e6:,.0f}M, disbursed "
                 f"${last['cumulative_disbursements_usd'] / 1e6:,.0f}M (constant dollars). A "
                 "year's disbursements pay for earlier years' obligations too, so a yearly ratio "
                 "is not an execution rate.")]


def _share(ctx: ReportContext, src: Markup) -> list[Markup]:
    import altair as alt

    s = kz_share(ctx.con)
    if s.empty:
        return []
    chart = alt.Chart(s).mark_line(point=True).encode(
        x=alt.X("fiscal_year:O", title="fiscal year"),
        y=alt.Y("share_pct:Q", title="Kazakhstan's share of the five (%)"),
        color=alt.Color("transaction_type:N", title=None),
        tooltip=tooltips("fiscal_year:O", "transaction_type:N",
                         alt.Tooltip("share_pct:Q", format=".1f")),
    ).properties(width=640, height=200)
    return [Markup("<h3>Kazakhstan's share of US assistance to Central Asia</h3>"),
            svg(chart, title="Kazakhstan's share of US assistance to the five Central Asian "
                             "states, by fiscal year (%)",
                command="dyad assistance share --country KZ"), src]


def _has_sectors(ctx: ReportContext) -> bool:
    return assistance_transactions(ctx.con) > 0


def _vectors(ctx: ReportContext, country: str, vintage: str) -> list[Markup]:
    import altair as alt

    out = [Markup("<h3>By vector (security, economic, values)</h3>")]
    v = sector_vectors(ctx.con, country)
    if v.empty:
        out.append(missing("Sector data (US sector, agency, funding account, partner) from "
                           "ForeignAssistance.gov's transaction-level complete file; the "
                           "country file has none.", LOAD_COMPLETE))
        return out
    chart = alt.Chart(v).mark_bar().encode(
        x=alt.X("fiscal_year:O", title="fiscal year"),
        y=alt.Y("share_pct:Q", stack="zero", title="share of obligations (%)"),
        color=alt.Color("vector:N", title=None),
    ).properties(width=640, height=200)
    out += [svg(chart, title="Obligations by codebook vector (share of each fiscal year, %)"),
            note(VECTOR_RULE),
            note(f"Source: {PUBLISHER}, complete dataset (us_foreign_aid_complete.csv), "
                 f"{DATA_URL}. Public domain.")]
    return out

