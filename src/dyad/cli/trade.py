"""`dyad trade …`, `dyad update trade` and `dyad import census-file / comtrade-file`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dyad.cli.common import Fmt, FmtOpt, PairOpt, check_pair, emit, fail, state
from dyad.cli.imports import import_app

trade_app = typer.Typer(no_args_is_help=True)
update_app = typer.Typer(no_args_is_help=True)



@import_app.command("census-file")
def import_census_file(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Census country.xlsx (or its text twin)")],
) -> None:
    """Import the Census all-countries file (monthly and annual US trade, every partner)."""
    from dyad.api import load_census_file
    from dyad.errors import LoadError

    try:
        s = load_census_file(state(ctx).store(), path)
    except LoadError as e:
        raise fail(e.describe()) from e
    note = "; ".join(f"{y}: months 1-{m} published, no annual row"
                     for y, m in s.incomplete_years.items())
    typer.echo(f"run {s.run_id}: {s.rows_in} flows read, {s.rows_loaded} new or revised"
               + (f" ({note})" if note else ""))


@import_app.command("comtrade-file")
def import_comtrade_file(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="UN Comtrade bulk/UI CSV download")],
) -> None:
    """Import a UN Comtrade CSV download (annual, any reporter and partners)."""
    from dyad.api import load_comtrade_file
    from dyad.errors import LoadError

    try:
        run_id, rows_in, loaded = load_comtrade_file(state(ctx).store(), path)
    except LoadError as e:
        raise fail(e.describe()) from e
    typer.echo(f"run {run_id}: {rows_in} flows read, {loaded} new or revised")


@trade_app.command("table")
def table(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    monthly: Annotated[bool, typer.Option("--monthly", help="one row per published month")] = False,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """US exports, imports, balance and turnover with a partner, in US dollars."""
    from dyad.api import trade_table

    emit(trade_table(state(ctx).store(), check_pair(pair), monthly=monthly), fmt,
         title=f"US trade in goods, {pair.upper()} (US dollars)")


@trade_app.command("growth")
def growth(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    start: Annotated[int | None, typer.Option("--from", help="CAGR window start year")] = None,
    end: Annotated[int | None, typer.Option("--to", help="CAGR window end year")] = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Year-on-year growth; with --from/--to, the CAGR of every state over that window."""
    from dyad.api import CAGR_FORMULA, YOY_FORMULA, cagr_table, growth_table, trade_table

    con = state(ctx).store()
    if start is not None and end is not None:
        if end <= start:
            raise fail(f"--to ({end}) must be after --from ({start})")
        emit(cagr_table(con, start, end), fmt, title=CAGR_FORMULA)
    else:
        emit(growth_table(trade_table(con, check_pair(pair))), fmt,
             title=YOY_FORMULA + " (in %)")


@trade_app.command("seasonality")
def seasonality_cmd(ctx: typer.Context, pair: PairOpt = "US-KZ", fmt: FmtOpt = Fmt.table) -> None:
    """Mean share of each month in its year's exports and imports (complete years)."""
    from dyad.api import seasonality

    emit(seasonality(state(ctx).store(), check_pair(pair)), fmt, title=f"Seasonality {pair}")


@trade_app.command("states")
def states(
    ctx: typer.Context,
    start: Annotated[int | None, typer.Option("--from")] = 2017,
    end: Annotated[int | None, typer.Option("--to")] = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """The five Central Asian states side by side, per year."""
    from dyad.api import five_states

    emit(five_states(state(ctx).store(), start=start, end=end), fmt, title="US trade with the C5")


@trade_app.command("shares")
def shares(
    ctx: typer.Context,
    reporter: Annotated[str, typer.Option("--reporter", help="ISO2 of the reporter")] = "KZ",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Partner shares (US, Russia, China, EU, Turkey, others) of a reporter's turnover."""
    from dyad.api import partner_shares

    df = partner_shares(state(ctx).store(), reporter.upper())
    if df.empty:
        raise fail(f"no partner data for reporter {reporter.upper()}: load it with "
                   "`dyad import comtrade-file FILE.csv` or `dyad update trade --comtrade`")
    emit(df, fmt, title=f"Shares of {reporter.upper()}'s trade turnover (%)")


@update_app.command("trade")
def update_trade_cmd(
    ctx: typer.Context,
    start: Annotated[int, typer.Option("--from", help="first year")] = 2017,
    end: Annotated[int | None, typer.Option("--to", help="last year (default: this year)")] = None,
    hs2: Annotated[bool, typer.Option("--hs2", help="also fetch HS2 chapters")] = False,
    comtrade: Annotated[bool, typer.Option("--comtrade", help="also Kazakhstan's partners "
                                           "from UN Comtrade")] = False,
) -> None:
    """Fetch US trade with the five states from the Census API (CENSUS_API_KEY)."""
    from dyad.api import update_trade
    from dyad.errors import LoadError

    try:
        lines = update_trade(state(ctx).store(), start=start, end=end, hs2=hs2,
                             comtrade=comtrade)
    except LoadError as e:
        raise fail(e.describe()) from e
    for line in lines:
        typer.echo(line)
