"""The report reads like research: findings, numbered figures and tables with sources and
commands, human labels, appendices, a citation block; pair-aware content; colours."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from dyad.report.charts import ADMIN_COLORS
from dyad.report.html import Src, findings, numbering, table
from dyad.report.labels import label

AS_OF = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def pages(_store_template, tmp_path_factory):
    import shutil

    from dyad.api import open_store, render_report

    path = tmp_path_factory.mktemp("research") / "s.duckdb"
    shutil.copyfile(_store_template, path)
    con = open_store(path)
    try:
        return {p: render_report(con, p, as_of=AS_OF) for p in ("US-KZ", "US-TM")}
    finally:
        con.close()


def _section(html: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}">(.*?)</section>', html, re.S)
    assert m, sid
    return m.group(1)


def test_findings_box_escapes_and_skips_empty():
    box = str(findings(["<b>x</b> rose 2.0 (95% CI 1.1–3.0; n = 12)", ""]))
    assert "&lt;b&gt;" in box and box.count("<li>") == 1
    assert str(findings([])) == ""


def test_tables_are_numbered_labelled_and_sourced():
    df = pd.DataFrame({"rate_per_year": [1.5], "ci_low": [0.5], "us_exports_usd": [10.0]})
    with numbering():
        first = str(table(df, caption="a", source=Src("P", "D", "2024", "https://x.org"),
                          command="dyad compare"))
        second = str(table(df, caption="b"))
    assert "Table 1. a" in first and "Table 2. b" in second
    assert "contacts per year" in first and "rate_per_year" not in first
    assert "Source:" in first and "https://x.org" in first and "<code>dyad compare</code>" in first
    assert label("mean_plover_score") == "mean PLOVER cooperation score"
    assert label("jsd_bits").startswith("agenda divergence")


def test_sections_state_findings_with_intervals(pages):
    kz = pages["US-KZ"]
    for sid in ("contacts", "trade", "assistance", "sources"):
        assert '<div class="findings">' in _section(kz, sid), sid
    contacts = _section(kz, "contacts")
    assert re.search(r"rate ratio \d+\.\d\d \(95% CI \d+\.\d\d–", contacts)
    assert "n = " in contacts


def test_every_figure_is_numbered_with_a_source(pages):
    kz = pages["US-KZ"]
    for sid in ("contacts", "trade", "assistance"):
        body = _section(kz, sid)
        for fig in re.findall(r'<figure class="chart".*?</figure>', body, re.S):
            assert re.search(r"<figcaption>Figure \d+\. ", fig), sid
            if sid != "assistance":  # assistance keeps its source note beside the figure
                assert "Source:" in fig and "Reproduce:" in fig, sid
    assert "Appendix A. Methods and glossary" in kz and "head_of_state" in kz
    assert 'id="cite"' in kz and "store content checksum" in kz


def test_trade_names_its_vintages_year_by_year(pages):
    trade = _section(pages["US-KZ"], "trade")
    assert "2002–2023" in trade and "2024–2025" in trade and "2026 vintage" in trade


def test_kazakhstan_only_material_stays_in_us_kz(pages):
    kz, tm = pages["US-KZ"], pages["US-TM"]
    assert "Mamasoliev" in kz
    for text in ("Mamasoliev", "Kazakhstan&#39;s share", "Claims in the seed", "seed 00"):
        assert text not in tm, text
    assert 'class="thin"' in tm and 'class="thin"' not in kz


def test_admin_colours_distinct_and_legends_only_drawn():
    assert len(set(ADMIN_COLORS.values())) == len(ADMIN_COLORS)
    assert ADMIN_COLORS["obama"] != ADMIN_COLORS["biden"]
    from dyad.report.charts import admin_scale

    assert admin_scale(["biden", "obama"]).domain == ["obama", "biden"]
