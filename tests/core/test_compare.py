"""The administration comparison, checked against direct counts of the register."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from dyad.analysis.administrations import compare_administrations
from dyad.analysis.counting import CountingRule
from dyad.cli import app
from dyad.contacts.merge import upsert_contact
from dyad.contacts.model import ContactRecord, SourceRef
from dyad.errors import UsageError
from dyad.store import ingest_run


def add(con, rid, day, level="foreign_minister", initiator="US", topics=("energy",),
        fmt="bilateral", us_level=None, branch="executive", occasion=None, ceremony=False,
        kind="visit"):
    rec = ContactRecord(
        record_id=rid, date_start=day, date_end=day, kind=kind, level=level, format=fmt,
        initiator=initiator, partners=["KZ"], us_participants=[f"Person {rid}"],
        us_level=us_level or level, partner_level=level, branch=branch, occasion=occasion,
        ceremony=ceremony, topics=list(topics),
        sources=[SourceRef(source="test", source_ref=rid)])
    with ingest_run(con, source="test", source_ref=rid) as run:
        upsert_contact(con, rec, run)


@pytest.fixture()
def synthetic(bare_store):
    """Fixture contacts (synthetic, for arithmetic only)."""
    con = bare_store
    from dyad.sources.shipped.load import _load_reference_tables
    _load_reference_tables(con)
    for i in range(4):
        add(con, f"o{i}", dt.date(2010 + i, 3, 1), topics=("energy",))
    for i in range(2):
        add(con, f"t{i}", dt.date(2018, 3 + i, 1), level="head_of_state", initiator="partner",
            topics=("security_defense",))
    add(con, "b0", dt.date(2021, 1, 20), topics=("energy", "democracy_human_rights"))
    # one Trump II visit of three records (one occasion), a senator's and a ceremony
    for i, lv in enumerate(("head_of_state", "cabinet", "foreign_minister")):
        add(con, f"v{i}", dt.date(2025, 11, 6), level=lv, occasion="2025-11-visit")
    add(con, "sen", dt.date(2025, 6, 1), level="head_of_state", us_level="parliament",
        branch="legislative")
    add(con, "cer", dt.date(2026, 1, 22), level="head_of_state", ceremony=True, kind="summit")
    return con


TODAY = dt.date(2026, 11, 30)


def test_counts_rates_and_agenda_match_direct_counts(synthetic):
    cmp = compare_administrations(synthetic, "US-KZ", ["obama", "trump1", "biden"],
                                  rule=CountingRule(unit="record", exposure="today"),
                                  today=dt.date(2026, 1, 1))
    s = cmp.summary.set_index("admin")
    assert s.loc["obama", "records"] == 4 and s.loc["trump1", "records"] == 2
    assert s.loc["biden", "records"] == 1  # inauguration day belongs to the new administration
    # exposure: from the register's start (2009-01-01) clipped to the term
    obama_years = (dt.date(2017, 1, 20) - dt.date(2009, 1, 20)).days / 365.25
    assert s.loc["obama", "rate_per_year"] == pytest.approx(4 / obama_years)
    assert s.loc["trump1", "partner_initiated"] == 2
    assert s.loc["trump1", "president_took_part"] == 2
    ag = cmp.agenda.set_index(["admin", "topic"])["share"]
    assert ag[("biden", "energy")] == pytest.approx(0.5)
    rr = cmp.rate_ratios.set_index(["admin", "versus"])
    assert rr.loc[("obama", "trump1"), "ratio"] == pytest.approx(
        (4 / obama_years) / (2 / 4.0), rel=1e-3)
    assert bool(rr.loc[("obama", "trump1"), "small_counts"])
    div = cmp.divergence.set_index(["admin_a", "admin_b"])
    assert div.loc[("obama", "trump1"), "jsd_bits"] == pytest.approx(1.0)
    assert 0 < div.loc[("obama", "trump1"), "p_value"] <= 1
    assert div.loc[("obama", "trump1"), "n_a"] == 4
    assert any("fewer than 10" in w for w in cmp.warnings)


def test_occasions_branch_and_ceremonies(synthetic):
    def trump2(**rule):
        cmp = compare_administrations(synthetic, "US-KZ", ["trump2"], today=TODAY,
                                      rule=CountingRule(exposure="today", **rule))
        return cmp.summary.set_index("admin").loc["trump2"]

    default = trump2()  # occasions, executive branch, no ceremonies
    assert (default["occasions"], default["records"], default["count"]) == (1, 3, 1)
    # the occasion's US level is the highest of its records'
    assert default["counts_by_us_level"] == {"head_of_state": 1}
    assert trump2(unit="record")["count"] == 3
    assert trump2(branch="all")["count"] == 2           # + the senator
    assert trump2(branch="all", ceremonies=True)["count"] == 3
    assert trump2(us_level="head_of_state", unit="record")["count"] == 1


def test_exposure_ends_at_as_of_and_future_as_of_is_an_error(synthetic):
    rule = CountingRule(exposure="today")
    cmp = compare_administrations(synthetic, "US-KZ", ["trump2"], rule=rule,
                                  as_of=dt.date(2025, 10, 1), today=TODAY)
    row = cmp.summary.set_index("admin").loc["trump2"]
    assert cmp.exposure_end == dt.date(2025, 10, 1) and cmp.exposure_end_reason == "as_of"
    assert row["count"] == 0 and bool(row["partial"])
    assert row["exposure_years"] == pytest.approx(
        (dt.date(2025, 10, 1) - dt.date(2025, 1, 20)).days / 365.25, abs=1e-3)
    with pytest.raises(UsageError, match="future"):
        compare_administrations(synthetic, "US-KZ", ["trump2"], rule=rule,
                                as_of=dt.date(2027, 1, 1), today=TODAY)


def test_complete_through_comes_from_the_sweep_log(synthetic):
    synthetic.execute(
        "INSERT INTO register_sweeps VALUES ('US-KZ', 2026, 'akorda', 3, 5, 1, DATE '2026-02-25',"
        " NULL, NULL, 'x.yaml'), ('US-KZ', 2026, 'kz_mfa', 3, 5, 1, DATE '2026-03-31', NULL,"
        " NULL, 'x.yaml'), ('US-KZ', 2025, 'akorda', 3, 5, 1, DATE '2025-12-31', NULL, NULL,"
        " 'x.yaml')")
    cmp = compare_administrations(synthetic, "US-KZ", ["trump2"], today=TODAY)
    assert cmp.exposure_end == dt.date(2026, 2, 25)
    assert cmp.exposure_end_reason == "complete_through"


def test_quasi_poisson_dispersion_is_reported(synthetic):
    cmp = compare_administrations(synthetic, "US-KZ", ["obama", "trump1", "biden"],
                                  rule=CountingRule(exposure="today"), today=TODAY)
    assert cmp.dispersion == cmp.dispersion  # a number, not NaN
    assert cmp.dispersion_df > 0
    assert (cmp.rate_ratios["dispersion"] == cmp.dispersion).all()
    if cmp.dispersion > 1:
        assert cmp.rate_ratios["method"].str.contains("quasi-poisson").all()


def test_unknown_admin_is_a_clear_error(store):
    with pytest.raises(ValueError, match="unknown administration"):
        compare_administrations(store, "US-KZ", ["obama", "nixon"])


def test_cli_compare_json_contract(tmp_path):
    path = tmp_path / "cli.duckdb"
    args = ["--db", str(path), "compare", "--pair", "US-KZ", "--admins",
            "obama,trump1,biden,trump2", "--unit", "occasion", "--branch", "executive",
            "--format", "json"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["options"]["unit"] == "occasion" and doc["options"]["branch"] == "executive"
    assert "dispersion" in doc["model"]
    keys = [a["admin"] for a in doc["administrations"]]
    assert keys == ["obama", "trump1", "biden", "trump2"]
    for a in doc["administrations"]:
        assert {"occasions", "records", "exposure_years", "exposure_end", "exposure_end_reason",
                "counts_by_us_level", "counts_by_partner_level", "rate_ratios"} <= set(a)
        assert a["occasions"] <= a["records"]
        for r in a["rate_ratios"]:
            assert {"versus", "ratio", "ci_low", "ci_high", "dispersion"} <= set(r)
    # --as-of reproduces that day's analysis: exposure ends there
    res2 = CliRunner().invoke(app, [*args, "--as-of", "2026-01-31"])
    doc2 = json.loads(res2.stdout)
    t2 = next(a for a in doc2["administrations"] if a["admin"] == "trump2")
    assert t2["exposure_end"] == "2026-01-31" and t2["exposure_end_reason"] == "as_of"
    bad = CliRunner().invoke(app, ["--db", str(path), "compare", "--unit", "meeting"])
    assert bad.exit_code != 0


def test_cli_sensitivity_csv_has_a_row_per_rule_and_pair(tmp_path):
    res = CliRunner().invoke(app, ["--db", str(tmp_path / "s.duckdb"), "compare",
                                   "--admins", "obama,biden,trump2", "--sensitivity",
                                   "--format", "csv"])
    assert res.exit_code == 0, res.output
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 16 * 2
    assert {r["unit"] for r in rows} == {"record", "occasion"}
    assert {(r["admin"], r["versus"]) for r in rows} == {("trump2", "obama"),
                                                         ("trump2", "biden")}


def test_president_contacts_follow_participants_offices(store):
    """Contacts in which the US President took part: us_level head_of_state exactly when a
    participant held the presidency on the day (levels derived, never typed)."""
    rows = store.execute(
        "SELECT c.contact_id, c.us_level, bool_or(p.office = 'us_president') FROM contacts c"
        " JOIN contact_participants p ON p.contact_id = c.contact_id AND p.side = 'us'"
        " GROUP BY 1, 2").fetchall()
    assert rows
    for cid, lv, has_president in rows:
        assert (lv == "head_of_state") == bool(has_president), cid


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
