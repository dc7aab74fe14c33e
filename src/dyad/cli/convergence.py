"""`dyad convergence …`, `dyad documents …` and `dyad import unvotes`."""

from __future__ import annotations

import typer

convergence_app = typer.Typer(no_args_is_help=True)
documents_app = typer.Typer(no_args_is_help=True)
