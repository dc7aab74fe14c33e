"""`dyad serve`: the local web app."""

from __future__ import annotations

from typing import Annotated

import typer

from dyad.cli.common import state


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="address to bind (default: this machine only)")
                    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on (0: any free port)")
                    ] = 8765,
) -> None:
    """Serve the store as a local web app (read views, review, human coding) until Ctrl-C.

    The app holds no store lock between requests: other dyad commands work beside it.
    """
    from dyad.web.server import run

    run(state(ctx).db, host, port)
