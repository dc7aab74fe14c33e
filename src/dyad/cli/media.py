"""`dyad media …`."""

from __future__ import annotations

import typer

media_app = typer.Typer(no_args_is_help=True)
