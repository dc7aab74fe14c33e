"""The pages through Starlette's TestClient, over a real (seeded) store file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import PAYLOAD, TestClient, csrf_token, seeded_store

from dyad.api import browse
from dyad.reference.files import topic_keys
from dyad.web.app import create_app

HOST = "testserver"


@pytest.fixture(scope="module")
def store_path(_store_template: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[Path, dict[str, str]]:
    return seeded_store(_store_template, tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def app(store_path):
    return create_app(store_path[0], hosts=frozenset({HOST}))


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, base_url=f"http://{HOST}") as c:
        yield c


def _read(path: Path, sql: str, params: list | None = None):
    with browse.read_store(path) as con:
        return con.execute(sql, params or []).fetchall()


def _status(store_path, cid: str) -> str:
    return _read(store_path[0], "SELECT status FROM contacts WHERE contact_id = ?", [cid])[0][0]


def test_index_counts_tables_and_loads(client, store_path):
    html = client.get("/").text
    n = _read(store_path[0], "SELECT count(*) FROM contacts")[0][0]
    assert re.search(rf"<td>contacts</td><td class=\"num\">{n}</td>", html)
    assert "Freshness" in html and "curated" in html
    assert not re.search(r"\bnan\b", html, re.IGNORECASE)


def test_every_page_has_security_headers_and_no_store(client):
    r = client.get("/contacts", params={"pair": "US-KZ"})
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"
    assert client.get("/static/code.js").headers["content-type"].startswith("text/javascript")


def test_contacts_filters(client, store_path):
    rows = _read(store_path[0],
                 "SELECT contact_id FROM contacts c WHERE status = 'confirmed' AND level = "
                 "'head_of_state' AND date_start BETWEEN DATE '2009-01-20' AND DATE '2017-01-19'"
                 " AND EXISTS (SELECT 1 FROM contact_partners p WHERE p.contact_id ="
                 " c.contact_id AND p.partner_iso2 = 'KZ')")
    html = client.get("/contacts", params={"pair": "US-KZ", "level": "head_of_state",
                                           "admin": "obama"}).text
    links = set(re.findall(r'href="/contacts/([^"]+)"', html))
    assert links == {r[0] for r in rows} and links
    assert '<option selected>obama</option>' in html
    everything = client.get("/contacts", params={"pair": "us-kz"}).text
    assert len(re.findall(r'href="/contacts/', everything)) > len(links)
    ranged = client.get("/contacts", params={"from": "2020-01-01", "to": "2020-12-31"}).text
    dates = re.findall(r'href="/contacts/[^"]+">(\d{4}-\d\d-\d\d)</a>', ranged)
    assert dates and all(d.startswith("2020-") for d in dates)
    assert "00:00:00" not in everything and "None" not in everything


@pytest.mark.parametrize("params", [{"from": "2020-13-01"}, {"level": "emperor"},
                                    {"pair": "US-XX"}, {"admin": "lincoln"},
                                    {"pair": ["US-KZ", "US-UZ"]}])
def test_bad_parameters_are_400(client, params):
    r = client.get("/contacts", params=params)
    assert r.status_code == 400
    assert '<p class="error">' in r.text and "Traceback" not in r.text


def test_contact_detail_escapes_and_unknown_id(client, store_path):
    seeded = store_path[1]
    r = client.get(f"/contacts/{seeded['conflicted']}")
    assert r.status_code == 200
    assert seeded["day"] in r.text and "Open conflicts" in r.text and "ref-1" in r.text
    assert PAYLOAD not in r.text and "&lt;script&gt;" in r.text
    assert ">nan<" not in r.text and ">None<" not in r.text
    hostile = client.get(f"/contacts/{seeded['js_contact']}").text
    assert "hostile link" in hostile and 'href="javascript:' not in hostile
    missing = client.get("/contacts/no-such-contact")
    assert missing.status_code == 404 and "no-such-contact" in missing.text


def test_unknown_page_and_method(client):
    assert client.get("/nowhere").status_code == 404
    r = client.put("/review")
    assert r.status_code == 405 and "<h1>405" in r.text


def test_review_groups_conflicts_and_shows_no_nan(client, store_path):
    seeded = store_path[1]
    html = client.get("/review").text
    assert all(c in html for c in ("web-candidate-a", "web-candidate-b"))
    assert PAYLOAD not in html
    assert not re.search(r"\bnan\b", re.sub(r"<[^>]+>", " ", html), re.IGNORECASE)
    section = html.split(f'data-contact="{seeded["grouped"]}"')
    assert len(section) == 3  # two groups: Almaty (2 sources) and Astana (1)
    assert "2 source(s) say <b>Almaty</b>" in html and "(all 2)" in html
    assert "1 source(s) say <b>Astana</b>" in html


def test_review_round_trip(client, store_path):
    token = csrf_token(client.get("/review").text)
    for cid, action, status in (("web-candidate-a", "accept", "confirmed"),
                                ("web-candidate-b", "reject", "rejected")):
        r = client.post("/review", data={"csrf": token, "action": action, "contact_id": cid},
                        follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/review?done=")
        assert _status(store_path, cid) == status
        assert cid in client.get(r.headers["location"]).text  # the "done" line
    after = client.get("/review").text
    assert 'data-contact="web-candidate-a"' not in after
    assert 'data-contact="web-candidate-b"' not in after
    unknown = client.post("/review", data={"csrf": token, "action": "accept",
                                           "contact_id": "nope"})
    assert unknown.status_code == 400 and "nope" in unknown.text
    odd = client.post("/review", data={"csrf": token, "action": "explode", "contact_id": "x"})
    assert odd.status_code == 400


def test_review_resolves_a_group_with_one_click(client, store_path):
    path, seeded = store_path
    token = csrf_token(client.get("/review").text)
    r = client.post("/review", data={"csrf": token, "action": "replace", "field": "location",
                                     "contact_id": seeded["grouped"], "other_value": "Almaty"},
                    follow_redirects=False)
    assert r.status_code == 303
    rows = dict(_read(path, "SELECT other_ref, resolution FROM contact_conflicts WHERE"
                            " contact_id = ?", [seeded["grouped"]]))
    assert rows == {"ref-g1": "replaced", "ref-g2": "replaced", "ref-g3": "open"}
    assert _read(path, "SELECT location FROM contacts WHERE contact_id = ?",
                 [seeded["grouped"]])[0][0] == "Almaty"
    reviews = _read(path, "SELECT other_ref FROM contact_reviews WHERE contact_id = ?"
                          " ORDER BY 1", [seeded["grouped"]])
    assert [r[0] for r in reviews] == ["ref-g1", "ref-g2"]
    page = client.get("/review").text
    assert "say <b>Almaty</b>" not in page and "say <b>Astana</b>" in page
    again = client.post("/review", data={"csrf": token, "action": "keep", "field": "location",
                                         "contact_id": seeded["grouped"],
                                         "other_value": "Almaty"})
    assert again.status_code == 400


def test_review_keep_one_source_by_reference(client, store_path):
    path, seeded = store_path
    token = csrf_token(client.get("/review").text)
    r = client.post("/review", data={"csrf": token, "action": "keep", "field": "location",
                                     "contact_id": seeded["conflicted"], "other_ref": "ref-1"},
                    follow_redirects=False)
    assert r.status_code == 303
    assert _read(path, "SELECT resolution FROM contact_conflicts WHERE other_ref = 'ref-1'"
                 )[0][0] == "kept"


def test_post_refusals(client):
    token = csrf_token(client.get("/review").text)
    form = {"action": "accept", "contact_id": "web-candidate-c"}
    assert client.post("/review", data=form).status_code == 403
    assert client.post("/review", data={**form, "csrf": "wrong"}).status_code == 403
    assert client.post("/review", data={**form, "csrf": [token, token]}).status_code == 403
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Referer": "https://evil.example/page"},
                    {"Sec-Fetch-Site": "cross-site"}):
        r = client.post("/review", data={**form, "csrf": token}, headers=headers)
        assert r.status_code == 403, headers
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 403
    as_json = client.post("/review", json={**form, "csrf": token})
    assert as_json.status_code == 415
    big = client.post("/review", data={**form, "csrf": token, "pad": "x" * 70_000})
    assert big.status_code == 413
    bad_utf8 = client.post("/review", content=b"csrf=" + token.encode() + b"&action=%FF",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert bad_utf8.status_code == 400


def test_same_origin_post_is_accepted(client, store_path):
    token = csrf_token(client.get("/review").text)
    r = client.post("/review", data={"csrf": token, "action": "accept",
                                     "contact_id": "web-candidate-c"},
                    headers={"Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-origin",
                             "Referer": f"http://{HOST}/review"}, follow_redirects=False)
    assert r.status_code == 303 and _status(store_path, "web-candidate-c") == "confirmed"


def test_coding_page_is_blind_and_complete(client, store_path):
    seeded = store_path[1]
    page = client.get("/media/code", params={"article": seeded["article"]})
    assert page.status_code == 200
    html = page.text
    assert PAYLOAD not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "Middle Corridor" in html  # the full text, not an excerpt
    assert "critical_minerals / tone" not in html and "auto coder" not in html
    assert "human:other" not in html and "energy / tone" not in html
    assert " checked" not in html  # no preselected answer
    assert all(f'value="{k}"' in html for k in topic_keys())
    assert 'data-key="1"' in html and '<script src="/static/code.js">' in html
    link_only = client.get("/media/code", params={"article": seeded["link_only"]}).text
    assert 'href="https://example.org/news/2"' in link_only and "No text stored" in link_only
    assert client.get("/media/code", params={"article": "nope"}).status_code == 404


def test_human_code_post_remembers_the_coder(client, store_path):
    path, seeded = store_path
    page = client.get("/media/code").text
    token = csrf_token(page)
    chosen = topic_keys()[:2]
    r = client.post("/media/code", data={"csrf": token, "article_id": seeded["article"],
                                         "coder": "ann", "tone": "-1", "topics": chosen},
                    follow_redirects=False)
    assert r.status_code == 303
    assert "dyad_coder=ann" in r.headers["set-cookie"]
    assert "samesite=strict" in r.headers["set-cookie"].lower()
    row = _read(path, "SELECT topics, tone, ingest_run FROM article_codes WHERE coder ="
                      " 'human:ann'")[0]
    assert (sorted(row[0]), row[1]) == (sorted(chosen), -1) and row[2] is not None
    assert _read(path, "SELECT source, status FROM ingest_runs WHERE run_id = ?",
                 [row[2]])[0] == ("web_coding", "ok")
    nxt = client.get(r.headers["location"]).text
    assert 'value="ann"' in nxt and "stored human:ann" in nxt
    assert f'data-article="{seeded["article"]}"' not in nxt  # moved on to the next one
    assert "1 of 2 article(s) left for human:ann" in nxt


@pytest.mark.parametrize("form, status", [
    ({"coder": "ann", "tone": "7"}, 400),
    ({"coder": "ann", "tone": ""}, 400),
    ({"coder": "a b", "tone": "0"}, 400),
    ({"coder": "ann", "tone": "0", "topics": "no_such_topic"}, 400),
    ({"coder": "ann", "tone": "0", "article_id": "x"}, 404),
])
def test_bad_human_codes(client, store_path, form, status):
    token = csrf_token(client.get("/media/code").text)
    data = {"csrf": token, "article_id": store_path[1]["article"], **form}
    assert client.post("/media/code", data=data).status_code == status


def test_report_is_cached_per_store_version(client, app, monkeypatch):
    calls = []
    real = browse.report_html

    def counting(con, pair, **kw):
        calls.append(pair)
        return real(con, pair, **kw)

    monkeypatch.setattr(browse, "report_html", counting)
    r = client.get("/report", params={"pair": "US-KZ"})
    assert r.status_code == 200 and "United States – Kazakhstan relations" in r.text
    assert client.get("/report", params={"pair": "US-KZ"}).text == r.text
    assert calls == ["US-KZ"]
    app.state.store.generation += 1  # as after a write: a new store version
    client.get("/report", params={"pair": "US-KZ"})
    assert calls == ["US-KZ", "US-KZ"]
    assert client.get("/report", params={"pair": "US-XX"}).status_code == 400


def test_a_crash_is_a_500_page_without_traceback(app, monkeypatch):
    def boom(con):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(browse, "store_summary", boom)
    app.state.store.pages.clear()
    with TestClient(app, base_url=f"http://{HOST}", raise_server_exceptions=False) as c:
        r = c.get("/")
    assert r.status_code == 500
    assert "secret detail" not in r.text and "Traceback" not in r.text
    assert "internal error" in r.text


def test_no_page_shows_nan_none_or_nat(client):
    listing = client.get("/contacts", params={"pair": "US-C5"}).text
    ids = re.findall(r'href="/contacts/([^"]+)"', listing)
    assert len(ids) > 20
    pages = [listing, client.get("/").text, client.get("/review").text,
             client.get("/media/code").text] + [client.get(f"/contacts/{i}").text for i in ids]
    for html in pages:
        text = re.sub(r"<[^>]+>", " ", html)
        assert not re.search(r"\b(nan|NaN|NaT|None)\b", text), text[:200]


def test_the_web_report_is_the_cli_report(client):
    """The browser's report is made by the same function as ``dyad report``: it carries the
    how-to-cite block and the appendices, not a second template context."""
    r = client.get("/report", params={"pair": "US-KZ"})
    assert r.status_code == 200
    assert "How to cite" in r.text and "Appendix A" in r.text
