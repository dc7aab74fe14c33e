"""`dyad import …`: the shared sub-app; each source's command lives in its area module."""

from __future__ import annotations

import typer

import_app = typer.Typer(no_args_is_help=True)
