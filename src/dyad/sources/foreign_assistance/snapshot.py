"""Write the shipped yearly series for the five states from the real country file.

``python -m dyad.sources.foreign_assistance.snapshot us_foreign_aid_country.csv`` rewrites
``dyad/data/assistance/us_assistance_c5.csv`` (generated, never typed). ForeignAssistance.gov
data are a US Government work in the public domain (17 U.S.C. 105).
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from pathlib import Path

from dyad.reference.vocabulary import C5
from dyad.sources.foreign_assistance.parse import DATA_URL, FILE_URL, csv_table, parse_country_rows

TARGET = Path(__file__).resolve().parents[2] / "data" / "assistance" / "us_assistance_c5.csv"
FIELDS = ["country_code", "country_name", "iso2", "region_name", "transaction_type",
          "fiscal_year", "current_usd", "constant_usd", "constant_base_year"]


def snapshot_text(path: Path, *, vintage: str) -> str:
    """The CSV text of the five states' rows (every type and fiscal year), with its header."""
    _, rows = csv_table(path)
    parsed = parse_country_rows(path, rows)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    out = io.StringIO()
    out.write(f"# US foreign assistance to the five Central Asian states, {PUBLISHER_LINE}\n"
              f"# source_url: {FILE_URL} (dataset page {DATA_URL}); public domain (US Government"
              " work, 17 U.S.C. 105)\n"
              f"# vintage: {vintage}; source file sha256 {digest}\n"
              "# amounts in US dollars as published (negative = de-obligations); constant_usd in"
              " dollars of constant_base_year\n")
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    chosen = [r for r in parsed.rows if r.iso2 in C5 and not r.transition_quarter]
    for r in sorted(chosen, key=lambda r: (r.iso2 or "", r.transaction_type, r.fiscal_year)):
        writer.writerow({
            "country_code": r.country_code, "country_name": r.country_name, "iso2": r.iso2,
            "region_name": r.region_name or "", "transaction_type": r.transaction_type,
            "fiscal_year": r.fiscal_year, "current_usd": f"{r.current_usd:.0f}",
            "constant_usd": "" if r.constant_usd is None else f"{r.constant_usd:.0f}",
            "constant_base_year": parsed.base_years.get(r.transaction_type) or "",
        })
    return out.getvalue()


PUBLISHER_LINE = "ForeignAssistance.gov (U.S. Department of State and USAID), country dataset"

if __name__ == "__main__":
    src = Path(sys.argv[1])
    vintage = sys.argv[2] if len(sys.argv) > 2 else "unstated"
    TARGET.write_text(snapshot_text(src, vintage=vintage), encoding="utf-8")
    print(f"wrote {TARGET}")
