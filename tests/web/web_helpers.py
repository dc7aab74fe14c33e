"""Helpers of the web tests: a seeded store, a served store (``dyad serve`` in a
subprocess on 127.0.0.1, any free port), the TestClient, the forms' token."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

with warnings.catch_warnings():  # starlette 1.x asks for httpx2 here; httpx still works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PAYLOAD = "<script>alert('x')</script>"
EN = ("The United States and Kazakhstan discussed trade, investment and the Middle Corridor "
      "during talks in Astana on Monday, officials said after the meeting.")
CANDIDATES = ("web-candidate-a", "web-candidate-b", "web-candidate-c", "web-candidate-d")

__all__ = ["CANDIDATES", "EN", "PAYLOAD", "Served", "TestClient", "csrf_token", "seed",
           "seeded_store", "serve"]


def seed(con: Any, tmp: Path) -> dict[str, str]:
    """Hostile and awkward rows: an article (hostile title/text, an auto code), an article
    with only a link, candidates, a group of two sources agreeing on one conflicting value
    plus a third disagreeing, a javascript: source link."""
    from dyad.api.media import import_articles

    path = tmp / "articles.jsonl"
    rows = [
        {"id": "web-1", "url": "https://example.org/news/1", "outlet": "Example News",
         "outlet_country": "US", "language": "en", "published": "2024-05-02",
         "title": f"Talks {PAYLOAD}", "text": f"{EN} {PAYLOAD}"},
        {"id": "web-2", "url": "https://example.org/news/2", "outlet": "Other Wire",
         "outlet_country": "KZ", "language": "en", "published": "2024-04-01",
         "title": "Minerals deal", "text": f"Critical minerals. {EN}"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    assert import_articles(con, path).loaded == 2
    first = con.execute("SELECT article_id FROM articles WHERE external_id = 'web-1'"
                        ).fetchone()[0]
    second = con.execute("SELECT article_id FROM articles WHERE external_id = 'web-2'"
                         ).fetchone()[0]
    con.execute("UPDATE articles SET text = NULL WHERE article_id = ?", [second])
    con.execute("INSERT INTO article_codes (article_id, coder, coder_version, topics, tone)"
                " VALUES (?, 'auto', 'test', ['critical_minerals'], 1)", [first])
    con.execute("INSERT INTO article_codes (article_id, coder, coder_version, topics, tone)"
                " VALUES (?, 'human:other', 'test', ['energy'], -1)", [first])
    shipped = con.execute("SELECT contact_id, CAST(date_start AS VARCHAR) FROM contacts"
                          " WHERE status = 'confirmed' ORDER BY contact_id LIMIT 3").fetchall()
    for cid in CANDIDATES:
        con.execute("INSERT INTO contacts (contact_id, date_start, date_end, kind, level, format,"
                    " initiator, status, origin, summary) VALUES (?, DATE '2019-03-01',"
                    " DATE '2019-03-01', 'meeting', 'working', 'bilateral', 'US', 'candidate',"
                    " 'test', ?)", [cid, f"Candidate {cid} {PAYLOAD}"])
        con.execute("INSERT INTO contact_partners VALUES (?, 'KZ')", [cid])
    conflicted, day = shipped[0]
    con.execute("INSERT INTO contact_conflicts (contact_id, field, kept_value, other_value,"
                " other_source, other_ref) VALUES (?, 'location', 'A', ?, 'test', 'ref-1')",
                [conflicted, f"Elsewhere {PAYLOAD}"])
    grouped = shipped[2][0]
    loc = con.execute("SELECT location FROM contacts WHERE contact_id = ?", [grouped]
                      ).fetchone()[0]
    for ref in ("ref-g1", "ref-g2"):
        con.execute("INSERT INTO contact_conflicts (contact_id, field, kept_value, other_value,"
                    " other_source, other_ref) VALUES (?, 'location', ?, 'Almaty', 'wire', ?)",
                    [grouped, loc, ref])
    con.execute("INSERT INTO contact_conflicts (contact_id, field, kept_value, other_value,"
                " other_source, other_ref) VALUES (?, 'location', ?, 'Astana', 'press', "
                "'ref-g3')", [grouped, loc])
    con.execute("INSERT INTO contact_sources (contact_id, source, source_ref, url, title)"
                " VALUES (?, 'test', 'js', 'javascript:alert(1)', 'hostile link')",
                [shipped[1][0]])
    return {"article": first, "link_only": second, "conflicted": conflicted, "day": day,
            "js_contact": shipped[1][0], "grouped": grouped, "grouped_location": loc or ""}


def seeded_store(template: Path, folder: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the session's template store, seeded; closed again."""
    from dyad.api import open_store

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "web.duckdb"
    shutil.copyfile(template, path)
    con = open_store(path)
    try:
        seeded = seed(con, folder)
    finally:
        con.close()
    return path, seeded


def csrf_token(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "page has no CSRF field"
    return m.group(1)


class Served:
    """``dyad --db PATH serve --port 0`` running in a subprocess."""

    def __init__(self, proc: subprocess.Popen[str], url: str, path: Path) -> None:
        self.proc = proc
        self.url = url
        self.path = path
        self.host = url.split("//", 1)[1].rstrip("/")
        self.log: list[str] = []
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.log.append(line)

    def client(self, **kw: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, follow_redirects=True, **kw)


def dyad_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dyad", *args]


@contextmanager
def serve(path: Path, timeout: float = 60.0) -> Iterator[Served]:
    """Start ``dyad serve`` on the store and stop it (SIGTERM) afterwards."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(dyad_command("--db", str(path), "serve", "--port", "0"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env)
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + timeout
        url = None
        seen = []
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
            m = re.search(r"serving (http://\S+/)", line)
            if m:
                url = m.group(1)
                break
        assert url, f"dyad serve did not start: {''.join(seen)}"
        served = Served(proc, url, path)
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield served
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
