"""What every command shares: the store option, output formats, error display."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dyad.reference.vocabulary import PAIR_HELP, parse_pair

if TYPE_CHECKING:
    import duckdb
    import pandas as pd


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


PairOpt = Annotated[str, typer.Option("--pair", help=PAIR_HELP)]
FmtOpt = Annotated[Fmt, typer.Option("--format", help="table, csv or json")]
AdminsOpt = Annotated[str, typer.Option(
    "--admins", help="comma-separated US administration keys (bush41 ... trump2)")]


# Commands that only read the store: they open it read-only, so they run beside `dyad
# serve`, a report or another reader (keys: the command path after `dyad`).
READ_ONLY_COMMANDS = frozenset({
    "report", "export", "sources", "compare", "contacts list", "contacts review",
    "documents list", "assistance table", "assistance compare", "assistance share",
    "assistance pipeline", "assistance vectors", "assistance claims", "values table",
    "quarantine list", "quarantine show",
})


@dataclass
class State:
    db: Path | None = None
    wait: float | None = None      # --wait: seconds to wait for a store in use
    raw: bool = False              # --raw: formula-like text cells left as they are
    command: str = ""              # the command path after `dyad` ("contacts list")

    def store(self, read_only: bool | None = None) -> duckdb.DuckDBPyConnection:
        """The store, read-only for the commands in READ_ONLY_COMMANDS (or when asked).

        When another process holds it, say so on stderr and wait up to ``--wait`` s.
        """
        from dyad.api import open_store

        if read_only is None:
            read_only = self.command in READ_ONLY_COMMANDS
        return open_store(self.db, read_only=read_only, wait=self.wait, on_wait=_waiting)


def _waiting(message: str) -> None:
    typer.secho(message, fg=typer.colors.YELLOW, err=True)


def _root_state() -> State:
    import click

    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, State) else State()


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    st = obj if isinstance(obj, State) else State()
    names: list[str] = []
    c: Any = ctx
    while c.parent is not None:   # the root's name varies (dyad, python -m dyad)
        names.append(c.info_name or "")
        c = c.parent
    st.command = " ".join(reversed(names))
    return st


def check_pair(pair: str) -> str:
    """The pair's canonical key; an unknown pair is a UsageError with the valid choices."""
    return parse_pair(pair).key


def emit(df: pd.DataFrame, fmt: Fmt, *, title: str | None = None,
         raw: bool | None = None) -> None:
    """Print a data frame as a rich table, CSV or JSON records (dates ISO).

    Text cells of CSV and table output that a spreadsheet would run as a formula
    (starting with =, +, -, @, tab or CR) get a leading apostrophe (the OWASP rule);
    ``raw`` (default: the root option ``--raw``) keeps them as they are. JSON is data
    for programs and stays raw.
    """
    from dyad.api import neutralise_cell

    if raw is None:
        raw = _root_state().raw
    if fmt is Fmt.csv:
        flat = df.copy()
        for col in flat.columns:
            if flat[col].dtype == object:
                flat[col] = flat[col].map(
                    lambda v: _csv_cell(v) if raw else neutralise_cell(_csv_cell(v)))
            elif not raw and str(flat[col].dtype) in ("str", "string"):
                flat[col] = flat[col].map(neutralise_cell)
        sys.stdout.write(flat.to_csv(index=False, date_format="%Y-%m-%d"))
    elif fmt is Fmt.json:
        import json

        records = [{k: _json_cell(v) for k, v in row.items()} for row in df.to_dict("records")]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, default=str))
        sys.stdout.write("\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        rows = [[neutralise_cell(v) if isinstance(v, str) and not raw else _cell(v)
                 for v in row] for row in df.itertuples(index=False)]
        for i, col in enumerate(df.columns):
            # short columns (dates, codes, counts) never wrap; long text folds
            widest = max([len(str(col))] + [len(r[i]) for r in rows])
            if widest <= 13:
                table.add_column(str(col), no_wrap=True)
            else:
                table.add_column(str(col), overflow="fold", min_width=8, ratio=1)
        for r in rows:
            table.add_row(*r)
        Console().print(table)


def _csv_cell(v: Any) -> Any:
    """Lists as 'a; b' in CSV; dates as ISO."""
    if isinstance(v, list | tuple) or type(v).__name__ == "ndarray":
        return "; ".join(str(x) for x in v)
    if hasattr(v, "isoformat") and not isinstance(v, str):
        return _json_cell(v)
    return v


def _json_cell(v: Any) -> Any:
    """A JSON-ready value: ISO dates (no midnight times), lists, None for missing."""
    import datetime as dt
    import math

    if type(v).__name__ == "ndarray":
        return [_json_cell(x) for x in v]
    if isinstance(v, list | tuple):
        return [_json_cell(x) for x in v]
    if isinstance(v, dt.datetime) or type(v).__name__ == "Timestamp":
        if (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return None
    if hasattr(v, "item") and not isinstance(v, str):
        return v.item()
    return v


def _cell(v: Any) -> str:
    if isinstance(v, list | tuple) or type(v).__name__ == "ndarray":
        return "; ".join(str(x) for x in v)
    if v is None:
        return ""
    if type(v).__name__ == "Timestamp" or hasattr(v, "isoformat") and not isinstance(v, str):
        text = _json_cell(v)
        return "" if text is None else str(text)
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 1000 else f"{v:,.0f}"
    try:
        import pandas as pd

        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a clear error and return an Exit to raise."""
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)
