"""The statehist import on the real Office of the Historian files (skipped when absent).

Expectations are computed here by scanning the XML with a separate, plain code path
(ElementTree + substring tests), never with the importer's own functions.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from dyad.api import import_statehist
from dyad.sources.statehist.parse import find_files, read_file
from dyad_testing import shared_path

C5_IDS = {"kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"}
INDEPENDENCE = dt.date(1991, 12, 16)


SOVEREIGNTY = dt.date(1990, 6, 20)  # the first of the five declarations of sovereignty


def _records(root: Path, *, locale: bool = False):
    """(kind, file, id, start, end, country id, who, text) for every trip and visit;
    with ``locale``, the trip's locale is appended (None for visits)."""
    for f in sorted((root / "travels").glob("*-travels/*.xml")):
        for t in ET.parse(f).getroot().iter("trip"):
            yield ("trip", f.name, t.findtext("id"), t.findtext("start-date"),
                   t.findtext("end-date"), t.find("country").get("id"), t.get("who"),
                   " ".join("".join(t.find("remarks").itertext()).split()),
                   *((t.findtext("locale") or "",) if locale else ()))
    for f in sorted((root / "visits" / "data").glob("*.xml")):
        for v in ET.parse(f).getroot().iter("visit"):
            yield ("visit", f.name, v.findtext("id"), v.findtext("start-date"),
                   v.findtext("end-date"), v.find("from").get("id"), None,
                   " ".join("".join(v.find("description").itertext()).split()),
                   *((None,) if locale else ()))


def _met_or_signed_kz(kind: str, text: str) -> bool:
    """A trip whose remarks say, in one sentence naming Kazakhstan, that the traveller
    met or signed (a plain reading of the record, independent of the importer)."""
    if kind != "trip":
        return False
    for sentence in text.replace(";", ".").split(". "):
        words = sentence.lower().replace(",", " ").split()
        if any("kazakh" in w or "nazarbayev" in w for w in words) and (
                "met" in words or "signed" in words):
            return True
    return False


def _expected_us_kz(root: Path) -> tuple[Counter, Counter]:
    """Distinct US–KZ events (confirmed) and KZ candidates, as Counters of (start, end).

    Confirmed: a trip to / visit from Kazakhstan, or a trip to / visit from another
    Central Asian state whose text names Kazakhstan or a C5+1 meeting, or a trip to any
    other country whose remarks say the traveller met or signed with Kazakhstan (a
    "mention": Baker 1991 with its Alma-Ata leg, the 1992 Lisbon protocol). Records of one
    event (the same dates; for trips the same traveller and country) count once.
    Candidates: any other record of another country naming Kazakhstan or its presidents
    (or, for a trip, a Kazakh city in its locale), after independence.
    """
    events: set[tuple] = set()
    candidates: Counter = Counter()
    for kind, _f, _rid, start, end, cid, who, text, locale in _records(root, locale=True):
        low = text.lower()
        names_kz = "kazakh" in low
        day = dt.date.fromisoformat(start)
        key = (start, end) if kind == "visit" else (start, end, who, cid)
        if cid == "kazakhstan" or (cid in C5_IDS and (names_kz or "c5+1" in low)):
            events.add((kind, key))
        elif cid in C5_IDS:
            continue
        elif _met_or_signed_kz(kind, text) and day >= SOVEREIGNTY:
            events.add((kind, key))
        elif (names_kz or "nazarbayev" in low or "tokayev" in low
              or "alma ata" in (locale or "").lower()) and day >= INDEPENDENCE:
            candidates[(start, end)] += 1
    confirmed = Counter((k[0], k[1]) for _kind, k in events)
    return confirmed, candidates


def _store_us_kz(con, status: str) -> Counter:
    rows = con.execute(
        """SELECT CAST(date_start AS VARCHAR), CAST(date_end AS VARCHAR) FROM contacts c
           WHERE status = ? AND EXISTS (SELECT 1 FROM contact_partners p
                 WHERE p.contact_id = c.contact_id AND p.partner_iso2 = 'KZ')
             AND EXISTS (SELECT 1 FROM contact_sources s
                 WHERE s.contact_id = c.contact_id AND s.source = 'statehist')""",
        [status],
    ).fetchall()
    return Counter(rows)


def _counts(con) -> tuple[int, ...]:
    return tuple(
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("contacts", "contact_sources", "contact_partners", "contact_conflicts")
    )


