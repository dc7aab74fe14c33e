"""`dyad media …`: import, code, codes, evaluate, calibrate, sheets, link, coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dyad.cli.common import Fmt, emit, fail, state

media_app = typer.Typer(no_args_is_help=True)

FmtOpt = Annotated[Fmt, typer.Option("--format", help="table, csv or json")]
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
    title, text; `id` kept as external_id; other fields ignored)."""
    from dyad.api.media import import_articles
    from dyad.store.provenance import LoadError

    defaults = {"outlet": outlet, "outlet_country": outlet_country, "language": language}
    try:
        s = import_articles(state(ctx).store(), path, mapping=_mapping(map_), defaults=defaults)
    except LoadError as e:
        raise fail(e.describe()) from None
    typer.echo(f"run {s.run_id}: {s.rows_in} records, {s.loaded} loaded, {s.duplicates} "
               f"duplicates skipped, {s.quarantined} quarantined")
    for p in s.problems[:20]:
        typer.echo(f"  quarantined: {p}", err=True)


@media_app.command("code")
def code(ctx: typer.Context, coder: CoderOpt = "auto",
         recode: Annotated[bool, typer.Option(help="code again even if current")] = False
         ) -> None:
    """Code stored articles (topics and tone) with a coder; codes kept per coder."""
    from dyad.api.media import code_articles

    try:
        n = code_articles(state(ctx).store(), coder, recode=recode)
    except ValueError as e:
        raise fail(str(e)) from None
    typer.echo(f"coded {n} articles with {coder}")


@media_app.command("codes")
def codes(ctx: typer.Context, coder: CoderOpt = "auto", fmt: FmtOpt = Fmt.table) -> None:
    """Codes of one coder: external_id, coder, topics (keys joined by ';'), tone."""
    from dyad.api.media import article_codes

    emit(article_codes(state(ctx).store(), coder), fmt, title=f"Codes by {coder}")


@media_app.command("evaluate")
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="JSONL with gold topics and tone")],
    coder: CoderOpt = "auto", fmt: FmtOpt = Fmt.table,
) -> None:
    """Per-topic precision/recall/F1, micro/macro F1, Krippendorff's alpha (tone, topics)."""
    import pandas as pd

    from dyad.api.media import evaluate_gold
    from dyad.store.provenance import LoadError

    try:
        topics, summary = evaluate_gold(gold, coder)
    except (LoadError, ValueError) as e:
        raise fail(e.describe() if isinstance(e, LoadError) else str(e)) from None
    emit(topics, fmt, title=f"{coder} against {gold.name}: topics")
    emit(pd.DataFrame([{"coder": coder, **summary}]), fmt, title="Summary")


@media_app.command("calibrate")
def calibrate(
    gold: Annotated[Path, typer.Option("--gold", help="JSONL with gold topics and tone")],
    out: Annotated[Path | None, typer.Option(help="where to write calibration.json")] = None,
) -> None:
    """Fit the auto and embedding coders on gold; print in-sample and leave-one-out scores."""
    import pandas as pd

    from dyad.api.media import calibrate_gold
    from dyad.store.provenance import LoadError

    try:
        cal = calibrate_gold(gold, out)
    except LoadError as e:
        raise fail(e.describe()) from None
    emit(pd.DataFrame([{"coder": k, **v} for k, v in cal["metrics"].items()]), Fmt.table,
         title="Calibration metrics")
