"""Write ``freedomhouse.xlsx``: a Freedom in the World raw-data workbook in the published layout
(sheet ``FIW13-25``: a title row, then the 44-column header), with made-up scores.

No value comes from Freedom House (its data may not be redistributed): the subscores are
invented, chosen only to be in range and to add up (A+B+C = PR, D+E+F+G = CL, PR+CL =
Total). Run ``python tests/sources/samples/make_freedomhouse.py`` to rewrite the sample.
"""

from __future__ import annotations

from pathlib import Path

HEADER = ["Country/Territory", "Region", "C/T", "Edition", "Status", "PR rating", "CL rating",
          "A1", "A2", "A3", "A", "B1", "B2", "B3", "B4", "B", "C1", "C2", "C3", "C", "Add Q",
          "Add A", "PR", "D1", "D2", "D3", "D4", "D", "E1", "E2", "E3", "E", "F1", "F2", "F3",
          "F4", "F", "G1", "G2", "G3", "G4", "G", "CL", "Total"]
# name, region, C/T, edition, status, PR rating, CL rating, subscores A1..C3 (10), D1..G4 (15)
ROWS = [
    ("Kazakhstan", "Eurasia", "c", 2024, "NF", 6, 5, [1, 0, 0, 1, 1, 0, 0, 1, 1, 0],
     [1, 2, 2, 2, 1, 1, 0, 1, 1, 1, 2, 1, 2, 1, 2]),
    ("Kazakhstan", "Eurasia", "c", 2025, "NF", 6, 5, [1, 0, 0, 1, 1, 0, 1, 1, 1, 0],
     [1, 1, 2, 2, 1, 1, 0, 1, 1, 1, 2, 1, 2, 1, 2]),
    ("Mongolia", "Asia", "c", 2024, "F", 2, 2, [3, 3, 3, 3, 3, 3, 2, 3, 2, 3],
     [3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 3, 3, 3]),
    ("Mongolia", "Asia", "c", 2025, "F", 2, 2, [3, 3, 3, 3, 3, 3, 2, 3, 2, 2],
     [3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 3, 3, 3]),
    ("Russia", "Eurasia", "c", 2025, "NF", 7, 6, [0, 0, 0, 0, 1, 0, 0, 0, 1, 0],
     [0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]),
    ("Example Isles", "Europe", "t", 2025, "PF", 4, 3, [2, 2, 2, 2, 2, 2, 1, 2, 1, 2],
     [2, 2, 3, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2]),
]


def row(name: str, region: str, kind: str, edition: int, status: str, pr_rating: int,
        cl_rating: int, prs: list[int], cls: list[int]) -> list[object]:
    a, b, c = prs[0:3], prs[3:7], prs[7:10]
    d, e, f, g = cls[0:4], cls[4:7], cls[7:11], cls[11:15]
    pr, cl = sum(prs), sum(cls)
    return [name, region, kind, edition, status, pr_rating, cl_rating, *a, sum(a), *b, sum(b),
            *c, sum(c), None, None, pr, *d, sum(d), *e, sum(e), *f, sum(f), *g, sum(g), cl,
            pr + cl]


def write(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    index = wb.active
    assert index is not None
    index.title = "Index"
    index.append(["Made-up sample in the layout of the Freedom in the World raw data"])
    ws = wb.create_sheet("FIW13-25")
    ws.append(["Freedom in the World 2013-2025 Raw Data (made-up sample)"])
    ws.append(HEADER)
    for r in ROWS:
        ws.append(row(*r))
    wb.save(path)
    return path


if __name__ == "__main__":
    write(Path(__file__).with_name("freedomhouse.xlsx"))
