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
    # a binary sample (a workbook): spoil one record of the file in place instead
    bad_record_file: Callable[[Path], None] | None = None
    # quarantine rows a second load of the same file writes: GDELT records a file imported
    # twice as one quarantine row (issue 13), adding nothing to the data
    reload_quarantined: int = 0


def _cell(sheet: str, row: int, column: int, value: object) -> Callable[[Path], None]:
    def spoil(path: Path) -> None:
        import openpyxl

        wb = openpyxl.load_workbook(path)
        wb[sheet].cell(row=row, column=column, value=value)
        wb.save(path)
    return spoil


def _replace(old: str, new: str) -> Callable[[str], str]:
    def spoil(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return spoil


CASES: dict[str, Case] = {
    "statehist": Case("travels/secretary-travels/sample.xml",
                      _replace("<start-date>2023-02-28", "<start-date>2023-02-30"),
                      "start-date"),
    "pocom": Case("positions-principals/secretary.xml",
                  _replace("<started><date>2013-02-01", "<started><date>2013-02-30"), "started"),
    "census": Case(None, _replace("Uzbekistan\t0.25", "Uzbekistan\tn/a"), "IJAN"),
    "comtrade": Case(None, _replace("1200000000.0", "n/a"), "primaryValue"),
    "unvotes": Case("un_votes.csv", _replace("5001,Kazakhstan,KZ,yes", "5001,Kazakhstan,KZ,maybe"),
                    "vote"),
    "undl-votes": Case(None, _replace("KAZAKHSTAN,Y,", "KAZAKHSTAN,Q,"), "ms_vote"),
    "idealpoints": Case(None, _replace("740,76,1.21", "740,76,lots"), "IdealPointAll"),
    # a document is one record: a bad one is a bad file (tested as such)
    "documents": Case("joint-statement-example.txt", None),
    "articles": Case(None, _replace('"text": "Secretary', '"text": "Sec", "x": "'), "text"),
    "feeds": Case(None, _replace(
        "<p>Officials met in Astana to discuss transit routes across the Caspian Sea.</p>",
        "<p>x</p>"), "text"),
    "gdelt-doc": Case(None, _replace('"20230228T000000Z"', '"99991340T000000Z"'), "date"),
    "foreign-assistance": Case(None, _replace("Obligations,2023,20609509",
                                              "Obligations,2023,lots"), "current_amount"),
    # Mongolia 2025 (row 6 of sheet FIW13-25): status 5 is no status
    "freedomhouse": Case(None, None, "Status", bad_record_file=_cell("FIW13-25", 6, 5, "XX")),
    "gdelt": Case(None, _replace("881992005\t20191024\t", "881992005\t20191399\t"),
                  "SQLDATE", reload_quarantined=1),
    "register": Case(None, _replace("actor: murat-nurtleu", "actor: nobody-we-know"),
                     "partner_participants[0].actor"),
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
