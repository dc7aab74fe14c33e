"""`dyad forecast …`."""

from __future__ import annotations

import typer

forecast_app = typer.Typer(no_args_is_help=True)
