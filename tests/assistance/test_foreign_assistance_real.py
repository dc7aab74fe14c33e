"""The real ForeignAssistance.gov country file, through the CLI: the done-when figures."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad_testing import shared_path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, _store_template):
    import shutil

    from dyad.sources.shipped import assistance
    from dyad.sources.shipped import load as shipped

    mp = pytest.MonkeyPatch()
    if assistance not in shipped.SHIPPED_MODULES:
        mp.setattr(shipped, "SHIPPED_MODULES", (*shipped.SHIPPED_MODULES, assistance))
    path = shared_path("us-foreign-assistance", "us_foreign_aid_country.csv")
    db = tmp_path_factory.mktemp("fa") / "real.duckdb"
    shutil.copyfile(_store_template, db)
    first = CliRunner().invoke(app, ["--db", str(db), "import", "foreign-assistance", str(path)])
    second = CliRunner().invoke(app, ["--db", str(db), "import", "foreign-assistance", str(path)])
    yield db, path, first, second
    mp.undo()


def _cli(db, *args):
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_done_when_kz_figures_through_the_cli(loaded):
    db = loaded[0]
    rows = list(csv.DictReader(io.StringIO(_cli(db, "assistance", "table", "--country", "KZ",
                                                "--format", "csv"))))
    assert {"fiscal_year", "transaction_type", "current_usd", "constant_usd"} <= set(rows[0])
    got = {(r["transaction_type"], int(r["fiscal_year"])): float(r["current_usd"]) for r in rows}
    assert got[("obligations", 2010)] == 331_222_595
    assert got[("disbursements", 2023)] == 22_935_368
    assert got[("disbursements", 2025)] == 2_642_271


def test_import_reports_and_reimport_adds_nothing(loaded):
    _, _, first, second = loaded
    assert first.exit_code == 0, first.output
    assert "22356 read" in first.output and "0 quarantined" in first.output
    assert "country file" in first.output
    assert "0 loaded (new or revised)" in second.output


def test_compare_json_for_four_administrations(loaded):
    db = loaded[0]
    out = json.loads(_cli(db, "assistance", "compare", "--country", "KZ", "--admins",
                          "obama,trump1,biden,trump2", "--format", "json"))
    by = {(r["admin"], r["transaction_type"]): r for r in out}
    assert {a for a, _ in by} == {"obama", "trump1", "biden", "trump2"}
    obama = by[("obama", "obligations")]
    assert (obama["first_fy"], obama["last_fy"], obama["n_years"]) == (2010, 2017, 8)
    assert obama["constant_base_year"] == 2023
    assert by[("trump2", "obligations")]["n_years"] == 0        # budget rule: FY2026 onward
    assert by[("biden", "disbursements")]["partial_fys"] == [2025]
    execution = json.loads(_cli(db, "assistance", "compare", "--rule", "execution",
                                "--format", "json"))
    ex = {(r["admin"], r["transaction_type"]): r for r in execution}
    assert ex[("trump2", "obligations")]["first_fy"] == 2025
    assert ex[("obama", "obligations")]["first_fy"] == 2009


def test_constant_base_years_and_negative_amounts_kept(loaded):
    from dyad.api import open_store

    con = open_store(loaded[0])
    try:
        bases = dict(con.execute("SELECT transaction_type, max(constant_base_year) FROM assistance"
                                 " GROUP BY ALL").fetchall())
        negatives = con.execute("SELECT count(*) FROM assistance WHERE current_usd < 0"
                                ).fetchone()
        tq = con.execute("SELECT count(*) FROM assistance WHERE transition_quarter").fetchone()
    finally:
        con.close()
    assert bases == {"obligations": 2023, "disbursements": 2023, "appropriated_planned": 2022,
                     "budget_request": 2022}
    assert negatives is not None and negatives[0] == 90
    assert tq is not None and tq[0] > 0


def test_shipped_snapshot_matches_the_real_file():
    from dyad.reference import files
    from dyad.sources.foreign_assistance.snapshot import snapshot_text

    path = shared_path("us-foreign-assistance", "us_foreign_aid_country.csv")
    fresh = [ln for ln in snapshot_text(path, vintage="x").splitlines() if not ln.startswith("#")]
    shipped = [ln for ln in files.data_text("assistance/us_assistance_c5.csv").splitlines()
               if not ln.startswith("#")]
    assert fresh == shipped
    assert len(shipped) - 1 == 93 + 93 + 94 + 94 + 92


def test_importing_the_real_file_over_the_shipped_rows_changes_nothing(store):
    from dyad.api import load_foreign_assistance

    path = shared_path("us-foreign-assistance", "us_foreign_aid_country.csv")
    before = store.execute("SELECT count(*) FROM assistance").fetchone()
    assert before is not None and before[0] == 466
    s = load_foreign_assistance(store, path)
    assert s.rows_loaded == 22356 - 466
