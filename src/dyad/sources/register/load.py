"""The curated register shipped in ``dyad/data/register`` (version 2): parse, check, load.

Participants are actors (``data/actors``); each side's level is derived from the offices
they held on the contact's date, never typed. An unknown actor, or one whose offices do not
cover the date, rejects the entry with file, entry and field named.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import yaml
from pydantic import ValidationError

from dyad.contacts.merge import drop_stale_curated, upsert_contact
from dyad.contacts.model import ContactRecord
from dyad.errors import LoadError
from dyad.reference.offices import highest
from dyad.reference.vocabulary import C5
from dyad.sources.register.actors import Actor, office_on, read_actor_files
from dyad.store.provenance import IngestRun

FOLDERS = ("us_kz", "us_uz", "us_kg", "us_tj", "us_tm", "c5")
# what the source references and actor files of a user's register begin with
# (``dyad import register``; ``sources/register/user.py``): the shipped loads keep them
USER_PREFIX = "user:"
OCCASION_SPAN = dt.timedelta(days=10)


def _data_folder(name: str) -> Path:
    return Path(str(resources.files("dyad.data") / name))


def shipped_register_files() -> list[Path]:
    """Every shipped register file, pair folders then years, sorted."""
    root = _data_folder("register")
    return [p for f in FOLDERS for p in sorted((root / f).glob("*.yaml"))]


def shipped_actor_files() -> list[Path]:
    return sorted(_data_folder("actors").glob("*.yaml"))


def shipped_sweep_files() -> list[Path]:
    return sorted((_data_folder("register") / "sweeps").glob("*.yaml"))


def _first_error_field(err: ValidationError) -> str:
    loc = err.errors()[0].get("loc", ())
    return ".".join(str(p) for p in loc) or "?"


def _participants(entry: dict[str, Any], side: str, actors: dict[str, Actor], day: dt.date,
                  *, file: str, record: str) -> tuple[list[dict[str, Any]], list[str]]:
    field = f"{side}_participants"
    out, names = [], []
    for i, p in enumerate(entry.get(field) or []):
        if not isinstance(p, dict) or not p.get("actor"):
            raise LoadError("participant must be {actor: ID, as: ...}", file=file,
                            record=record, field=f"{field}[{i}]", raw=p)
        aid = str(p["actor"])
        actor = actors.get(aid)
        if actor is None:
            raise LoadError(f"unknown actor {aid!r} (not in data/actors)", file=file,
                            record=record, field=f"{field}[{i}].actor")
        partners = {str(x) for x in entry.get("partners") or []}
        allowed = {"US"} if side == "us" else partners
        # (an invalid partners list is reported on its own field by the model's validation)
        if actor.country not in allowed and (side == "us" or partners <= set(C5)):
            raise LoadError(f"{aid} is an actor of {actor.country}, not of this side "
                            f"({', '.join(sorted(allowed)) or 'no partners given'})",
                            file=file, record=record, field=f"{field}[{i}].actor")
        office = office_on(actor, day)
        if office is None:
            spans = "; ".join(f"{o.office} {o.start}–{o.end or 'now'}" for o in actor.offices)
            raise LoadError(f"{aid} holds no office on {day} ({spans})", file=file,
                            record=record, field=f"{field}[{i}].actor")
        display = str(p.get("as") or actor.name)
        out.append({"actor": aid, "display": display, "office": office.office,
                    "level": office.level, "branch": office.branch})
        names.append(display)
    return out, names


def _side_level(parts: list[dict[str, Any]]) -> str | None:
    executive = [p["level"] for p in parts if p["branch"] == "executive"]
    if executive:
        return highest(executive)
    return "parliament" if parts else None


def _branch(parts: list[dict[str, Any]]) -> str | None:
    branches = {p["branch"] for p in parts}
    if not branches:
        return None
    return branches.pop() if len(branches) == 1 else "mixed"


def parse_entry(entry: Any, *, file: str, index: int,
                actors: dict[str, Actor]) -> ContactRecord:
    """One version-2 YAML entry -> a ContactRecord, or a LoadError naming file, entry, field."""
    if not isinstance(entry, dict):
        raise LoadError("entry is not a mapping", file=file, record=f"#{index}", raw=entry)
    rid = entry.get("id")
    record = str(rid) if rid else f"#{index}"
    if not rid:
        raise LoadError("entry has no id", file=file, record=record, field="id", raw=entry)
    sources = entry.get("sources") or []
    if not sources:
        raise LoadError("curated entry has no source: every fact needs a public source URL",
                        file=file, record=record, field="sources", raw=entry)
    day = entry.get("date_start")
    if isinstance(day, str):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(day)
    if not isinstance(day, dt.date):
        raise LoadError(f"date_start must be an ISO date, got {day!r}", file=file,
                        record=record, field="date_start")
    for fld in ("date_start", "date_end"):
        value = day if fld == "date_start" else entry.get(fld)
        if isinstance(value, dt.date) and not 1945 <= value.year <= 2100:
            raise LoadError(f"{fld} {value} is outside 1945–2100", file=file, record=record,
                            field=fld)
    us, us_names = _participants(entry, "us", actors, day, file=file, record=record)
    partner, partner_names = _participants(entry, "partner", actors, day, file=file,
                                           record=record)
    us_level, partner_level = _side_level(us), _side_level(partner)
    level = highest([lv for lv in (us_level, partner_level) if lv != "parliament"]) or (
        "parliament" if "parliament" in (us_level, partner_level) else "working")
    data = {k: v for k, v in entry.items()
            if k not in ("id", "us_participants", "partner_participants")}
    try:
        for i, s in enumerate(sources):
            if s.get("tier") not in ("official", "wire", "press", "secondary"):
                raise LoadError(f"source tier {s.get('tier')!r}: choose official, wire, press "
                                "or secondary", file=file, record=record,
                                field=f"sources[{i}].tier")
        data["sources"] = [{"source": "curated", "source_ref": f"{file}#{rid} {s['url']}", **s}
                           for s in sources]
        return ContactRecord.model_validate({
            "record_id": str(rid), **data, "level": level, "us_level": us_level,
            "partner_level": partner_level, "branch": _branch(us), "us_actors": us,
            "partner_actors": partner, "us_participants": us_names,
            "partner_participants": partner_names})
    except (KeyError, TypeError) as e:
        raise LoadError(f"malformed sources: {e}", file=file, record=record,
                        field="sources", raw=entry) from e
    except ValidationError as e:
        msg = e.errors()[0].get("msg", str(e))
        raise LoadError(msg, file=file, record=record, field=_first_error_field(e),
                        raw=entry) from e


def read_register(path: Path, actors: dict[str, Actor]) -> Iterator[ContactRecord | LoadError]:
    """Yield each entry parsed, or the error that rejects it. A bad file raises."""
    try:
        doc = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise LoadError(f"cannot read register: {e}".splitlines()[0], file=str(path)) from e
    except (ValueError, OverflowError, RecursionError) as e:  # a date YAML cannot build
        raise LoadError(f"cannot read register: {e}".splitlines()[0][:200],
                        file=str(path)) from e
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise LoadError("register must be a mapping with a list 'entries'", file=str(path))
    if doc["entries"] and doc.get("version") != 2:
        raise LoadError("register file is not version 2 (see data/register/README.md)",
                        file=str(path), field="version")
    name = f"{path.parent.name}/{path.name}"
    for i, entry in enumerate(doc["entries"]):
        try:
            yield parse_entry(entry, file=name, index=i, actors=actors)
        except LoadError as err:
            yield err
        except (TypeError, ValueError, AttributeError, KeyError) as e:  # a malformed value
            rid = entry.get("id") if isinstance(entry, dict) else None
            yield LoadError(f"malformed entry: {e}".splitlines()[0][:200], file=name,
                            record=str(rid) if rid else f"#{i}", raw=entry)


def check_occasions(records: list[ContactRecord]) -> list[LoadError]:
    """An occasion's entries (one visit, trip or summit) lie within ten days of each other."""
    by: dict[str, list[ContactRecord]] = {}
    for r in records:
        if r.occasion:
            by.setdefault(r.occasion, []).append(r)
    errors = []
    for occ, recs in by.items():
        first = min(r.date_start for r in recs)
        last = max(r.date_end for r in recs)
        if last - first > OCCASION_SPAN:
            bad = max(recs, key=lambda r: r.date_end)
            errors.append(LoadError(
                f"occasion {occ!r} spans {first}–{last}, more than ten days: an entry "
                "belongs to one occasion (a visit or a summit)", file="register",
                record=bad.record_id, field="occasion"))
    return errors


