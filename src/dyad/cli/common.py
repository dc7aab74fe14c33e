"""What every command shares: the store option, output formats, error display."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    import duckdb
    import pandas as pd


class Fmt(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


PAIRS = ("US-KZ", "US-UZ", "US-KG", "US-TJ", "US-TM", "US-C5")


@dataclass
class State:
    db: Path | None = None

    def store(self) -> duckdb.DuckDBPyConnection:
        from dyad.store import open_store

        return open_store(self.db)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()


def check_pair(pair: str) -> str:
    p = pair.upper()
    if p not in PAIRS:
        raise typer.BadParameter(f"unknown pair {pair!r}; choose one of {', '.join(PAIRS)}")
    return p


def emit(df: pd.DataFrame, fmt: Fmt, *, title: str | None = None) -> None:
    """Print a data frame as a rich table, CSV or JSON records (dates ISO)."""
    if fmt is Fmt.csv:
        sys.stdout.write(df.to_csv(index=False, date_format="%Y-%m-%d"))
    elif fmt is Fmt.json:
        sys.stdout.write(df.to_json(orient="records", date_format="iso", force_ascii=False))
        sys.stdout.write("\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for col in df.columns:
            table.add_column(str(col), overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*[_cell(v) for v in row])
        Console().print(table)


def _cell(v: Any) -> str:
    if isinstance(v, list | tuple) or type(v).__name__ == "ndarray":
        return "; ".join(str(x) for x in v)
    if v is None:
        return ""
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
