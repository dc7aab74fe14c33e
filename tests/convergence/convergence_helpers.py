"""Small inputs in the real layouts, written by the tests themselves."""

from __future__ import annotations

import csv
from pathlib import Path


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def unvotes_dir(tmp: Path, votes: list[list[object]], roll_calls: list[list[object]],
                issues: list[list[object]] = ()) -> Path:  # type: ignore[assignment]
    """A folder with the unvotes trio (same columns as the package's tables)."""
    tmp.mkdir(parents=True, exist_ok=True)
    write_csv(tmp / "un_votes.csv", ["rcid", "country", "country_code", "vote"], votes)
    write_csv(tmp / "un_roll_calls.csv",
              ["rcid", "session", "importantvote", "date", "unres", "amend", "para",
               "short", "descr"], roll_calls)
    write_csv(tmp / "un_roll_call_issues.csv", ["rcid", "short_name", "issue"], list(issues))
    return tmp


def roll_call(rcid: int, session: object, date: str, important: int = 0) -> list[object]:
    return [rcid, session, important, date, f"R/{session}/{rcid}", 0, 0, "SHORT", "DESCR"]


NAMES = {"US": "United States", "KZ": "Kazakhstan", "RU": "Russia", "CN": "China"}


def votes_of(rcid: int, **by_country: str) -> list[list[object]]:
    return [[rcid, NAMES.get(c, c), c, v] for c, v in by_country.items()]


DATAVERSE_COLUMNS = ["rcid", "session", "vote", "ccode", "member", "importantvote", "date",
                     "unres", "me", "nu", "di", "hr", "co", "ec", "year"]


def dataverse_row(rcid: int, session: int, vote: object, ccode: int, date: str,
                  me: int = 0, important: int = 0) -> list[object]:
    year = date.split("/")[-1] if "/" in date else date[:4]
    return [rcid, session, vote, ccode, 1, important, date, f"R/{session}/{rcid}", me, 0, 0,
            0, 0, 0, year]
