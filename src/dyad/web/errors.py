"""Every error a visitor can meet, mapped to a page in one place: no traceback leaves the
server (it goes to the server's log)."""

from __future__ import annotations

import logging
from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from dyad.api.browse import BrowseError
from dyad.web.render import render

log = logging.getLogger("dyad.web")


def error_page(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The error page for an HTTP status (used by the handlers and the guard)."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return render("error.html.j2", status=status, headers=headers, status_code=status,
                  title=phrase, message=message, csrf="")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: f"no page {request.url.path}",
               405: f"{request.method} is not allowed here"}.get(exc.status_code, exc.detail)
    return error_page(exc.status_code, str(message), dict(exc.headers or {}))


async def browse_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BrowseError)
    retry = {"Retry-After": "2"} if exc.http_status == 503 else None
    return error_page(exc.http_status, str(exc), retry)


async def server_error(request: Request, exc: Exception) -> Response:
    log.error("error serving %s %s", request.method, request.url.path, exc_info=exc)
    return error_page(500, "internal error; see the server log")


EXCEPTION_HANDLERS = {HTTPException: http_error, BrowseError: browse_error,
                      Exception: server_error}
