"""Render the report in headless Debian chromium and check that every chart drew."""

from __future__ import annotations

import pytest

from dyad.report.build import build_report
from dyad_testing import chromium_driver

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    drv = chromium_driver("1280,2000")
    yield drv
    drv.quit()


def test_charts_draw_in_chromium(store, tmp_path, driver):
    path = build_report(store, "US-KZ", tmp_path / "report.html")
    driver.get(path.as_uri())
    figures = driver.execute_script(
        """
        return Array.from(document.querySelectorAll('figure.chart')).map(f => {
          const svg = f.querySelector('svg');
          if (!svg) return {title: f.dataset.title, w: 0, h: 0, marks: 0};
          const r = svg.getBoundingClientRect();
          const marks = Array.from(svg.querySelectorAll('path, rect, circle, line'))
            .filter(e => { const b = e.getBoundingClientRect();
                           return b.width > 0 || b.height > 0; }).length;
          return {title: f.dataset.title, w: r.width, h: r.height, marks: marks};
        });
        """
    )
    n_contacts = store.execute("SELECT count(*) FROM contacts").fetchone()[0]
    if n_contacts:
        assert len(figures) >= 4
    for fig in figures:
        assert fig["w"] > 100 and fig["h"] > 50, fig
        assert fig["marks"] > 5, fig
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not errors, errors
