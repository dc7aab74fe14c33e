"""Link articles to the contacts they report, with a score and the reason.

A candidate pair needs the article's publication date inside the contact's window
(from ``BEFORE`` days before it starts to ``AFTER`` days after it ends) or, for an
undated article, a participant named in it. The score adds:

* date: 0.35 on the contact's days, falling linearly to 0.1 at the window's edge;
* participants: 0.15 per side whose participant (surname, in Latin or Cyrillic) the
  text names, up to 0.3;
* place: 0.15 when the text names the location;
* topics: 0.2 × the share of the contact's agenda topics among the article's codes.

Pairs scoring at least ``MIN_SCORE`` are candidates; the reason lists what matched.

An article links to the one contact it reports: its best-scoring candidate. A second
candidate is kept only when the article reports it too, i.e. names a participant of it
whom the best contact does not have (an article about a visit that also reports a call
with someone else). Undated articles are not linked unless ``include_undated`` (they
are listed instead, see ``undated_articles``); even then an undated article needs a named
participant and the contact's year in its text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import duckdb
import pandas as pd

from dyad.reference.vocabulary import surname
from dyad.store import transaction

BEFORE = 2
AFTER = 10
MIN_SCORE = 0.5

_LAT2CYR = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
            ("yu", "ю"), ("ya", "я"), ("yev", "ев"), ("ye", "е"), ("ay", "ай"), ("iy", "ий"),
            ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
            ("z", "з"), ("i", "и"), ("y", "и"), ("k", "к"), ("l", "л"), ("m", "м"),
            ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"),
            ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"), ("w", "у"), ("q", "к"),
            ("j", "дж"), ("x", "кс")]


def to_cyrillic(word: str) -> str:
    """A rough Latin -> Russian transliteration, good enough to find surnames."""
    w = word.lower()
    out = []
    i = 0
    while i < len(w):
        for lat, cyr in _LAT2CYR:
            if w.startswith(lat, i):
                out.append(cyr)
                i += len(lat)
                break
        else:
            out.append(w[i])
            i += 1
    return "".join(out)


def surnames(participants: list[str] | None) -> list[str]:
    """The family name of each participant string ("Secretary Antony Blinken"), as written."""
    out = []
    for p in participants or []:
        s = surname(str(p))
        if s and len(s) >= 3:
            out.append(s.capitalize())
    return out


def _names_found(names: list[str], low_text: str) -> list[str]:
    found = []
    for n in names:
        forms = {n.lower()[:max(4, len(n) - 2)], to_cyrillic(n)[:max(4, len(n) - 3)]}
        if any(re.search(r"(?<!\w)" + re.escape(f), low_text) for f in forms if f):
            found.append(n)
    return found


def score_pair(article: dict[str, Any], contact: dict[str, Any], *,
               include_undated: bool = True) -> tuple[float, str] | None:
    """(score, reason) for one article and one contact, or None when not a candidate."""
    low = f"{article.get('title') or ''} {article['text']}".lower()
    start: dt.date = contact["date_start"]
    end: dt.date = contact["date_end"] or start
    pub: dt.date | None = article.get("published")
    us = _names_found(surnames(contact.get("us_participants")), low)
    kz = _names_found(surnames(contact.get("partner_participants")), low)
    reasons = []
    score = 0.0
    if pub is not None:
        if not (start - dt.timedelta(days=BEFORE) <= pub <= end + dt.timedelta(days=AFTER)):
            return None
        lag = 0 if start <= pub <= end else (
            (pub - end).days if pub > end else (start - pub).days)
        score += 0.35 if lag == 0 else max(0.1, 0.35 - 0.25 * lag / AFTER)
        reasons.append("published during the contact" if lag == 0 else
                       f"published {lag} day(s) {'after' if pub > end else 'before'}")
    elif not include_undated or not (us or kz) or str(start.year) not in low:
        return None
    else:
        reasons.append(f"undated article naming {start.year}")
    if us or kz:
        score += 0.15 * (bool(us) + bool(kz))
        reasons.append("names " + ", ".join(us + kz))
    place = str(contact.get("location") or "")
    city = place.split(",")[0].strip()
    if city and len(city) >= 4 and (city.lower() in low or to_cyrillic(city)[:5] in low):
        score += 0.15
        reasons.append(f"place {city}")
    agenda = set(contact.get("topics") or [])
    coded = set(article.get("topics") or [])
    if agenda and coded & agenda:
        share = len(coded & agenda) / len(agenda)
        score += 0.2 * share
        reasons.append("topics " + ", ".join(sorted(coded & agenda)))
    return round(score, 3), "; ".join(reasons)


def named_participants(article: dict[str, Any], contact: dict[str, Any]) -> set[str]:
    """The contact's participants (surnames) that the article names."""
    low = f"{article.get('title') or ''} {article['text']}".lower()
    return set(_names_found(surnames(contact.get("us_participants")), low)
               + _names_found(surnames(contact.get("partner_participants")), low))


