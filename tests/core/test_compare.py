"""The administration comparison, checked against direct counts of the register."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from dyad.analysis.administrations import compare_administrations
from dyad.cli import app
from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord, SourceRef
from dyad.store import ingest_run


def add(con, rid, day, level="foreign_minister", initiator="US", topics=("energy",),
        fmt="bilateral"):
    rec = ContactRecord(
        record_id=rid, date_start=day, date_end=day, kind="visit", level=level, format=fmt,
        initiator=initiator, partners=["KZ"], us_participants=[f"Person {rid}"],
        topics=list(topics), sources=[SourceRef(source="test", source_ref=rid)])
    with ingest_run(con, source="test", source_ref=rid) as run:
        upsert_contact(con, rec, run)


def test_counts_rates_and_agenda_match_direct_counts(bare_store):
    con = bare_store
    from dyad.sources.shipped.load import _load_reference_tables
    _load_reference_tables(con)
    # fixture contacts (synthetic, for arithmetic only)
    for i in range(4):
        add(con, f"o{i}", dt.date(2010 + i, 3, 1), topics=("energy",))
    for i in range(2):
        add(con, f"t{i}", dt.date(2018, 3 + i, 1), level="head_of_state", initiator="partner",
            topics=("security_defense",))
    add(con, "b0", dt.date(2021, 1, 20), topics=("energy", "democracy_human_rights"))
    cmp = compare_administrations(con, "US-KZ", ["obama", "trump1", "biden"],
                                  as_of=dt.date(2026, 1, 1))
    s = cmp.summary.set_index("admin")
    assert s.loc["obama", "contacts"] == 4 and s.loc["trump1", "contacts"] == 2
    assert s.loc["biden", "contacts"] == 1  # inauguration day belongs to the new administration
    assert s.loc["obama", "rate_per_year"] == pytest.approx(4 / (2922 / 365.25))
    assert s.loc["trump1", "intensity_per_year"] == pytest.approx(2 * 5.0 / (1461 / 365.25))
    assert s.loc["trump1", "partner_initiated"] == 2
    ag = cmp.agenda.set_index(["admin", "topic"])["share"]
    assert ag[("biden", "energy")] == pytest.approx(0.5)
    rr = cmp.rate_ratios.set_index(["admin", "versus"])
    assert rr.loc[("obama", "trump1"), "ratio"] == pytest.approx((4 / 8.0) / (2 / 4.0), rel=1e-3)
    assert bool(rr.loc[("obama", "trump1"), "small_counts"])
    div = cmp.divergence.set_index(["admin_a", "admin_b"])
    assert div.loc[("obama", "trump1"), "jsd_bits"] == pytest.approx(1.0)
    assert any("fewer than 10" in w for w in cmp.warnings)


def test_unknown_admin_is_a_clear_error(store):
    with pytest.raises(ValueError, match="unknown administration"):
        compare_administrations(store, "US-KZ", ["obama", "nixon"])


def test_cli_compare_json_covers_the_four_administrations(store, tmp_path):
    db = store.execute("SELECT current_database()").fetchone()
    del db
    path = tmp_path / "cli.duckdb"
    res = CliRunner().invoke(app, ["--db", str(path), "compare", "--pair", "US-KZ",
                                   "--admins", "obama,trump1,biden,trump2", "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    keys = [a["admin"] for a in doc["administrations"]]
    assert keys == ["obama", "trump1", "biden", "trump2"]
    for a in doc["administrations"]:
        assert {"contacts", "rate_per_year", "rate_ratios", "agenda_shares"} <= set(a)
        for r in a["rate_ratios"]:
            assert {"versus", "ratio", "ci_low", "ci_high"} <= set(r)


def test_cli_contacts_list_csv_header_and_iso_dates(tmp_path):
    res = CliRunner().invoke(app, ["--db", str(tmp_path / "c.duckdb"), "contacts", "list",
                                   "--pair", "US-KZ", "--from", "2017-01-20", "--format", "csv"])
    assert res.exit_code == 0, res.output
    header = res.stdout.splitlines()[0].split(",")
    for col in ("date_start", "date_end", "kind", "level", "format", "initiator",
                "us_participants", "partner_participants", "location", "topics", "status",
                "sources"):
        assert col in header
    import csv
    import io
    for row in csv.DictReader(io.StringIO(res.stdout)):
        assert dt.date.fromisoformat(row["date_start"]) >= dt.date(2017, 1, 20)
