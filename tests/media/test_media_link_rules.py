"""Linking respects dates and pairs: undated articles are listed, not linked (unless asked);
an article links to the one contact it reports; coverage counts only the pair's contacts;
tone means carry n and an interval only where n allows."""

from __future__ import annotations

import math

from dyad.analysis.media_coverage import contact_coverage, mean_ci, tone_table
from dyad.analysis.media_links import link_articles, undated_articles
from dyad.sources.articles.load import load_articles


def _contact(con, cid, day, us, partner, iso2, place="Astana"):
    con.execute(
        "INSERT INTO contacts (contact_id, date_start, date_end, kind, level, format, initiator,"
        " location, us_participants, partner_participants, topics, status, origin)"
        " VALUES (?, ?, ?, 'visit', 'foreign_minister', 'bilateral', 'US', ?, ?, ?, [],"
        " 'confirmed', 'curated')", [cid, day, day, place, us, partner])
    con.execute("INSERT INTO contact_partners VALUES (?, ?)", [cid, iso2])


def _store(con):
    _contact(con, "kz-visit", "2023-02-28", ["Antony Blinken"], ["Mukhtar Tileuberdi"], "KZ")
    _contact(con, "kz-call", "2023-03-01", ["Antony Blinken"], ["Kassym-Jomart Tokayev"], "KZ")
    _contact(con, "uz-visit", "2023-03-01", ["Antony Blinken"], ["Bakhtiyor Saidov"], "UZ",
             place="Tashkent")
    _contact(con, "kz-1994", "1994-02-14", ["Bill Clinton"], ["Nursultan Nazarbayev"], "KZ",
             place="Washington")
    text = "Secretary Antony Blinken met Foreign Minister Mukhtar Tileuberdi in Astana."
    recs = [
        {"id": "dated", "outlet": "KZ outlet", "outlet_country": "KZ", "language": "en",
         "published": "2023-03-01", "title": "Visit", "text": text},
        {"id": "undated", "outlet": "KZ outlet", "outlet_country": "KZ", "language": "en",
         "published": None, "title": "Old times",
         "text": "President Nursultan Nazarbayev recalled his talks with Bill Clinton."},
    ]
    load_articles(con, recs, source="file", source_ref="test")


def test_one_contact_per_article_and_undated_listed(bare_store):
    _store(bare_store)
    assert link_articles(bare_store) == 1
    links = bare_store.execute("SELECT contact_id FROM article_contact_links").fetchall()
    assert links == [("kz-visit",)]  # not the call, nor Uzbekistan's visit the same day
    undated = undated_articles(bare_store)
    assert list(undated["external_id"]) == ["undated"]
    # asked to, an undated article still needs the contact's year in its text
    assert link_articles(bare_store, include_undated=True) == 1


def test_coverage_counts_only_the_pairs_contacts(bare_store):
    _store(bare_store)
    link_articles(bare_store)
    kz = contact_coverage(bare_store, pair="US-KZ")
    assert set(kz["contact_id"]) == {"kz-visit", "kz-call", "kz-1994"}
    uz = contact_coverage(bare_store, pair="US-UZ")
    assert list(uz["contact_id"]) == ["uz-visit"] and int(uz["kz_articles"].sum()) == 0
    assert {"kz_tone_n", "us_tone_n"} <= set(kz.columns)


def test_mean_tone_has_n_and_an_interval_only_where_n_allows():
    m, n, lo, hi = mean_ci([1, 0, 1])
    assert n == 3 and math.isnan(lo) and math.isnan(hi)
    m, n, lo, hi = mean_ci([1, 1, 0, 1, -1, 1])
    assert n == 6 and lo < m < hi and lo >= -1 and hi <= 1
    import pandas as pd

    t = tone_table(pd.DataFrame({"admin": ["a"] * 6 + ["b"], "tone": [1, 1, 0, 1, -1, 1, 0]}),
                   ["admin"])
    assert list(t["n"]) == [6, 1] and math.isnan(t.loc[1, "ci_low"])
