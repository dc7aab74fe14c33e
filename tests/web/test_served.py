"""`dyad serve` for real: uvicorn on 127.0.0.1 (any free port) in a subprocess over a
seeded store, talked to over HTTP and raw sockets, with the CLI working beside it."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from web_helpers import PAYLOAD, csrf_token, dyad_command, seeded_store, serve

from dyad.api import browse


@pytest.fixture(scope="module")
def served(_store_template: Path, tmp_path_factory: pytest.TempPathFactory):
    path, seeded = seeded_store(_store_template, tmp_path_factory.mktemp("served"))
    with serve(path) as srv:
        yield srv, seeded


@pytest.fixture
def client(served):
    with served[0].client() as c:
        yield c


def _raw(served_server, data: bytes, *, read: bool = True) -> bytes:
    host, port = served_server.host.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(data)
        if not read:
            return b""
        out = b""
        while chunk := s.recv(65536):
            out += chunk
            if b"\r\n\r\n" in out and len(out) > 200:
                break
        return out


def _status(path: Path, cid: str) -> str:
    with browse.read_store(path) as con:
        return con.execute("SELECT status FROM contacts WHERE contact_id = ?",
                           [cid]).fetchone()[0]


def test_served_on_loopback_with_pages(served, client):
    srv, seeded = served
    assert srv.url.startswith("http://127.0.0.1:")
    for url, status in (("/", 200), ("/contacts?pair=US-KZ", 200), ("/review", 200),
                        (f"/contacts/{seeded['conflicted']}", 200), ("/media/code", 200),
                        ("/contacts/none-such", 404), ("/contacts?to=yesterday", 400),
                        ("/elsewhere", 404), ("/static/code.js", 200)):
        r = client.get(url)
        assert r.status_code == status, url
        assert "server" not in r.headers
    detail = client.get(f"/contacts/{seeded['conflicted']}").text
    assert PAYLOAD not in detail and "&lt;script&gt;" in detail


def test_malformed_requests_are_400s(served):
    srv, _ = served
    host = srv.host.encode()
    for request in (
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nNo colon here\r\n\r\n",
        b"POST /review HTTP/1.1\r\nHost: " + host + b"\r\nContent-Length: abc\r\n\r\n",
        b"POST /review HTTP/1.1\r\nHost: " + host + b"\r\nContent-Length: 3\r\n"
        b"Content-Length: 4\r\n\r\nabc",
    ):
        reply = _raw(srv, request)
        assert reply.startswith(b"HTTP/1.1 400"), (request[:60], reply[:80])
    assert _raw(srv, b"GET / HTTP/1.1\r\n\r\n").startswith(b"HTTP/1.1 400")  # no Host
    big = b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n"
    assert _raw(srv, big).startswith(b"HTTP/1.1 431")


def test_refusals_over_http(served, client):
    srv, _ = served
    token = csrf_token(client.get("/review").text)
    form = {"action": "accept", "contact_id": "web-candidate-c"}
    assert client.post("/review", data=form).status_code == 403
    assert client.post("/review", data={**form, "csrf": "x" + token}).status_code == 403
    assert client.post("/review", data={**form, "csrf": token},
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 403
    assert client.get("/", headers={"Host": f"evil.example:{srv.host.split(':')[1]}"}
                      ).status_code == 403
    assert client.post("/review", data={**form, "csrf": token, "pad": "x" * 100_000}
                       ).status_code == 413
    assert _status(srv.path, "web-candidate-c") == "candidate"


def test_review_and_coding_round_trip(served, client):
    srv, seeded = served
    token = csrf_token(client.get("/review").text)
    r = client.post("/review", data={"csrf": token, "action": "accept",
                                     "contact_id": "web-candidate-a"},
                    headers={"Origin": srv.url.rstrip("/")})
    assert r.status_code == 200 and "Done: web-candidate-a" in r.text  # after the 303
    assert 'data-contact="web-candidate-a"' not in r.text
    assert _status(srv.path, "web-candidate-a") == "confirmed"
    r = client.post("/media/code", data={"csrf": token, "article_id": seeded["article"],
                                         "coder": "bob", "tone": "1",
                                         "topics": ["energy"]})
    assert r.status_code == 200 and "stored human:bob" in r.text
    assert client.cookies.get("dyad_coder") == "bob"
    with browse.read_store(srv.path) as con:
        row = con.execute("SELECT topics, tone FROM article_codes WHERE coder = 'human:bob'"
                          ).fetchone()
    assert (list(row[0]), row[1]) == (["energy"], 1)


def test_cli_works_beside_the_server(served, client):
    srv, _ = served
    assert client.get("/contacts?pair=US-KZ").status_code == 200
    listed = subprocess.run(dyad_command("--db", str(srv.path), "contacts", "list",
                                         "--pair", "US-KZ", "--format", "csv"),
                            capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    page = client.get("/contacts?pair=US-KZ").text
    n_page = len(re.findall(r'href="/contacts/', page))
    assert n_page == len(listed.stdout.strip().splitlines()) - 1
    assert 'data-contact="web-candidate-d"' in client.get("/review").text
    accepted = subprocess.run(dyad_command("--db", str(srv.path), "contacts", "accept",
                                           "web-candidate-d"),
                              capture_output=True, text=True, timeout=120)
    assert accepted.returncode == 0, accepted.stderr
    # the server sees the CLI's write (its cache is keyed by the store file's version)
    assert 'data-contact="web-candidate-d"' not in client.get("/review").text
    assert client.get("/").status_code == 200


def test_a_slow_body_blocks_nobody(served, client):
    srv, _ = served
    host, port = srv.host.rsplit(":", 1)
    slow = socket.create_connection((host, int(port)), timeout=30)
    try:
        slow.sendall(b"POST /review HTTP/1.1\r\nHost: " + srv.host.encode() +
                     b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 500\r\n\r\ncsrf=")
        started = time.perf_counter()
        for _ in range(5):
            assert client.get("/contacts?pair=US-KZ").status_code == 200
        assert time.perf_counter() - started < 5
    finally:
        slow.close()


def test_concurrent_reads_beside_a_write(served):
    srv, _ = served

    def get(url: str) -> int:
        with httpx.Client(base_url=srv.url, timeout=60) as c:
            return c.get(url).status_code

    urls = ["/", "/contacts?pair=US-KZ", "/review", "/contacts?pair=US-C5"] * 10
    with srv.client() as c, ThreadPoolExecutor(16) as pool:
        token = csrf_token(c.get("/review").text)
        futures = [pool.submit(get, u) for u in urls]
        r = c.post("/review", data={"csrf": token, "action": "reject",
                                    "contact_id": "web-candidate-b"})
        assert r.status_code == 200
        assert [f.result() for f in futures] == [200] * len(urls)
    assert _status(srv.path, "web-candidate-b") == "rejected"
