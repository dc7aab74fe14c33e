"""`dyad events …`: GDELT event data.

`dyad import gdelt PATH...` and `dyad update gdelt --from DATE --to DATE` are built from the
source registry (cli/imports.py).
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from typing import Annotated

import typer

from dyad.cli.common import Fmt, emit, state

events_app = typer.Typer(no_args_is_help=True)


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"
    bigquery = "bigquery"


PairOpt = Annotated[str | None, typer.Option(
    "--pair", help="US-KZ, US-UZ, US-KG, US-TJ, US-TM or US-C5 (with RU and CN beside)")]
BetweenOpt = Annotated[tuple[str, str] | None, typer.Option(
    "--between", help="any two countries by ISO3 code, e.g. --between JPN TKM")]
EngineOpt = Annotated[Engine, typer.Option("--engine", help="duckdb, spark or bigquery")]
ProjectOpt = Annotated[str | None, typer.Option(
    "--project", help="Google Cloud project billed (--engine bigquery)")]
FmtOpt = Annotated[Fmt, typer.Option("--format", help="table, csv or json")]
DateOpt = Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"])]
YesOpt = Annotated[bool, typer.Option("--yes", help="run a BigQuery scan without asking")]


def _confirm(yes: bool):  # noqa: ANN202
    def ask(n_bytes: int) -> bool:
        return yes or typer.confirm(f"BigQuery estimates {n_bytes / 1e9:.1f} GB scanned; run?",
                                    err=True)
    return ask


def _con(ctx: typer.Context, engine: Engine):  # noqa: ANN202
    return None if engine is Engine.bigquery else state(ctx).store()


@events_app.command("list")
def list_events(ctx: typer.Context, pair: PairOpt = None, between: BetweenOpt = None,
                engine: EngineOpt = Engine.duckdb, project: ProjectOpt = None,
                start: Annotated[dt.datetime | None, typer.Option(
                    "--from", formats=["%Y-%m-%d"])] = None,
                end: Annotated[dt.datetime | None, typer.Option(
                    "--to", formats=["%Y-%m-%d"])] = None,
                yes: YesOpt = False, fmt: FmtOpt = Fmt.table) -> None:
    """One row per event after deduplication, with its PLOVER type."""
    from dyad.api import events_list

    df = events_list(_con(ctx, engine), pair=pair, between=between, engine=engine.value,
                     project=project, start=start.date() if start else None,
                     end=end.date() if end else None, confirm=_confirm(yes))
    emit(df, fmt, title="GDELT events")


@events_app.command("monthly")
def monthly(ctx: typer.Context, pair: PairOpt = None, between: BetweenOpt = None,
            engine: EngineOpt = Engine.duckdb, project: ProjectOpt = None,
            daily: Annotated[bool, typer.Option("--daily", help="by day, not month")] = False,
            yes: YesOpt = False, fmt: FmtOpt = Fmt.table) -> None:
    """Counts by PLOVER type, cooperation index, mean Goldstein and tone, with n."""
    from dyad.api import events_monthly

    df = events_monthly(_con(ctx, engine), pair=pair, between=between,
                        by="day" if daily else "month", engine=engine.value, project=project,
                        confirm=_confirm(yes))
    emit(df, fmt, title="GDELT events by " + ("day" if daily else "month"))


@events_app.command("sql")
def sql(pair: PairOpt = None, between: BetweenOpt = None,
        engine: EngineOpt = Engine.bigquery,
        events: Annotated[bool, typer.Option("--events", help="the event list's SQL")] = False
        ) -> None:
    """Print the SQL Ibis compiles for the dyad's monthly aggregates (no connection)."""
    from dyad.api import events_sql

    sys.stdout.write(events_sql(pair=pair, between=between, engine=engine.value,
                                what="events" if events else "monthly") + "\n")


@events_app.command("candidates")
def candidates(ctx: typer.Context, pair: PairOpt = None,
               queue: Annotated[bool, typer.Option(
                   "--queue", help="put unmatched candidates into the review queue")] = False,
               recall: Annotated[bool, typer.Option(
                   "--recall", help="print GDELT's precision and recall against the register")
               ] = False, fmt: FmtOpt = Fmt.table) -> None:
    """Candidate contacts from government-to-government GDELT events, matched with the register."""
    from dyad.api import events_match, queue_event_candidates

    con = state(ctx).store()
    matched, pr = events_match(con, pair or "US-KZ")
    if recall:
        emit(pr, fmt, title="GDELT against the register")
        return
    emit(matched, fmt, title="Candidate contacts from GDELT")
    if queue:
        n = queue_event_candidates(con, pair or "US-KZ")
        typer.echo(f"{n} candidate(s) added to the review queue", err=True)
