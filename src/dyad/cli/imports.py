"""`dyad import NAME PATH…`, `dyad update NAME` and `dyad sources`, built from the registry.

The ``import`` and ``update`` groups list the registered sources (and their older command
names, e.g. ``census-file``) besides the commands areas register by hand (``update trade``);
a source's command is built when it is asked for, so ``dyad --help`` stays fast. Options a
loader takes beyond the path are given as ``--opt KEY=VALUE`` (repeatable); an update that
takes a span of days (``Source.update_options``) also gets ``--from`` and ``--to``.
Each path of ``dyad import NAME PATH…`` is its own load: a bad file is reported and the
others go on; the command then exits with the first failure's code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from dyad.cli.common import Fmt, emit, state
from dyad.errors import DyadError, UsageError


def _registry() -> list[Any]:
    from dyad.api.sources import source_registry

    return list(source_registry())


def _value(text: str) -> Any:
    low = text.strip().lower()
    if low in ("true", "yes"):
        return True
    if low in ("false", "no"):
        return False
    if text.strip().lstrip("-").isdigit():
        return int(text)
    return text


def parse_opts(pairs: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as keyword options (numbers and true/false converted)."""
    out: dict[str, Any] = {}
    for p in pairs:
        if "=" not in p:
            raise UsageError(f"--opt wants KEY=VALUE, got {p!r}")
        k, v = p.split("=", 1)
        out[k.strip().replace("-", "_")] = _value(v)
    return out


def attempt(fn: Any, source: str, *args: Any, **opts: Any) -> Any:
    """Run a load; return its result, or the DyadError it raised (an unknown keyword option
    becomes a UsageError naming it)."""
    try:
        return fn(*args, **opts)
    except TypeError as e:
        if "unexpected keyword argument" not in str(e):
            raise
        return UsageError(f"source {source!r} does not take the option "
                          f"{str(e).split('argument')[-1].strip()}")
    except DyadError as e:
        return e


def fail(err: DyadError) -> None:
    """Print a DyadError's one line (red, on stderr)."""
    typer.secho(f"error: {err}", fg=typer.colors.RED, err=True)


def guarded(fn: Any, source: str, *args: Any, **opts: Any) -> Any:
    """Run a load; a DyadError becomes its one line and exit code (also under CliRunner,
    which bypasses ``cli.main``), an unknown option a UsageError."""
    out = attempt(fn, source, *args, **opts)
    if isinstance(out, DyadError):
        fail(out)
        raise typer.Exit(out.exit_code)
    return out


def report(results: list[Any], fmt: Fmt = Fmt.table, *, title: str = "Loaded") -> None:
    """Print load results: one line each (table) or rows (csv/json); quarantined reasons."""
    if fmt is Fmt.table:
        for r in results:
            typer.echo(r.line())
    else:
        import pandas as pd

        emit(pd.DataFrame([r.as_row() for r in results]), fmt, title=title)
    problems = [p for r in results for p in r.problems]
    for p in problems[:20]:
        typer.secho(f"  quarantined: {p}", fg=typer.colors.YELLOW, err=True)
    if len(problems) > 20:
        typer.secho(f"  ... and {len(problems) - 20} more (table quarantine)", err=True)


OptsOpt = Annotated[list[str] | None, typer.Option(
    "--opt", metavar="KEY=VALUE", help="a loader option (repeatable), e.g. --opt outlet=X")]
FmtOpt = Annotated[Fmt, typer.Option("--format", help="table, csv or json")]


def _single(fn: Any, name: str, help_text: str, hidden: bool = False) -> Any:
    """A one-command Typer app's command, renamed (built when the group is asked for it)."""
    app = typer.Typer(add_completion=False)
    app.command(name, help=help_text, hidden=hidden)(fn)
    cmd = typer.main.get_command(app)
    cmd.name = name
    cmd.hidden = hidden
    return cmd


