"""`dyad trade …` and `dyad update trade` (`import census-file` / `comtrade-file` are the
registry's older names for `import census` / `import comtrade`: see cli/imports.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from dyad.cli.common import Fmt, FmtOpt, PairOpt, check_pair, emit, fail, state
from dyad.cli.imports import guarded, report, update_app

trade_app = typer.Typer(no_args_is_help=True)
__all__ = ["trade_app", "update_app"]


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
    """Partner shares of a reporter's turnover: Comtrade rows when loaded, else (for KZ) the
    shipped Kazakh-side figures with the URL of each."""
    from dyad.api import KZ_SHARE_FORMULA, kz_partner_table, partner_shares

    rep = reporter.upper()
    con = state(ctx).store()
    df = partner_shares(con, rep)
    if rep == "KZ" and not df.empty and "source_url" in df.columns:
        df = kz_partner_table(con)
        emit(df, fmt, title=f"Kazakhstan's trade by partner (Kazakh-side figures). "
                            f"{KZ_SHARE_FORMULA}")
        return
    if df.empty:
        raise fail(f"no partner data for reporter {rep}: load it with "
                   "`dyad import comtrade-file FILE.csv` or `dyad update trade --comtrade`")
    df = df.assign(partner=df["group"], share=df["share_pct"], source="comtrade",
                   source_url="https://comtradeplus.un.org/")
    emit(df, fmt, title=f"Shares of {rep}'s trade turnover (%)")


@trade_app.command("mirror")
def mirror(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """US–KZ trade as the US (Census) and Kazakhstan report it, side by side, with the gap."""
    from dyad.api import MIRROR_EXPLANATION, mirror_us_kz

    df = mirror_us_kz(state(ctx).store())
    if df.empty:
        raise fail("no year with both US (Census) and Kazakh-side US–KZ figures in this store")
    emit(df, fmt, title=f"US–KZ mirror statistics. {MIRROR_EXPLANATION}")


@update_app.command("trade")
def update_trade_cmd(
    ctx: typer.Context,
    start: Annotated[int, typer.Option("--from", help="first year")] = 2017,
    end: Annotated[int | None, typer.Option("--to", help="last year (default: this year)")] = None,
    hs2: Annotated[bool, typer.Option("--hs2", help="also fetch HS2 chapters")] = False,
    comtrade: Annotated[bool, typer.Option("--comtrade", help="also Kazakhstan's partners "
                                           "from UN Comtrade")] = False,
) -> None:
    """Fetch US trade with the five states from the Census API (CENSUS_API_KEY); the same
    as `dyad update census` (and `update comtrade` with --comtrade)."""
    from dyad.api import update_trade

    report(guarded(update_trade, "census", state(ctx).store(), start=start, end=end, hs2=hs2,
                 comtrade=comtrade))
