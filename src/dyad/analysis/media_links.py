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

An article stored without text or title (the shipped media sample keeps only metadata) is
matched on the words of its URL's path instead (``tokayev-meets-trump``), and the reason
says so. Topics are the coder's codes, or the gold codes where that coder has not coded the
article. ``ensure_shipped_links`` links the shipped sample once per version of the sample
and register (``dyad.api.open_store`` calls it), so a new store's report has coverage.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import unquote, urlsplit

import duckdb
import pandas as pd

from dyad.reference.translit import by_table
from dyad.reference.vocabulary import surname
from dyad.store import transaction

BEFORE = 2
AFTER = 10
MIN_SCORE = 0.5
FALLBACK_CODER = "gold"  # human codes (the shipped sample's), used where a coder has none
SHIPPED_SOURCE = "shipped"  # dyad.sources.shipped.media_sample
SHIPPED_MARK = "links:shipped"
RULES_VERSION = "2"  # bump when the linking rules change: shipped links are rebuilt

_LAT2CYR = [("shch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
            ("yu", "ю"), ("ya", "я"), ("yev", "ев"), ("ye", "е"), ("ay", "ай"), ("iy", "ий"),
            ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
            ("z", "з"), ("i", "и"), ("y", "и"), ("k", "к"), ("l", "л"), ("m", "м"),
            ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"),
            ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"), ("w", "у"), ("q", "к"),
            ("j", "дж"), ("x", "кс")]


def to_cyrillic(word: str) -> str:
    """A rough Latin -> Russian transliteration, good enough to find surnames."""
    return by_table(word.lower(), _LAT2CYR)


def surnames(participants: list[str] | None) -> list[str]:
    """The family name of each participant string ("Secretary Antony Blinken"), as written."""
    out = []
    for p in participants or []:
        s = surname(str(p))
        if s and len(s) >= 3:
            out.append(s.capitalize())
    return out


_VOWELS = set("aeiouyаеёиоуыэюяйь")


def skeleton(word: str) -> str:
    """A word's consonants (Latin or Cyrillic), so that spellings that differ in vowels
    match: Trump / Tramp, Трумп / Трамп, Tokayev / Tokaev."""
    return "".join(ch for ch in word.lower() if ch.isalpha() and ch not in _VOWELS)


def _skeleton_found(name: str, words: list[str]) -> bool:
    """A word with the name's first letter and consonants (and at most two more, for
    case endings: Трампом); names of fewer than three consonants are not tried."""
    for form in (name.lower(), to_cyrillic(name)):
        sk = skeleton(form)
        if len(sk) < 3:
            continue
        for w in words:
            if w[:1] == form[:1]:
                ws = skeleton(w)
                if ws.startswith(sk) and len(ws) - len(sk) <= 2:
                    return True
    return False


def _names_found(names: list[str], low_text: str) -> list[str]:
    found = []
    words: list[str] | None = None
    for n in names:
        forms = {n.lower()[:max(4, len(n) - 2)], to_cyrillic(n)[:max(4, len(n) - 3)]}
        if any(re.search(r"(?<!\w)" + re.escape(f), low_text) for f in forms if f):
            found.append(n)
            continue
        if words is None:
            words = re.findall(r"\w+", low_text)
        if _skeleton_found(n, words):
            found.append(n)
    return found


def url_words(url: str | None) -> str:
    """The words of a URL's path ("/2023/02/us-secretary-blinken-arrives" -> "2023 02 us
    secretary blinken arrives"), for articles stored without text."""
    if not url:
        return ""
    path = unquote(urlsplit(str(url)).path)
    return " ".join(w for w in re.split(r"[^\w]+|_", path) if w)


def link_text(article: dict[str, Any]) -> tuple[str, bool]:
    """(lower-cased text to match, whether it is the URL's words: no title, no text)."""
    text = f"{article.get('title') or ''} {article.get('text') or ''}".strip()
    if text:
        return text.lower(), False
    return url_words(article.get("url")).lower(), True


def score_pair(article: dict[str, Any], contact: dict[str, Any], *,
               include_undated: bool = True) -> tuple[float, str] | None:
    """(score, reason) for one article and one contact, or None when not a candidate."""
    low, from_url = link_text(article)
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
        reasons.append(("URL names " if from_url else "names ") + ", ".join(us + kz))
    place = str(contact.get("location") or "")
    city = place.split(",")[0].strip()
    named_place = bool(city and len(city) >= 4 and (city.lower() in low
                                                    or to_cyrillic(city)[:5] in low))
    if from_url and not (us or kz or named_place):
        return None  # date and codes alone cannot tell which contact of those days it is
    if named_place:
        score += 0.15
        reasons.append(f"place {city}" + (" (in URL)" if from_url else ""))
    agenda = set(contact.get("topics") or [])
    coded = set(article.get("topics") or [])
    if agenda and coded & agenda:
        share = len(coded & agenda) / len(agenda)
        score += 0.2 * share
        reasons.append("topics " + ", ".join(sorted(coded & agenda)))
    return round(score, 3), "; ".join(reasons)


def named_participants(article: dict[str, Any], contact: dict[str, Any]) -> set[str]:
    """The contact's participants (surnames) that the article names."""
    low = link_text(article)[0]
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
                  min_score: float = MIN_SCORE, include_undated: bool = False,
                  source: str | None = None) -> int:
    """Recompute ``article_contact_links``; return the number of links made.

    Every article is relinked, or with ``source`` only the articles of that source (the
    links of the others are kept). Undated articles are left out unless ``include_undated``.
    Topics are ``coder``'s codes, else the gold codes."""
    contacts = con.execute(
        "SELECT contact_id, date_start, date_end, location, us_participants,"
        " partner_participants, topics FROM contacts WHERE status = 'confirmed'").df()
    where = ["TRUE"] if include_undated else ["a.published IS NOT NULL"]
    params: list[Any] = [coder, FALLBACK_CODER]
    if source is not None:
        where.append("a.source = ?")
        params.append(source)
    articles = con.execute(
        "SELECT a.article_id, a.published, a.title, a.text, a.url,"
        " coalesce(k.topics, g.topics) AS topics FROM articles a"
        " LEFT JOIN article_codes k ON k.article_id = a.article_id AND k.coder = ?"
        " LEFT JOIN article_codes g ON g.article_id = a.article_id AND g.coder = ?"
        " WHERE " + " AND ".join(where) + " ORDER BY a.article_id", params).df()
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
        if source is None:
            con.execute("DELETE FROM article_contact_links")
        else:
            con.execute("DELETE FROM article_contact_links WHERE article_id IN"
                        " (SELECT article_id FROM articles WHERE source = ?)", [source])
        if rows:
            con.executemany("INSERT INTO article_contact_links VALUES (?, ?, ?, ?)", rows)
    return len(rows)


