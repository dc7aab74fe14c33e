"""The Starlette application: routes, the guard, error pages, static files."""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from dyad.web import pages
from dyad.web.access import StoreAccess
from dyad.web.errors import EXCEPTION_HANDLERS
from dyad.web.guard import Guard

STATIC = Path(__file__).parent / "static"


def create_app(db_path: str | Path, *, hosts: frozenset[str] | None,
               csrf_token: str | None = None, max_body: int = 64 * 1024,
               body_timeout: float = 10.0, timeout: float = 30.0,
               read_slots: int = 4, report_slots: int = 1) -> Starlette:
    """The web app over the store at ``db_path`` (already migrated: see
    ``dyad.api.browse.prepare_store``). ``hosts``: the Host values it answers to (None:
    any); ``csrf_token``: the forms' token (default: random per app)."""
    token = csrf_token or secrets.token_urlsafe(32)
    routes = [
        Route("/", pages.index),
        Route("/report", pages.report),
        Route("/contacts", pages.contacts),
        Route("/contacts/{contact_id:path}", pages.contact),
        Route("/review", pages.review, methods=["GET", "HEAD"]),
        Route("/review", pages.review_post, methods=["POST"]),
        Route("/media/code", pages.code, methods=["GET", "HEAD"]),
        Route("/media/code", pages.code_post, methods=["POST"]),
        Route("/healthz", pages.health),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(
        routes=routes, exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        middleware=[Middleware(Guard, csrf_token=token, hosts=hosts,  # type: ignore[arg-type]
                               max_body=max_body, body_timeout=body_timeout)])
    app.state.csrf_token = token
    app.state.store = StoreAccess(db_path, timeout=timeout, read_slots=read_slots,
                                  report_slots=report_slots)
    return app
