"""A curated-style record and the statehist import of the same contact: one contact."""

from __future__ import annotations

import datetime as dt

import pytest
from statehist_xml import trip, visit, write_folder

from dyad.api import import_statehist
from dyad.contacts.merge import place_country, upsert_contact
from dyad.contacts.model import ContactRecord, SourceRef
from dyad.store import ingest_run
from dyad_testing import shared_path

BLINKEN_REF = "travels/secretary-travels/blinken-antony-j.xml#4127"


def _curated(start: dt.date, end: dt.date, **kw) -> ContactRecord:
    base = dict(
        record_id="2023-02-28-blinken-astana", date_start=start, date_end=end, kind="visit",
        level="foreign_minister", format="c5plus1", initiator="US",
        partners=["KZ", "KG", "TJ", "TM", "UZ"], location="Astana, Kazakhstan",
        us_participants=["Secretary of State Antony J. Blinken"],
        partner_participants=["President Kassym-Jomart Tokayev"],
        summary="Secretary Blinken in Astana for the C5+1 ministerial.",
        sources=[SourceRef(source="curated", source_ref="https://www.state.gov/example",
                           url="https://www.state.gov/example")],
    )
    base.update(kw)
    return ContactRecord(**base)


def _put(con, rec: ContactRecord) -> str:
    with ingest_run(con, source="curated", source_ref="test") as run:
        return upsert_contact(con, rec, run)


def _sources(con, cid: str) -> list[tuple[str, str]]:
    return con.execute("SELECT source, source_ref FROM contact_sources WHERE contact_id = ?"
                       " ORDER BY source", [cid]).fetchall()


@pytest.fixture(scope="module")
def real_root():
    return shared_path("history-state-gov")


def test_curated_then_import_is_one_contact_with_two_sources(bare_store, real_root):
    cid = _put(bare_store, _curated(dt.date(2023, 2, 27), dt.date(2023, 2, 28)))
    import_statehist(bare_store, real_root / "travels")
    assert [s for s, _ in _sources(bare_store, cid)] == ["curated", "statehist"]
    assert (_sources(bare_store, cid)[1][1]) == BLINKEN_REF
    assert bare_store.execute("SELECT count(*) FROM contact_sources WHERE source_ref = ?",
                              [BLINKEN_REF]).fetchone()[0] == 1
    # the dates agree: no date conflict (the kind differs: summit vs visit, reported)
    fields = {r[0] for r in bare_store.execute(
        "SELECT field FROM contact_conflicts WHERE contact_id = ?", [cid]).fetchall()}
    assert not fields & {"date_start", "date_end"}
    # the next leg (Tashkent, a day later) stays its own contact
    tashkent = bare_store.execute(
        "SELECT contact_id FROM contact_sources WHERE source_ref LIKE '%#4128'").fetchone()[0]
    assert tashkent != cid


def test_a_conflicting_date_is_reported_not_overwritten(bare_store, real_root):
    cid = _put(bare_store, _curated(dt.date(2023, 2, 28), dt.date(2023, 2, 28)))
    import_statehist(bare_store, real_root / "travels")
    assert len(_sources(bare_store, cid)) == 2
    row = bare_store.execute(
        "SELECT kept_value, other_value, other_source, other_ref, resolution"
        " FROM contact_conflicts WHERE contact_id = ? AND field = 'date_start'", [cid]).fetchone()
    assert row == ("2023-02-28", "2023-02-27", "statehist", BLINKEN_REF, "open")
    assert bare_store.execute("SELECT date_start FROM contacts WHERE contact_id = ?",
                              [cid]).fetchone()[0] == dt.date(2023, 2, 28)


def test_import_then_curated_merges_too(bare_store, tmp_path):
    folder = write_folder(tmp_path, trips={"blinken-antony-j.xml": [
        trip(4127, "2023-02-27", "2023-02-28", "kazakhstan", "Kazakhstan",
             remarks="Participated in a C5+1 Ministerial and met with senior Kazakh officials.")]})
    import_statehist(bare_store, folder)
    cid = _put(bare_store, _curated(dt.date(2023, 2, 27), dt.date(2023, 2, 28)))
    assert cid == "statehist:trip-4127"
    assert [s for s, _ in _sources(bare_store, cid)] == ["curated", "statehist"]


