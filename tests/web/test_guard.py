"""The guard middleware alone, in front of a tiny app that echoes the parsed form."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from web_helpers import TestClient

from dyad.web.guard import Guard, host_names

TOKEN = "t0ken"


async def echo(scope, receive, send):
    body = b""
    while True:
        msg = await receive()
        body += msg.get("body", b"")
        if not msg.get("more_body"):
            break
    text = repr(sorted(scope.get("dyad.form", {}).items())).encode() + b"|" + body
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": text})


def guarded(**kw: Any) -> Guard:
    return Guard(echo, csrf_token=TOKEN, hosts=frozenset({"testserver"}), **kw)


@pytest.fixture
def client():
    return TestClient(guarded(max_body=100), base_url="http://testserver")  # no lifespan


def run_raw(app: Guard, headers: list[tuple[bytes, bytes]], chunks: list[bytes],
            delay: float = 0.0) -> tuple[int, dict[bytes, bytes], bytes]:
    """Call the middleware with a hand-made scope (headers no HTTP client would send)."""
    sent: list[dict] = []
    queue = list(chunks)

    async def receive():
        if delay:
            await asyncio.sleep(delay)
        if not queue:
            return {"type": "http.disconnect"}
        chunk = queue.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    async def send(msg):
        sent.append(msg)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers,
             "scheme": "http", "query_string": b"", "root_path": ""}
    asyncio.run(app(scope, receive, send))
    start = sent[0]
    return (start["status"], dict(start["headers"]),
            b"".join(m.get("body", b"") for m in sent[1:]))


FORM = [(b"host", b"testserver"), (b"content-type", b"application/x-www-form-urlencoded")]


def test_host_names():
    assert host_names("127.0.0.1", 8000) == frozenset(
        {"127.0.0.1:8000", "localhost:8000", "[::1]:8000"})
    assert host_names("0.0.0.0", 8000) is None
    assert "example.org" in host_names("example.org", 80)


def test_get_passes_with_headers_and_foreign_host_is_refused(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["x-frame-options"] == "DENY"
    refused = client.get("/", headers={"Host": "evil.example"})
    assert refused.status_code == 403 and "content-security-policy" in refused.headers


def test_form_is_parsed_checked_and_replayed(client):
    r = client.post("/", data={"csrf": TOKEN, "a": "1", "b": ["x", "y"], "empty": ""})
    assert r.status_code == 200
    form, body = r.text.split("|", 1)
    assert "('a', ['1'])" in form and "('b', ['x', 'y'])" in form and "('empty', [''])" in form
    assert body.startswith("csrf=t0ken")


@pytest.mark.parametrize("data, headers, status", [
    ({"a": "1"}, {}, 403),
    ({"csrf": "nope"}, {}, 403),
    ({"csrf": TOKEN}, {"Origin": "http://evil.example"}, 403),
    ({"csrf": TOKEN}, {"Origin": "null"}, 403),
    ({"csrf": TOKEN}, {"Referer": "http://evil.example/"}, 403),
    ({"csrf": TOKEN}, {"Sec-Fetch-Site": "same-site"}, 403),
    ({"csrf": TOKEN, "pad": "x" * 200}, {}, 413),
    ({"csrf": TOKEN}, {"Origin": "http://testserver"}, 200),
    ({"csrf": TOKEN}, {"Referer": "http://testserver/review"}, 200),
    ({"csrf": TOKEN}, {"Sec-Fetch-Site": "same-origin"}, 200),
])
def test_post_checks(client, data, headers, status):
    assert client.post("/", data=data, headers=headers).status_code == status


def test_malformed_requests_are_400s():
    app = guarded(max_body=100)
    body = b"csrf=" + TOKEN.encode()
    for headers in ([*FORM, (b"content-length", b"abc")],
                    [*FORM, (b"content-length", b"-1")],
                    [*FORM, (b"content-length", b"5"), (b"content-length", b"6")],
                    [(b"content-type", b"application/x-www-form-urlencoded")],  # no Host
                    [*FORM, (b"host", b"testserver")],  # two Host headers
                    [*FORM, (b"origin", b"http://testserver"), (b"origin", b"http://x")]):
        status, _, _ = run_raw(app, headers, [body])
        assert status == 400, headers
    status, _, _ = run_raw(app, [*FORM, (b"content-length", b"1000")], [body])
    assert status == 413
    status, _, _ = run_raw(app, FORM, [b"csrf=" + TOKEN.encode() + b"&x=%FF"])
    assert status == 400
    status, _, _ = run_raw(app, FORM, [b"csrf=t0", b"ken&x=1"])  # chunked arrival
    assert status == 200
    status, _, _ = run_raw(app, FORM, [b"x" * 60, b"x" * 60])  # chunked, too large
    assert status == 413


def test_slow_body_times_out_with_408():
    app = guarded(body_timeout=0.2)
    status, headers, body = run_raw(app, FORM, [b"csrf=", TOKEN.encode()], delay=0.15)
    assert status == 408 and b"did not arrive" in body
    assert headers[b"cache-control"] == b"no-store"
