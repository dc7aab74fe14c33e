"""`dyad quarantine list|show`: the records loads set aside, by source and reason."""

from __future__ import annotations

from typing import Annotated

import typer

from dyad.cli.common import Fmt, FmtOpt, emit, state

quarantine_app = typer.Typer(no_args_is_help=True)

SourceOpt = Annotated[str | None, typer.Option("--source", help="only this source")]


@quarantine_app.command("list")
def list_(ctx: typer.Context, source: SourceOpt = None, fmt: FmtOpt = Fmt.table) -> None:
    """Quarantined records per source and reason (how many, in how many loads)."""
    from dyad.api import quarantine_summary

    df = quarantine_summary(state(ctx).store(read_only=True), source)
    if df.empty:
        typer.echo("nothing in quarantine" + (f" for {source}" if source else ""), err=True)
        return
    emit(df, fmt, title="Quarantine by source and reason")


@quarantine_app.command("show")
def show(
    ctx: typer.Context,
    source: SourceOpt = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", help="only reasons containing this text")] = None,
    run: Annotated[int | None, typer.Option("--run", help="only this ingest run")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="at most this many")] = 50,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """The quarantined records themselves (file, record, field, reason, raw), newest first."""
    from dyad.api import quarantine_rows

    df = quarantine_rows(state(ctx).store(read_only=True), source, reason=reason,
                         run_id=run, limit=limit)
    if df.empty:
        typer.echo("no quarantined record matches", err=True)
        return
    emit(df, fmt, title="Quarantined records")
