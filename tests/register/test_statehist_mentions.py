"""Mention records and curated facts, on the real Office of the Historian files with the
shipped register loaded (skipped when the data are absent).

Expectations come from reading the XML here with ElementTree and plain substring tests,
never from the importer's own functions.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dyad.api import import_statehist, open_store
from dyad_testing import shared_path

BAKER = "travels/secretary-travels/baker-james-addison.xml"
KZ_WORDS = ("kazakh", "nazarbayev", "tokayev", "alma ata", "alma-ata", "almaty", "astana")


def _curated_facts(con) -> dict[str, tuple]:
    rows = con.execute(
        """SELECT c.contact_id, c.kind, c.format,
                  list(p.partner_iso2 ORDER BY p.partner_iso2)
           FROM contacts c JOIN contact_partners p USING (contact_id)
           WHERE EXISTS (SELECT 1 FROM contact_sources s WHERE s.contact_id = c.contact_id
                         AND s.source = 'curated')
           GROUP BY ALL""").fetchall()
    return {cid: (kind, fmt, tuple(partners)) for cid, kind, fmt, partners in rows}


def _counts(con) -> tuple[int, ...]:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                 for t in ("contacts", "contact_sources", "contact_partners",
                           "contact_conflicts"))


@pytest.fixture(scope="module")
def real_import(tmp_path_factory):
    root = shared_path("history-state-gov")
    con = open_store(tmp_path_factory.mktemp("mentions") / "store.duckdb")
    before = _curated_facts(con)
    first = import_statehist(con, root)
    counts = _counts(con)
    second = import_statehist(con, root)
    yield root, con, before, first, counts, second
    con.close()


def _us_kz_refs(root: Path) -> set[str]:
    """Every record about Kazakhstan: a trip there, a visit from there, or any other record
    whose remarks, description or locale name Kazakhstan, its leaders or its cities (after
    the Kazakh SSR's declaration of sovereignty, 25 Oct 1990)."""
    refs = set()
    for sub, tag, cid_tag, text_tags in (
            ("travels/president-travels", "trip", "country", ("remarks", "locale")),
            ("travels/secretary-travels", "trip", "country", ("remarks", "locale")),
            ("visits/data", "visit", "from", ("description",))):
        for f in sorted((root / sub).glob("*.xml")):
            for el in ET.parse(f).getroot().iter(tag):
                text = " ".join("".join(el.find(t).itertext()) for t in text_tags
                                if el.find(t) is not None).lower()
                start = dt.date.fromisoformat(el.findtext("start-date"))
                if el.find(cid_tag).get("id") == "kazakhstan" or (
                        any(w in text for w in KZ_WORDS) and start >= dt.date(1990, 10, 25)):
                    refs.add(f"{sub}/{f.name}#{el.findtext('id')}")
    return refs


def test_every_us_kz_record_is_recalled_and_a_second_import_adds_nothing(real_import):
    root, con, _before, first, counts, second = real_import
    expected = _us_kz_refs(root)
    assert len(expected) > 20
    stored = {r[0] for r in con.execute(
        """SELECT s.source_ref FROM contact_sources s WHERE s.source = 'statehist'
           AND EXISTS (SELECT 1 FROM contact_partners p WHERE p.contact_id = s.contact_id
                       AND p.partner_iso2 = 'KZ')""").fetchall()}
    assert expected - stored == set()
    assert _counts(con) == counts
    assert second.new_contacts == 0 and first.quarantined == 0


def test_baker_1991_and_the_lisbon_protocol_are_confirmed_kz_contacts(real_import):
    con = real_import[1]
    rows = {ref.split("#")[1]: row for ref, *row in con.execute(
        """SELECT s.source_ref, c.status, c.kind, c.location, c.date_start,
                  list(p.partner_iso2 ORDER BY p.partner_iso2)
           FROM contact_sources s JOIN contacts c USING (contact_id)
           JOIN contact_partners p USING (contact_id)
           WHERE s.source_ref IN (?, ?) GROUP BY ALL""",
        [f"{BAKER}#429", f"{BAKER}#472"]).fetchall()}
    assert rows["429"] == ["confirmed", "visit", "Alma Ata, Kazakhstan", dt.date(1991, 9, 10),
                           ["KZ"]]
    assert rows["472"] == ["confirmed", "agreement", "Lisbon, Portugal", dt.date(1992, 5, 23),
                           ["KZ"]]


def test_a_merge_keeps_every_curated_contacts_partners_kind_and_format(real_import):
    _root, con, before, *_ = real_import
    assert len(before) > 60
    assert _curated_facts(con) == before


def test_mentions_on_hand_written_records(bare_store, tmp_path):
    """Records written here after the travels/visits schemas (not copied from the source)."""
    from statehist_xml import trip, visit, write_folder

    folder = write_folder(tmp_path, trips={"baker.xml": [
        trip(1, "1991-09-10", "1991-09-12", "russia", "U.S.S.R.", locale="Moscow, Alma Ata",
             remarks="Met with senior officials of the Soviet Union and Kazakhstan."),
        trip(2, "1992-05-23", "1992-05-23", "portugal", "Portugal", locale="Lisbon",
             remarks="Attended a conference. Signed a protocol with Kazakhstan and Ukraine."),
        trip(3, "1999-01-05", "1999-01-05", "france", "France", locale="Paris",
             remarks="Discussed Uzbekistan with the French foreign minister."),
        trip(4, "1991-03-01", "1991-03-01", "france", "France", locale="Paris",
             remarks="Discussed Kazakhstan."),  # ambiguous and before independence: out
    ]}, visits={"2010.xml": [
        visit(5, "2012-05-01", "2012-05-02", "france", "France", visitor="President X",
              description="Talks on Kyrgyzstan."),
    ]})
    result = import_statehist(bare_store, folder)
    assert result.quarantined == 0
    got = {cid: (status, kind, partners, summary) for cid, status, kind, partners, summary
           in bare_store.execute(
               """SELECT c.contact_id, c.status, c.kind,
                         list(p.partner_iso2 ORDER BY p.partner_iso2), c.summary
                  FROM contacts c JOIN contact_partners p USING (contact_id)
                  GROUP BY ALL""").fetchall()}
    assert set(got) == {"statehist:trip-1", "statehist:trip-2", "statehist:trip-3",
                        "statehist:visit-5"}
    assert got["statehist:trip-1"][:3] == ("confirmed", "visit", ["KZ"])
    assert got["statehist:trip-2"][:3] == ("confirmed", "agreement", ["KZ"])
    assert got["statehist:trip-3"][:3] == ("candidate", "meeting", ["UZ"])
    assert "[candidate: the remarks name Uzbekistan" in got["statehist:trip-3"][3]
    assert got["statehist:visit-5"][0] == "candidate"
    assert "a visit by a leader of France" in got["statehist:visit-5"][3]