@pytest.mark.parametrize(("location", "expected"), [
    ("Astana, Kazakhstan", "KZ"), ("Tashkent, Samarkand, Uzbekistan", "UZ"),
    ("New York, United States", "US"), ("United States", "US"), ("phone", None),
    ("Astana", None), (None, None), ("The Hague, Netherlands", "netherlands"),
])
def test_place_country(location, expected):
    assert place_country(location) == expected


def test_legs_of_one_trip_in_two_countries_stay_apart(bare_store, tmp_path):
    folder = write_folder(tmp_path, trips={"kerry-john-forbes.xml": [
        trip(1, "2015-11-01", "2015-11-01", "uzbekistan", "Uzbekistan", who="kerry-john-forbes",
             name="John Forbes Kerry", locale="Samarkand",
             remarks="Met the Foreign Ministers of Kazakhstan, Kyrgyzstan, Tajikistan,"
                     " Turkmenistan, and Uzbekistan."),
        trip(2, "2015-11-02", "2015-11-02", "kazakhstan", "Kazakhstan", who="kerry-john-forbes",
             name="John Forbes Kerry", locale="Astana", remarks="Met with President Nazarbayev."),
    ]})
    result = import_statehist(bare_store, folder)
    assert result.loaded == 2 and result.new_contacts == 2
    fmt = dict(bare_store.execute("SELECT contact_id, format FROM contacts").fetchall())
    assert fmt == {"statehist:trip-1": "c5plus1", "statehist:trip-2": "bilateral"}


def test_a_c5_summit_dated_two_days_apart_is_one_contact_with_a_conflict(bare_store, tmp_path):
    folder = write_folder(tmp_path, visits={"2020.xml": [
        visit(3219 + i, "2023-09-21", "2023-09-21", cid, name, visitor=f"President {who}",
              description="Participated in C5+1 Presidential Summit Meeting with President"
                          " Biden at the UN General Assembly in New York City.")
        for i, (cid, name, who) in enumerate([
            ("kazakhstan", "Kazakhstan", "Kassym-Jomart Tokayev"),
            ("uzbekistan", "Uzbekistan", "Shavkat Mirziyoyev")])]})
    summit = _curated(
        dt.date(2023, 9, 19), dt.date(2023, 9, 19), record_id="2023-09-19-c5-summit",
        kind="summit", level="head_of_state", initiator="partner",
        location="New York, United States", us_participants=["President Joseph R. Biden"])
    cid = _put(bare_store, summit)
    result = import_statehist(bare_store, folder)
    assert result.new_contacts == 0
    assert [s for s, _ in _sources(bare_store, cid)] == ["curated", "statehist", "statehist"]
    assert bare_store.execute(
        "SELECT other_value FROM contact_conflicts WHERE contact_id = ? AND field = 'date_start'"
        " ORDER BY other_ref", [cid]).fetchall() == [("2023-09-21",), ("2023-09-21",)]


def test_bilateral_visits_two_days_apart_stay_apart(bare_store, tmp_path):
    folder = write_folder(tmp_path, visits={"2010.xml": [
        visit(1, "2018-01-15", "2018-01-15", "kazakhstan", "Kazakhstan"),
        visit(2, "2018-01-18", "2018-01-18", "kazakhstan", "Kazakhstan")]})
    assert import_statehist(bare_store, folder).new_contacts == 2


def test_a_renamed_capital_in_the_same_country_still_merges(bare_store, tmp_path):
    folder = write_folder(tmp_path, trips={"pompeo-michael-r.xml": [
        trip(3937, "2020-02-01", "2020-02-02", "kazakhstan", "Kazakhstan",
             who="pompeo-michael-r", name="Michael R. Pompeo", locale="Nur-Sultan",
             remarks="Met with President Tokayev.")]})
    cid = _put(bare_store, _curated(
        dt.date(2020, 2, 2), dt.date(2020, 2, 2), record_id="2020-02-02-pompeo",
        format="bilateral", partners=["KZ"], us_participants=["Secretary Mike Pompeo"]))
    import_statehist(bare_store, folder)
    assert len(_sources(bare_store, cid)) == 2
    conflicts = dict(bare_store.execute(
        "SELECT field, other_value FROM contact_conflicts WHERE contact_id = ?",
        [cid]).fetchall())
    assert conflicts["location"] == "Nur-Sultan, Kazakhstan"
