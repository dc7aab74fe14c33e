"""The report on the shipped data is reproducible and unchanged, apart from timestamps.

Two fresh stores get the shipped data and a report each (same pair, same ``as_of``); the two
pages, with timestamps masked, must be equal. Each section is also compared with a digest
recorded from the code before the outputs were split from the SQL (report-split's starting
commit): a change to what a reader sees must update ``report_digests.json`` on purpose:

    python tests/report/test_report_unchanged.py --record   # rewrites the digests
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

AS_OF = dt.date(2026, 11, 22)
PAIR = "US-KZ"
DIGESTS = Path(__file__).with_name("report_digests.json")
TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?| UTC)?")
SECTION = re.compile(r'<section id="([a-z_]+)">(.*?)</section>', re.S)


def normalise(html: str) -> str:
    """The page with every date-and-time (load times, 'generated') masked."""
    return TIMESTAMP.sub("<timestamp>", html)


def section_digests(html: str) -> dict[str, str]:
    """SHA-256 of each section's normalised HTML, and of the page around the sections."""
    page = normalise(html)
    out = {sid: hashlib.sha256(body.encode()).hexdigest() for sid, body in SECTION.findall(page)}
    out["_page"] = hashlib.sha256(SECTION.sub("", page).encode()).hexdigest()
    return out


def build_fresh(folder: Path) -> str:
    """A new store with the shipped data, and its report (the store is named 'report')."""
    from dyad.api import build_report, open_store

    folder.mkdir(parents=True, exist_ok=True)
    con = open_store(folder / "report.duckdb")
    try:
        return build_report(con, PAIR, folder / "r.html", as_of=AS_OF).read_text("utf-8")
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return (build_fresh(tmp_path_factory.mktemp("first")),
            build_fresh(tmp_path_factory.mktemp("second")))


def test_the_same_store_gives_the_same_report(two_reports: tuple[str, str]) -> None:
    first, second = two_reports
    assert normalise(first) == normalise(second)
    assert "<!--dyad-chart:" not in first  # every chart placeholder was filled


def test_sections_match_the_recorded_report(two_reports: tuple[str, str]) -> None:
    recorded = json.loads(DIGESTS.read_text("utf-8"))
    now = section_digests(two_reports[0])
    changed = sorted(k for k in recorded["sections"] if now.get(k) != recorded["sections"][k])
    assert not changed, (f"sections differ from the recorded report: {changed}; if on purpose, "
                         "re-record with `python tests/report/test_report_unchanged.py --record`")


if __name__ == "__main__" and "--record" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        digests = section_digests(build_fresh(Path(tmp)))
    DIGESTS.write_text(json.dumps({"pair": PAIR, "as_of": AS_OF.isoformat(),
                                   "sections": digests}, indent=1) + "\n", encoding="utf-8")
    print(f"recorded {len(digests)} digests in {DIGESTS}")
