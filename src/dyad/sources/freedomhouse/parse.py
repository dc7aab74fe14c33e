"""Parse Freedom House's Freedom in the World raw data workbook (All_data_FIW_2013-20NN.xlsx).

Layout (sheet ``FIW13-25`` in the 2025 release): a title row, then a header row
``Country/Territory, Region, C/T, Edition, Status, PR rating, CL rating, A1 … G4, PR, CL,
Total``; one row per country or territory and edition. The header is looked for in the first
rows of the first sheet whose name starts with ``FIW`` (or any sheet holding it), so a moved
header is found; a header without the needed columns is a LoadError naming them.

Terms: Freedom House allows non-commercial use with attribution (see ATTRIBUTION); dyad ships
none of these data. Parsing never touches the store.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.errors import LoadError
from dyad.reference import files

SOURCE = "freedomhouse"
DATA_URL = "https://freedomhouse.org/report/freedom-in-the-world"
ATTRIBUTION = ("Freedom House, Freedom in the World (raw data), "
               "https://freedomhouse.org/report/freedom-in-the-world; used under Freedom "
               "House's terms (non-commercial use with attribution); not redistributed by dyad")
REQUIRED = ("Country/Territory", "Edition", "Status", "PR rating", "CL rating", "PR", "CL",
            "Total")
HEADER_SEARCH_ROWS = 10
# column -> (low, high) of valid values
RANGES = {"PR rating": (1, 7), "CL rating": (1, 7), "PR": (-4, 40), "CL": (0, 60),
          "Total": (-4, 100)}
STATUSES = ("F", "PF", "NF")
FIRST_EDITION = 1973


@dataclass
class ParsedWorkbook:
    path: Path
    sheet: str
    header_row: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[LoadError] = field(default_factory=list)
    rows_in: int = 0


def _open(path: Path) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise LoadError("no such file", file=str(path))
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, InvalidFileException) as e:
        raise LoadError(f"cannot read the workbook (truncated or not an xlsx file): {e}",
                        file=str(path)) from e


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, list[str]] | None:
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = ["" if c is None else str(c).strip() for c in row]
        if "Country/Territory" in cells and "Edition" in cells:
            return i, cells
    return None


def read_workbook(path: str | Path) -> tuple[str, int, list[str], list[tuple[Any, ...]]]:
    """(sheet, header row number, header, data rows) of the raw-data sheet."""
    p = Path(path)
    wb = _open(p)
    try:
        names = sorted(wb.sheetnames, key=lambda n: not n.upper().startswith("FIW"))
        for name in names:
            try:
                rows = list(wb[name].iter_rows(values_only=True))
            except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as e:
                raise LoadError(f"the workbook is truncated or damaged: {e}",
                                file=str(p)) from e
            found = _find_header(rows)
            if found is None:
                continue
            i, header = found
            absent = [c for c in REQUIRED if c not in header]
            if absent:
                raise LoadError(f"the header row lacks columns {absent}", file=str(p),
                                record=f"sheet {name} row {i + 1}", field=absent[0])
            return name, i + 1, header, rows[i + 1:]
    finally:
        wb.close()
    raise LoadError(f"no header row with 'Country/Territory' and 'Edition' in the first "
                    f"{HEADER_SEARCH_ROWS} rows of any sheet ({', '.join(wb.sheetnames)}); is "
                    "this the Freedom in the World raw data workbook?", file=str(p),
                    record="header")


def _int(value: Any, column: str, *, file: str, record: str) -> int:
    if isinstance(value, bool):
        raise LoadError(f"{column} is not a whole number: {value!r}", file=file, record=record,
                        field=column, raw=value)
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError) as e:
        raise LoadError(f"{column} is not a number: {value!r}", file=file, record=record,
                        field=column, raw=value) from e
    if not number.is_integer():
        raise LoadError(f"{column} is not a whole number: {value!r}", file=file, record=record,
                        field=column, raw=value)
    return int(number)


def parse_workbook(path: str | Path, *, today: dt.date | None = None) -> ParsedWorkbook:
    """Validate every data row; a bad row becomes a problem naming sheet, row and column."""
    p = Path(path)
    sheet, header_row, header, data = read_workbook(p)
    idx = {c: header.index(c) for c in header if c}
    out = ParsedWorkbook(p, sheet, header_row)
    file = str(p)
    last_edition = (today or dt.date.today()).year + 1
    seen: dict[tuple[str, int], int] = {}
    for offset, row in enumerate(data, start=header_row + 1):
        cells = list(row) + [None] * (len(header) - len(row))
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        out.rows_in += 1
        rec = f"sheet {sheet} row {offset}"
        raw = {c: cells[i] for c, i in idx.items() if c in (*REQUIRED, "Region", "C/T")}
        try:
            name = str(cells[idx["Country/Territory"]] or "").strip()
            if not name:
                raise LoadError("country/territory is empty", file=file, record=rec,
                                field="Country/Territory")
            edition = _int(cells[idx["Edition"]], "Edition", file=file, record=rec)
            if not FIRST_EDITION <= edition <= last_edition:
                raise LoadError(f"edition {edition} out of range {FIRST_EDITION}-"
                                f"{last_edition}", file=file, record=rec, field="Edition")
            status = str(cells[idx["Status"]] or "").strip().upper()
            if status not in STATUSES:
                raise LoadError(f"status must be one of {', '.join(STATUSES)}, got "
                                f"{cells[idx['Status']]!r}", file=file, record=rec,
                                field="Status")
            values = {}
            for column, (low, high) in RANGES.items():
                v = _int(cells[idx[column]], column, file=file, record=rec)
                if not low <= v <= high:
                    raise LoadError(f"{column} {v} out of range {low}-{high}", file=file,
                                    record=rec, field=column)
                values[column] = v
            if values["PR"] + values["CL"] != values["Total"]:
                raise LoadError(f"Total {values['Total']} is not PR + CL "
                                f"({values['PR']} + {values['CL']})", file=file, record=rec,
                                field="Total")
        except LoadError as e:
            e.raw = raw
            out.problems.append(e)
            continue
        if (name, edition) in seen:
            out.problems.append(LoadError(
                f"duplicate row: {name} edition {edition} already on row {seen[(name, edition)]}",
                file=file, record=rec, field="Edition", raw=raw))
            continue
        seen[(name, edition)] = offset
        region = cells[idx["Region"]] if "Region" in idx else None
        kind = cells[idx["C/T"]] if "C/T" in idx else None
        out.rows.append({
            "country_name": name, "iso2": files.country_by_name(name),
            "region": str(region).strip() if region else None,
            "kind": str(kind).strip().lower() if kind else None, "edition": edition,
            "status": status, "pr_rating": values["PR rating"],
            "cl_rating": values["CL rating"], "pr_score": values["PR"],
            "cl_score": values["CL"], "total_score": values["Total"],
            "source": SOURCE, "source_ref": f"{p.name}#{sheet}!row{offset}",
        })
    return out
