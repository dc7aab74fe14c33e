"""`dyad media …`: import, code, codes, evaluate, calibrate, sheets, link, coverage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from dyad.cli.common import Fmt, FmtOpt, emit, fail, state
from dyad.cli.imports import guarded, report

media_app = typer.Typer(no_args_is_help=True)

CoderOpt = Annotated[str, typer.Option("--coder", help="dictionary, embedding or auto")]


def _mapping(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for p in pairs or []:
        if "=" not in p:
            raise typer.BadParameter(f"--map wants FIELD=COLUMN, got {p!r}")
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


@media_app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="JSONL or CSV file, or folder of .html/.txt")],
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help="FIELD=COLUMN, e.g. --map text=body (repeatable)")] = None,
    outlet: Annotated[str | None, typer.Option(help="outlet for a folder's files")] = None,
    outlet_country: Annotated[str | None, typer.Option(help="US, KZ or other")] = None,
    language: Annotated[str | None, typer.Option(help="en, ru or kk (else detected)")] = None,
) -> None:
    """Load articles (JSONL fields id, url, outlet, outlet_country, language, published,
    title, text; `id` kept as external_id; other fields ignored). The same as
    `dyad import articles PATH`, with the field mapping and defaults as options."""
    from dyad.api import import_source

    defaults = {"outlet": outlet, "outlet_country": outlet_country, "language": language}
    report([guarded(import_source, "articles", state(ctx).store(), "articles", path,
                  mapping=_mapping(map_), defaults=defaults)])


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress display on stderr; yields the ``progress(step, done, total)``
    callback the library's long steps call."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    tasks: dict[str, Any] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)
        yield update


@media_app.command("code")
def code(ctx: typer.Context, coder: CoderOpt = "auto",
         recode: Annotated[bool, typer.Option(help="code again even if current")] = False
         ) -> None:
    """Code stored articles (topics and tone) with a coder; codes kept per coder."""
    from dyad.api.media import code_articles

    try:
        with _progress() as progress:
            n = code_articles(state(ctx).store(), coder, recode=recode, progress=progress)
    except ValueError as e:
        raise fail(str(e)) from None
    typer.echo(f"coded {n} articles with {coder}")


@media_app.command("codes")
def codes(ctx: typer.Context, coder: CoderOpt = "auto", fmt: FmtOpt = Fmt.table) -> None:
    """Codes of one coder: external_id, coder, topics (keys joined by ';'), tone."""
    from dyad.api.media import article_codes

    emit(article_codes(state(ctx).store(), coder), fmt, title=f"Codes by {coder}")


GroupsOpt = Annotated[list[Path] | None, typer.Option(
    "--groups", help='JSON {"group": [article ids]}: add grouped cross-validation, each group '
                     "held out whole (an event's articles; a writer's batch); repeatable")]

SecondOpt = Annotated[Path | None, typer.Option(
    "--second", help="a second coder's blind codes (JSONL: id, topics, tone): the tone model "
                     "is fitted to the mean of first, second and final codes")]
AdjudicationOpt = Annotated[Path | None, typer.Option(
    "--adjudication", help="JSONL record of adjudicated disagreements (id, first, second, "
                           "adjudicated): the first coder's original codes")]

STATUS_NOTE = {
    "unseen": "the installed calibration was not fitted on these articles: out-of-sample.",
    "in-sample": ("IN-SAMPLE: the installed calibration was fitted on these articles, so its "
                  "figures on them are not a validation; read the leave-one-out rows."),
}


@media_app.command("evaluate")
def evaluate(
    gold: Annotated[list[Path], typer.Option(
        "--gold", help="JSONL with gold topics and tone; repeat for several files")],
    coder: CoderOpt = "auto", fmt: FmtOpt = Fmt.table,
    groups: GroupsOpt = None, second: SecondOpt = None, adjudication: AdjudicationOpt = None,
) -> None:
    """Agreement with gold per language (all, en, ru, kk): topic F1, Krippendorff's alpha
    for tone with 95% bootstrap intervals. Gold the coder was fitted on (found by content
    hash) is labelled in-sample, with leave-one-out figures beside (and grouped
    cross-validation with --groups, which also says how far each held-out group's mean tone
    is from the gold's: the error of the means the report shows)."""
    from dyad.api.media import evaluate_gold
    from dyad.errors import LoadError

    try:
        with _progress() as progress:
            res = evaluate_gold(gold, coder, progress=progress, groups=groups,
                                second=second, adjudication=adjudication)
    except (LoadError, ValueError) as e:
        raise fail(e.describe() if isinstance(e, LoadError) else str(e)) from None
    st = res["status"]
    note = STATUS_NOTE.get(st) or (f"{st.upper()}: some articles were in the calibration's "
                                   "fitting set; read the leave-one-out rows.")
    name = "+".join(p.name for p in gold)
    typer.echo(f"{coder} against {name}: {note}", err=True)
    emit(res["topics"], fmt, title=f"{coder} against {name}: topics ({st})")
    emit(res["summary"], fmt, title=f"Summary per language ({st})")
    for kind, table in res["group_means"].items():
        emit(table, fmt, title=f"Mean tone of a held-out group, coder minus gold ({kind})")


@media_app.command("agreement")
def agreement(
    gold: Annotated[list[Path], typer.Option("--gold", help="gold JSONL (the first coding); "
                                                            "repeat for several files")],
    second: Annotated[Path, typer.Option(
        "--second", help="JSONL of a second coder's independent codes: id, topics, tone")],
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Inter-coder reliability of the gold itself: a second person's blind codes against
    the gold, per language (all, en, ru, kk) with n, tone alpha and 95% bootstrap
    intervals, and the tone cross-table. It bounds what any coder can reach on this gold."""
    from dyad.api.media import gold_agreement
    from dyad.errors import LoadError

    try:
        res = gold_agreement(gold, second)
    except LoadError as e:
        raise fail(e.describe()) from None
    if not len(res["summary"]):
        raise fail(f"{second}: no article id in common with the gold files")
    for key, who in (("only_first", "the gold"), ("only_second", second.name)):
        if res[key]:
            typer.echo(f"{len(res[key])} articles coded only in {who} (left out): "
                       + ", ".join(res[key][:10]) + (" ..." if len(res[key]) > 10 else ""),
                       err=True)
    emit(res["summary"], fmt, title="Second coder against the gold, per language")
    emit(res["tones"].reset_index(), fmt, title="Tone: gold (rows) by second coder (columns)")


@media_app.command("calibrate")
def calibrate(
    gold: Annotated[list[Path], typer.Option(
        "--gold", help="JSONL with gold topics and tone; repeat for several files")],
    out: Annotated[Path | None, typer.Option(
        help="where to write calibration.json (default: the user data folder)")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="replace the calibration installed with the package")] = False,
    groups: GroupsOpt = None, second: SecondOpt = None, adjudication: AdjudicationOpt = None,
) -> None:
    """Fit the auto and embedding coders on gold; print leave-one-out scores per language
    (and in-sample ones, labelled so; grouped cross-validation with --groups), and store
    them in the calibration. The coders read the user calibration, when there is one,
    before the shipped one; the installed calibration is replaced only with --force.
    """
    import pandas as pd

    from dyad.api.media import calibrate_gold
    from dyad.errors import LoadError

    try:
        with _progress() as progress:
            cal = calibrate_gold(gold, out, force=force, progress=progress, groups=groups,
                                 second=second, adjudication=adjudication)
    except LoadError as e:
        raise fail(e.describe()) from None
    rows = [{"figures": k, **r} for k, v in cal["metrics"].items() for r in v]
    emit(pd.DataFrame(rows), Fmt.table, title="Calibration metrics")
    typer.echo(f"wrote {cal['written_to']}", err=True)


@media_app.command("sheet-export")
def sheet_export(ctx: typer.Context,
                 path: Annotated[Path, typer.Argument(help="coding sheet to write (.csv/.xlsx)")],
                 n: Annotated[int, typer.Option(help="articles to sample")] = 50) -> None:
    """Write a human coding sheet for a stratified sample of articles."""
    from dyad.api.media import export_coding_sheet

    typer.echo(f"wrote {export_coding_sheet(state(ctx).store(), path, n)} rows to {path}")


@media_app.command("sheet-import")
def sheet_import(ctx: typer.Context,
                 path: Annotated[Path, typer.Argument(help="filled coding sheet")],
                 coder: Annotated[str | None, typer.Option(help="coder name")] = None) -> None:
    """Store a filled coding sheet's codes as coder human:NAME."""
    from dyad.api.media import import_coding_sheet
    from dyad.errors import LoadError

    try:
        n = import_coding_sheet(state(ctx).store(), path, coder)
    except LoadError as e:
        raise fail(e.describe()) from None
    typer.echo(f"imported {n} coded articles from {path}")


@media_app.command("reliability")
def reliability(ctx: typer.Context,
                coders: Annotated[str | None, typer.Option(
                    help="comma-separated coders (default: all human coders and auto)")] = None,
                fmt: FmtOpt = Fmt.table) -> None:
    """Krippendorff's alpha between coders (tone ordinal, topics nominal); disagreements."""
    from dyad.api.media import coder_reliability

    chosen = [c.strip() for c in coders.split(",")] if coders else None
    alphas, disagreements = coder_reliability(state(ctx).store(), chosen)
    emit(alphas, fmt, title="Reliability (Krippendorff's alpha)")
    emit(disagreements, fmt, title="Disagreements")


@media_app.command("link")
def link(ctx: typer.Context, coder: CoderOpt = "auto",
         include_undated: Annotated[bool, typer.Option(
             "--include-undated", help="also link undated articles (they name a participant "
             "and the contact's year)")] = False) -> None:
    """Link each article to the contact it reports (several only when it reports several);
    undated articles are listed, not linked, unless --include-undated."""
    from dyad.api.media import link_contacts

    n, undated = link_contacts(state(ctx).store(), coder, include_undated=include_undated)
    typer.echo(f"{n} article-contact links")
    if len(undated):
        typer.echo(f"{len(undated)} undated articles "
                   + ("linked where they name a participant and the year" if include_undated
                      else "not linked (--include-undated to try):"), err=True)
        if not include_undated:
            for r in undated.head(50).to_dict("records"):
                typer.echo(f"  {r['external_id']}\t{r['outlet']}\t{r['title'] or ''}",
                           err=True)


@media_app.command("coverage")
def coverage(ctx: typer.Context, coder: CoderOpt = "auto", fmt: FmtOpt = Fmt.table,
             pair: Annotated[str, typer.Option(help="US-KZ, US-UZ, ... or US-C5")] = "US-KZ"
             ) -> None:
    """Per contact of the pair: KZ vs US articles, tone with n, agenda covered; asymmetry
    per administration (only the pair's own contacts count)."""
    from dyad.api.media import coverage as cov

    per_contact, asym = cov(state(ctx).store(), coder, pair)
    emit(per_contact, fmt, title="Coverage per contact")
    emit(asym, fmt, title="Attention asymmetry (KZ ÷ US) per US administration")


@media_app.command("feeds")
def feeds(ctx: typer.Context,
          outlet: Annotated[list[str] | None, typer.Option(help="outlet name(s)")] = None,
          cache: Annotated[Path | None, typer.Option(help="HTTP cache folder")] = None) -> None:
    """Read the RSS/Atom feeds of the outlets in data/outlets.yaml (network; the same as
    `dyad update feeds`)."""
    from dyad.api.media import import_outlet_feeds

    results = guarded(import_outlet_feeds, "feeds", state(ctx).store(), cache_dir=cache,
                    names=outlet)
    for r in results:
        typer.echo(f"{r.details.get('outlet')}: {r.line()}")


@media_app.command("gdelt")
def gdelt(ctx: typer.Context,
          query: Annotated[str, typer.Argument(help='GDELT query, e.g. Kazakhstan')],
          country: Annotated[str | None, typer.Option(help="source country US or KZ")] = None,
          mode: Annotated[str, typer.Option(help="artlist, timelinevolraw, timelinetone")
                          ] = "artlist",
          cache: Annotated[Path | None, typer.Option(help="HTTP cache folder")] = None) -> None:
    """GDELT DOC 2.0: article list or volume/tone timeline for a query (network; the same
    as `dyad update gdelt --opt query=...`)."""
    from dyad.api.media import import_gdelt

    report([guarded(import_gdelt, "gdelt", state(ctx).store(), query, country=country,
                  mode=mode, cache_dir=cache)])


CollectionOpt = Annotated[list[str], typer.Option(
    "--collection", help="Media Cloud collection id (repeatable), e.g. 34412234 (US National)")]
FromOpt = Annotated[str | None, typer.Option("--from", help="first day, YYYY-MM-DD")]
ToOpt = Annotated[str | None, typer.Option("--to", help="last day, YYYY-MM-DD")]


@media_app.command("mediacloud")
def mediacloud(ctx: typer.Context,
               query: Annotated[str, typer.Option("--query", help="Media Cloud query")],
               collection: CollectionOpt, start: FromOpt = None, end: ToOpt = None,
               stories: Annotated[bool, typer.Option(
                   help="also load every matching story's metadata")] = True,
               country: Annotated[str | None, typer.Option(
                   help="outlet country of the stories: US, KZ or other")] = None,
               cache: Annotated[Path | None, typer.Option(help="HTTP cache folder")] = None
               ) -> None:
    """Media Cloud search (network; key in MEDIACLOUD_API_KEY): daily counts of the query
    and of all stories per collection, and the stories' metadata (sliced by time; the same
    as `dyad update mediacloud --opt query=... --opt collection=...`)."""
    from dyad.api.media import import_mediacloud

    with _progress() as progress:
        result = guarded(import_mediacloud, "mediacloud", state(ctx).store(), query,
                         ",".join(collection), start, end, stories=stories,
                         outlet_country=country, cache_dir=cache, progress=progress)
    report([result])


@media_app.command("attention")
def attention(ctx: typer.Context,
              query: Annotated[str, typer.Option("--query", help="the query as loaded")],
              collection: Annotated[list[str] | None, typer.Option(
                  "--collection", help="collection id (repeatable; default: all stored)")
              ] = None,
              start: FromOpt = None, end: ToOpt = None,
              by: Annotated[str, typer.Option(
                  help="day, week, month, year, total, or outlet (collections and the "
                       "largest outlets, each normalised by its own volume)")] = "month",
              top: Annotated[int, typer.Option(help="--by outlet: outlets shown")] = 10,
              min_n: Annotated[int, typer.Option(
                  "--min-n", help="--by outlet: an outlet's least stories in the period")
              ] = 1000,
              fmt: FmtOpt = Fmt.table) -> None:
    """Attention normalised by each collection's volume: stories matching the query ÷ all
    the collection's stories (n), with 95% Wilson intervals and the days with data; from
    the counts `dyad media mediacloud` stored. `--by outlet`: the collections and the
    largest outlets over the period, each outlet's share of its own stories."""
    from dyad.api.media import media_attention

    if by.strip().lower() == "outlet":
        _outlet_table(ctx, query, collection, start, end, top, min_n, fmt)
        return
    df = media_attention(state(ctx).store(), query, collections=",".join(collection or []),
                         start=start, end=end, by=by)
    if df.empty:
        typer.echo(f"no Media Cloud counts stored for {query!r}; load them with `dyad media "
                   f"mediacloud --query {query!r} --collection ID --from ... --to ...`",
                   err=True)
    emit(df, fmt, title=f"Attention to {query!r} (share of each collection's stories)")


def _outlet_table(ctx: typer.Context, query: str, collection: list[str] | None,
                  start: str | None, end: str | None, top: int, min_n: int, fmt: Fmt) -> None:
    import pandas as pd

    from dyad.api.media import attention_by_outlet

    df = attention_by_outlet(state(ctx).store(), query, collections=",".join(collection or []),
                             start=start, end=end, top=top, min_n=min_n)
    if df.empty:
        typer.echo(f"no Media Cloud counts or outlet volumes stored for {query!r}; load them "
                   f"with `dyad media mediacloud --query {query!r} --collection ID --from ... "
                   "--to ...`", err=True)
    shown = df
    if fmt is Fmt.table and not df.empty:  # narrow enough for a terminal: shares per 10,000
        shown = pd.DataFrame({
            "collection": df["collection_id"],
            "outlet": df["outlet"].fillna("(all outlets)"),
            "matching": df["count"], "n": df["n"], "per 10k": df["per_10k"].round(2),
            "95% CI per 10k": [f"{lo * 1e4:.2f}–{hi * 1e4:.2f}"
                               for lo, hi in zip(df["share_low"], df["share_high"],
                                                 strict=True)]})
    emit(shown, fmt, title=f"Attention to {query!r} per collection and outlet (share of its "
                           f"own stories), {df.attrs.get('period', '')}")
    if fmt is Fmt.table and not df.empty:
        a = df.attrs
        periods = "; ".join(a.get("outlet_periods") or []) or "none stored"
        typer.echo(f"Unit: {a['unit']}. Exposure: {a['exposure']}. Interval: {a['interval']}. "
                   f"Outlet periods: {periods}. Source: {a['source']}.", err=True)
