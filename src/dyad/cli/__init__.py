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
    contacts,
    convergence,
    forecast,
    media,
    report,
    serve,
    trade,
)
from dyad.cli.common import State
from dyad.cli.imports import import_app

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
) -> None:
    ctx.obj = State(db=db)


app.add_typer(import_app, name="import", help="Load data from outside sources into the store.")
app.add_typer(contacts.contacts_app, name="contacts", help="The contact register.")
app.add_typer(trade.trade_app, name="trade", help="US trade in goods with Central Asia.")
app.add_typer(trade.update_app, name="update", help="Refresh live sources.")
app.add_typer(media.media_app, name="media", help="The media corpus and its coding.")
app.add_typer(convergence.convergence_app, name="convergence", help="Convergence of interests.")
app.add_typer(convergence.documents_app, name="documents", help="Strategy documents.")
app.add_typer(forecast.forecast_app, name="forecast", help="Scenario forecasts and backtests.")
app.command("compare")(contacts.compare)
app.command("report")(report.report)
app.command("export")(report.export)
app.command("serve")(serve.serve)


def main() -> None:
    app()
