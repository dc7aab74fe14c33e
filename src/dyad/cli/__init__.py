"""The `dyad` command line: thin commands, one library call each.

`dyad --help` and `dyad --version` must stay fast, so the root group knows its commands by
name and one-line help only (``COMMANDS``); the command modules are imported, and their
commands built, when one of them is run or asked for help. To add a command or a group,
add one line to ``COMMANDS`` ("module:attribute" of a typer app or a command function).
Heavy libraries are imported inside the commands themselves.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

# name: (module:attribute, one-line help), in the order `dyad --help` lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("dyad.cli.imports:import_app", "Load data from outside sources into the store."),
    "update": ("dyad.cli.trade:update_app", "Refresh live sources."),
    "sources": ("dyad.cli.imports:sources", "The registered sources: publisher, licence, and "
                "what the store holds from each."),
    "contacts": ("dyad.cli.contacts:contacts_app", "The contact register."),
    "compare": ("dyad.cli.contacts:compare", "Compare US administrations: occasions per year, "
                "rate ratios, levels, agenda."),
    "trade": ("dyad.cli.trade:trade_app", "US trade in goods with Central Asia."),
    "assistance": ("dyad.cli.assistance:assistance_app", "US foreign assistance."),
    "values": ("dyad.cli.assistance:values_app", "Values indicators (Freedom House)."),
    "media": ("dyad.cli.media:media_app", "The media corpus and its coding."),
    "convergence": ("dyad.cli.convergence:convergence_app", "Convergence of interests."),
    "documents": ("dyad.cli.convergence:documents_app", "Strategy documents."),
    "events": ("dyad.cli.events:events_app", "GDELT event data for the dyads."),
    "forecast": ("dyad.cli.forecast:forecast_app", "Scenario forecasts and backtests."),
    "quarantine": ("dyad.cli.quarantine:quarantine_app", "Records loads set aside, by source "
                   "and reason."),
    "report": ("dyad.cli.report:report", "Write the self-contained HTML report and print its "
               "path."),
    "export": ("dyad.cli.report:export", "Export every table of the store."),
    "serve": ("dyad.cli.serve:serve", "Serve the store as a local web app (read views, review, "
              "human coding) until Ctrl-C."),
}
# modules that register commands on other modules' groups (e.g. `import foreign-assistance`)
_REGISTERING = ("assistance", "contacts", "convergence", "events", "forecast", "media",
                "quarantine", "report", "serve", "trade", "imports")


def _load_all() -> None:
    for name in _REGISTERING:
        importlib.import_module(f"dyad.cli.{name}")


def _build(name: str) -> Any:
    """The click command for one entry of ``COMMANDS`` (importing every command module first,
    so groups that several modules add to are complete)."""
    import typer.main

    _load_all()
    target, help_text = COMMANDS[name]
    module, attr = target.split(":")
    obj = getattr(importlib.import_module(module), attr)
    cmd: Any
    if isinstance(obj, typer.Typer):
        if obj.info.help is None:
            obj.info.help = help_text
        cmd = typer.main.get_group(obj)
    else:
        one = typer.Typer(add_completion=False)
        one.command(name)(obj)
        cmd = typer.main.get_command(one)
    cmd.name = name
    return cmd


class _LazyRoot(TyperGroup):
    """The root group: lists ``COMMANDS`` without importing them; builds one when asked."""

    def list_commands(self, ctx: Any) -> list[str]:
        own = super().list_commands(ctx)
        return [*COMMANDS, *(n for n in own if n not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in COMMANDS:
            cmd = _build(cmd_name)
            self.add_command(cmd, cmd_name)
        return cmd

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(n, COMMANDS[n][1]) for n in COMMANDS]
        rows += [(n, c.get_short_help_str(limit=80)) for n, c in self.commands.items()
                 if n not in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="dyad",
    help="dyad: evidence on US relations with Kazakhstan and Central Asia.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's help formatter costs more than dyad's start
    cls=_LazyRoot,
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
    from dyad.cli.common import State

    ctx.obj = State(db=db, wait=wait, raw=raw)


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
