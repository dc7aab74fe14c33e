"""Helpers for dyad's tests: where the real shared data is, and store set-ups.

Test modules import these from here (``from dyad_testing import shared_path``), never
from a conftest, so that nested conftest files cannot shadow them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("DYAD_SHARED_DATA", REPO.parent / "shared" / "data"))
# rows that every new store gets from the shipped data (register, trade snapshot)
SHIPPED_ROWS = ("contacts", "contact_partners", "contact_sources", "deliverables",
                "contact_conflicts", "trade_flows")


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test saying what is missing."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is missing (tests read ../shared/data)")
    return path


def without_shipped_register(con) -> None:
    """Mark the shipped register as loaded, so a test's own records stand alone.

    For tests of merging/import logic on hand-made records: ``open_store`` (which every CLI
    command calls) then does not add the 60-odd real curated contacts around them.
    """
    from dyad.sources.shipped.load import register_checksum

    con.execute(
        "INSERT OR REPLACE INTO reference_versions (name, checksum) VALUES ('register', ?)",
        [register_checksum()],
    )


def chromium_driver(window: str = "1280,2000"):
    """A headless Debian chromium through selenium, or skip saying what to install (the
    browser tests' one driver setup)."""
    import shutil

    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("Debian chromium and chromium-driver are not installed (apt-get install "
                    "chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--window-size={window}"):
        opts.add_argument(flag)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    return webdriver.Chrome(options=opts, service=service)
