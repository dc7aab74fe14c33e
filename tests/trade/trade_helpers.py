"""Builders of small Census-layout files for the trade tests (synthetic, not copied data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dyad.sources.census.file import MONTHS

HEADER = ["year", "CTY_CODE", "CTYNAME", *(f"I{m}" for m in MONTHS), "IYR",
          *(f"E{m}" for m in MONTHS), "EYR"]


def census_row(year: int, code: str, name: str, imports: list[Any], exports: list[Any]) -> list:
    def total(vals: list[Any]) -> Any:
        try:
            return round(sum(float(v) for v in vals), 6)
        except (TypeError, ValueError):
            return 0
    return [str(year), code, name, *imports, total(imports), *exports, total(exports)]


def sample_rows() -> list[list]:
    """Two years; in the second only January-March are published (the rest zero-filled)."""
    full_i = [1.5, 0, 2.25, 3, 4, 5, 6, 7, 8, 9, 10, 11.125]
    full_e = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.234567]
    part = [2.5, 0, 1.75] + [0] * 9
    return [
        census_row(2022, "4634", "Kazakhstan", full_i, full_e),
        census_row(2022, "1220", "Canada", [100.0] * 12, [120.0] * 12),
        census_row(2023, "4634", "Kazakhstan", part, part),
        census_row(2023, "1220", "Canada", [50.0, 60.0, 70.0] + [0] * 9, [1.0, 2.0, 3.0] + [0] * 9),
    ]


def write_xlsx(path: Path, rows: list[list], header: list[str] | None = None,
               sheet: str = "country") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_text(path: Path, rows: list[list], header: list[str] | None = None) -> Path:
    lines = ["\t".join(header or HEADER)] + ["\t".join(str(c) for c in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(con: Any, table: str = "trade_flows") -> int:
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0])