def choose_links(article: dict[str, Any], candidates: list[tuple[dict[str, Any], float, str]]
                 ) -> list[tuple[dict[str, Any], float, str]]:
    """The best candidate, plus any other whose own participants the article also names."""
    if not candidates:
        return []
    ranked = sorted(candidates, key=lambda c: (-c[1], str(c[0]["contact_id"])))
    best = ranked[0]
    kept = [best]
    best_names = {n.lower() for n in surnames(best[0].get("us_participants"))
                  + surnames(best[0].get("partner_participants"))}
    for cand in ranked[1:]:
        own = {n.lower() for n in named_participants(article, cand[0])} - best_names
        if own:
            kept.append((cand[0], cand[1], cand[2] + "; also reported (names "
                         + ", ".join(sorted(own)) + ")"))
    return kept


def link_articles(con: duckdb.DuckDBPyConnection, *, coder: str = "auto",
                  min_score: float = MIN_SCORE, include_undated: bool = False) -> int:
    """Recompute ``article_contact_links`` for every article; return the number of links.
    Undated articles are left out unless ``include_undated``."""
    contacts = con.execute(
        "SELECT contact_id, date_start, date_end, location, us_participants,"
        " partner_participants, topics FROM contacts WHERE status = 'confirmed'").df()
    articles = con.execute(
        "SELECT a.article_id, a.published, a.title, a.text, k.topics FROM articles a"
        " LEFT JOIN article_codes k ON k.article_id = a.article_id AND k.coder = ?"
        + ("" if include_undated else " WHERE a.published IS NOT NULL"), [coder]).df()
    rows = []
    cons = [_record(c) for c in contacts.to_dict("records")]
    for raw in articles.to_dict("records"):
        a = _record(raw)
        cands = []
        for c in cons:
            got = score_pair(a, c, include_undated=include_undated)
            if got and got[0] >= min_score:
                cands.append((c, got[0], got[1]))
        for c, score, reason in choose_links(a, cands):
            rows.append([a["article_id"], c["contact_id"], score, reason])
    with transaction(con):
        con.execute("DELETE FROM article_contact_links")
        if rows:
            con.executemany("INSERT INTO article_contact_links VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def undated_articles(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Articles without a publication date: not linked to contacts unless asked."""
    return con.execute(
        "SELECT coalesce(external_id, article_id) AS external_id, outlet, title, url"
        " FROM articles WHERE published IS NULL ORDER BY 1").df()


def _record(r: dict[Any, Any]) -> dict[str, Any]:
    out = {}
    for k, v in r.items():
        if isinstance(v, pd.Timestamp):
            v = v.date()
        elif v is pd.NaT or (isinstance(v, float) and v != v):
            v = None
        elif hasattr(v, "tolist"):
            v = v.tolist()
        out[str(k)] = v
    return out
