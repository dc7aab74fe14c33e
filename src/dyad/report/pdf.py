"""PDF export of the report through a headless Chromium, when one is installed.

The page's print stylesheet sets A4 pages and keeps rows, figures and findings whole; folded
listings (<details>) are opened for print so nothing is hidden on paper.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from dyad.errors import DataMissingError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
            "headless_shell")


def find_chromium() -> str | None:
    """The path of a Chromium-family browser on PATH, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def html_to_pdf(html: str, out: str | Path, *, timeout: float = 120.0) -> Path:
    """Print ``html`` to ``out`` (A4, no header or footer) with headless Chromium; a missing
    browser is a DataMissingError naming what to install."""
    browser = find_chromium()
    if browser is None:
        raise DataMissingError("PDF export needs Chromium (or Chrome) on PATH; install it, or "
                               "open the HTML report and print it to PDF from a browser")
    target = Path(out).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    printable = html.replace("<details>", "<details open>")
    with tempfile.TemporaryDirectory(prefix="dyad-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(printable, encoding="utf-8")
        partial = Path(tmp) / "report.pdf"
        subprocess.run(
            [browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer",
             f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={partial}",
             page.as_uri()],
            check=True, capture_output=True, timeout=timeout)
        if not partial.exists() or partial.stat().st_size == 0:
            raise DataMissingError(f"Chromium wrote no PDF ({browser})")
        shutil.move(str(partial), target)  # only a finished file reaches the target
    return target
