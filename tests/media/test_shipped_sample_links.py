"""The shipped store links the shipped media sample to the shipped register (issue 12/16):
dated articles only, one contact per article unless it names several contacts' people, the
URL's words standing in for the text the sample does not ship; idempotent on every open and
leaving other articles' links alone."""

from __future__ import annotations

import datetime as dt

from dyad.analysis.media_coverage import contact_coverage
from dyad.analysis.media_links import (
    SHIPPED_MARK,
    ensure_shipped_links,
    score_pair,
    url_words,
)
from dyad.api import open_store


def _links(con):
    return con.execute(
        "SELECT l.article_id, l.contact_id, l.reason, a.published, a.source"
        " FROM article_contact_links l JOIN articles a USING (article_id) ORDER BY 1, 2"
    ).fetchall()


def test_a_new_store_links_the_sample_by_the_rules(store):
    links = _links(store)
    assert len(links) >= 5
    assert all(pub is not None for _, _, _, pub, _ in links)  # undated: never linked
    assert all(src == "shipped" for *_, src in links)
    assert all(("URL names" in r) or ("(in URL)" in r) for _, _, r, _, _ in links)
    undated = store.execute("SELECT count(*) FROM articles WHERE source = 'shipped'"
                            " AND published IS NULL").fetchone()[0]
    assert undated > 0
    # several links of one article only when it names the people of each
    per_article: dict[str, list[str]] = {}
    for aid, _, reason, _, _ in links:
        per_article.setdefault(aid, []).append(reason)
    for reasons in per_article.values():
        assert sum("also reported" not in r for r in reasons) == 1
    # US-KZ coverage counts only contacts with Kazakhstan
    cov = contact_coverage(store, "gold", "US-KZ")
    kz_ids = {r[0] for r in store.execute(
        "SELECT contact_id FROM contact_partners WHERE partner_iso2 = 'KZ'").fetchall()}
    assert set(cov["contact_id"]) <= kz_ids
    assert int((cov["kz_articles"] + cov["us_articles"] + cov["other_articles"]).sum()) > 0


def test_reopening_changes_nothing_and_keeps_other_links(store, tmp_path):
    before = _links(store)
    store.execute("INSERT INTO articles (article_id, external_id, outlet, outlet_country,"
                  " language, published, text, source, source_ref) VALUES ('mine', 'mine', 'X',"
                  " 'KZ', 'en', DATE '2023-03-01', 'text', 'file', 't')")
    store.execute("INSERT INTO article_contact_links VALUES ('mine', 'c', 0.9, 'by hand')")
    path = store.execute("SELECT path FROM duckdb_databases() WHERE database_name ="
                         " current_database()").fetchone()[0]
    store.close()
    con = open_store(path)
    try:
        assert len(_links(con)) == len(before) + 1
        # a new version of the rules or data relinks the sample only
        assert ensure_shipped_links(con, "another version") == len(before)
        assert ensure_shipped_links(con, "another version") is None
        assert con.execute("SELECT count(*) FROM article_contact_links WHERE article_id ="
                           " 'mine'").fetchone()[0] == 1
        mark = con.execute("SELECT checksum FROM reference_versions WHERE name = ?",
                           [SHIPPED_MARK]).fetchone()[0]
        assert mark == "another version"
    finally:
        con.close()


def _contact(**kw):
    base = {"contact_id": "c", "date_start": dt.date(2018, 1, 16),
            "date_end": dt.date(2018, 1, 17), "location": "Washington, D.C., USA",
            "us_participants": ["President Donald J. Trump"],
            "partner_participants": ["President Nursultan Nazarbayev"], "topics": []}
    return {**base, **kw}


def test_a_text_less_article_needs_a_name_or_place_in_its_url():
    url = "http://www.akorda.kz/en/briefing-following-talks-with-donald-tramp-president"
    art = {"article_id": "a", "published": dt.date(2018, 1, 17), "title": None, "text": None,
           "url": url, "topics": []}
    got = score_pair(art, _contact())
    assert got is not None and "URL names Trump" in got[1]  # Tramp: the Russian spelling
    bare = {**art, "url": "https://example.kz/news/12345"}
    assert score_pair(bare, _contact()) is None  # a date alone tells no contact apart
    assert url_words("https://a.kz/2023/02/us-secretary%20blinken_visit/") == \
        "2023 02 us secretary blinken visit"
