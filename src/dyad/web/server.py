"""`dyad serve`: run the web app with uvicorn (HTTP/1.1 via h11) on one address."""

from __future__ import annotations

import socket
from pathlib import Path

import uvicorn

from dyad.web.guard import host_names


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(512)
    sock.set_inheritable(True)
    return sock


def server(db_path: str | Path | None, sock: socket.socket, *,
           log_level: str = "warning", limit_concurrency: int = 256) -> uvicorn.Server:
    """A uvicorn server for the app over ``db_path`` (created or migrated first),
    answering on the address ``sock`` is bound to."""
    from dyad.api.browse import prepare_store
    from dyad.web.app import create_app

    path = prepare_store(db_path)
    host, port = sock.getsockname()[:2]
    app = create_app(path, hosts=host_names(str(host), int(port)))
    cfg = uvicorn.Config(app, http="h11", ws="none", lifespan="off", log_level=log_level,
                         access_log=False, server_header=False,
                         limit_concurrency=limit_concurrency, timeout_keep_alive=5,
                         timeout_graceful_shutdown=5, h11_max_incomplete_event_size=16 * 1024)
    return uvicorn.Server(cfg)


def run(db_path: str | Path | None = None, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the store at ``db_path`` until Ctrl-C (port 0: any free port, printed)."""
    sock = bind(host, port)
    srv = server(db_path, sock)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    print(f"dyad serving http://{shown}:{bound_port}/ (Ctrl-C to stop)", flush=True)
    srv.run(sockets=[sock])
