"""What the loader-contract tests need per source: the sample's main file, how to spoil one
record of it, and the data tables to compare (helpers, not tests)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dyad.api import import_source, source_registry
from dyad.store import table_counts

TESTS = Path(__file__).resolve().parents[1]
PROVENANCE = {"ingest_runs", "quarantine"}


@dataclass(frozen=True)
class Case:
    main: str | None               # the file inside a sample folder to spoil (None: the sample)
    bad_record: Callable[[str], str] | None  # spoil one record, keep the file readable
    field: str | None = None       # the field the quarantine row names


def _replace(old: str, new: str) -> Callable[[str], str]:
    def spoil(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return spoil


CASES: dict[str, Case] = {
    "statehist": Case("travels/secretary-travels/sample.xml",
                      _replace("<start-date>2023-02-28", "<start-date>2023-02-30"),
                      "start-date"),
    "census": Case(None, _replace("Uzbekistan\t0.25", "Uzbekistan\tn/a"), "IJAN"),
    "comtrade": Case(None, _replace("1200000000.0", "n/a"), "primaryValue"),
    "unvotes": Case("un_votes.csv", _replace("5001,Kazakhstan,KZ,yes", "5001,Kazakhstan,KZ,maybe"),
                    "vote"),
    "idealpoints": Case(None, _replace("740,76,1.21", "740,76,lots"), "IdealPointAll"),
    # a document is one record: a bad one is a bad file (tested as such)
    "documents": Case("joint-statement-example.txt", None),
    "articles": Case(None, _replace('"text": "Secretary', '"text": "Sec", "x": "'), "text"),
    "feeds": Case(None, _replace(
        "<p>Officials met in Astana to discuss transit routes across the Caspian Sea.</p>",
        "<p>x</p>"), "text"),
    "gdelt-doc": Case(None, _replace('"20230228T000000Z"', '"99991340T000000Z"'), "date"),
    "mediacloud": Case("count-over-time.json",
                       _replace('"2024-01-03 00:00:00"', '"2024-13-03 00:00:00"'), "date"),
}


def sources_with_samples() -> list[str]:
    return [s.name for s in source_registry() if s.sample]


def copy_sample(name: str, dest: Path) -> tuple[Path, Path]:
    """A private copy of the source's sample: (path to load, the main file to spoil)."""
    [source] = [s for s in source_registry() if s.name == name]
    assert source.sample is not None
    src = TESTS / source.sample
    target = dest / src.name
    if src.is_dir():
        shutil.copytree(src, target, dirs_exist_ok=True)
        case = CASES[name]
        return target, target / (case.main or "")
    shutil.copyfile(src, target)
    return target, target


_TABLES: list[str] = []


def data_counts(con) -> dict[str, int]:
    """Row counts of every table but the provenance ones (a failed run is recorded there),
    in one query (the fuzz tests ask for them twice per generated input)."""
    if not _TABLES:
        _TABLES.extend(k for k in table_counts(con) if k not in PROVENANCE)
    sql = ", ".join(f'(SELECT count(*) FROM "{t}")' for t in _TABLES)
    return dict(zip(_TABLES, con.execute(f"SELECT {sql}").fetchone(), strict=True))


def load(con, name: str, path: Path):
    return import_source(con, name, path)
