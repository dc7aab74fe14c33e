"""The Census Bureau's all-countries file ``country.xlsx`` (and its delimited text twin).

Layout (sheet ``country``): ``year, CTY_CODE, CTYNAME, IJAN..IDEC, IYR, EJAN..EDEC, EYR``;
I = US general imports, E = US total exports, in millions of US dollars, 1985 onward.
Published at https://www.census.gov/foreign-trade/balance/country.xlsx .

Months the Census has not yet published are filled with zeros in the file. They are
detected as the trailing months of a year in which *every* row of the file is zero, and
left out: the store has no row for them, and no annual row for a year that is incomplete.

Conversion: millions -> dollars exactly, via Decimal(str(cell)) * 10**6 rounded to the dollar.

Snapshot: ``python -m dyad.sources.census.file --snapshot country.xlsx`` rewrites the shipped
annual C5 table in ``dyad/data/trade`` from the real file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from dyad.errors import LoadError
from dyad.reference import files
from dyad.sources.result import LoadResult

SOURCE = "census"
FILE_URL = "https://www.census.gov/foreign-trade/balance/country.xlsx"
SHEET = "country"
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
VALUE_COLUMNS = (*(f"I{m}" for m in MONTHS), "IYR", *(f"E{m}" for m in MONTHS), "EYR")
REQUIRED = ("year", "CTY_CODE", "CTYNAME", *VALUE_COLUMNS)
_CODE = re.compile(r"^\d{4}$")
_MILLION = Decimal(1_000_000)
_MAX_MILLIONS = Decimal(100_000_000)  # 100 trillion dollars: anything above is not a trade flow


@dataclass
class CensusRecord:
    row: int
    year: int
    code: str
    name: str
    values: dict[str, Decimal]


@dataclass
class ParsedCensusFile:
    path: Path
    records: list[CensusRecord]
    published_through: dict[int, int]      # year -> last published month (0 = none)
    flows: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[LoadError] = field(default_factory=list)

    @property
    def incomplete_years(self) -> dict[int, int]:
        return {y: m for y, m in self.published_through.items() if m < 12}


def dollars(millions: Decimal) -> int:
    """Millions of dollars -> whole dollars (exact for the file's decimals)."""
    return int((millions * _MILLION).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _decimal(raw: Any, *, file: str, record: str, column: str) -> Decimal:
    if isinstance(raw, bool) or raw is None or (isinstance(raw, str) and not raw.strip()):
        raise LoadError(f"empty or non-numeric value {raw!r}", file=file, record=record,
                        field=column, raw=raw)
    try:
        d = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation as e:
        raise LoadError(f"non-numeric value {raw!r}", file=file, record=record, field=column,
                        raw=raw) from e
    if not d.is_finite() or d < 0 or d > _MAX_MILLIONS:
        raise LoadError(f"value must be a number of millions between 0 and {_MAX_MILLIONS}, "
                        f"got {raw!r}", file=file, record=record, field=column, raw=raw)
    return d


def _rows_xlsx(path: Path) -> Iterator[list[Any]]:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise LoadError(f"cannot read the workbook (truncated or not an xlsx file): {e}",
                        file=str(path)) from e
    try:
        if SHEET in wb.sheetnames:
            ws = wb[SHEET]
        elif len(wb.sheetnames) == 1:
            ws = wb[wb.sheetnames[0]]
        else:
            raise LoadError(f"no sheet named {SHEET!r} (sheets: {wb.sheetnames})", file=str(path))
        try:
            for row in ws.iter_rows(values_only=True):
                yield list(row)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as e:
            raise LoadError(f"the workbook is truncated or damaged: {e}", file=str(path)) from e
    finally:
        wb.close()


def _rows_text(path: Path) -> Iterator[list[Any]]:
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise LoadError(f"cannot read the text file: {e}", file=str(path)) from e
    first = text.split("\n", 1)[0]
    delim = max(("\t", ",", "|", ";"), key=first.count)
    yield from _text_rows(text, delim, str(path))


def _text_rows(text: str, delim: str, file: str) -> Iterator[list[Any]]:
    reader = csv.reader(text.splitlines(), delimiter=delim)
    try:
        yield from reader
    except csv.Error as e:
        raise LoadError(f"not a readable delimited file: {e}", file=file,
                        record=f"line {reader.line_num}") from None


def _record(cells: list[Any], idx: dict[str, int], n: int, file: str) -> CensusRecord:
    """One data row, validated; a bad cell is a LoadError naming row and column."""
    rec = f"row {n}"
    year_raw = cells[idx["year"]]
    try:
        year_dec = Decimal(str(year_raw).strip())
        if not year_dec.is_finite() or year_dec != year_dec.to_integral_value():
            raise ValueError(year_raw)
        year = int(year_dec)
    except (InvalidOperation, ValueError) as e:
        raise LoadError(f"year is not a whole number: {year_raw!r}", file=file, record=rec,
                        field="year", raw=str(year_raw)[:200]) from e
    if not 1985 <= year <= 2100:
        raise LoadError(f"year out of range 1985-2100: {year}", file=file, record=rec,
                        field="year")
    code_raw = cells[idx["CTY_CODE"]]
    code = (f"{code_raw:04d}" if isinstance(code_raw, int) and not isinstance(code_raw, bool)
            else str(code_raw).strip())
    if not _CODE.match(code):
        raise LoadError(f"unknown country code {str(code_raw)[:40]!r} (Census codes are 4 "
                        "digits)", file=file, record=rec, field="CTY_CODE",
                        raw=str(code_raw)[:200])
    name = str(cells[idx["CTYNAME"]]).strip()
    if not name:
        raise LoadError("empty country name", file=file, record=rec, field="CTYNAME")
    rec = f"row {n} ({code} {name[:60]} {year})"
    values = {c: _decimal(cells[idx[c]], file=file, record=rec, column=c)
              for c in VALUE_COLUMNS}
    return CensusRecord(n, year, code, name, values)


def read_records(path: str | Path) -> tuple[list[CensusRecord], list[LoadError]]:
    """Every data row, validated: (good records, one LoadError per bad row).

    A bad cell rejects its row (named by row and column); a file that cannot be read, has
    the wrong layout or a row shorter than the header (truncated) is a LoadError.
    """
    p = Path(path)
    if not p.is_file():
        raise LoadError("no such file", file=str(p))
    rows = _rows_xlsx(p) if p.suffix.lower() in (".xlsx", ".xlsm") else _rows_text(p)
    header: list[str] | None = None
    out: list[CensusRecord] = []
    problems: list[LoadError] = []
    for n, row in enumerate(rows, start=1):
        cells = ["" if c is None else c for c in row]
        if header is None:
            if not any(str(c).strip() for c in cells):
                continue
            header = [str(c).strip() for c in cells]
            absent = [c for c in REQUIRED if c not in header]
            if absent:
                raise LoadError(f"wrong sheet layout: missing columns {absent}; expected "
                                f"{', '.join(REQUIRED[:4])}, …, EYR", file=str(p), record="header")
            idx = {c: header.index(c) for c in REQUIRED}
            continue
        if not any(str(c).strip() for c in cells):
            continue
        if len(cells) < len(header):
            raise LoadError(f"row has {len(cells)} fields, the header {len(header)} "
                            "(truncated file?)", file=str(p), record=f"row {n}")
        try:
            out.append(_record(cells, idx, n, str(p)))
        except LoadError as err:
            problems.append(err)
    if header is None:
        raise LoadError("the file is empty", file=str(p))
    if not out and not problems:
        raise LoadError("the file has a header but no data rows (truncated?)", file=str(p))
    return out, problems


def published_through(records: list[CensusRecord]) -> dict[int, int]:
    """Per year, the last month with any non-zero value anywhere in the file."""
    last: dict[int, int] = {}
    for r in records:
        cur = last.setdefault(r.year, 0)
        for i in range(12, cur, -1):
            if r.values[f"I{MONTHS[i - 1]}"] or r.values[f"E{MONTHS[i - 1]}"]:
                last[r.year] = i
                break
    return last


def partner_codes() -> dict[str, str]:
    """Census CTY_CODE (4 digits) -> ISO2, from countries.yaml."""
    return {f"{int(c['census_cty_code']):04d}": str(c["iso2"]) for c in files.countries()
            if c.get("census_cty_code")}


def parse_census_file(path: str | Path, *, ref: str | None = None) -> ParsedCensusFile:
    """The file as trade_flows rows (reporter US), unpublished months left out."""
    p = Path(path)
    records, problems = read_records(p)
    through = published_through(records)
    known = partner_codes()
    names = {str(c["iso2"]): str(c["name"]) for c in files.countries()}
    seen: set[tuple[int, str]] = set()
    good: list[CensusRecord] = []
    for r in records:
        try:
            _check_partner(r, seen, known, str(p))
            good.append(r)
        except LoadError as err:
            problems.append(err)
    cols: dict[str, list[Any]] = {c: [] for c in ("partner", "partner_name", "year", "month",
                                                    "flow", "value_usd", "source_ref")}
    base = ref or p.name
    for r in good:
        partner = known.get(r.code)
        name = names[partner] if partner else r.name
        partner = partner or f"census:{r.code}"
        src_ref = f"{base}#CTY_CODE={r.code}&year={r.year}"
        last = through.get(r.year, 0)
        periods: list[tuple[int | None, str]] = [(m, MONTHS[m - 1]) for m in range(1, last + 1)]
        if last == 12:
            periods.append((None, "YR"))
        for flow, letter in (("import", "I"), ("export", "E")):
            for month, suffix in periods:
                cols["partner"].append(partner)
                cols["partner_name"].append(name)
                cols["year"].append(r.year)
                cols["month"].append(month)
                cols["flow"].append(flow)
                cols["value_usd"].append(float(dollars(r.values[f"{letter}{suffix}"])))
                cols["source_ref"].append(src_ref)
    flows = pd.DataFrame(cols)
    flows.insert(0, "reporter", "US")
    flows["commodity"] = None
    flows["source"] = SOURCE
    flows = flows[["reporter", "partner", "partner_name", "year", "month", "flow", "value_usd",
                   "commodity", "source", "source_ref"]]
    return ParsedCensusFile(p, good, through, flows, problems)


def _check_partner(r: CensusRecord, seen: set[tuple[int, str]], known: dict[str, str],
                   file: str) -> None:
    if (r.year, r.code) in seen:
        raise LoadError(f"CTY_CODE {r.code} appears twice for {r.year}", file=file,
                        record=f"row {r.row}", field="CTY_CODE")
    seen.add((r.year, r.code))
    partner = known.get(r.code)
    if partner is not None and files.country_by_name(r.name) != partner:
        raise LoadError(f"CTY_CODE {r.code} is {partner} in countries.yaml but the file "
                        f"names it {r.name[:60]!r}", file=file, record=f"row {r.row}",
                        field="CTYNAME")


def load_census_file(con: Any, path: str | Path) -> LoadResult:
    """Import the file in one ingest run: bad rows quarantined, a bad file changes nothing;
    re-running adds nothing. ``details['incomplete_years']``: year -> last published month."""
    from dyad.sources.trade_flows import upsert_flows
    from dyad.store.provenance import ingest_run

    p = Path(path)
    with ingest_run(con, source=SOURCE, source_ref=str(p)) as run:
        parsed = parse_census_file(p)
        for err in parsed.problems:
            run.rows_in += 1
            run.quarantine(err)
        upsert_flows(run, parsed.flows, file=str(p))
    note = "; ".join(f"{y}: months 1-{m} published, no annual row"
                     for y, m in parsed.incomplete_years.items())
    return LoadResult.of(run, incomplete_years=parsed.incomplete_years, note=note)