def load_paths(ctx: typer.Context, name: str, paths: list[Path], fmt: Fmt, **kw: Any) -> None:
    """``dyad import NAME PATH…``: load each path, report what loaded, one line per error
    (the exit code of the first); options wrong for every path stop at once."""
    from dyad.api import import_source

    con = state(ctx).store()
    results, errors = [], []
    for p in paths:
        out = attempt(import_source, name, con, name, p, **kw)
        if isinstance(out, UsageError):   # the options are wrong for every path
            fail(out)
            raise typer.Exit(out.exit_code)
        if isinstance(out, DyadError):
            fail(out)
            errors.append(out)
        else:
            results.append(out)
    if results:
        report(results, fmt, title=f"{name} loaded")
    if errors:
        raise typer.Exit(errors[0].exit_code)


def _import_command(source: Any, name: str) -> Any:
    def run(ctx: typer.Context,
            paths: Annotated[list[Path], typer.Argument(help="files or folders to load")],
            opts: OptsOpt = None, fmt: FmtOpt = Fmt.table) -> None:
        load_paths(ctx, source.name, paths, fmt, **parse_opts(opts or []))

    text = f"{source.description} ({source.publisher}; {', '.join(source.formats)})."
    if name != source.name:
        text = f"The older name of `dyad import {source.name}`: {text}"
    return _single(run, name, text, hidden=name != source.name)


def _update(ctx: typer.Context, source: Any, opts: list[str] | None, fmt: Fmt,
            **days: dt.datetime) -> None:
    from dyad.api import update_source

    con = state(ctx).store()
    kw = parse_opts(opts or [])
    kw.update({k: v.date() for k, v in days.items()})
    result = guarded(update_source, source.name, con, source.name, **kw)
    report([result], fmt, title=f"{source.name} updated")


def _update_command(source: Any) -> Any:
    def run(ctx: typer.Context, opts: OptsOpt = None, fmt: FmtOpt = Fmt.table) -> None:
        _update(ctx, source, opts, fmt)

    def run_span(ctx: typer.Context,
                 start: Annotated[dt.datetime, typer.Option(
                     "--from", formats=["%Y-%m-%d"], help="first day, YYYY-MM-DD")],
                 end: Annotated[dt.datetime, typer.Option(
                     "--to", formats=["%Y-%m-%d"], help="last day, YYYY-MM-DD")],
                 opts: OptsOpt = None, fmt: FmtOpt = Fmt.table) -> None:
        _update(ctx, source, opts, fmt, start=start, end=end)

    key = f" (key: ${source.key_env})" if source.key_env else ""
    span = {"from", "to"} <= set(getattr(source, "update_options", ()))
    return _single(run_span if span else run, source.name,
                   f"Refresh {source.description} from the live source{key}.")


class _RegistryGroup(TyperGroup):
    """A typer group that adds one command per registered source, built on demand."""

    kind = "import"

    def _names(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for s in _registry():
            if self.kind == "update" and s.update is None:
                continue
            out[s.name] = s
            if self.kind == "import":
                out.update({a: s for a in s.aliases})
        return out

    def list_commands(self, ctx: Any) -> list[str]:
        own = super().list_commands(ctx)
        extra = [n for n, s in self._names().items() if n == s.name and n not in own]
        return own + extra

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None:
            return cmd
        source = self._names().get(cmd_name)
        if source is None:
            return None
        if self.kind == "import":
            return _import_command(source, cmd_name)
        return _update_command(source)


class _UpdateGroup(_RegistryGroup):
    kind = "update"


import_app = typer.Typer(no_args_is_help=True, cls=_RegistryGroup)
update_app = typer.Typer(no_args_is_help=True, cls=_UpdateGroup)


@import_app.command("register")
def import_register(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="register YAML files (version 2)")],
    actors: Annotated[Path | None, typer.Option(
        "--actors", help="an actors YAML for people the shipped actors lack")] = None,
    fmt: FmtOpt = Fmt.table,
) -> None:
    """A team's own contact register beside the shipped one (checked like it; a second
    import adds nothing; a changed file replaces its entries)."""
    load_paths(ctx, "register", paths, fmt, actors=actors)


def sources(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """The registered sources: publisher, licence, and what the store holds from each."""
    from dyad.api import sources_table

    emit(sources_table(state(ctx).store()), fmt, title="Sources")