@pytest.fixture(scope="module")
def real_root() -> Path:
    return shared_path("history-state-gov")


def test_every_real_file_parses(real_root):
    files = find_files(real_root)
    kinds = Counter(kind for _p, _rel, kind in files)
    assert kinds["trip"] > 0 and kinds["visit"] > 0
    rows = [item for p, rel, kind in files for item in read_file(p, rel, kind)]
    errors = [r for r in rows if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert len(rows) == sum(1 for _ in _records(real_root))
    assert all(r.end >= r.start for r in rows)


@pytest.fixture(scope="module")
def imported_twice(real_root, tmp_path_factory):
    """A store the real folder was imported into twice: (con, first, counts, second, counts)."""
    from dyad.store import connect

    con = connect(tmp_path_factory.mktemp("statehist") / "real.duckdb")
    first = import_statehist(con, real_root)
    after_first = _counts(con)
    second = import_statehist(con, real_root)
    yield con, first, after_first, second, _counts(con)
    con.close()


def test_import_twice_gives_every_us_kz_contact_once_with_exact_dates(imported_twice, real_root):
    con, first, after_first, second, after_second = imported_twice
    expected, expected_candidates = _expected_us_kz(real_root)
    assert sum(expected.values()) > 10  # the real data has many US–KZ records

    assert after_second == after_first
    assert second.new_contacts == 0 and second.loaded == first.loaded
    assert first.quarantined == 0

    assert _store_us_kz(con, "confirmed") == expected
    assert _store_us_kz(con, "candidate") == expected_candidates
    # each source record is attached to exactly one contact
    dup = con.execute("SELECT source_ref FROM contact_sources GROUP BY source_ref"
                      " HAVING count(*) > 1").fetchall()
    assert dup == []
    runs = con.execute("SELECT status, count(*) FROM ingest_runs WHERE source = 'statehist'"
                       " GROUP BY status").fetchall()
    assert runs == [("ok", 2)]


def test_subfolders_give_the_same_references(imported_twice, real_root):
    con, *_rest, counts = imported_twice
    refs = {r[0] for r in con.execute("SELECT source_ref FROM contact_sources").fetchall()}
    assert all(r.startswith(("travels/", "visits/")) for r in refs)
    result = import_statehist(con, real_root / "visits")
    assert result.loaded > 0 and result.new_contacts == 0
    assert _counts(con) == counts


def test_roles_levels_and_initiators_follow_the_record(imported_twice, real_root):
    con = imported_twice[0]
    by_ref = {}
    for kind, _f, rid, _s, _e, cid, who, _text in _records(real_root):
        by_ref[rid if kind == "trip" else f"v{rid}"] = (kind, cid, who)
    rows = con.execute(
        """SELECT s.source_ref, c.level, c.initiator, c.status, s.url FROM contact_sources s
           JOIN contacts c USING (contact_id) WHERE s.source = 'statehist'""").fetchall()
    assert rows
    for ref, level, initiator, status, url in rows:
        path, rid = ref.split("#")
        kind = "visit" if path.startswith("visits/") else "trip"
        key = rid if kind == "trip" else f"v{rid}"
        _kind, cid, who = by_ref[key]
        if kind == "trip":
            assert url.endswith(f"/{who}") and "/departmenthistory/travels/" in url
            if cid in C5_IDS and status == "confirmed":
                assert initiator == "US"
                president = "president-travels" in path
                # the contact's level is at least the traveller's (merged records keep the first)
                if president:
                    assert level == "head_of_state"
        else:
            assert url.endswith(f"/visits/{cid}")
            if cid in C5_IDS:
                assert initiator == "partner" and level == "head_of_state"


def test_candidates_come_from_other_countries_and_name_the_region(imported_twice):
    """Every candidate names the region and says why it is not confirmed (the real data
    hold none today: each mention of Kazakhstan says the traveller met or signed)."""
    con, result = imported_twice[0], imported_twice[1]
    rows = con.execute(
        """SELECT c.contact_id, c.confidence, c.initiator, c.summary, c.date_start
           FROM contacts c WHERE c.status = 'candidate'""").fetchall()
    assert len(rows) == result.candidates
    c5_words = ("kazakh", "kyrgyz", "tajik", "turkmen", "uzbek", "nazarbayev", "karimov")
    for _cid, confidence, _initiator, summary, start in rows:
        assert confidence == "medium" and "[candidate: " in summary
        assert any(w in summary.lower() for w in c5_words)
        assert start >= INDEPENDENCE
