"""Media reflection: attention over time by outlet country, topics by vector and
administration, tone, and the best- and least-covered contacts. All article text and
metadata reach the page only through escaping builders (tables, chart labels)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from dyad.analysis.media_coverage import (
    administration_of,
    attention_asymmetry,
    coded_articles,
    contact_coverage,
    link_count,
    shipped_article_ids,
    tone_table,
)
from dyad.analysis.media_links import link_totals
from dyad.reference.files import topic_vector
from dyad.report.charts import ADMIN_COLORS, admin_scale, svg, tooltips
from dyad.report.html import missing, note, table
from dyad.report.sections import ReportContext, Section

ADMIN_ORDER = list(ADMIN_COLORS)

CODER = "auto"
SAMPLE_CODER = "gold"  # the shipped sample's codes (dyad.sources.shipped.media_sample)
SAMPLE_NOTE = ("This is a small, purposive sample of {n} articles chosen to evaluate coders "
               "(metadata and gold codes shipped with dyad; each article's source is its URL; "
               "no text is shipped), not a sample of the press: its counts, shares and mean "
               "tones describe these articles only.")


def _choose(con: object) -> tuple[str, pd.DataFrame, bool]:
    """(coder, articles, sample_only): the ``auto`` codes when the store holds any; else the
    shipped sample's gold codes. With ``auto``, shipped text-less sample rows are left out."""
    arts = coded_articles(con, CODER)  # type: ignore[arg-type]
    shipped = shipped_article_ids(con)  # type: ignore[arg-type]
    if arts["tone"].notna().any() or len(arts) > len(shipped):
        return CODER, arts[~arts["article_id"].isin(shipped) | arts["tone"].notna()], False
    return SAMPLE_CODER, coded_articles(con, SAMPLE_CODER), True  # type: ignore[arg-type]


