"""Read the Office of the Historian's travels and visits XML into typed rows.

The files follow the schemas in the source's ``travels/schema/trips.rnc`` and
``visits/schema/visits.rnc``: a ``<trips>`` root of ``<trip role= who=>`` elements
(id, role, name, start-date, end-date, ``<country id=>``, locale, remarks) and a
``<visits>`` root of ``<visit>`` elements (id, start-date, end-date, visitor,
``<from id=>``, description). A file that is not well-formed XML, or whose root is
not the expected element, raises :class:`LoadError` (the whole load is rolled back).
A record with a missing or impossible field is yielded as a :class:`LoadError`
naming the file, the record id and the field, so the loader can quarantine it.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from dyad.contacts.model import C5
from dyad.errors import LoadError
from dyad.reference.files import country_by_name

RowKind = Literal["trip", "visit"]
ROOTS: dict[RowKind, tuple[str, str]] = {"trip": ("trips", "trip"), "visit": ("visits", "visit")}
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_country = cache(country_by_name)
# The record reaches back to the first Secretary of State; later than 2100 is a typo.
FIRST_DAY, LAST_DAY = dt.date(1789, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class StatehistRow:
    """One trip abroad (President / Secretary of State) or one foreign leader's visit."""

    kind: RowKind
    file: str  # path relative to the history-state-gov folder, e.g. travels/...xml
    record_id: str
    start: dt.date
    end: dt.date
    country_id: str  # trip: destination; visit: the visitor's country
    country_name: str
    country_iso2: str | None  # resolved through countries.yaml; None when not listed
    text: str  # remarks / description, whitespace normalised
    role: str | None = None  # trip: president | secretary
    who: str | None = None  # trip: the traveller's id, e.g. blinken-antony-j
    name: str | None = None  # trip: traveller; visit: the visitor with title
    locale: str | None = None  # trip: cities visited

    @property
    def ref(self) -> str:
        return f"{self.file}#{self.record_id}"


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _text(el: ET.Element, tag: str) -> str | None:
    child = el.find(tag)
    if child is None:
        return None
    return clean("".join(child.itertext()))


def _date(el: ET.Element, tag: str, *, file: str, record: str) -> dt.date:
    raw = _text(el, tag)
    if not raw:
        raise LoadError(f"missing {tag}", file=file, record=record, field=tag)
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError as e:
        raise LoadError(
            f"impossible {tag} {raw[:40]!r} ({e})", file=file, record=record, field=tag,
            raw=raw[:200]) from e
    if not FIRST_DAY <= day <= LAST_DAY:
        raise LoadError(f"{tag} {day} outside {FIRST_DAY.year}-{LAST_DAY.year}", file=file,
                        record=record, field=tag, raw=raw)
    return day


def resolve_country(cid: str | None, text: str, *, file: str, record: str, tag: str) -> str | None:
    """ISO2 of a ``<country id=>`` / ``<from id=>``; LoadError for an unknown or inconsistent id.

    Ids are the source's lower-case hyphenated names (``kazakhstan``, ``united-kingdom``).
    An id that is not a name at all, or that does not name the country its own text
    names (``<country id="kazakstan-x">Kazakhstan</country>``), is unknown. Countries
    that countries.yaml does not list resolve to None (they are not partners).
    """
    if not cid:
        raise LoadError(f"missing {tag} id", file=file, record=record, field=tag, raw=text)
    if not _NCNAME.match(cid):
        raise LoadError(f"unknown {tag} id {cid!r}", file=file, record=record, field=tag, raw=cid)
    by_id = _country(cid.replace("-", " "))
    by_text = _country(text) if text else None
    if by_id is None and by_text in C5:
        raise LoadError(
            f"unknown {tag} id {cid!r} (its text names {text!r})",
            file=file, record=record, field=tag, raw=cid,
        )
    if by_id is not None and by_text is not None and by_id != by_text:
        raise LoadError(
            f"{tag} id {cid!r} disagrees with its text {text!r}",
            file=file, record=record, field=tag, raw=cid,
        )
    return by_id


