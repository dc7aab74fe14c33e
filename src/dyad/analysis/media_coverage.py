"""Coverage of contacts in Kazakhstani and American media, and attention asymmetry.

Per confirmed contact of the pair (also those no article reports; a contact belongs to
US-KZ when Kazakhstan is among its partner states): linked articles in KZ, US and other
outlets, their mean tone (by a coder) with the number of coded articles beside it and a
95% interval where n allows (n >= ``MIN_CI_N``; normal approximation, articles treated as
independent), and how many of the contact's agenda topics the coverage codes. Per US
administration: attention asymmetry = KZ-outlet articles ÷ US-outlet articles about the
pair's contacts.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd

from dyad.reference.vocabulary import admin_on, parse_pair

MIN_CI_N = 5


def administration_of(day: dt.date) -> str:
    """The US administration on a day, or 'before-register' for dates it does not cover."""
    return admin_on(day) or "before-register"


def mean_ci(values: pd.Series | list[float]) -> tuple[float, int, float, float]:
    """(mean, n, low, high) of tone values; the interval is nan when n < ``MIN_CI_N``."""
    v = pd.Series(values, dtype=float).dropna()
    n = len(v)
    if n == 0:
        return math.nan, 0, math.nan, math.nan
    m = float(v.mean())
    if n < MIN_CI_N:
        return m, n, math.nan, math.nan
    half = 1.96 * float(v.std(ddof=1)) / math.sqrt(n)
    return m, n, max(-1.0, m - half), min(1.0, m + half)


def contact_coverage(con: duckdb.DuckDBPyConnection, coder: str = "auto",
                     pair: str = "US-KZ") -> pd.DataFrame:
    """Coverage of each confirmed contact of ``pair`` (see the module docstring)."""
    partners = list(parse_pair(pair).partners)
    marks = ", ".join("?" for _ in partners)
    df = con.execute(
        """
        SELECT c.contact_id, c.date_start, c.kind, c.level, c.topics AS agenda,
               count(*) FILTER (WHERE a.outlet_country = 'KZ') AS kz_articles,
               count(*) FILTER (WHERE a.outlet_country = 'US') AS us_articles,
               count(*) FILTER (WHERE a.outlet_country = 'other') AS other_articles,
               avg(k.tone) FILTER (WHERE a.outlet_country = 'KZ') AS kz_tone,
               count(k.tone) FILTER (WHERE a.outlet_country = 'KZ') AS kz_tone_n,
               avg(k.tone) FILTER (WHERE a.outlet_country = 'US') AS us_tone,
               count(k.tone) FILTER (WHERE a.outlet_country = 'US') AS us_tone_n,
               list_distinct(flatten(list(coalesce(k.topics, [])))) AS covered_topics
        FROM contacts c
        LEFT JOIN article_contact_links l USING (contact_id)
        LEFT JOIN articles a USING (article_id)
        LEFT JOIN article_codes k ON k.article_id = a.article_id AND k.coder = ?
        WHERE c.status = 'confirmed' AND c.contact_id IN (
            SELECT contact_id FROM contact_partners WHERE partner_iso2 IN ({marks}))
        GROUP BY ALL ORDER BY c.date_start, c.contact_id
        """.replace("{marks}", marks), [coder, *partners]).df()
    if df.empty:
        return df
    df["date_start"] = pd.to_datetime(df["date_start"]).dt.date
    df["agenda_covered"] = [
        f"{len(set(a) & set(c))}/{len(a)}" if len(a) else "" for a, c in
        zip(df["agenda"], df["covered_topics"], strict=True)]
    df["admin"] = [administration_of(d) for d in df["date_start"]]
    return df


def attention_asymmetry(coverage: pd.DataFrame) -> pd.DataFrame:
    """Per US administration: the pair's contacts (n), those covered, KZ and US articles,
    KZ ÷ US (a ratio of counts; no interval: the articles are not a sample)."""
    if coverage.empty:
        return pd.DataFrame(columns=["admin", "contacts", "contacts_covered", "kz_articles",
                                     "us_articles", "asymmetry_kz_over_us"])
    cov = coverage.assign(covered=(coverage["kz_articles"] + coverage["us_articles"]) > 0)
    g = cov.groupby("admin", sort=False).agg(
        contacts=("contact_id", "count"), contacts_covered=("covered", "sum"),
        kz_articles=("kz_articles", "sum"), us_articles=("us_articles", "sum")).reset_index()
    g["asymmetry_kz_over_us"] = [
        k / u if u else (math.inf if k else math.nan)
        for k, u in zip(g["kz_articles"], g["us_articles"], strict=True)]
    return g


def tone_table(coded: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Mean tone per group with n and a 95% interval where n >= ``MIN_CI_N``."""
    rows = []
    for key, grp in coded.groupby(by, sort=False):
        m, n, lo, hi = mean_ci(grp["tone"])
        keys = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(by, keys, strict=True)), "n": n, "mean_tone": m,
                     "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=[*by, "n", "mean_tone", "ci_low", "ci_high"])


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


def shipped_article_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Ids of the shipped media sample's articles (codes and metadata, no text)."""
    return {str(r[0]) for r in con.execute(
        "SELECT article_id FROM articles WHERE source = 'shipped'").fetchall()}
