"""`dyad import pocom` on the real Office of the Historian POCOM data (skipped when absent)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dyad.api import import_source
from dyad.sources.pocom.load import actor_slug
from dyad_testing import shared_path

FIVE = {"kazakhstan": "KZ", "uzbekistan": "UZ", "kyrgyzstan": "KG", "tajikistan": "TJ",
        "turkmenistan": "TM"}


def test_actor_slug_follows_the_register_convention():
    assert actor_slug("Antony John Blinken") == "antony-blinken"
    assert actor_slug("Hillary Rodham Clinton") == "hillary-clinton"
    assert actor_slug("José María Aznar") == "jose-aznar"


def test_real_pocom_loads_offices_with_their_pages_and_a_second_load_adds_nothing(store):
    root = shared_path("history-state-gov", "pocom")
    first = import_source(store, "pocom", root)
    assert first.rows_loaded > 100
    counts = store.execute("SELECT (SELECT count(*) FROM actors),"
                           " (SELECT count(*) FROM actor_offices)").fetchone()
    second = import_source(store, "pocom", root)
    assert second.rows_loaded == 0
    assert store.execute("SELECT (SELECT count(*) FROM actors),"
                         " (SELECT count(*) FROM actor_offices)").fetchone() == counts
    rows = store.execute("SELECT actor_id, office, start_date, end_date, detail, source_url"
                         " FROM actor_offices WHERE ingest_run = ?", [first.run_id]).fetchall()
    assert all(r[5].startswith("https://history.state.gov/departmenthistory/people/")
               for r in rows)
    assert {r[1] for r in rows} >= {"us_assistant_secretary_of_state",
                                    "us_under_secretary_of_state", "us_ambassador"}
    # every ambassador (ambassador-e-p) to the five since 1992, read here independently,
    # holds the office in the store (from POCOM or the shipped extract)
    for file, iso in FIVE.items():
        doc = ET.parse(root / "missions-countries" / f"{file}.xml").getroot()
        for chief in doc.iter("chief"):
            if chief.findtext("role-title-id") != "ambassador-e-p":
                continue
            url = ("https://history.state.gov/departmenthistory/people/"
                   + chief.findtext("person-id"))
            start = (chief.findtext("started/date") or "").strip() or chief.findtext(
                "appointed/date")
            held = store.execute(
                "SELECT count(*) FROM actor_offices WHERE office = 'us_ambassador'"
                " AND (source_url = ? OR (detail = ? AND start_date = TRY_CAST(? AS DATE)))",
                [url, iso, start]).fetchone()[0]
            assert held >= 1, (file, url, start)
    # people the shipped extract already has are not duplicated
    assert store.execute("SELECT count(*) FROM actors WHERE actor_id LIKE 'blinken%'"
                         ).fetchone()[0] == 0
