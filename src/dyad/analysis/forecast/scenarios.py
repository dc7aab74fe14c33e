"""Scenarios as data: who governs in Washington over the horizon, plus user dummies.

A scenario file (YAML) holds::

    name: R
    description: ...
    us_party: R              # R | D, from ``us_party_from``
    us_party_from: 2029-01-20
    partner_president: as_known
    dummies: {summit: [2027, 2030Q2]}   # 1 in these years / periods, else 0
    terms:                   # optional: later terms, each with its party (no overlaps)
      - {party: D, from: 2033-01-20, to: 2037-01-20}

Before ``us_party_from`` the administrations register decides (the current
administration continues until then). The shipped R and D scenarios live in
``dyad/data/scenarios``; users add their own files.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from dyad.analysis.forecast.periods import Period
from dyad.analysis.forecast.targets import ForecastInputError
from dyad.reference.files import administrations

PARTIES = ("R", "D")


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    us_party: str
    us_party_from: dt.date
    partner_president: str = "as_known"
    dummies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    source: str = ""
    terms: tuple[tuple[str, dt.date, dt.date | None], ...] = ()

    def spec_json(self) -> str:
        return json.dumps({
            "name": self.name, "description": self.description, "us_party": self.us_party,
            "us_party_from": self.us_party_from.isoformat(),
            "partner_president": self.partner_president,
            "dummies": {k: list(v) for k, v in self.dummies.items()}, "source": self.source,
            "terms": [[p, a.isoformat(), b.isoformat() if b else None]
                      for p, a, b in self.terms],
        }, ensure_ascii=False, sort_keys=True)

    def party_on(self, day: dt.date) -> str:
        """The US president's party on ``day`` under this scenario."""
        for party, start, end in self.terms:
            if start <= day and (end is None or day < end):
                return party
        if day >= self.us_party_from:
            return self.us_party
        for a in administrations("US"):
            end = a["end_date"] or dt.date.max
            if a["start_date"] <= day < end:
                return str(a["party"])
        raise ForecastInputError(f"no US administration in the register on {day}")

    def dummy(self, name: str, period: Period) -> float:
        marks = self.dummies.get(name, ())
        return 1.0 if period.label in marks or str(period.start.year) in marks else 0.0


def first_year_of_term(period: Period) -> float:
    """1 when the period's mid-point falls in the first year after an inauguration."""
    mid = period.mid
    year = mid.year if mid >= dt.date(mid.year, 1, 20) else mid.year - 1
    return 1.0 if year % 4 == 1 else 0.0


def parse_scenario(doc: Any, origin: str) -> Scenario:
    """A scenario from a parsed YAML mapping; errors name the file and the field."""
    if not isinstance(doc, dict):
        raise ForecastInputError(f"scenario file {origin}: expected a mapping of fields")
    def need(key: str) -> Any:
        if key not in doc or doc[key] in (None, ""):
            raise ForecastInputError(f"scenario file {origin}, field {key}: missing")
        return doc[key]
    name = str(need("name"))
    party = str(need("us_party")).upper()
    if party not in PARTIES:
        raise ForecastInputError(
            f"scenario file {origin}, field us_party: {party!r} is not one of {PARTIES}")
    start = need("us_party_from")
    if isinstance(start, str):
        try:
            start = dt.date.fromisoformat(start)
        except ValueError as e:
            raise ForecastInputError(
                f"scenario file {origin}, field us_party_from: {start!r} is not YYYY-MM-DD"
            ) from e
    if not isinstance(start, dt.date):
        raise ForecastInputError(f"scenario file {origin}, field us_party_from: not a date")
    raw = doc.get("dummies") or {}
    if not isinstance(raw, dict):
        raise ForecastInputError(f"scenario file {origin}, field dummies: expected a mapping")
    dummies: dict[str, tuple[str, ...]] = {}
    for key, marks in raw.items():
        if not isinstance(marks, list):
            raise ForecastInputError(
                f"scenario file {origin}, field dummies.{key}: expected a list of periods")
        dummies[str(key)] = tuple(str(m) for m in marks)
    return Scenario(name=name, description=str(doc.get("description", "")), us_party=party,
                    us_party_from=start, terms=_terms(doc.get("terms"), origin, start),
                    partner_president=str(doc.get("partner_president", "as_known")),
                    dummies=dummies, source=str(doc.get("source_url", origin)))


