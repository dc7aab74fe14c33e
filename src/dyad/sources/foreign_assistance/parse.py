"""Parse ForeignAssistance.gov's country file (``us_foreign_aid_country.csv``).

Layout (CSV with a header, https://foreignassistance.gov/data): ``Country Code, Country Name,
Region ID, Region Name, Income Group Acronym, Income Group Name, Transaction Type ID,
Transaction Type Name, Fiscal Year, current_amount, constant_amount``; one row per recipient,
transaction type and fiscal year, in US dollars. Transaction types: 1 Appropriated and
Planned, 2 Obligations, 3 Disbursements, 18 President's Budget Requests. Negative amounts are
de-obligations and recoveries, and are kept. ``1976tq`` is the FY1976 transition quarter.

Parsing never touches the store: a bad record becomes a :class:`LoadError` in
``ParsedCountryFile.problems`` (the loader quarantines it); a bad file raises LoadError.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dyad.errors import LoadError
from dyad.reference import files

SOURCE = "foreign_assistance"
DATA_URL = "https://foreignassistance.gov/data"
FILE_URL = "https://s3.amazonaws.com/files.explorer.devtechlab.com/us_foreign_aid_country.csv"
PUBLISHER = "U.S. Department of State and USAID, ForeignAssistance.gov"

COUNTRY_COLUMNS = ("Country Code", "Country Name", "Region Name", "Transaction Type ID",
                   "Transaction Type Name", "Fiscal Year", "current_amount", "constant_amount")
# Transaction type id -> (dyad key, the name the site uses)
TYPES: dict[str, tuple[str, str]] = {
    "1": ("appropriated_planned", "Appropriated and Planned"),
    "2": ("obligations", "Obligations"),
    "3": ("disbursements", "Disbursements"),
    "18": ("budget_request", "President's Budget Requests"),
}
TYPE_BY_NAME = {name.lower(): key for key, name in TYPES.values()}
FIRST_FY = 1946
_CODE = re.compile(r"^(?:[A-Z]{3}|[A-Z]{2}-[A-Z]{2}|NULL)$")
_MAX_USD = Decimal(10) ** 13      # ten trillion dollars: anything above is not one country-year


def last_fiscal_year(today: dt.date | None = None) -> int:
    """The latest fiscal year a file may hold: budget requests run up to two years ahead."""
    return (today or dt.date.today()).year + 2


@dataclass(frozen=True)
class AssistanceRow:
    """One country-file record, validated."""

    row: int
    country_code: str
    country_name: str
    iso2: str | None
    region_name: str | None
    transaction_type: str
    fiscal_year: int
    transition_quarter: bool
    current_usd: float
    constant_usd: float | None

    @property
    def key(self) -> tuple[str, str, str, int, bool]:
        return (self.country_code, self.country_name, self.transaction_type, self.fiscal_year,
                self.transition_quarter)


@dataclass
class ParsedCountryFile:
    path: Path
    rows: list[AssistanceRow]
    problems: list[LoadError] = field(default_factory=list)
    base_years: dict[str, int | None] = field(default_factory=dict)
    rows_in: int = 0


def iso2_of(code: str, name: str) -> str | None:
    """ISO2 for a source code or name dyad knows (the five, US, RU, CN, TR), else None."""
    for c in files.countries():
        if code == c["iso3"]:
            return str(c["iso2"])
    return files.country_by_name(name) if code == "NULL" else None


def fiscal_year(raw: str, *, file: str, record: str, column: str = "Fiscal Year",
                today: dt.date | None = None) -> tuple[int, bool]:
    """'2010' -> (2010, False); '1976tq' -> (1976, True); out of range: LoadError."""
    text = str(raw).strip().lower()
    tq = text.endswith("tq")
    digits = text[:-2] if tq else text
    # ASCII digits only, and few of them (int() refuses a string of thousands of digits)
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 6:
        raise LoadError(f"fiscal year is not a year: {str(raw)[:20]!r}", file=file,
                        record=record, field=column, raw=raw)
    year = int(digits)
    last = last_fiscal_year(today)
    if not FIRST_FY <= year <= last or (tq and year != 1976):
        raise LoadError(f"fiscal year {raw!r} out of range {FIRST_FY}-{last}", file=file,
                        record=record, field=column, raw=raw)
    return year, tq


def amount(raw: str | None, *, file: str, record: str, column: str,
           required: bool = True) -> float | None:
    """Whole or decimal dollars (negative allowed); empty or NULL is None unless required."""
    text = "" if raw is None else str(raw).strip().replace(",", "")
    if text in ("", "NULL", "NA"):
        if required:
            raise LoadError("amount is empty", file=file, record=record, field=column, raw=raw)
        return None
    try:
        d = Decimal(text)
    except InvalidOperation as e:
        raise LoadError(f"amount is not a number: {raw!r}", file=file, record=record,
                        field=column, raw=raw) from e
    if not d.is_finite() or abs(d) > _MAX_USD:
        raise LoadError(f"amount out of range: {raw!r}", file=file, record=record,
                        field=column, raw=raw)
    return float(d)


def transaction_type(type_id: str, name: str, *, file: str, record: str) -> str:
    """The dyad key of a transaction type; the id and the name must agree."""
    tid = str(type_id).strip()
    key = TYPE_BY_NAME.get(str(name).strip().lower())
    if tid and tid in TYPES:
        if key is not None and key != TYPES[tid][0]:
            raise LoadError(f"transaction type id {tid} does not match its name {name!r}",
                            file=file, record=record, field="Transaction Type Name", raw=name)
        return TYPES[tid][0]
    if key is None:
        raise LoadError(f"unknown transaction type {type_id!r} {name!r}; known: "
                        + ", ".join(n for _, n in TYPES.values()), file=file, record=record,
                        field="Transaction Type ID", raw=type_id)
    return key


def country_code(raw: str, *, file: str, record: str, column: str = "Country Code") -> str:
    code = str(raw).strip().upper()
    if not _CODE.match(code):
        raise LoadError(f"unknown country code {raw!r} (expected ISO3, a region code, or "
                        "NULL for a former state)", file=file, record=record, field=column,
                        raw=raw)
    return code


def csv_table(path: Path) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and an iterator of (line number, row) over the non-empty data lines.

    A line whose field count differs from the header's, or bytes that are not UTF-8, raise
    LoadError naming the file and the row.
    """
    if not path.is_file():
        raise LoadError("no such file", file=str(path))
    try:
        handle = path.open("r", encoding="utf-8-sig", newline="")
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise LoadError(f"not a readable CSV file: {e}", file=str(path)) from e
    if not any(header):
        handle.close()
        raise LoadError("the file is empty (no header row)", file=str(path), record="header")

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        with handle:
            n = 1
            try:
                for n, cells in enumerate(reader, start=2):  # noqa: B007
                    if not any(c.strip() for c in cells):
                        continue
                    if len(cells) != len(header):
                        raise LoadError(f"row has {len(cells)} fields, the header "
                                        f"{len(header)} (truncated or misquoted file?)",
                                        file=str(path), record=f"row {n}", raw=cells)
                    yield n, dict(zip(header, cells, strict=True))
            except (UnicodeDecodeError, csv.Error) as e:
                raise LoadError(f"not a readable CSV file: {e}", file=str(path),
                                record=f"row {n + 1}") from e

    return header, rows()


