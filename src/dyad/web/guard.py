"""The guard: a small ASGI middleware in front of every request.

- ``Host`` must name this server (against DNS rebinding): else 403; none or several: 400.
- Headers larger than ``max_headers`` bytes in all: 431.
- Every response gets the security headers (CSP, nosniff, same-origin referrer, no framing).
- A POST must be a same-origin form: ``Origin`` (or, without it, ``Referer``) must be this
  server, ``Sec-Fetch-Site`` (when sent) same-origin; else 403. Its body must be
  ``application/x-www-form-urlencoded`` (else 415), with a valid ``Content-Length`` (else
  400), at most ``max_body`` bytes (else 413), arriving within ``body_timeout`` seconds
  (else 408), decodable as UTF-8 form fields (else 400), and carrying the server's CSRF
  token in the field ``csrf`` (else 403).

The parsed form is left in ``scope["dyad.form"]`` (field -> list of values) and the body
is replayed to the application. Reading one slow body blocks nobody else: it is awaited
on the event loop, and no lock is held meanwhile.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio

from dyad.web.errors import error_page
from dyad.web.render import CSP

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FORM_TYPE = "application/x-www-form-urlencoded"
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make Origin "null"
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
WILDCARDS = ("0.0.0.0", "::", "")  # noqa: S104  (a bind the user asked for)


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def host_names(bind_host: str, port: int) -> frozenset[str] | None:
    """The Host header values this server answers to (None: any, on a wildcard bind)."""
    if bind_host in WILDCARDS:
        return None
    h = bind_host.lower()
    names = {h}
    if h in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    if ":" in h and not h.startswith("["):
        names.add(f"[{h}]")
    out = {f"{n}:{port}" for n in names}
    if port == 80:
        out |= names
    return frozenset(out)


class Guard:
    """ASGI middleware: Host check, security headers, same-origin CSRF-checked forms."""

    def __init__(self, app: ASGIApp, *, csrf_token: str, hosts: frozenset[str] | None,
                 max_body: int = 64 * 1024, body_timeout: float = 10.0,
                 max_headers: int = 16 * 1024) -> None:
        self.app = app
        self.max_headers = max_headers
        self.csrf_token = csrf_token
        self.hosts = hosts
        self.max_body = max_body
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        try:
            if sum(len(k) + len(v) + 4 for k, v in scope["headers"]) > self.max_headers:
                raise Refused(431, "request headers too large")
            host = self._host(scope)
            if scope["method"] == "POST":
                form, body = await self._form(scope, receive, host)
                scope["dyad.form"] = form
                receive = _replay(body, receive)
        except Refused as r:
            await error_page(r.status, r.message)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    # ---- checks ----------------------------------------------------------------------
    def _host(self, scope: Scope) -> str:
        values = _header_values(scope, b"host")
        if len(values) != 1:
            raise Refused(400, "a request needs exactly one Host header")
        host = values[0].lower()
        if self.hosts is not None and host not in self.hosts:
            raise Refused(403, "this server answers only on its own address")
        return host

    def _same_origin(self, scope: Scope, host: str) -> None:
        origins = _header_values(scope, b"origin")
        if len(origins) > 1:
            raise Refused(400, "several Origin headers")
        site = _header_values(scope, b"sec-fetch-site")
        if site and site[0].lower() not in ("same-origin", "none"):
            raise Refused(403, "cross-site form posts are refused")
        if origins:
            if _netloc(origins[0]) != host:
                raise Refused(403, "cross-origin form posts are refused")
            return
        referers = _header_values(scope, b"referer")
        if referers and _netloc(referers[0]) != host:
            raise Refused(403, "cross-origin form posts are refused")

    async def _form(self, scope: Scope, receive: Receive,
                    host: str) -> tuple[dict[str, list[str]], bytes]:
        self._same_origin(scope, host)
        types = _header_values(scope, b"content-type")
        if len(types) != 1 or types[0].split(";")[0].strip().lower() != FORM_TYPE:
            raise Refused(415, f"a form post must be {FORM_TYPE}")
        lengths = _header_values(scope, b"content-length")
        if len(lengths) > 1 or (lengths and not (lengths[0].isascii() and lengths[0].isdigit())):
            raise Refused(400, "bad Content-Length")
        if lengths and int(lengths[0]) > self.max_body:
            raise Refused(413, f"form larger than {self.max_body} bytes")
        body = await self._body(receive)
        try:
            text = body.decode("utf-8")
            form = parse_qs(text, keep_blank_values=True, strict_parsing=False,
                            max_num_fields=500, errors="strict")
        except (UnicodeDecodeError, ValueError):
            raise Refused(400, "the form is not valid UTF-8 form data") from None
        token = form.get("csrf") or [""]
        if len(token) != 1 or not hmac.compare_digest(token[0].encode(),
                                                      self.csrf_token.encode()):
            raise Refused(403, "missing or wrong form token; reload the page")
        return form, body

    async def _body(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            with anyio.fail_after(self.body_timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        raise Refused(400, "the client went away")
                    chunk = message.get("body", b"")
                    size += len(chunk)
                    if size > self.max_body:
                        raise Refused(413, f"form larger than {self.max_body} bytes")
                    chunks.append(chunk)
                    if not message.get("more_body", False):
                        return b"".join(chunks)
        except TimeoutError:
            raise Refused(408, f"the form did not arrive within {self.body_timeout:g} s"
                          ) from None


def _header_values(scope: Scope, name: bytes) -> list[str]:
    return [v.decode("latin-1").strip() for k, v in scope["headers"] if k.lower() == name]


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
            if b"cache-control" not in present:
                headers.append((b"cache-control", b"no-store"))
            message["headers"] = headers
        await send(message)

    return wrapped
