"""`dyad trade …`, `dyad update …` and `dyad import census-file`."""

from __future__ import annotations

import typer

trade_app = typer.Typer(no_args_is_help=True)
update_app = typer.Typer(no_args_is_help=True)