def parse_country_rows(path: Path, rows: Iterator[tuple[int, dict[str, str]]],
                       *, today: dt.date | None = None) -> ParsedCountryFile:
    """Validate country-file rows (the header already checked by the caller)."""
    out = ParsedCountryFile(path=path, rows=[])
    file = str(path)
    seen: dict[tuple[str, str, str, int, bool], int] = {}
    for n, r in rows:
        out.rows_in += 1
        rec = f"row {n}"
        try:
            code = country_code(r["Country Code"], file=file, record=rec)
            name = r["Country Name"].strip()
            if not name:
                raise LoadError("country name is empty", file=file, record=rec,
                                field="Country Name", raw=r)
            kind = transaction_type(r["Transaction Type ID"], r["Transaction Type Name"],
                                    file=file, record=rec)
            year, tq = fiscal_year(r["Fiscal Year"], file=file, record=rec, today=today)
            cur = amount(r["current_amount"], file=file, record=rec, column="current_amount")
            const = amount(r["constant_amount"], file=file, record=rec,
                           column="constant_amount", required=False)
        except LoadError as e:
            e.raw = r
            out.problems.append(e)
            continue
        region = (r.get("Region Name") or "").strip()
        row = AssistanceRow(n, code, name, iso2_of(code, name), None if region in ("", "NULL")
                            else region, kind, year, tq, float(cur or 0.0), const)
        if row.key in seen:
            out.problems.append(LoadError(
                f"duplicate row: same country, transaction type and fiscal year as row "
                f"{seen[row.key]}", file=file, record=rec, field="Fiscal Year", raw=r))
            continue
        seen[row.key] = n
        out.rows.append(row)
    out.base_years = constant_base_years(out.rows)
    return out


def constant_base_years(rows: list[AssistanceRow]) -> dict[str, int | None]:
    """Per transaction type, the latest fiscal year whose constant amounts all equal current
    ones (the base of the constant dollars), or None when no year qualifies."""
    by: dict[tuple[str, int], list[AssistanceRow]] = {}
    for r in rows:
        if not r.transition_quarter and r.current_usd != 0:
            by.setdefault((r.transaction_type, r.fiscal_year), []).append(r)
    out: dict[str, int | None] = {key: None for key, _ in TYPES.values()}
    for (kind, year), group in sorted(by.items()):
        if len(group) >= 2 and all(r.constant_usd == r.current_usd for r in group):
            out[kind] = year
    return out
