"""Turn an Office of the Historian row into a contact record of the register.

Scope: a trip of the President or Secretary of State to one of the five Central Asian
states, a visit to the US by a leader of the five, and "mention" records of other
countries whose remarks or locale name a Central Asian state or leader (confirmed where
the record says the US principal met or signed with that state, else candidates with the
reason: :mod:`dyad.sources.statehist.mention`). Everything else is out of scope (None).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from functools import cache

from pydantic import ValidationError

from dyad.contacts.model import C5, ContactRecord, SourceRef
from dyad.reference.files import administrations, countries
from dyad.sources.statehist.parse import StatehistRow
from dyad.store.provenance import LoadError

TopicCoder = Callable[[str, str], Iterable[str]]

SITE = "https://history.state.gov/departmenthistory"
INDEPENDENCE = dt.date(1991, 12, 16)  # Kazakhstan, the last of the five

# Heads of state of the five since independence, as the source spells them (several
# transliterations). Sources: the official lists of presidents, e.g.
# https://en.wikipedia.org/wiki/President_of_Kazakhstan (and ..._of_Kyrgyzstan,
# ..._of_Tajikistan, ..._of_Turkmenistan, ..._of_Uzbekistan).
LEADER_STEMS: dict[str, tuple[str, ...]] = {
    "KZ": ("nazarbay", "tokayev", "tokaev"),
    "KG": ("akayev", "akaev", "akyev", "bakiyev", "bakiev", "otunbay", "otunbaev", "atambay",
           "atambaev", "jeenbekov", "japarov", "zhaparov"),
    "TJ": ("nabiyev", "rahmon", "rakhmon", "rakhmanov"),
    "TM": ("niyazov", "berdimuhamed", "berdymukhamed"),
    "UZ": ("karimov", "mirziyo"),
}
# Spellings seen in the source beyond countries.yaml (travels: Kerry, trip 3593).
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "KZ": ("kazakhstani",), "KG": ("kyryzstan",), "TJ": (), "TM": (), "UZ": ("uzbekistani",),
}
ADJECTIVES = {"KZ": "kazakh", "KG": "kyrgyz|kirghiz", "TJ": "tajik|tadjik",
              "TM": "turkmen", "UZ": "uzbek"}
_ADJ_CONTEXT = (r"(?:senior\s+)?(?:officials?|president|prime\s+minister|foreign\s+ministers?|"
                r"leaders?|leadership|government|counterparts?|delegation)")
C5PLUS1 = re.compile(r"\b[CB]\s?5\s?\+\s?1\b", re.I)
MULTILATERAL = re.compile(
    r"summit|conference|general assembly|\bU\.?N\.?\b|united nations|\bNATO\b|\bOSCE\b|\bCSCE\b"
    r"|\bG-?7\b|\bG-?8\b|\bG-?20\b|\bAPEC\b|forum|ministerial", re.I)
_TITLED = re.compile(
    r"\b(First President|President|Prime Minister|Foreign Minister)\s+"
    r"((?:[A-Z][\w'’\-]+)(?:\s+[A-Z][\w'’\-]+){0,2})")
_VISITOR_LEVELS = (
    (re.compile(r"vice[\s-]president|deputy|crown prince|first lady", re.I), "deputy"),
    (re.compile(r"prime minister|premier|chancellor|chairman of the council of ministers",
                re.I), "head_of_government"),
    (re.compile(r"foreign minister|minister (?:of|for) foreign|external affairs", re.I),
     "foreign_minister"),
    (re.compile(r"president|king|queen|emir|amir|sultan|shah|emperor|grand duke|prince|"
                r"chairman|head of state|supreme leader|governor[\s-]general", re.I),
     "head_of_state"),
    (re.compile(r"minister|secretary", re.I), "cabinet"),
)
ROLE_LEVEL = {"president": "head_of_state", "secretary": "foreign_minister"}


@cache
def _name_patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for c in countries():
        iso = str(c["iso2"])
        if iso not in C5:
            continue
        names = [str(n) for n in c["names"] if str(n).isascii()] + list(EXTRA_NAMES[iso])
        alts = [r"\s+".join(re.escape(w) for w in n.split()) for n in names]
        country = r"(?<!\w)(?:" + "|".join(sorted(alts, key=len, reverse=True)) + r")(?!\w)"
        adjective = rf"(?<!\w)(?:{ADJECTIVES[iso]})\s+{_ADJ_CONTEXT}(?!\w)"
        leader = r"(?<!\w)(?:" + "|".join(LEADER_STEMS[iso]) + r")"
        out[iso] = re.compile(f"{country}|{adjective}|{leader}", re.I)
    return out


@cache
def _stems() -> tuple[str, ...]:
    """Cheap substrings one of which every C5 mention contains (a fast pre-filter)."""
    stems = {s for stems in LEADER_STEMS.values() for s in stems}
    stems |= {a for alts in ADJECTIVES.values() for a in alts.split("|")}
    for c in countries():
        if c["iso2"] in C5:
            stems |= {w[:5] for n in c["names"] if str(n).isascii() for w in str(n).split()
                      if w not in ("republic", "of", "kazakh")}
    stems |= {n[:5] for names in EXTRA_NAMES.values() for n in names}
    return tuple(sorted(stems))


def c5_named(text: str) -> set[str]:
    """ISO2 codes of the Central Asian states a text names (state, officials or leader)."""
    low = text.lower()
    if not any(s in low for s in _stems()):
        return set()
    return {iso for iso, pat in _name_patterns().items() if pat.search(text)}


def _is_c5_leader(name: str) -> str | None:
    low = name.lower()
    for iso, stems in LEADER_STEMS.items():
        if any(re.search(rf"(?<!\w){s}", low) for s in stems):
            return iso
    return None


@cache
def _us_president_surnames() -> frozenset[str]:
    return frozenset(str(a["president"]).split()[-1].lower() for a in administrations("US"))


def titled_names(text: str) -> list[str]:
    """'President Nazarbayev', 'Foreign Minister Tileuberdi', ... in the order named."""
    out = []
    for m in _TITLED.finditer(text):
        name = f"{m.group(1)} {m.group(2).strip()}"
        if name not in out:
            out.append(name)
    return out


def visitor_level(visitor: str) -> str | None:
    for pattern, level in _VISITOR_LEVELS:
        if pattern.search(visitor):
            return level
    return None


def source_ref(row: StatehistRow) -> SourceRef:
    if row.kind == "trip":
        url = f"{SITE}/travels/{row.role}/{row.who}"
        title = f"Travels of the {str(row.role).title()}: {row.name}"
    else:
        url = f"{SITE}/visits/{row.country_id}"
        title = f"Visits by foreign leaders of {row.country_name}"
    return SourceRef(source="statehist", source_ref=row.ref, url=url,
                     publisher="Office of the Historian, U.S. Department of State", title=title)


def _partners_and_format(row: StatehistRow, named: set[str]) -> tuple[set[str], str]:
    home = {row.country_iso2} if row.country_iso2 in C5 else set()
    partners = home | named
    if C5PLUS1.search(row.text):
        # A C5+1 meeting is the five with the US; the states named, if several, else all five.
        return (partners if len(partners) >= 2 else set(C5)), "c5plus1"
    if len(partners) == len(C5):
        return partners, "c5plus1"
    if MULTILATERAL.search(row.text):
        return partners, "multilateral_sideline"
    return partners, "bilateral"


def _participants(row: StatehistRow, in_c5: bool) -> tuple[list[str], list[str]]:
    us_names = _us_president_surnames()
    titled = titled_names(row.text)
    if row.kind == "trip":
        title = "President" if row.role == "president" else "Secretary of State"
        us = [f"{title} {row.name}"] if row.name else []
        others = [n for n in titled if n.split()[-1].lower() not in us_names]
        partner = others if in_c5 else [n for n in others if _is_c5_leader(n)]
        return us, partner
    us = [n for n in titled if n.startswith("President") and n.split()[-1].lower() in us_names]
    return us, [row.name] if row.name and in_c5 else [n for n in titled if _is_c5_leader(n)]


def _level(row: StatehistRow) -> str:
    if row.kind == "trip":
        level = ROLE_LEVEL.get(str(row.role).lower())
        if level is None:
            raise LoadError(f"unknown role {row.role!r}; expected president or secretary",
                            file=row.file, record=row.record_id, field="role", raw=row.role)
        return level
    level = visitor_level(row.name or "")
    if level is None:
        raise LoadError(f"cannot tell the visitor's level from {row.name!r}",
                        file=row.file, record=row.record_id, field="visitor", raw=row.name)
    return level


def _location(row: StatehistRow) -> str:
    if row.kind == "trip":
        return f"{row.locale}, {row.country_name}" if row.locale else row.country_name
    if re.search(r"new york", row.text, re.I):
        return "New York, United States"
    return "United States"


def to_contact(
    row: StatehistRow, topic_coder: TopicCoder | None = None
) -> ContactRecord | None:
    """The contact record of an in-scope row; None when the row is not about Central Asia.

    ``topic_coder(text, language)`` returns codebook keys for the remarks (the API layer
    passes the dictionary coder; sources do not import coding).

    Raises LoadError (record-level) when an in-scope row cannot be coded.
    """
    in_c5 = row.country_iso2 in C5
    named = c5_named(row.text)
    if not in_c5:
        return _mention_contact(row, named, topic_coder)
    partners, fmt = _partners_and_format(row, named)
    c5_meeting = fmt == "c5plus1" and len(partners) >= 2
    kind = "summit" if c5_meeting or re.search(r"summit", row.text, re.I) else "visit"
    initiator = "US" if row.kind == "trip" else "partner"
    us, partner = _participants(row, in_c5)
    level = _level(row)
    topics = set(topic_coder(row.text, "en")) if topic_coder else set()
    if fmt == "c5plus1":
        topics.add("regional_c5plus1")
    data = {
        "record_id": f"{row.kind}-{row.record_id}",
        "date_start": row.start, "date_end": row.end, "kind": kind, "level": level,
        "us_level": level if row.kind == "trip" else None,
        "partner_level": None if row.kind == "trip" else level, "branch": "executive",
        "format": fmt, "initiator": initiator, "partners": sorted(partners),
        "location": _location(row), "us_participants": us,
        "partner_participants": partner, "summary": row.text or None,
        "topics": sorted(topics), "status": "confirmed", "confidence": "high",
        "sources": [source_ref(row)],
    }
    return _validated(row, data)


def _mention_contact(
    row: StatehistRow, named: set[str], topic_coder: TopicCoder | None
) -> ContactRecord | None:
    """A third country's record that names the five (see :mod:`.mention`)."""
    from dyad.sources.statehist import mention as m

    found = m.classify(row, frozenset(named))
    if found is None or not m.in_scope(row, found):
        return None
    c5plus1 = bool(C5PLUS1.search(row.text))
    shaped = m.shape(row, found, bool(MULTILATERAL.search(row.text)), c5plus1)
    us, partner = _participants(row, False)
    level = _level(row)
    topics = set(topic_coder(row.text, "en")) if topic_coder else set()
    if c5plus1:
        topics.add("regional_c5plus1")
    data = {
        "record_id": f"{row.kind}-{row.record_id}",
        "date_start": row.start, "date_end": row.end, "level": level,
        "us_level": level if row.kind == "trip" else None,
        "partner_level": None if row.kind == "trip" else level, "branch": "executive",
        "us_participants": us, "partner_participants": partner,
        "topics": sorted(topics), "sources": [source_ref(row)], **shaped,
    }
    return _validated(row, data, m.record_class(row))


def _validated(row: StatehistRow, data: dict[str, object],
               cls: type[ContactRecord] = ContactRecord) -> ContactRecord:
    """The record, or a record-level LoadError naming the file, record and field."""
    try:
        return cls.model_validate(data)
    except ValidationError as e:
        problem = e.errors()[0]
    # raised outside the except block: the error keeps no traceback of the failed validation
    loc = ".".join(str(p) for p in problem.get("loc", ()))
    # the model's own date checks have no location: they concern the dates
    field = {"": "start-date", "date_start": "start-date", "date_end": "end-date",
             "partners": "country"}.get(loc, loc)
    raise LoadError(str(problem.get("msg", "invalid record")), file=row.file,
                    record=row.record_id, field=field, raw=row.ref)
