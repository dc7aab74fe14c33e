"""Parse ForeignAssistance.gov's transaction-level "complete" file (us_foreign_aid_complete.csv).

Its documented columns (https://foreignassistance.gov/data, data dictionary) include
``Country Code, Country Name, Region Name, Managing Agency Name, Managing Sub-agency or Bureau
Name, Implementing Partner Category Name, Implementing Partner Name, International Sector Name,
International Purpose Name, US Category Name, US Sector Name, Funding Account Name, Funding
Agency Name, Aid Type Group Name, Activity ID, Activity Name, Activity Project Number,
Transaction Type ID, Transaction Type Name, Fiscal Year, Transaction Date, Current Dollar
Amount, Constant Dollar Amount``. The file is large (gigabytes, every recipient): it is read
as a stream and only the states in dyad's country list are kept (the rest are counted as
skipped, not quarantined), unless ``all_countries`` is set.

The file has no transaction id, so a line's key is a fingerprint of all its fields plus its
occurrence number among identical lines: identical lines stay distinct transactions and a
re-import adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.errors import LoadError
from dyad.sources.foreign_assistance.parse import (
    amount,
    country_code,
    fiscal_year,
    iso2_of,
    transaction_type,
)

SOURCE = "foreign_assistance_complete"
REQUIRED = ("Country Code", "Country Name", "Transaction Type Name", "Fiscal Year",
            "Current Dollar Amount", "Constant Dollar Amount", "US Sector Name",
            "Funding Account Name", "Managing Agency Name", "Implementing Partner Name",
            "Activity Name")
# store column -> file column (optional ones are None when the file lacks them)
TEXT_COLUMNS = {
    "region_name": "Region Name",
    "managing_agency": "Managing Agency Name",
    "managing_sub_agency": "Managing Sub-agency or Bureau Name",
    "implementing_partner_category": "Implementing Partner Category Name",
    "implementing_partner": "Implementing Partner Name",
    "international_sector": "International Sector Name",
    "international_purpose": "International Purpose Name",
    "us_category": "US Category Name",
    "us_sector": "US Sector Name",
    "funding_account": "Funding Account Name",
    "funding_agency": "Funding Agency Name",
    "aid_type_group": "Aid Type Group Name",
    "activity_id": "Activity ID",
    "activity_name": "Activity Name",
    "activity_project_number": "Activity Project Number",
}
COLUMNS = ["row_key", "country_code", "country_name", "iso2", *TEXT_COLUMNS,
           "transaction_type", "fiscal_year", "transition_quarter", "transaction_date",
           "current_usd", "constant_usd"]


@dataclass
class ParsedComplete:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[LoadError] = field(default_factory=list)
    rows_in: int = 0
    skipped: int = 0


def is_complete_header(header: list[str]) -> bool:
    return "Current Dollar Amount" in header and "US Sector Name" in header


def check_header(header: list[str], file: str) -> None:
    absent = [c for c in REQUIRED if c not in header]
    if absent:
        raise LoadError(f"not the ForeignAssistance.gov complete file: missing columns {absent}",
                        file=file, record="header")


def transaction_date(raw: str | None, *, file: str, record: str) -> dt.date | None:
    """ISO (2023-03-31, with or without a time) or US (3/31/2023) dates; empty is None."""
    text = (raw or "").strip()
    if text in ("", "NULL"):
        return None
    for fmt, part in (("%Y-%m-%d", text[:10]), ("%m/%d/%Y", text.split(" ")[0])):
        try:
            return dt.datetime.strptime(part, fmt).date()
        except ValueError:
            continue
    raise LoadError(f"transaction date is not a date: {raw!r}", file=file, record=record,
                    field="Transaction Date", raw=raw)


def parse_complete_rows(path: Path, header: list[str],
                        rows: Iterator[tuple[int, dict[str, str]]], *,
                        all_countries: bool = False,
                        today: dt.date | None = None) -> ParsedComplete:
    """Validate transaction lines; keep dyad's states (or all) with a fingerprint key."""
    check_header(header, str(path))
    out = ParsedComplete()
    file = str(path)
    occurrences: dict[str, int] = {}
    for n, r in rows:
        out.rows_in += 1
        rec = f"row {n}"
        try:
            code = country_code(r["Country Code"], file=file, record=rec)
            name = r["Country Name"].strip()
            iso2 = iso2_of(code, name)
            if iso2 is None and not all_countries:
                out.skipped += 1
                continue
            kind = transaction_type(r.get("Transaction Type ID", ""), r["Transaction Type Name"],
                                    file=file, record=rec)
            year, tq = fiscal_year(r["Fiscal Year"], file=file, record=rec, today=today)
            cur = amount(r["Current Dollar Amount"], file=file, record=rec,
                         column="Current Dollar Amount")
            const = amount(r["Constant Dollar Amount"], file=file, record=rec,
                           column="Constant Dollar Amount", required=False)
            date = transaction_date(r.get("Transaction Date"), file=file, record=rec)
        except LoadError as e:
            e.raw = r
            out.problems.append(e)
            continue
        print_ = hashlib.sha1("\x1f".join(r[h] for h in header).encode("utf-8")).hexdigest()
        occurrences[print_] = occurrences.get(print_, 0) + 1
        row: dict[str, Any] = {
            "row_key": f"{print_}:{occurrences[print_]}", "country_code": code,
            "country_name": name, "iso2": iso2,
        }
        for col, src in TEXT_COLUMNS.items():
            value = (r.get(src) or "").strip()
            row[col] = None if value in ("", "NULL") else value
        row.update({"transaction_type": kind, "fiscal_year": year, "transition_quarter": tq,
                    "transaction_date": date, "current_usd": cur, "constant_usd": const})
        out.rows.append(row)
    return out
