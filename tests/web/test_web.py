"""The local web app, served on 127.0.0.1 (any free port) against a real store."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dyad.api import open_store
from dyad.api.media import import_articles
from dyad.reference.files import topic_keys
from dyad.web.server import DyadServer, make_server

PAYLOAD = "<script>alert('x')</script>"
EN = ("The United States and Kazakhstan discussed trade, investment and the Middle Corridor "
      "during talks in Astana on Monday, officials said after the meeting.")


def _seed(con, tmp: Path) -> dict[str, str]:
    """One article (hostile title/text) with an auto code, one candidate contact, one
    open conflict on a shipped contact, one javascript: source."""
    path = tmp / "articles.jsonl"
    path.write_text(json.dumps({
        "id": "web-1", "url": "https://example.org/news/1", "outlet": "Example News",
        "outlet_country": "US", "language": "en", "published": "2024-05-02",
        "title": f"Talks {PAYLOAD}", "text": f"{EN} {PAYLOAD}"}) + "\n", "utf-8")
    summary = import_articles(con, path)
    assert summary.loaded == 1
    article_id = con.execute("SELECT article_id FROM articles").fetchone()[0]
    con.execute("INSERT INTO article_codes (article_id, coder, coder_version, topics, tone)"
                " VALUES (?, 'auto', 'test', ['trade_investment'], 1)", [article_id])
    shipped = con.execute("SELECT contact_id, CAST(date_start AS VARCHAR) FROM contacts"
                          " WHERE status = 'confirmed' ORDER BY contact_id LIMIT 2").fetchall()
    for cid in ("web-candidate-a", "web-candidate-b", "web-candidate-c"):
        con.execute("INSERT INTO contacts (contact_id, date_start, date_end, kind, level, format,"
                    " initiator, status, origin) VALUES (?, DATE '2019-03-01', DATE '2019-03-01',"
                    " 'meeting', 'working', 'bilateral', 'US', 'candidate', 'test')", [cid])
        con.execute("INSERT INTO contact_partners VALUES (?, 'KZ')", [cid])
    conflicted, day = shipped[0]
    con.execute("INSERT INTO contact_conflicts (contact_id, field, kept_value, other_value,"
                " other_source, other_ref) VALUES (?, 'location', 'A', ?, 'test', 'ref-1')",
                [conflicted, f"Elsewhere {PAYLOAD}"])
    con.execute("INSERT INTO contact_sources (contact_id, source, source_ref, url, title)"
                " VALUES (?, 'test', 'js', 'javascript:alert(1)', 'hostile link')",
                [shipped[1][0]])
    return {"article": article_id, "conflicted": conflicted, "day": day,
            "js_contact": shipped[1][0]}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DyadServer, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("web")
    con = open_store(tmp / "web.duckdb")
    seeded = _seed(con, tmp)
    server = make_server(con, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, seeded
    server.shutdown()
    server.server_close()
    con.close()


@pytest.fixture
def client(app) -> Iterator[httpx.Client]:
    server, _ = app
    assert server.url.startswith("http://127.0.0.1:")
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def _token(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "page has no CSRF field"
    return m.group(1)


def _status(app, cid: str) -> str:
    server, _ = app
    with server.lock:
        return server.con.execute("SELECT status FROM contacts WHERE contact_id = ?",
                                  [cid]).fetchone()[0]


def test_index_counts_tables_and_loads(client, app):
    server, _ = app
    html = client.get("/").text
    with server.lock:
        n_contacts = server.con.execute("SELECT count(*) FROM contacts").fetchone()[0]
    assert re.search(rf"<td>contacts</td><td class=\"num\">{n_contacts}</td>", html)
    assert "Freshness" in html and "curated" in html


def test_report_is_built_on_the_fly(client):
    r = client.get("/report", params={"pair": "US-KZ"})
    assert r.status_code == 200
    assert "United States – Kazakhstan relations" in r.text
    assert client.get("/report", params={"pair": "US-XX"}).status_code == 400


def test_contacts_filter_and_links(client, app):
    server, _ = app
    with server.lock:
        rows = server.con.execute(
            "SELECT contact_id FROM contacts c WHERE status = 'confirmed' AND level = "
            "'head_of_state' AND date_start BETWEEN DATE '2009-01-20' AND DATE '2017-01-19'"
            " AND EXISTS (SELECT 1 FROM contact_partners p WHERE p.contact_id = c.contact_id"
            " AND p.partner_iso2 = 'KZ')").fetchall()
    html = client.get("/contacts", params={"pair": "US-KZ", "level": "head_of_state",
                                           "admin": "obama"}).text
    links = set(re.findall(r'href="/contacts/([^"]+)"', html))
    assert links == {r[0] for r in rows}
    everything = client.get("/contacts", params={"pair": "US-KZ"}).text
    assert len(re.findall(r'href="/contacts/', everything)) > len(links)
    assert client.get("/contacts", params={"from": "2020-13-01"}).status_code == 400
    assert client.get("/contacts", params={"level": "emperor"}).status_code == 400


def test_contact_detail_and_unknown_id(client, app):
    _, seeded = app
    r = client.get(f"/contacts/{seeded['conflicted']}")
    assert r.status_code == 200
    assert seeded["day"] in r.text and "Open conflicts" in r.text and "ref-1" in r.text
    assert PAYLOAD not in r.text and "&lt;script&gt;" in r.text
    hostile = client.get(f"/contacts/{seeded['js_contact']}").text
    assert "hostile link" in hostile and 'href="javascript:' not in hostile
    assert client.get("/contacts/no-such-contact").status_code == 404


def test_review_accept_and_reject_round_trip(client, app):
    page = client.get("/review").text
    assert "web-candidate-a" in page and "web-candidate-b" in page
    token = _token(page)
    for cid, action, status in (("web-candidate-a", "accept", "confirmed"),
                                ("web-candidate-b", "reject", "rejected")):
        r = client.post("/review", data={"csrf": token, "action": action, "contact_id": cid})
        assert r.status_code == 303
        assert _status(app, cid) == status
    after = client.get("/review").text
    assert "web-candidate-a" not in after and "web-candidate-b" not in after
    unknown = client.post("/review", data={"csrf": token, "action": "accept",
                                           "contact_id": "nope"})
    assert unknown.status_code == 400


def test_review_resolve_conflict_keep(client, app):
    server, seeded = app
    token = _token(client.get("/review").text)
    r = client.post("/review", data={"csrf": token, "action": "keep", "field": "location",
                                     "contact_id": seeded["conflicted"], "other_ref": "ref-1"})
    assert r.status_code == 303
    with server.lock:
        res = server.con.execute("SELECT resolution FROM contact_conflicts WHERE other_ref ="
                                 " 'ref-1'").fetchone()[0]
    assert res == "kept"


def test_post_without_token_or_cross_origin_is_refused(client, app):
    token = _token(client.get("/media/code").text)  # one token per server, on every form
    form = {"action": "accept", "contact_id": "web-candidate-c"}
    assert client.post("/review", data=form).status_code == 403
    assert client.post("/review", data={**form, "csrf": "wrong"}).status_code == 403
    foreign = client.post("/review", data={**form, "csrf": token},
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    rebound = client.get("/", headers={"Host": "evil.example:80"})
    assert rebound.status_code == 403
    assert _status(app, "web-candidate-c") == "candidate"
    same = client.post("/review", data={**form, "csrf": token},
                       headers={"Origin": str(app[0].url).rstrip("/")})
    assert same.status_code == 303 and _status(app, "web-candidate-c") == "confirmed"


def test_media_coding_stores_human_code_and_escapes_text(client, app):
    server, seeded = app
    page = client.get("/media/code", params={"n": 5})
    assert page.status_code == 200
    assert PAYLOAD not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert "auto coder: trade_investment / tone 1" in page.text
    assert all(f'value="{k}"' in page.text for k in topic_keys())
    chosen = topic_keys()[:2]
    r = client.post("/media/code", data={"csrf": _token(page.text), "article_id":
                                         seeded["article"], "coder": "ann", "tone": "-1",
                                         "topics": chosen, "n": "5"})
    assert r.status_code == 303
    with server.lock:
        row = server.con.execute("SELECT topics, tone, ingest_run FROM article_codes"
                                 " WHERE coder = 'human:ann'").fetchone()
    assert (sorted(row[0]), row[1]) == (sorted(chosen), -1) and row[2] is not None
    assert "human:ann" in client.get("/media/code", params={"n": 5}).text
    bad = client.post("/media/code", data={"csrf": _token(page.text), "article_id":
                                           seeded["article"], "coder": "ann", "tone": "7"})
    assert bad.status_code == 400
    missing = client.post("/media/code", data={"csrf": _token(page.text), "article_id": "x",
                                               "coder": "ann", "tone": "0"})
    assert missing.status_code == 404
    assert client.get("/media/code", params={"n": "lots"}).status_code == 400