def load_actors(con: duckdb.DuckDBPyConnection, actors: dict[str, Actor], run: IngestRun) -> None:
    # the shipped actors are replaced; offices another source loaded (pocom) are kept, and
    # the actors a user's register brought (ids the shipped files lack)
    users = ("SELECT actor_id FROM actors WHERE starts_with(source_file, ?)"
             " AND actor_id NOT IN (SELECT unnest(?::VARCHAR[]))")
    con.execute("DELETE FROM actor_offices WHERE (note IS NULL OR note NOT LIKE 'pocom %')"
                f" AND actor_id NOT IN ({users})", [USER_PREFIX, list(actors)])
    con.execute("DELETE FROM actors WHERE (source_file IS NULL OR source_file NOT LIKE 'pocom/%')"
                f" AND actor_id NOT IN ({users})", [USER_PREFIX, list(actors)])
    for a in actors.values():
        con.execute("INSERT OR REPLACE INTO actors VALUES (?, ?, ?, ?, ?)",
                    [a.actor_id, a.name, a.country, a.file, run.run_id])
        con.executemany(
            "INSERT INTO actor_offices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[a.actor_id, o.office, o.level, o.branch, o.start, o.end, o.detail, o.source_url,
              o.note, run.run_id] for o in a.offices])


def _sweep_date(s: dict[str, Any], key: str, path: Path, i: int) -> dt.date | None:
    """A sweep record's date: a YAML date or an ISO string (a quoted date is still the date
    it says, not silently nothing); anything else is a one-line error naming the field."""
    v = s.get(key)
    if v is None or (isinstance(v, dt.date) and not isinstance(v, dt.datetime)):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip())
    except ValueError:
        raise LoadError(f"{v!r} is not a date (YYYY-MM-DD)", file=path.name,
                        record=f"{s.get('family')} {s.get('year')} (#{i})", field=key) from None


