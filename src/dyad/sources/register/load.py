"""The curated register shipped in ``dyad/data/register``: parse and load."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import yaml
from pydantic import ValidationError

from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord
from dyad.store.provenance import IngestRun, LoadError

SHIPPED = ("us_kz.yaml",)


def shipped_register_files() -> list[Path]:
    folder = resources.files("dyad.data") / "register"
    return [Path(str(folder / name)) for name in SHIPPED]


def _first_error_field(err: ValidationError) -> str:
    loc = err.errors()[0].get("loc", ())
    return ".".join(str(p) for p in loc) or "?"


def parse_entry(entry: Any, *, file: str, index: int) -> ContactRecord:
    """One YAML entry -> a ContactRecord, or a LoadError naming file, record and field."""
    if not isinstance(entry, dict):
        raise LoadError("entry is not a mapping", file=file, record=f"#{index}", raw=entry)
    rid = entry.get("id")
    record = str(rid) if rid else f"#{index}"
    if not rid:
        raise LoadError("entry has no id", file=file, record=record, field="id", raw=entry)
    sources = entry.get("sources") or []
    if not sources:
        raise LoadError(
            "curated entry has no source: every fact needs a public source URL",
            file=file, record=record, field="sources", raw=entry,
        )
    data = {k: v for k, v in entry.items() if k != "id"}
    try:
        # source_ref is unique per entry and URL: one page may attest several contacts.
        data["sources"] = [
            {"source": "curated", "source_ref": f"{file}#{rid} {s['url']}", **s}
            for s in sources
        ]
        return ContactRecord(record_id=str(rid), **data)
    except (KeyError, TypeError) as e:
        raise LoadError(f"malformed sources: {e}", file=file, record=record,
                        field="sources", raw=entry) from e
    except ValidationError as e:
        msg = e.errors()[0].get("msg", str(e))
        raise LoadError(msg, file=file, record=record, field=_first_error_field(e),
                        raw=entry) from e


def read_register(path: Path) -> Iterator[ContactRecord | LoadError]:
    """Yield each entry parsed, or the error that rejects it. A bad file raises."""
    try:
        doc = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise LoadError(f"cannot read register: {e}", file=str(path)) from e
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise LoadError("register must be a mapping with a list 'entries'", file=str(path))
    seen: set[str] = set()
    for i, entry in enumerate(doc["entries"]):
        try:
            rec = parse_entry(entry, file=path.name, index=i)
        except LoadError as err:
            yield err
            continue
        if rec.record_id in seen:
            yield LoadError("duplicate id", file=path.name, record=rec.record_id, field="id")
            continue
        seen.add(rec.record_id)
        yield rec


def load_register(con: duckdb.DuckDBPyConnection, path: Path, run: IngestRun) -> None:
    """Load a register file inside an open ingest run (bad entries quarantined)."""
    for item in read_register(path):
        run.rows_in += 1
        if isinstance(item, LoadError):
            run.quarantine(item)
            continue
        upsert_contact(con, item, run)
        run.rows_loaded += 1
