"""`dyad contacts …` and `dyad compare`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from dyad.cli.common import Fmt, check_pair, emit, state

contacts_app = typer.Typer(no_args_is_help=True)

PairOpt = Annotated[str, typer.Option("--pair", help="US-KZ, US-UZ, US-KG, US-TJ, US-TM, US-C5")]
FmtOpt = Annotated[Fmt, typer.Option("--format", help="table, csv or json")]


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"{name} must be YYYY-MM-DD, got {value!r}") from e


@contacts_app.command("list")
def list_(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """List confirmed contacts for a pair (dates ISO)."""
    from dyad.api import contacts_table

    df = contacts_table(
        state(ctx).store(), check_pair(pair),
        date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to"),
    )
    emit(df, fmt, title=f"Contacts {pair}")


def compare(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    admins: Annotated[
        str, typer.Option("--admins", help="comma-separated administration keys")
    ] = "obama,trump1,biden,trump2",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Compare US administrations: contact rates, rate ratios, agenda shares."""
    from dyad.api import compare_administrations

    result = compare_administrations(
        state(ctx).store(), check_pair(pair), [a.strip() for a in admins.split(",") if a.strip()]
    )
    result.emit(fmt)