def shipped_links_stamp(versions: str) -> str:
    """What the shipped links depend on: the linking rules and the shipped data's versions."""
    return f"rules {RULES_VERSION}; {versions}"


def shipped_links_current(con: duckdb.DuckDBPyConnection, stamp: str) -> bool:
    """Whether the store's shipped-sample links were made under ``stamp``."""
    row = con.execute("SELECT checksum FROM reference_versions WHERE name = ?",
                      [SHIPPED_MARK]).fetchone()
    return bool(row and row[0] == stamp)


def ensure_shipped_links(con: duckdb.DuckDBPyConnection, stamp: str) -> int | None:
    """Link the shipped media sample's articles to the register's contacts (gold topics,
    dated articles only) unless done under ``stamp`` already; the links of other articles
    are left alone. Returns the links made, or None when nothing was to do."""
    if shipped_links_current(con, stamp):
        return None
    n = link_articles(con, coder=FALLBACK_CODER, source=SHIPPED_SOURCE)
    con.execute("INSERT OR REPLACE INTO reference_versions (name, checksum, loaded_at)"
                " VALUES (?, ?, current_timestamp)", [SHIPPED_MARK, stamp])
    return n


def link_totals(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> tuple[int, int]:
    """(articles among ``article_ids`` linked to some contact, their links)."""
    if not article_ids:
        return 0, 0
    marks = ", ".join("?" for _ in article_ids)
    row = con.execute("SELECT count(DISTINCT article_id), count(*) FROM article_contact_links"
                      f" WHERE article_id IN ({marks})", article_ids).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


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
