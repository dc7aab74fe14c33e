"""The `dyad` command line: thin commands, one library call each.

Heavy libraries are imported inside commands so that `dyad --help` stays fast.
Each area registers its commands in its own module (cli/contacts.py, cli/trade.py,
...); `import` subcommands hang on the shared ``import_app``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dyad.cli import (  # noqa: F401  (modules register their commands on import)
    assistance,
    contacts,
    convergence,
    forecast,
    media,
    quarantine,
    report,
    serve,
    trade,
)
from dyad.cli.common import State
from dyad.cli.imports import import_app, sources

app = typer.Typer(
    name="dyad",
    help="dyad: evidence on US relations with Kazakhstan and Central Asia.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="DuckDB store file (default: $DYAD_DB, else user data dir)."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    wait: Annotated[
        float | None,
        typer.Option("--wait", min=0, metavar="SECONDS",
                     help="How long to wait for a store another dyad process is using "
                          "(default: $DYAD_WAIT, else 30)."),
    ] = None,
    raw: Annotated[
        bool,
        typer.Option("--raw", help="Keep formula-like text (=, +, -, @) as it is in CSV and "
                                   "table output (default: prefixed with ')."),
    ] = False,
) -> None:
    ctx.obj = State(db=db, wait=wait, raw=raw)


app.add_typer(import_app, name="import", help="Load data from outside sources into the store.")
app.add_typer(contacts.contacts_app, name="contacts", help="The contact register.")
app.add_typer(trade.trade_app, name="trade", help="US trade in goods with Central Asia.")
app.add_typer(trade.update_app, name="update", help="Refresh live sources.")
app.add_typer(media.media_app, name="media", help="The media corpus and its coding.")
app.add_typer(convergence.convergence_app, name="convergence", help="Convergence of interests.")
app.add_typer(convergence.documents_app, name="documents", help="Strategy documents.")
app.add_typer(assistance.assistance_app, name="assistance", help="US foreign assistance.")
app.add_typer(assistance.values_app, name="values", help="Values indicators (Freedom House).")
app.add_typer(forecast.forecast_app, name="forecast", help="Scenario forecasts and backtests.")
app.add_typer(quarantine.quarantine_app, name="quarantine", help="Records loads set aside.")
app.command("compare")(contacts.compare)
app.command("report")(report.report)
app.command("export")(report.export)
app.command("serve")(serve.serve)
app.command("sources")(sources)


def _version(value: bool) -> None:
    if value:
        from dyad import __version__

        typer.echo(f"dyad {__version__}")
        raise typer.Exit()


def main() -> None:
    """Run the CLI; the one place where errors become a one-line message and an exit code.

    A ``DyadError`` prints its message; anything else prints one line naming its type and
    suggests ``--debug``, which shows the traceback.
    """
    import sys

    from dyad.errors import DyadError, StoreBusyError

    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    try:
        app()
    except DyadError as e:
        if debug:
            raise
        typer.secho(f"error: {e}", fg=typer.colors.RED, err=True)
        raise SystemExit(e.exit_code) from None
    except Exception as e:  # noqa: BLE001  (the last line of defence: no traceback to a user)
        if debug:
            raise
        if "lock" in str(e).lower() and type(e).__module__.startswith("_duckdb"):
            busy = StoreBusyError(f"the store is in use by another process: {e}".splitlines()[0])
            typer.secho(f"error: {busy}", fg=typer.colors.RED, err=True)
            raise SystemExit(busy.exit_code) from None
        first = str(e).splitlines()[0] if str(e) else ""
        typer.secho(f"error: {type(e).__name__}: {first} (run with --debug for the traceback)",
                    fg=typer.colors.RED, err=True)
        raise SystemExit(1) from None
