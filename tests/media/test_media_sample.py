"""The shipped media sample: metadata and gold codes only (no text, no titles), each article
with its public URL; loaded into a store and drawn by the report's media section."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import LoadError
from dyad.report.sections import ReportContext
from dyad.report.sections.media import render
from dyad.sources.shipped import media_sample
from dyad.store.provenance import ingest_run

HEADER = ",".join(media_sample.COLUMNS)


def _load(con) -> None:
    with ingest_run(con, source="shipped:media_sample", source_ref="test") as run:
        media_sample.load(con, run)


def test_shipped_rows_have_urls_codes_and_no_text():
    rows = media_sample.shipped_rows()
    assert len(rows) >= 90
    assert all(r["url"].startswith("https://") or r["url"].startswith("http://") for r in rows)
    assert {r["coder"] for r in rows} == {"gold"}
    assert {r["outlet_country"] for r in rows} == {"US", "KZ", "other"}
    assert {r["language"] for r in rows} == {"en", "ru", "kk"}
    assert all(set(r) == {*media_sample.COLUMNS} for r in rows)  # no text, no title


def test_load_is_idempotent_and_report_draws_with_n(bare_store):
    from dyad.sources.shipped.load import _load_reference_tables

    _load_reference_tables(bare_store)
    _load(bare_store)
    _load(bare_store)
    n = bare_store.execute("SELECT count(*) FROM articles WHERE source = 'shipped'").fetchone()
    k = bare_store.execute("SELECT count(*) FROM article_codes WHERE coder = 'gold'").fetchone()
    assert n == k == (len(media_sample.shipped_rows()),)
    assert bare_store.execute("SELECT count(*) FROM articles WHERE text IS NOT NULL"
                              " OR title IS NOT NULL").fetchone() == (0,)
    section = render(ReportContext(bare_store, "US-KZ", dt.date(2026, 1, 1)))
    html = str(section.body)
    assert "not a sample of the press" in html
    assert f"n = {n[0]} articles" in html
    assert "Tone toward the relationship" in html and "articles" not in section.missing


def test_bad_rows_fail_the_file():
    good = ("a1,https://example.org/x,Outlet,KZ,ru,2024-01-02,"
            "diplomacy_general;energy,1,gold,v1")
    assert media_sample.parse_text(f"{HEADER}\n{good}")[0]["topics"] == [
        "diplomacy_general", "energy"]
    for bad, field in [(good.replace("https://example.org/x", ""), "url"),
                       (good.replace(",KZ,", ",XX,"), "outlet_country"),
                       (good.replace(",1,gold", ",7,gold"), "tone"),
                       (good.replace("energy", "astrology"), "topics")]:
        with pytest.raises(LoadError) as e:
            media_sample.parse_text(f"{HEADER}\n{bad}")
        assert e.value.field == field or field == "tone"
    with pytest.raises(LoadError):
        media_sample.parse_text("id,url\n")
    with pytest.raises(LoadError):
        media_sample.parse_text(f"{HEADER}\n{good}\n{good}")  # repeated id


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_parse_raises_only_load_error(text):
    with contextlib.suppress(LoadError):
        media_sample.parse_text(f"{HEADER}\n{text}")
