"""`dyad serve`: a small local web app over the store (standard-library HTTP + jinja2).

Security model: it binds 127.0.0.1 by default; requests whose ``Host`` is not this
server's address are refused (DNS rebinding); every POST must carry the per-server
random CSRF token and must not come from another ``Origin``; all text goes through
jinja2 autoescaping and only http(s) URLs become links. DuckDB connections are not
thread-safe, so every request runs its store work under one lock.
"""

from __future__ import annotations

import hmac
import secrets
import tempfile
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from dyad.web import views
from dyad.web.views import BadRequest, NotFound

MAX_BODY = 64 * 1024
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self';"
       " frame-ancestors 'none'; base-uri 'none'")


def _safe_url(value: Any) -> str | None:
    """The URL if it is http(s), else None (no javascript: or data: links)."""
    if not isinstance(value, str):
        return None
    return value if urlsplit(value.strip()).scheme.lower() in ("http", "https") else None


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("dyad.web"), autoescape=select_autoescape(
        enabled_extensions=("html", "j2"), default_for_string=True, default=True))
    env.filters["safe_url"] = _safe_url
    env.filters["urlpart"] = lambda v: quote(str(v), safe="")
    return env


class DyadServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, con: duckdb.DuckDBPyConnection, host: str, port: int) -> None:
        super().__init__((host, port), Handler)
        self.con = con
        self.lock = threading.Lock()
        self.csrf_token = secrets.token_urlsafe(32)
        self.env = _environment()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def host_allowed(self, netloc: str) -> bool:
        """Whether a Host header names this server (always true on a wildcard bind)."""
        host, port = str(self.server_address[0]), self.server_address[1]
        if host in ("0.0.0.0", "::", ""):  # noqa: S104  (the user asked for every interface)
            return True
        names = {host, "localhost", "127.0.0.1"} if host in ("127.0.0.1", "localhost") else {host}
        return netloc.lower() in {f"{n}:{port}" for n in names}


class Handler(BaseHTTPRequestHandler):
    server: DyadServer
    server_version = "dyad"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    # ---- responses -------------------------------------------------------------------
    def _send(self, status: int, body: str, content_type: str = "text/html") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _page(self, template: str, status: int = 200, **values: Any) -> None:
        html = self.server.env.get_template(template).render(
            csrf=self.server.csrf_token, **values)
        self._send(status, html)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._page("error.html.j2", status=int(status), status_code=int(status),
                   title=status.phrase, message=message)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # ---- dispatch --------------------------------------------------------------------
    def _host_ok(self) -> bool:
        return self.server.host_allowed(self.headers.get("Host") or "")

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch(self._get)

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch(self._post)

    def _dispatch(self, handler: Any) -> None:
        if not self._host_ok():
            self._error(HTTPStatus.FORBIDDEN, "this server answers only on its own address")
            return
        url = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(url.query).items()}
        try:
            with self.server.lock:
                handler(url.path, params)
        except NotFound as e:
            self._error(HTTPStatus.NOT_FOUND, str(e))
        except BadRequest as e:
            self._error(HTTPStatus.BAD_REQUEST, str(e))
        except Exception:  # noqa: BLE001  (a page, not a dropped connection)
            traceback.print_exc()
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log")

    def _get(self, path: str, params: dict[str, str]) -> None:
        con = self.server.con
        if path == "/":
            self._page("index.html.j2", **views.index(con))
        elif path == "/report":
            self._send(200, _report_html(con, views.check_pair(params.get("pair"))))
        elif path == "/contacts":
            self._page("contacts.html.j2", **views.contacts(con, params))
        elif path.startswith("/contacts/"):
            self._page("contact.html.j2", **views.contact(con, unquote(path[len("/contacts/"):])))
        elif path == "/review":
            self._page("review.html.j2", done=params.get("done", ""), **views.review(con))
        elif path == "/media/code":
            self._page("code.html.j2", saved=params.get("saved", ""),
                       **views.coding(con, _count(params.get("n"))))
        else:
            raise NotFound(f"no page {path}")

    def _post(self, path: str, params: dict[str, str]) -> None:
        if path not in ("/review", "/media/code"):
            raise NotFound(f"no form handler at {path}")
        origin = self.headers.get("Origin")
        host = (self.headers.get("Host") or "").lower()
        if origin is not None and urlsplit(origin).netloc.lower() != host:
            self._error(HTTPStatus.FORBIDDEN, "cross-origin form posts are refused")
            return
        raw_length = self.headers.get("Content-Length") or "0"
        if not raw_length.isdigit() or int(raw_length) > MAX_BODY:
            raise BadRequest("form missing a valid length, or too large")
        length = int(raw_length)
        form = parse_qs(self.rfile.read(length).decode("utf-8", "replace"),
                        keep_blank_values=True)
        token = (form.get("csrf") or [""])[0]
        if not hmac.compare_digest(token.encode(), self.server.csrf_token.encode()):
            self._error(HTTPStatus.FORBIDDEN, "missing or wrong form token; reload the page")
            return
        if path == "/review":
            done = views.decide(self.server.con, form)
            self._redirect("/review?done=" + quote(done))
        else:
            done = views.store_human_code(self.server.con, form)
            n = (form.get("n") or ["20"])[0]
            self._redirect(f"/media/code?n={_count(n)}&saved=" + quote(done))


def _count(value: str | None, default: int = 20, most: int = 500) -> int:
    if not value:
        return default
    if not value.isdigit() or not 1 <= int(value) <= most:
        raise BadRequest(f"n {value!r} is not a number from 1 to {most}")
    return int(value)


def _report_html(con: duckdb.DuckDBPyConnection, pair: str) -> str:
    """The report exactly as `dyad report` writes it, built now."""
    from dyad.report.build import build_report

    with tempfile.TemporaryDirectory(prefix="dyad-web-") as tmp:
        return build_report(con, pair, Path(tmp) / "report.html").read_text("utf-8")


def make_server(con: duckdb.DuckDBPyConnection, host: str = "127.0.0.1",
                port: int = 0) -> DyadServer:
    """A server on ``host:port`` (0: any free port) over one open store; call
    ``serve_forever()`` to run it."""
    return DyadServer(con, host, port)


def run(db_path: str | Path | None = None, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Serve the store at ``db_path`` until Ctrl-C."""
    from dyad.api import open_store

    con = open_store(db_path)
    server = make_server(con, host, port)
    print(f"dyad serving {server.url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        con.close()
