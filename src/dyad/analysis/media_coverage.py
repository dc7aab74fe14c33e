"""Coverage of contacts in Kazakhstani and American media, and attention asymmetry.

Per confirmed contact (also those no article reports): linked articles in KZ, US and
other outlets, their mean tone (by a coder), and how many of the contact's agenda topics
the coverage codes. Per US administration: attention asymmetry = KZ-outlet articles ÷
US-outlet articles about its contacts.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd

from dyad.reference.vocabulary import admin_on


def administration_of(day: dt.date) -> str:
    """The US administration on a day, or 'before-register' for dates it does not cover."""
    return admin_on(day) or "before-register"


def contact_coverage(con: duckdb.DuckDBPyConnection, coder: str = "auto") -> pd.DataFrame:
    df = con.execute(
        """
        SELECT c.contact_id, c.date_start, c.kind, c.level, c.topics AS agenda,
               count(*) FILTER (WHERE a.outlet_country = 'KZ') AS kz_articles,
               count(*) FILTER (WHERE a.outlet_country = 'US') AS us_articles,
               count(*) FILTER (WHERE a.outlet_country = 'other') AS other_articles,
               avg(k.tone) FILTER (WHERE a.outlet_country = 'KZ') AS kz_tone,
               avg(k.tone) FILTER (WHERE a.outlet_country = 'US') AS us_tone,
               list_distinct(flatten(list(coalesce(k.topics, [])))) AS covered_topics
        FROM contacts c
        LEFT JOIN article_contact_links l USING (contact_id)
        LEFT JOIN articles a USING (article_id)
        LEFT JOIN article_codes k ON k.article_id = a.article_id AND k.coder = ?
        WHERE c.status = 'confirmed'
        GROUP BY ALL ORDER BY c.date_start, c.contact_id
        """, [coder]).df()
    if df.empty:
        return df
    df["date_start"] = pd.to_datetime(df["date_start"]).dt.date
    df["agenda_covered"] = [
        f"{len(set(a) & set(c))}/{len(a)}" if len(a) else "" for a, c in
        zip(df["agenda"], df["covered_topics"], strict=True)]
    df["admin"] = [administration_of(d) for d in df["date_start"]]
    return df


def attention_asymmetry(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per US administration: contacts covered, KZ and US articles, KZ ÷ US."""
    if coverage.empty:
        return pd.DataFrame(columns=["admin", "contacts", "kz_articles", "us_articles",
                                     "asymmetry_kz_over_us"])
    g = coverage.groupby("admin", sort=False).agg(
        contacts=("contact_id", "count"), kz_articles=("kz_articles", "sum"),
        us_articles=("us_articles", "sum")).reset_index()
    g["asymmetry_kz_over_us"] = [
        k / u if u else (math.inf if k else math.nan)
        for k, u in zip(g["kz_articles"], g["us_articles"], strict=True)]
    return g


def coded_articles(con: duckdb.DuckDBPyConnection, coder: str = "auto") -> pd.DataFrame:
    """Every stored article with its topics and tone by ``coder`` (NULL where not coded)."""
    return con.execute(
        """SELECT a.article_id, a.outlet, a.outlet_country, a.language, a.published, a.title,
                  a.url, k.topics, k.tone
           FROM articles a LEFT JOIN article_codes k
             ON k.article_id = a.article_id AND k.coder = ?""", [coder]).df()


def link_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many article-to-contact links the store holds (``dyad media link`` makes them)."""
    row = con.execute("SELECT count(*) FROM article_contact_links").fetchone()
    return int(row[0]) if row else 0