def _date(value: Any, origin: str, fld: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as e:
        raise ForecastInputError(
            f"scenario file {origin}, field {fld}: {value!r} is not YYYY-MM-DD") from e


def _terms(raw: Any, origin: str, first: dt.date) -> tuple[tuple[str, dt.date, dt.date | None],
                                                           ...]:
    """Later terms as (party, from, to); unknown parties and overlaps are errors."""
    if raw in (None, []):
        return ()
    if not isinstance(raw, list):
        raise ForecastInputError(f"scenario file {origin}, field terms: expected a list")
    out: list[tuple[str, dt.date, dt.date | None]] = []
    for i, t in enumerate(raw):
        fld = f"terms[{i}]"
        if not isinstance(t, dict) or "party" not in t or "from" not in t:
            raise ForecastInputError(
                f"scenario file {origin}, field {fld}: expected party and from (and to)")
        party = str(t["party"]).upper()
        if party not in PARTIES:
            raise ForecastInputError(f"scenario file {origin}, field {fld}.party: unknown "
                                     f"party {party!r}; expected one of {PARTIES}")
        start = _date(t["from"], origin, f"{fld}.from")
        end = _date(t["to"], origin, f"{fld}.to") if t.get("to") is not None else None
        if end is not None and end <= start:
            raise ForecastInputError(f"scenario file {origin}, field {fld}: ends before it "
                                     "starts")
        if start < first:
            raise ForecastInputError(f"scenario file {origin}, field {fld}.from: {start} is "
                                     f"before us_party_from ({first})")
        out.append((party, start, end))
    out.sort(key=lambda t: t[1])
    for (_p, s0, e0), (_q, s1, _e1) in zip(out, out[1:], strict=False):
        if e0 is None or s1 < e0:
            raise ForecastInputError(f"scenario file {origin}, field terms: the term from "
                                     f"{s0} overlaps the term from {s1}")
    return tuple(out)


def shipped_scenarios() -> dict[str, Scenario]:
    """The election-outcome scenarios shipped in ``dyad/data/scenarios/*.yaml``, by name,
    each parsed and checked as a user's scenario file would be."""
    import yaml

    folder = resources.files("dyad.data") / "scenarios"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            sc = parse_scenario(yaml.safe_load(entry.read_text("utf-8")),
                                f"dyad/data/scenarios/{entry.name}")
            out[sc.name] = sc
    return out


def load_scenarios(names: list[str], files: list[Path] | None = None) -> list[Scenario]:
    """The named scenarios, from the shipped files and any user files (which win)."""
    import yaml

    known = shipped_scenarios()
    for path in files or []:
        try:
            doc = yaml.safe_load(Path(path).read_text("utf-8"))
        except (OSError, yaml.YAMLError) as e:
            raise ForecastInputError(f"scenario file {path}: cannot read it ({e})") from e
        sc = parse_scenario(doc, str(path))
        known[sc.name] = sc
    if not names:
        raise ForecastInputError("no scenario given; use --scenarios R,D")
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ForecastInputError(
            f"unknown scenario(s) {unknown}; known: {sorted(known)} "
            "(add your own with --scenario-file FILE)")
    return [known[n] for n in names]


def as_happened(vantage: dt.date) -> Scenario:
    """The scenario that came true after ``vantage``: the next administration's real party."""
    for a in sorted(administrations("US"), key=lambda a: a["start_date"]):
        if a["start_date"] > vantage:
            return Scenario(name=f"as_happened:{a['party']}",
                            description=f"{a['president']} ({a['party']}) from {a['start_date']}",
                            us_party=str(a["party"]), us_party_from=a["start_date"],
                            source=str(a["source_url"]))
    raise ForecastInputError(f"no US administration started after {vantage} in the register")


def next_inauguration(day: dt.date) -> dt.date:
    year = day.year + ((1 - day.year) % 4)
    inaug = dt.date(year, 1, 20)
    return inaug if inaug > day else dt.date(year + 4, 1, 20)
