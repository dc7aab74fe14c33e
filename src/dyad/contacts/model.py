"""Typed contact records, as every source hands them to the register."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

Kind = Literal["visit", "meeting", "call", "summit", "dialogue", "agreement", "statement"]
Level = Literal[
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "cabinet",
    "deputy",
    "envoy",
    "ambassador",
    "working",
    "parliament",
]
Tier = Literal["official", "wire", "press", "secondary"]
Branch = Literal["executive", "legislative", "mixed"]
Format = Literal["bilateral", "c5plus1", "multilateral_sideline"]
Initiator = Literal["US", "partner", "both", "unknown"]
Status = Literal["confirmed", "candidate", "rejected"]
Confidence = Literal["high", "medium", "low"]
from dyad.reference.vocabulary import C5  # noqa: E402  (re-exported)

KINDS: tuple[str, ...] = Kind.__args__  # type: ignore[attr-defined]
LEVELS: tuple[str, ...] = Level.__args__  # type: ignore[attr-defined]
FORMATS: tuple[str, ...] = Format.__args__  # type: ignore[attr-defined]


class SourceRef(BaseModel):
    """One source attesting a contact."""

    source: str = "curated"
    source_ref: str
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    tier: Tier | None = None


class Participant(BaseModel):
    """One participant resolved to an actor and the office held on the contact's date."""

    actor: str
    display: str | None = None
    office: str | None = None
    level: Level | None = None
    branch: Literal["executive", "legislative"] | None = None


class Deliverable(BaseModel):
    key: str | None = None
    kind: Literal["agreement", "mou", "deal", "pledge", "declaration", "statement"]
    title: str = Field(min_length=3)
    value_usd: float | None = None
    status: Literal["announced", "in_progress", "implemented", "stalled", "cancelled", "unknown"]
    status_evidence: str | None = None
    status_note: str | None = None
    status_date: dt.date | None = None
    source_url: str


class ContactRecord(BaseModel):
    """A contact as a source sees it; the register merges records into contacts."""

    record_id: str = Field(min_length=1)
    date_start: dt.date
    date_end: dt.date
    kind: Kind
    level: Level
    us_level: Level | None = None
    partner_level: Level | None = None
    branch: Branch | None = None
    occasion: str | None = None
    ceremony: bool = False
    us_actors: list[Participant] = Field(default_factory=list)
    partner_actors: list[Participant] = Field(default_factory=list)
    format: Format = "bilateral"
    initiator: Initiator = "unknown"
    partners: list[str] = Field(min_length=1)
    location: str | None = None
    us_participants: list[str] = Field(default_factory=list)
    partner_participants: list[str] = Field(default_factory=list)
    summary: str | None = None
    topics: list[str] = Field(default_factory=list)
    status: Status = "confirmed"
    confidence: Confidence = "high"
    deliverables: list[Deliverable] = Field(default_factory=list)
    sources: list[SourceRef] = Field(min_length=1)

    @field_validator("partners")
    @classmethod
    def _known_partners(cls, v: list[str]) -> list[str]:
        bad = [p for p in v if p not in C5]
        if bad:
            raise ValueError(f"unknown partner country {bad}; expected ISO2 codes of {C5}")
        return sorted(set(v))

    @model_validator(mode="after")
    def _dates_in_order(self) -> ContactRecord:
        if self.date_end < self.date_start:
            raise ValueError(f"date_end {self.date_end} is before date_start {self.date_start}")
        if self.date_start < dt.date(1991, 12, 16):
            raise ValueError(f"date_start {self.date_start} is before Kazakhstan's independence")
        return self