def render(ctx: ReportContext) -> Section:
    import altair as alt

    coder, arts, sample_only = _choose(ctx.con)
    if arts.empty:
        return Section("media", "Media reflection", missing(
            "a corpus of Kazakhstani and American articles, coded.",
            "dyad media import articles.jsonl && dyad media code"), missing=["articles"])
    parts: list[Markup] = []
    if sample_only:
        parts.append(note(SAMPLE_NOTE.format(n=len(arts))))
    lacking: list[str] = []
    dated = arts.dropna(subset=["published"]).copy()
    if not dated.empty:
        dated["month"] = pd.to_datetime(dated["published"]).dt.to_period("Q").dt.start_time
        counts = dated.groupby(["month", "outlet_country"]).size().reset_index(name="articles")
        parts.append(svg(alt.Chart(counts).mark_bar().encode(
            x=alt.X("month:T", title=None), y=alt.Y("articles:Q", title="articles per quarter"),
            color=alt.Color("outlet_country:N", title="outlet country"),
            tooltip=tooltips("month:T", "outlet_country:N", "articles:Q"),
        ).properties(width=760, height=220),
            title=f"Attention over time by outlet country (n = {len(dated)} dated articles)"))
    coded = dated.dropna(subset=["tone"]).copy()
    if coded.empty:
        lacking.append("article_codes")
        parts.append(missing("codes for the articles.", "dyad media code"))
    else:
        coded["admin"] = [administration_of(d) for d in
                          pd.to_datetime(coded["published"]).dt.date]
        long = coded.explode("topics").dropna(subset=["topics"])
        long["vector"] = [topic_vector(t) for t in long["topics"]]
        by_vec = long.groupby(["admin", "vector"]).size().reset_index(name="mentions")
        parts.append(svg(alt.Chart(by_vec).mark_bar().encode(
            x=alt.X("admin:N", sort=ADMIN_ORDER, title=None),
            y=alt.Y("mentions:Q", stack="normalize", title="share of topic codes"),
            color=alt.Color("vector:N", title="vector"),
        ).properties(width=360, height=220),
            title=f"Topics by vector and US administration (n = {len(coded)} dated, coded "
                  f"articles; {len(long)} topic codes)"))
        tone = tone_table(coded, ["admin", "outlet_country"])
        tone["label"] = [f"n={n}" for n in tone["n"]]
        base = alt.Chart(tone).encode(x=alt.X("admin:N", sort=ADMIN_ORDER, title=None))
        points = base.mark_point(filled=True, size=90).encode(
            y=alt.Y("mean_tone:Q", title="mean tone (−1…+1)", scale=alt.Scale(domain=[-1, 1])),
            color=alt.Color("admin:N", scale=admin_scale(), legend=None),
            shape=alt.Shape("outlet_country:N", title="outlet country"),
            tooltip=tooltips("admin:N", "outlet_country:N", "n:Q", "mean_tone:Q", "ci_low:Q",
                             "ci_high:Q"))
        bars = base.mark_rule().encode(y=alt.Y("ci_low:Q"), y2=alt.Y2("ci_high:Q"))
        labels = base.mark_text(dy=-12, fontSize=9).encode(y=alt.Y("mean_tone:Q"),
                                                            text=alt.Text("label:N"))
        parts.append(svg((bars + points + labels).properties(width=360, height=220),
                         title="Tone toward the relationship (n per point; 95% interval "
                               "where n ≥ 5)"))
        parts.append(table(tone.drop(columns=["label"]).round(2), caption=(
            "Mean tone per US administration and outlet country, with n and a 95% interval "
            "(normal approximation; none below n = 5)")))
    undated = len(arts) - len(dated)
    if undated:
        parts.append(note(f"n = {len(arts)} articles; {len(dated)} carry a full publication "
                          f"date and enter the charts and tone table; {undated} do not."))
    cov = contact_coverage(ctx.con, coder, ctx.pair)
    if cov.empty or link_count(ctx.con) == 0:
        lacking.append("article_contact_links")
        parts.append(missing("links from articles to contacts (needs contacts and codes).",
                             "dyad media link"))
    else:
        cov["articles"] = cov["kz_articles"] + cov["us_articles"] + cov["other_articles"]
        cols = ["contact_id", "date_start", "kind", "kz_articles", "us_articles",
                "other_articles", "kz_tone", "kz_tone_n", "us_tone", "us_tone_n",
                "agenda_covered"]
        ranked = cov.sort_values(["articles", "date_start"], ascending=[False, True])
        parts.append(table(ranked[cols].head(10), caption="Best-covered contacts"))
        parts.append(table(ranked[cols].tail(10).iloc[::-1], caption="Least-covered contacts"))
        parts.append(table(attention_asymmetry(cov), caption=(
            f"Attention asymmetry per US administration: KZ-outlet ÷ US-outlet articles about "
            f"{ctx.pair} contacts only (undated articles are not linked)")))
        parts.append(note(_links_note(ctx.con, arts, sample_only)))
    recent = arts.sort_values("published", ascending=False, na_position="last").head(15)
    cols = ["published", "outlet", "outlet_country", "language", "title", "url"]
    if recent["title"].isna().all():  # shipped sample: no titles, no text
        cols.remove("title")
    parts.append(table(recent[cols], caption="Latest articles (source: each article's URL)",
                       links=["url"]))
    if sample_only:
        parts.append(note(f"n = {len(arts)} articles; codes by dyad's gold coding (coder "
                          f"'{coder}', one human coder; data/media/sample.csv)."))
    else:
        parts.append(note(f"{len(arts)} articles; codes by the '{coder}' coder (calibrated on "
                          "the development set; see `dyad media evaluate`)."))
    return Section("media", "Media reflection", Markup("").join(parts), missing=lacking)


def _links_note(con: object, arts: pd.DataFrame, sample_only: bool) -> str:
    """How many articles are linked, how many dated ones are not, and the undated ones left
    out (issue 16's rules), with where the links come from."""
    linked, links = link_totals(con, list(arts["article_id"]))  # type: ignore[arg-type]
    dated = int(arts["published"].notna().sum())
    undated = len(arts) - dated
    how = ("the shipped sample is linked by the words of each article's URL (no text is "
           "shipped): a participant or the place must be named there, and the date must fall "
           "within the contact's window" if sample_only else "`dyad media link`")
    return (f"Links: {linked} of {dated} dated articles report a contact of the register "
            f"({links} links; an article links to the one contact it reports unless it names "
            f"the participants of several); {undated} undated articles are not linked "
            f"(`dyad media link` lists them). Source: the register's contacts and the "
            f"articles above; {how}.")
