"""Mention records: another country's trip or visit whose remarks or locale name a Central
Asian state or its leader (Baker's September 1991 USSR trip with its Alma-Ata leg; the Lisbon
START protocol of 23 May 1992; Obama meeting Nazarbayev at The Hague in 2014).

A mention is a **confirmed** contact when the record says the US principal (the traveller)
met that state's officials or leader, or signed with it: a sentence of the remarks that names
the state and says "met" (or "held talks", "conferred") or "signed". Only the states so named
are partners; a locale naming one of their cities makes the contact a visit there. Anything
else that names a state — a visit by a third country's leader whose description names it,
remarks that mention it without a meeting, a locale that names one of its cities with
remarks that do not — is a **candidate** whose summary says why it was not confirmed.
Before the five became independent only confirmed mentions count (a contact with the
leadership of a Soviet republic), from the first declaration of state sovereignty
(Uzbekistan, 20 June 1990).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pydantic import model_validator

from dyad.contacts.model import C5, ContactRecord
from dyad.reference.files import countries
from dyad.sources.statehist.parse import StatehistRow

# The first of the five declarations of state sovereignty: the Uzbek SSR, 20 June 1990
# (https://en.wikipedia.org/wiki/Declaration_of_State_Sovereignty_of_the_Uzbek_SSR).
SOVEREIGNTY = dt.date(1990, 6, 20)
INDEPENDENCE = dt.date(1991, 12, 16)  # Kazakhstan, the last of the five

# Capitals and main cities of the five as the Historian's locales spell them.
CITIES: dict[str, tuple[str, ...]] = {
    "KZ": ("alma ata", "alma-ata", "almaty", "astana", "akmola", "nur-sultan"),
    "UZ": ("tashkent", "samarkand", "samarqand"),
    "KG": ("bishkek", "frunze"),
    "TJ": ("dushanbe",),
    "TM": ("ashgabat", "ashkhabad"),
}
MET = re.compile(r"\b(?:met|meets|held talks|conferred|consulted|talks with)\b", re.I)
SIGNED = re.compile(r"\bsign(?:ed|s|ing)?\b", re.I)
_SENTENCE = re.compile(r"(?<=[.;])\s+")


@dataclass(frozen=True)
class Mention:
    """How a third-country record concerns the five."""

    named: frozenset[str]  # every state the remarks or locale name
    met: frozenset[str]  # states whose officials the US principal met
    signed: frozenset[str]  # states the US principal signed with
    city: tuple[str, str] | None  # (city as the locale spells it, ISO2) of a leg in the five
    reason: str

    @property
    def partners(self) -> list[str]:
        return sorted(self.met | self.signed) or sorted(self.named)

    @property
    def confirmed(self) -> bool:
        return bool(self.met | self.signed)


class EarlyMentionRecord(ContactRecord):
    """A confirmed mention from the Soviet republics' last months (before independence):
    the same record, with the date floor at the first declaration of state sovereignty."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> EarlyMentionRecord:
        if self.date_end < self.date_start:
            raise ValueError(f"date_end {self.date_end} is before date_start {self.date_start}")
        if self.date_start < SOVEREIGNTY:
            raise ValueError(f"date_start {self.date_start} is before {SOVEREIGNTY}, the first "
                             "declaration of state sovereignty of the five")
        return self


def _country_name(iso: str) -> str:
    for c in countries():
        if c["iso2"] == iso:
            return str(c.get("name") or c["names"][0])
    return iso


def locale_city(locale: str | None) -> tuple[str, str] | None:
    """The first city of the five a locale names, as (city, ISO2)."""
    if not locale:
        return None
    for part in re.split(r",|;|\band\b", locale):
        low = part.strip().lower()
        for iso, cities in CITIES.items():
            if any(re.fullmatch(rf"{re.escape(c)}", low) for c in cities):
                return part.strip(), iso
    return None


def classify(row: StatehistRow, named_in: frozenset[str]) -> Mention | None:
    """The mention a third-country row makes of the five; None when it names none of them.

    ``named_in`` is the set of states the remarks name (``code.c5_named``).
    """
    city = locale_city(row.locale) if row.kind == "trip" else None
    named = set(named_in) | ({city[1]} if city else set())
    if not named:
        return None
    met: set[str] = set()
    signed: set[str] = set()
    if row.kind == "trip":  # only a traveller's record says what the US principal did
        from dyad.sources.statehist.code import c5_named

        for sentence in _SENTENCE.split(row.text):
            here = c5_named(sentence)
            if MET.search(sentence):
                met |= here
            if SIGNED.search(sentence):
                signed |= here
    who = "the President" if row.role == "president" else "the Secretary of State"
    states = ", ".join(_country_name(i) for i in sorted(named))
    if met or signed:
        did = " and ".join(w for w, s in (("met", met), ("signed with", signed)) if s)
        reason = f"the record says {who} {did} {states}"
    elif row.kind == "visit":
        reason = (f"a visit by a leader of {row.country_name} whose description names "
                  f"{states}; it does not say the US met {states}'s officials")
    elif city and not named_in:
        reason = (f"the trip's locale names {city[0]} but the remarks do not say whom "
                  f"{who} met there")
    else:
        reason = f"the remarks name {states} but do not say {who} met its officials"
    return Mention(frozenset(named), frozenset(met), frozenset(signed),
                   city if city and city[1] in (met | signed | named) else None, reason)


def in_scope(row: StatehistRow, mention: Mention | None) -> bool:
    """Third-country rows the importer loads: after independence every mention (confirmed or
    candidate); before it, only confirmed ones from the first declaration of sovereignty."""
    if mention is None:
        return False
    if row.start >= INDEPENDENCE:
        return True
    return mention.confirmed and row.start >= SOVEREIGNTY


def shape(row: StatehistRow, mention: Mention, multilateral: bool,
          c5plus1: bool) -> dict[str, object]:
    """The contact fields a mention decides: kind, format, initiator, location, partners,
    status, confidence and the summary (with the reason for a candidate)."""
    partners = mention.partners
    city = mention.city if mention.city and mention.city[1] in partners else None
    if c5plus1:
        fmt = "c5plus1"
    elif city and mention.confirmed:
        fmt = "bilateral"  # a leg in the state itself (Baker in Alma-Ata, Sept 1991)
    else:
        fmt = "multilateral_sideline" if multilateral else "bilateral"
    if city and mention.confirmed:
        kind, initiator = "visit", "US"
        location = f"{city[0]}, {_country_name(city[1])}"
    else:
        kind = "agreement" if mention.signed and not mention.met else "meeting"
        initiator = "both" if row.kind == "trip" else "unknown"
        first = (row.locale or "").split(",")[0].strip()
        location = f"{first}, {row.country_name}" if first else row.country_name
    summary = row.text or None
    if not mention.confirmed:
        summary = f"{row.text} [candidate: {mention.reason}]".strip()
    return {"kind": kind, "format": fmt, "initiator": initiator, "location": location,
            "partners": partners, "summary": summary,
            "status": "confirmed" if mention.confirmed else "candidate",
            "confidence": "high" if mention.confirmed else "medium"}


def record_class(row: StatehistRow) -> type[ContactRecord]:
    """The record class for a row's date (the early class before independence)."""
    return EarlyMentionRecord if row.start < INDEPENDENCE else ContactRecord


__all__ = ["C5", "CITIES", "EarlyMentionRecord", "Mention", "classify", "in_scope",
           "locale_city", "record_class", "shape"]
