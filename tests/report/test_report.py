"""The HTML report: self-contained, honest about missing data, never executes text."""

from __future__ import annotations

import datetime as dt
import re

from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord, SourceRef
from dyad.report.build import build_report
from dyad.store import ingest_run

PAYLOAD_SCRIPT = "<script>alert('x')</script>"
PAYLOAD_HANDLER = '<img src=x onerror="alert(1)">'


def test_report_is_self_contained_with_all_sections(store, tmp_path):
    path = build_report(store, "US-KZ", tmp_path / "r.html", as_of=dt.date(2026, 11, 22))
    html = path.read_text("utf-8")
    for sid in ("sources", "contacts", "trade", "media", "convergence", "forecast"):
        assert f'<section id="{sid}">' in html
    assert "<script" not in html.lower()
    # nothing is fetched from the network when the file opens
    assert not re.search(r'(src|href)="https?://[^"]*\.(js|css)', html)
    assert "Content-Security-Policy" in html
    # each empty area names the command that loads its data
    for m in re.finditer(r'<div class="missing">(.*?)</div>', html, re.S):
        assert "<code>dyad " in m.group(1)


def test_report_has_contact_charts_when_register_has_contacts(store, tmp_path):
    n = store.execute("SELECT count(*) FROM contacts").fetchone()[0]
    html = build_report(store, "US-KZ", tmp_path / "r.html").read_text("utf-8")
    if n:
        assert html.count('<figure class="chart"') >= 4
        assert html.count("<svg") >= 4


def test_untrusted_text_is_escaped(store, tmp_path):
    rec = ContactRecord(
        record_id="xss-test", date_start=dt.date(2022, 5, 5), date_end=dt.date(2022, 5, 5),
        kind="meeting", level="working", partners=["KZ"], location=PAYLOAD_HANDLER,
        us_participants=[PAYLOAD_SCRIPT], summary=PAYLOAD_SCRIPT,
        sources=[SourceRef(source="test", source_ref="javascript:alert(1)",
                           url="javascript:alert(1)")],
    )
    with ingest_run(store, source="test", source_ref="xss") as run:
        upsert_contact(store, rec, run)
    html = build_report(store, "US-KZ", tmp_path / "r.html").read_text("utf-8")
    assert PAYLOAD_SCRIPT not in html
    assert PAYLOAD_HANDLER not in html
    assert "<script" not in html.lower()
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html
