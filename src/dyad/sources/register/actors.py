"""Actors and the offices they held (``data/actors/*.yaml``): parse, check, look up by date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import LoadError
from dyad.reference.offices import highest, offices


@dataclass(frozen=True)
class Office:
    office: str
    level: str
    branch: str
    start: dt.date
    end: dt.date | None
    source_url: str
    detail: str | None = None
    note: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Actor:
    actor_id: str
    name: str
    country: str
    file: str
    offices: list[Office] = field(default_factory=list)


def _date(
    value: Any, *, file: str, record: str, fld: str, optional: bool = False
) -> dt.date | None:
    if value is None and optional:
        return None
    if isinstance(value, dt.date):
        return value
    raise LoadError(f"needs an ISO date (YYYY-MM-DD), got {value!r}", file=file, record=record,
                    field=fld)


def read_actor_files(paths: Iterable[Path]) -> dict[str, Actor]:
    """Every actor of the files; a malformed actor or a duplicate id raises LoadError."""
    known = offices()
    out: dict[str, Actor] = {}
    for path in paths:
        try:
            doc = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            raise LoadError(f"cannot read actors file: {e}".splitlines()[0], file=path.name) from e
        items = doc.get("actors") if isinstance(doc, dict) else None
        if not isinstance(items, list):
            raise LoadError("actors file must be a mapping with a list 'actors'", file=path.name)
        for i, a in enumerate(items):
            rid = str(a.get("id")) if isinstance(a, dict) and a.get("id") else f"#{i}"
            if not isinstance(a, dict) or not a.get("id"):
                raise LoadError("actor has no id", file=path.name, record=rid, field="id")
            for fld in ("name", "country"):
                if not a.get(fld):
                    raise LoadError(f"actor has no {fld}", file=path.name, record=rid, field=fld)
            actor = Actor(rid, str(a["name"]), str(a["country"]).upper(), path.name)
            for j, o in enumerate(a.get("offices") or []):
                where = f"offices[{j}]"
                key = o.get("office") if isinstance(o, dict) else None
                if key not in known:
                    raise LoadError(f"unknown office {key!r}; see data/offices.yaml",
                                    file=path.name, record=rid, field=f"{where}.office")
                start = _date(o.get("start"), file=path.name, record=rid, fld=f"{where}.start")
                end = _date(o.get("end"), file=path.name, record=rid, fld=f"{where}.end",
                            optional=True)
                assert start is not None
                if end is not None and end < start:
                    raise LoadError(f"office ends ({end}) before it starts ({start})",
                                    file=path.name, record=rid, field=f"{where}.end")
                url = str(o.get("source") or "")
                if not url.startswith("http"):
                    raise LoadError("office has no public source URL", file=path.name,
                                    record=rid, field=f"{where}.source")
                detail = o.get("department") or o.get("post") or o.get("body")
                actor.offices.append(Office(
                    key, str(known[key]["level"]), str(known[key]["branch"]), start, end, url,
                    str(detail) if detail else None,
                    str(o["note"]) if o.get("note") else None))
            if not actor.offices:
                raise LoadError("actor holds no office", file=path.name, record=rid,
                                field="offices")
            if rid in out:
                # one person may be described in two files (offices found by two sweeps):
                # the offices are pooled; a different country means two people, one id
                if out[rid].country != actor.country:
                    raise LoadError(f"actor id also used in {out[rid].file} for a person of "
                                    f"{out[rid].country}", file=path.name, record=rid,
                                    field="country")
                have = {(o.office, o.start) for o in out[rid].offices}
                out[rid].offices += [o for o in actor.offices if (o.office, o.start) not in have]
                continue
            out[rid] = actor
    return out


def office_on(actor: Actor, day: dt.date) -> Office | None:
    """The highest office the actor held on a day (several can overlap)."""
    held = [o for o in actor.offices if o.covers(day)]
    if not held:
        return None
    best = highest([o.level for o in held])
    return next(o for o in held if o.level == best)