def load_sweeps(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> int:
    """The sweep logs beside the register (how each year and source family was searched).

    Several records of one (pair, year, family) in one file — e.g. a calendar sweep logged
    month by month — are parts of one sweep and are stored as one row: their queries, pages
    and entries summed, the latest ``reviewed_through`` and ``searched_on``, the notes joined.
    Returns the number of records read."""
    con.execute("DELETE FROM register_sweeps")
    n = 0
    for path in paths:
        try:
            doc = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as e:
            raise LoadError(f"cannot read sweep log: {e}".splitlines()[0], file=path.name) from e
        rows: dict[tuple[str, int, str], list[Any]] = {}
        for i, s in enumerate(doc.get("sweeps") or []):
            if not isinstance(s, dict) or not s.get("family"):
                raise LoadError("sweep needs a family", file=path.name, record=f"#{i}",
                                field="family")
            key = (str(s.get("pair") or "US-KZ"), int(s.get("year") or 0), str(s["family"]))
            row = [len(s.get("queries") or []), s.get("pages_read"),
                   len(s.get("entries") or []), _sweep_date(s, "reviewed_through", path, i),
                   _sweep_date(s, "searched_on", path, i), s.get("note")]
            rows[key] = row if key not in rows else _merge_sweep(rows[key], row)
            n += 1
        for key, row in rows.items():
            con.execute(
                "INSERT OR REPLACE INTO register_sweeps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*key, *row, path.name])
    return n


def _merge_sweep(a: list[Any], b: list[Any]) -> list[Any]:
    """Two parts of one sweep: counts summed, latest dates kept, notes joined."""
    def latest(x: dt.date | None, y: dt.date | None) -> dt.date | None:
        return max(d for d in (x, y) if d is not None) if (x or y) else None

    pages = None if a[1] is None and b[1] is None else int(a[1] or 0) + int(b[1] or 0)
    notes = " / ".join(str(x) for x in (a[5], b[5]) if x)
    return [a[0] + b[0], pages, a[2] + b[2], latest(a[3], b[3]), latest(a[4], b[4]),
            notes or None]


def load_register(con: duckdb.DuckDBPyConnection, paths: list[Path], run: IngestRun, *,
                  actor_paths: list[Path] | None = None) -> None:
    """Load register files inside an open ingest run (bad entries quarantined)."""
    actors = read_actor_files(actor_paths if actor_paths is not None else shipped_actor_files())
    load_actors(con, actors, run)
    records: list[ContactRecord] = []
    seen: set[str] = set()
    users = {str(r[0]): str(r[1]).split("#", 1)[0][len(USER_PREFIX):] for r in con.execute(
        "SELECT contact_id, any_value(source_ref) FROM contact_sources WHERE source ="
        " 'curated' AND starts_with(source_ref, ?) GROUP BY 1", [USER_PREFIX]).fetchall()}
    for path in paths:
        for item in read_register(path, actors):
            run.rows_in += 1
            if isinstance(item, LoadError):
                run.quarantine(item)
                continue
            if item.record_id in users:
                run.quarantine(LoadError(
                    f"id also used by your register file {users[item.record_id]}: rename your "
                    "entry and import it again", file=path.name, record=item.record_id,
                    field="id"))
                continue
            if item.record_id in seen:
                run.quarantine(LoadError("duplicate id", file=path.name, record=item.record_id,
                                         field="id"))
                continue
            seen.add(item.record_id)
            records.append(item)
    bad = {e.record for e in check_occasions(records)}
    for err in check_occasions(records):
        run.quarantine(err)
    for rec in records:
        if rec.record_id in bad:
            continue
        upsert_contact(con, rec, run)
        run.rows_loaded += 1
    drop_stale_curated(con, {r.record_id for r in records if r.record_id not in bad} | set(users))
