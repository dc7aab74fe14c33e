"""Read the POCOM XML (github.com/HistoryAtState/pocom) into office rows.

``positions-principals/<position>.xml``: a ``<principal-position>`` root with ``<id>`` and
``<principals>`` of ``<principal>`` (id, person-id, role-title-id, appointed/started/ended,
each with ``<date>``). ``missions-countries/<country>.xml``: a ``<country-mission>`` root with
``<chiefs>`` of ``<chief>`` (the same dates; ``role-title-id`` ``ambassador-e-p`` for an
ambassador). ``people/<letter>/<person-id>.xml``: ``<person>`` with ``persName/surname`` and
``forename``. A file that is not well-formed XML or has the wrong root raises LoadError (the
whole load is rolled back); a record with a missing or impossible field is yielded as a
LoadError naming the file, record and field.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dyad.errors import LoadError

PEOPLE_URL = "https://history.state.gov/departmenthistory/people/"
# The posts loaded (positions-principals file -> office key of data/offices.yaml).
FIXED = {"secretary": "us_secretary_of_state",
         "deputy-secretary": "us_deputy_secretary_of_state",
         "deputy-secretary-for-mgmt-and-resources": "us_deputy_secretary_of_state"}
PREFIXES = (("under-secretary", "us_under_secretary_of_state"),
            ("assistant-secretary", "us_assistant_secretary_of_state"))
MISSIONS = {"kazakhstan": "KZ", "uzbekistan": "UZ", "kyrgyzstan": "KG", "tajikistan": "TJ",
            "turkmenistan": "TM"}
AMBASSADOR = "ambassador-e-p"
FIRST_DAY, LAST_DAY = dt.date(1775, 1, 1), dt.date(2100, 12, 31)
_ID = re.compile(r"^[a-z0-9][a-z0-9\-]{0,80}$")


@dataclass(frozen=True)
class PocomRow:
    """One person in one post between two dates."""

    file: str  # relative to the pocom folder
    record_id: str
    person_id: str
    office: str  # key of data/offices.yaml
    title: str  # the post: the position's name, or the ISO2 of an ambassador's country
    start: dt.date
    end: dt.date | None
    start_note: str | None = None  # how the start was obtained, when not 'started'

    @property
    def source_url(self) -> str:
        return PEOPLE_URL + self.person_id


def office_of(position_id: str) -> str | None:
    """The office key of a positions-principals file, or None when it is not loaded."""
    if position_id in FIXED:
        return FIXED[position_id]
    for prefix, office in PREFIXES:
        if position_id == prefix or position_id.startswith(prefix + "-"):
            return office
    return None


def find_files(folder: Path) -> list[tuple[Path, str]]:
    """The position and mission files loaded, as (path, path relative to the folder)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise LoadError("not a folder", file=str(folder))
    out = [(p, f"positions-principals/{p.name}")
           for p in sorted((folder / "positions-principals").glob("*.xml"))
           if office_of(p.stem)]
    out += [(p, f"missions-countries/{p.name}")
            for p in sorted((folder / "missions-countries").glob("*.xml")) if p.stem in MISSIONS]
    if not out:
        raise LoadError("expected a pocom folder with positions-principals/ and "
                        "missions-countries/", file=str(folder))
    return out


def _root(path: Path, rel: str, tag: str) -> ET.Element:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise LoadError(f"malformed XML: {e}", file=rel) from e
    except (LookupError, ValueError) as e:
        raise LoadError(f"unreadable XML (encoding?): {str(e)[:120]}", file=rel) from e
    except RecursionError:
        raise LoadError("XML nested too deeply", file=rel) from None
    except OSError as e:
        raise LoadError(f"cannot read: {e}", file=rel) from e
    if root.tag != tag:
        raise LoadError(f"root element is <{root.tag}>, expected <{tag}>", file=rel)
    return root


def _date(el: ET.Element, tag: str, *, file: str, record: str) -> dt.date | None:
    raw = " ".join((el.findtext(f"{tag}/date") or "").split())
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as e:
        raise LoadError(f"impossible {tag} date {raw[:40]!r}", file=file, record=record,
                        field=tag, raw=raw[:200]) from e
    if not FIRST_DAY <= day <= LAST_DAY:
        raise LoadError(f"{tag} date {day} outside {FIRST_DAY.year}-{LAST_DAY.year}",
                        file=file, record=record, field=tag, raw=raw)
    return day


def _row(el: ET.Element, *, file: str, index: int, office: str, title: str) -> PocomRow:
    rid = " ".join((el.findtext("id") or "").split())
    record = rid[:60] or f"#{index + 1}"
    pid = " ".join((el.findtext("person-id") or "").split())
    if not _ID.match(pid):
        raise LoadError(f"person-id {pid[:40]!r} is not a POCOM person id", file=file,
                        record=record, field="person-id", raw=pid[:200])
    started = _date(el, "started", file=file, record=record)
    appointed = _date(el, "appointed", file=file, record=record)
    start = started or appointed
    if start is None:
        raise LoadError("no started or appointed date", file=file, record=record,
                        field="started")
    end = _date(el, "ended", file=file, record=record)
    if end is not None and end < start:
        raise LoadError(f"ended {end} is before the start {start}", file=file, record=record,
                        field="ended")
    return PocomRow(file, record, pid, office, title, start, end,
                    None if started else "start is the appointment date (no entry on duty)")


def read_positions(path: Path, rel: str) -> Iterator[PocomRow | LoadError]:
    """The holders of one position file, or of one mission file (ambassadors only)."""
    if rel.startswith("missions-countries/"):
        root = _root(path, rel, "country-mission")
        iso = MISSIONS[path.stem]
        items = root.findall("chiefs/chief")
        office, title = "us_ambassador", iso  # the post, as data/actors gives it
    else:
        root = _root(path, rel, "principal-position")
        items = root.findall("principals/principal")
        office = office_of(path.stem) or ""
        title = " ".join((root.findtext("names/singular") or path.stem).split())
    for i, el in enumerate(items):
        if office == "us_ambassador" and (el.findtext("role-title-id") or "").strip() \
                != AMBASSADOR:
            continue  # chargés d'affaires are not chiefs of mission by appointment
        try:
            yield _row(el, file=rel, index=i, office=office, title=title)
        except LoadError as err:
            yield err


def person_name(folder: Path, person_id: str) -> str | None:
    """'Forename Surname' from people/<letter>/<id>.xml; None when the file is missing."""
    path = Path(folder) / "people" / person_id[:1] / f"{person_id}.xml"
    if not path.is_file():
        return None
    root = _root(path, f"people/{person_id[:1]}/{path.name}", "person")
    fore = " ".join((root.findtext("persName/forename") or "").split())
    sur = " ".join((root.findtext("persName/surname") or "").split())
    name = f"{fore} {sur}".strip()
    return name or None