def _row(kind: RowKind, el: ET.Element, *, file: str, index: int) -> StatehistRow:
    rid = _text(el, "id")
    record = rid or f"#{index + 1}"
    if not rid:
        raise LoadError("missing id", file=file, record=record, field="id")
    if not rid.isdigit() or len(rid) > 12:
        raise LoadError(f"id {rid[:40]!r} is not an integer of at most 12 digits", file=file,
                        record=record[:40], field="id")
    start = _date(el, "start-date", file=file, record=rid)
    end = _date(el, "end-date", file=file, record=rid)
    if end < start:
        raise LoadError(
            f"end-date {end} is before start-date {start}",
            file=file, record=rid, field="end-date", raw=[str(start), str(end)],
        )
    tag = "country" if kind == "trip" else "from"
    cel = el.find(tag)
    cname = clean("".join(cel.itertext())) if cel is not None else ""
    cid = cel.get("id") if cel is not None else None
    iso = resolve_country(cid, cname, file=file, record=rid, tag=tag)
    if kind == "trip":
        role = _text(el, "role") or el.get("role")
        return StatehistRow(
            kind, file, rid, start, end, str(cid), cname, iso, _text(el, "remarks") or "",
            role=role, who=el.get("who"), name=_text(el, "name"), locale=_text(el, "locale"),
        )
    return StatehistRow(
        kind, file, rid, start, end, str(cid), cname, iso, _text(el, "description") or "",
        name=_text(el, "visitor"),
    )


def read_file(path: Path, rel: str, kind: RowKind) -> Iterator[StatehistRow | LoadError]:
    """Every record of one file, parsed, or the error that rejects it.

    Duplicate ids within the file: the later record is rejected (field ``id``).
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise LoadError(f"malformed XML: {e}", file=rel) from e
    except (LookupError, ValueError) as e:  # an encoding Python does not know, ...
        raise LoadError(f"unreadable XML (encoding?): {str(e)[:120]}", file=rel) from e
    except RecursionError:
        raise LoadError("XML nested too deeply", file=rel) from None
    except OSError as e:
        raise LoadError(f"cannot read: {e}", file=rel) from e
    root_tag, item_tag = ROOTS[kind]
    if root.tag != root_tag:
        raise LoadError(f"root element is <{root.tag}>, expected <{root_tag}>", file=rel)
    seen: set[str] = set()
    for i, el in enumerate(root):
        if el.tag != item_tag:
            yield LoadError(f"unexpected element <{el.tag}>", file=rel, record=f"#{i + 1}",
                            field=el.tag)
            continue
        try:
            row = _row(kind, el, file=rel, index=i)
        except LoadError as err:
            err.raw = err.raw if err.raw is not None else clean("".join(el.itertext()))[:500]
            yield err
            continue
        if row.record_id in seen:
            yield LoadError(f"duplicate id {row.record_id} in this file", file=rel,
                            record=row.record_id, field="id")
            continue
        seen.add(row.record_id)
        yield row


def find_files(folder: Path) -> list[tuple[Path, str, RowKind]]:
    """The XML files under a history-state-gov folder, or its travels/ or visits/ subfolder.

    Returns (path, path relative to the history-state-gov folder, kind); the relative
    path is the same whichever folder was given, so source references stay stable.
    """
    folder = folder.resolve()
    if not folder.is_dir():
        raise LoadError("not a folder", file=str(folder))
    if (folder / "travels").is_dir() or (folder / "visits").is_dir():
        roots = {"travels": folder / "travels", "visits": folder / "visits"}
    elif folder.name == "travels" or any(folder.glob("*-travels")):
        roots = {"travels": folder}
    elif folder.name == "visits" or (folder / "data").is_dir():
        roots = {"visits": folder}
    else:
        raise LoadError("expected a history-state-gov folder with travels/ and visits/",
                        file=str(folder))
    out: list[tuple[Path, str, RowKind]] = []
    if "travels" in roots and roots["travels"].is_dir():
        for sub in ("president-travels", "secretary-travels"):
            for p in sorted((roots["travels"] / sub).glob("*.xml")):
                out.append((p, f"travels/{sub}/{p.name}", "trip"))
    if "visits" in roots and roots["visits"].is_dir():
        for p in sorted((roots["visits"] / "data").glob("*.xml")):
            out.append((p, f"visits/data/{p.name}", "visit"))
    if not out:
        raise LoadError("no travels or visits XML files found", file=str(folder))
    return out
