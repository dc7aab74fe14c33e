"""The review workflow through the CLI: review, accept, reject, resolve."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from statehist_xml import trip, visit, write_folder
from typer.testing import CliRunner

from dyad.cli import app
from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord, SourceRef
from dyad.store import connect, ingest_run
from dyad_testing import without_shipped_register

runner = CliRunner()


@pytest.fixture
def reviewed_store(tmp_path):
    """A store with a curated contact, the statehist record of it a day off, two candidates."""
    db = tmp_path / "cli.duckdb"
    con = connect(db)
    without_shipped_register(con)
    curated = ContactRecord(
        record_id="2015-11-02-kerry-astana", date_start=dt.date(2015, 11, 3),
        date_end=dt.date(2015, 11, 3), kind="visit", level="foreign_minister",
        initiator="US", partners=["KZ"], location="Astana, Kazakhstan",
        us_participants=["Secretary of State John Kerry"],
        sources=[SourceRef(source="curated", source_ref="https://example.org/kerry")],
    )
    with ingest_run(con, source="curated", source_ref="test") as run:
        upsert_contact(con, curated, run)
    con.close()
    folder = write_folder(tmp_path / "hsg", trips={"kerry-john-forbes.xml": [
        trip(3594, "2015-11-02", "2015-11-02", "kazakhstan", "Kazakhstan",
             who="kerry-john-forbes", name="John Forbes Kerry",
             remarks="Met with President Nursultan Nazarbayev."),
        trip(3410, "2014-03-24", "2014-03-25", "netherlands", "Netherlands",
             role="president", who="obama-barack", name="Barack Obama", locale="The Hague",
             remarks="Attended the Nuclear Security Summit, which President Nursultan"
                     " Nazarbayev of Kazakhstan addressed."),  # names KZ, no meeting: candidate
    ]}, visits={"2010.xml": [
        visit(1, "2012-05-01", "2012-05-02", "france", "France", visitor="President X",
              description="Discussed Uzbekistan."),
    ]})
    result = runner.invoke(app, ["--db", str(db), "import", "statehist", str(folder)])
    assert result.exit_code == 0, result.output
    assert "2 candidates" in result.output
    return db


def _db(db) -> list[str]:
    return ["--db", str(db)]


def _review(db) -> list[dict]:
    result = runner.invoke(app, [*_db(db), "contacts", "review", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _status(db, cid: str) -> str:
    con = connect(db)
    try:
        return con.execute("SELECT status FROM contacts WHERE contact_id = ?", [cid]).fetchone()[0]
    finally:
        con.close()


def test_review_lists_candidates_and_conflicts(reviewed_store):
    items = _review(reviewed_store)
    kinds = sorted((i["item"], i["contact_id"], i["field"]) for i in items)
    assert kinds == [
        ("candidate", "statehist:trip-3410", None),
        ("candidate", "statehist:visit-1", None),
        ("conflict", "2015-11-02-kerry-astana", "date_end"),
        ("conflict", "2015-11-02-kerry-astana", "date_start"),
    ]
    conflict = next(i for i in items if i["field"] == "date_start")
    assert (conflict["kept_value"], conflict["other_value"]) == ("2015-11-03", "2015-11-02")
    assert conflict["other_ref"] == "travels/secretary-travels/kerry-john-forbes.xml#3594"
    csv = runner.invoke(app, [*_db(reviewed_store), "contacts", "review", "--format", "csv"])
    assert csv.output.splitlines()[0].startswith("item,contact_id,date_start")


def test_accept_and_reject_round_trip(reviewed_store):
    db = reviewed_store
    ok = runner.invoke(app, [*_db(db), "contacts", "accept", "statehist:trip-3410"])
    assert ok.exit_code == 0 and "candidate -> confirmed" in ok.output
    no = runner.invoke(app, [*_db(db), "contacts", "reject", "statehist:visit-1"])
    assert no.exit_code == 0 and "candidate -> rejected" in no.output
    assert _status(db, "statehist:trip-3410") == "confirmed"
    assert _status(db, "statehist:visit-1") == "rejected"
    assert {i["item"] for i in _review(db)} == {"conflict"}
    listed = runner.invoke(app, [*_db(db), "contacts", "list", "--pair", "US-KZ",
                                 "--format", "csv"])
    assert "statehist:trip-3410" in listed.output
    missing = runner.invoke(app, [*_db(db), "contacts", "accept", "no-such-contact"])
    assert missing.exit_code == 1 and "no contact with id" in missing.output
    con = connect(db)
    try:
        log = con.execute("SELECT contact_id, action, old_value, new_value FROM contact_reviews"
                          " ORDER BY contact_id").fetchall()
    finally:
        con.close()
    assert log == [("statehist:trip-3410", "accept", "candidate", "confirmed"),
                   ("statehist:visit-1", "reject", "candidate", "rejected")]


def test_resolve_replace_and_keep(reviewed_store):
    db = reviewed_store
    cid = "2015-11-02-kerry-astana"
    rep = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "date_start", "--replace"])
    # replacing only the start would leave date_end after it: allowed (11-02 .. 11-03)
    assert rep.exit_code == 0, rep.output
    rep = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "date_end", "--replace"])
    assert rep.exit_code == 0, rep.output
    con = connect(db)
    try:
        dates = con.execute("SELECT date_start, date_end FROM contacts WHERE contact_id = ?",
                            [cid]).fetchone()
        res = con.execute("SELECT field, resolution FROM contact_conflicts ORDER BY field"
                          ).fetchall()
    finally:
        con.close()
    assert dates == (dt.date(2015, 11, 2), dt.date(2015, 11, 2))
    assert res == [("date_end", "replaced"), ("date_start", "replaced")]
    assert [i for i in _review(db) if i["item"] == "conflict"] == []
    again = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "date_start", "--keep"])
    assert again.exit_code == 1 and "no open conflict" in again.output
    bad = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "summary", "--keep"])
    assert bad.exit_code == 1 and "cannot be resolved" in bad.output


def test_resolve_keep_leaves_the_value(reviewed_store):
    db = reviewed_store
    cid = "2015-11-02-kerry-astana"
    out = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "date_start", "--keep"])
    assert out.exit_code == 0, out.output
    con = connect(db)
    try:
        assert con.execute("SELECT date_start FROM contacts WHERE contact_id = ?",
                           [cid]).fetchone()[0] == dt.date(2015, 11, 3)
    finally:
        con.close()
    assert [i["field"] for i in _review(db) if i["item"] == "conflict"] == ["date_end"]


def _conflict(con, cid: str, field: str, kept: str, other: str, ref: str) -> None:
    con.execute("INSERT INTO contact_conflicts (contact_id, field, kept_value, other_value,"
                " other_source, other_ref) VALUES (?, ?, ?, ?, 'test', ?)",
                [cid, field, kept, other, ref])


def test_resolve_closes_every_conflict_of_a_field_with_one_value(reviewed_store):
    db = reviewed_store
    cid = "2015-11-02-kerry-astana"
    con = connect(db)
    try:  # three more sources on the location: two agree, one differs
        for ref, other in (("a", "Almaty, Kazakhstan"), ("b", "Almaty, Kazakhstan"),
                           ("c", "Shymkent, Kazakhstan")):
            _conflict(con, cid, "location", "Astana, Kazakhstan", other, ref)
        _conflict(con, cid, "partners", "KZ", "KG,KZ", "d")
    finally:
        con.close()
    two = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "location", "--replace"])
    assert two.exit_code == 1 and "--value" in two.output and "Shymkent" in two.output
    assert len(two.output.strip().splitlines()) == 1
    unknown = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "location",
                                  "--replace", "--value", "Paris, France"])
    assert unknown.exit_code == 1 and "Almaty, Kazakhstan" in unknown.output
    ok = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "location", "--replace",
                             "--value", "Almaty, Kazakhstan"])
    assert ok.exit_code == 0 and "3 conflict(s) closed" in ok.output, ok.output
    kept = runner.invoke(app, [*_db(db), "contacts", "resolve", cid, "partners", "--keep"])
    assert kept.exit_code == 0, kept.output
    con = connect(db)
    try:
        assert con.execute("SELECT location FROM contacts WHERE contact_id = ?",
                           [cid]).fetchone()[0] == "Almaty, Kazakhstan"
        res = dict(con.execute("SELECT other_ref, resolution FROM contact_conflicts"
                               " WHERE field IN ('location', 'partners')").fetchall())
        assert res == {"a": "replaced", "b": "replaced", "c": "kept", "d": "kept"}
        partners = con.execute("SELECT list(partner_iso2) FROM contact_partners"
                               " WHERE contact_id = ?", [cid]).fetchone()[0]
        assert partners == ["KZ"]
        assert con.execute("SELECT count(*) FROM contact_reviews WHERE field = 'location'"
                           ).fetchone()[0] == 3
    finally:
        con.close()
