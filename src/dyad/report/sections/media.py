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
from dyad.report.html import Src, missing, note, table
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
        return Section("media", "Media reflection", Markup("").join([missing(
            "a corpus of Kazakhstani and American articles, coded.",
            "dyad media import articles.jsonl && dyad media code"),
            *mediacloud_tables(ctx.con)]), missing=["articles"])
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
    parts.extend(mediacloud_tables(ctx.con))
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
        from dyad.coding.coders import load_calibration

        parts.append(note(f"{len(arts)} articles; codes by the '{coder}' coder. "
                          + validation_note(load_calibration())))
    return Section("media", "Media reflection", Markup("").join(parts), missing=lacking)


def validation_note(cal: dict[str, object]) -> str:
    """What the installed coder is worth, from the out-of-sample figures its calibration
    stores (``dyad media calibrate``): per figures kind (leave-one-out; grouped by event when
    it was run), tone alpha (nominal) with its interval and topic micro-F1, per language with
    n. In-sample figures are never quoted."""
    metrics = cal.get("metrics")
    kinds = [k for k in (metrics if isinstance(metrics, dict) else {})
             if k.startswith("auto ") and ("leave-one-out" in k or "grouped" in k)]
    if not kinds:
        return ("Its calibration stores no out-of-sample figures: see `dyad media evaluate` "
                "before reading the tone means.")
    out = []
    for k in kinds:
        rows = {str(r.get("language")): r for r in metrics[k]}  # type: ignore[index]
        langs = "; ".join(
            f"{lang} (n = {r['n']}): tone α {r['tone_alpha_nominal']:.2f} "
            f"{r.get('nominal_95ci') or ''}, topic F1 {r['micro_f1']:.2f}".replace("  ", " ")
            for lang in ("all", "en", "ru", "kk") if (r := rows.get(lang))
            and isinstance(r.get("tone_alpha_nominal"), float))
        out.append(f"{k[len('auto '):]}: {langs}")
    n = cal.get("n_articles")
    return (f"Out-of-sample agreement with the {n} gold articles it was fitted on (each coded "
            f"by a calibration fitted without it, never in sample): " + " — ".join(out) + ". "
            "Read the tone means with these figures in mind; grouped figures hold out a whole "
            "group at once (an event's articles, or a writer's batch) and are the honest ones "
            "where given." + _mean_error_note(metrics))


def _mean_error_note(metrics: object) -> str:
    """The error of a mean tone like those above, from the calibration's
    ``group_mean_error`` tables (a held-out group's mean, coder minus gold); '' if none."""
    from dyad.coding.validation import MEAN_ERROR, MIN_GROUP_N

    parts = []
    for k, rows in (metrics.items() if isinstance(metrics, dict) else ()):
        if not k.startswith(MEAN_ERROR):
            continue
        row = next((r for r in rows if r.get("language") == "all"), None)
        if not row or not row.get("groups"):
            continue
        base = row.get("baseline_mae")
        parts.append(
            f"{k[len(MEAN_ERROR):].strip()}: off by {row['mean_abs_error']:.2f} on average "
            f"{row.get('mae_95ci') or ''} over the {row['groups']} groups with at least "
            f"{MIN_GROUP_N} articles, at most {row['max_abs_error']:.2f}, bias "
            f"{row['bias']:+.2f}".replace("  ", " ")
            + (f" (guessing the other groups' mean: off by {base:.2f})"
               if isinstance(base, float) and base == base else ""))
    if not parts:
        return ""
    return (" How far a mean tone on the −1…+1 scale can be off: the coder's mean over a "
            "held-out group minus the gold's — " + "; ".join(parts) + ".")


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


MEDIACLOUD_URL = "https://www.mediacloud.org"


def mediacloud_tables(con: object, *, queries: int = 3, top: int = 8) -> list[Markup]:
    """Attention normalised by volume from the stored Media Cloud data: one small table per
    stored query (at most ``queries``, most matching stories first) with the collections
    and the ``top`` outlets by volume, n beside each share and its Wilson interval. Nothing
    when no Media Cloud counts or outlet volumes are stored."""
    from dyad.analysis.attention import attention_table, stored_queries

    out: list[Markup] = []
    for query in stored_queries(con, queries):  # type: ignore[arg-type]
        df = attention_table(con, query, top=top)  # type: ignore[arg-type]
        if df.empty:
            continue
        a = df.attrs
        shown = pd.DataFrame({
            "collection": df["collection_id"],
            "outlet": df["outlet"].fillna("(all outlets)"),
            "matching stories": df["count"], "n (all stories)": df["n"],
            "per 10,000": df["per_10k"].round(2),
            "95% interval": [f"{lo * 1e4:.2f}–{hi * 1e4:.2f}" for lo, hi
                             in zip(df["share_low"], df["share_high"], strict=True)]})
        outlets = int((df["level"] == "outlet").sum())
        ids = ", ".join(str(c) for c in a["collections"])
        periods = "; ".join(a["outlet_periods"]) or "none stored"
        out.append(table(shown, caption=(
            f"Attention to {query!r} normalised by volume: stories matching the query per "
            f"10,000 stories of each Media Cloud collection and of its {outlets} largest "
            f"outlets (n ≥ 1,000). Unit: stories (online news); exposure: {a['exposure']}; "
            f"interval: {a['interval']}. Period {a['period']} (outlet periods: {periods}). "
            "An outlet missing from the query's top-sources answer is counted 0 matching "
            "stories; Media Cloud lists top sources only, so such a 0 may hide a few."),
            source=Src("Media Cloud", f"online news search API, collections {ids}, query "
                       f"{query!r} (count-over-time; top sources, and q=* for each outlet's "
                       "volume)", str(a["period"]), MEDIACLOUD_URL),
            command=f"dyad media attention --query {query!r} --by outlet" + "".join(
                f" --{opt} {a[key]}" for opt, key in (("from", "start"), ("to", "end"))
                if a.get(key))))
    return out
