"""The transaction-level "complete" file, on a small sample WRITTEN BY US in its documented
format (ForeignAssistance.gov's column list, see assistance_helpers.COMPLETE_HEADER); the real
file is gigabytes and is not in ../shared/data. Figures are made up."""

from __future__ import annotations

import pytest
from assistance_helpers import COMPLETE_HEADER, complete_row, ctr_sample, write_csv

from dyad.analysis import assistance as a
from dyad.errors import LoadError
from dyad.sources.foreign_assistance.load import load_foreign_assistance


@pytest.fixture
def sample(tmp_path):
    return write_csv(tmp_path / "us_foreign_aid_complete.csv", COMPLETE_HEADER, ctr_sample())


def test_complete_file_loads_sectors_and_skips_other_recipients(store, sample):
    s = load_foreign_assistance(store, sample)
    assert (s.kind, s.rows_in, s.rows_loaded, s.rows_quarantined, s.skipped) == (
        "complete", 5, 4, 0, 1)
    rows = store.execute("SELECT iso2, us_sector, funding_account, managing_agency,"
                         " implementing_partner, transaction_date, current_usd"
                         " FROM assistance_transactions ORDER BY current_usd").fetchall()
    assert rows[0][0] == "KZ" and rows[0][6] == -1_000_000           # negative kept
    assert str(rows[0][5]) == "2010-03-31"                           # US date format read
    assert {r[0] for r in rows} == {"KZ", "KG"}
    assert load_foreign_assistance(store, sample).rows_loaded == 0    # re-import adds nothing


def test_identical_lines_stay_two_transactions(store, tmp_path):
    line = ctr_sample()[0]
    path = write_csv(tmp_path / "dup.csv", COMPLETE_HEADER, [line, line])
    assert load_foreign_assistance(store, path).rows_loaded == 2
    assert load_foreign_assistance(store, path).rows_loaded == 0


def test_a_newer_vintage_replaces_the_cells_it_holds(store, sample, tmp_path):
    load_foreign_assistance(store, sample)
    revised = ctr_sample()[:1]
    revised[0][COMPLETE_HEADER.index("Current Dollar Amount")] = "160000000"
    path = write_csv(tmp_path / "newer.csv", COMPLETE_HEADER, revised)
    assert load_foreign_assistance(store, path).rows_loaded == 1
    kz = store.execute("SELECT sum(current_usd) FROM assistance_transactions WHERE iso2 = 'KZ'"
                       ).fetchone()
    assert kz == (160_000_000.0,)       # KZ FY2010 obligations: only the newer file's lines
    kg = store.execute("SELECT count(*) FROM assistance_transactions WHERE iso2 = 'KG'"
                       ).fetchone()
    assert kg == (1,)                   # cells the newer file does not hold are left alone


def test_vectors_and_claims_with_sector_data(store, sample):
    load_foreign_assistance(store, sample)
    v = a.sector_vectors(store, "KZ").set_index("vector")
    assert set(v.index) == {"security", "economic"}
    assert v.loc["security", "constant_usd"] == 320_000_000
    assert v["share_pct"].sum() == pytest.approx(100)
    claims = a.claim_checks(store)
    ctr = claims.iloc[1]
    assert ctr["verdict"] == "consistent"            # 150M + 90M = 240M in the sample
    assert "$240.0M current (2 lines)" in ctr["evidence"]
    assert "security-vector money" in claims.iloc[0]["verdict"]


def test_bad_complete_lines_are_quarantined(store, tmp_path):
    bad = ctr_sample()[:2]
    bad[0][COMPLETE_HEADER.index("Fiscal Year")] = "20x0"
    bad[1][COMPLETE_HEADER.index("Transaction Date")] = "sometime"
    path = write_csv(tmp_path / "bad.csv", COMPLETE_HEADER, bad)
    s = load_foreign_assistance(store, path)
    assert (s.rows_loaded, s.rows_quarantined) == (0, 2)
    fields = {r[0] for r in store.execute("SELECT field FROM quarantine WHERE source ="
                                          " 'foreign_assistance_complete'").fetchall()}
    assert fields == {"Fiscal Year", "Transaction Date"}


def test_complete_header_without_sector_columns_is_refused(store, tmp_path):
    header = [c for c in COMPLETE_HEADER if c != "Funding Account Name"]
    row = complete_row(Country_Code="KAZ")
    path = write_csv(tmp_path / "h.csv", header, [row[:len(header)]])
    with pytest.raises(LoadError, match="Funding Account Name"):
        load_foreign_assistance(store, path)


def test_cli_keeps_every_recipient_with_the_all_countries_option(sample, tmp_path,
                                                                 _store_template):
    """`dyad import foreign-assistance` is built from the registry; the old --all-countries
    flag is `--opt all-countries=true`."""
    import shutil

    from typer.testing import CliRunner

    from dyad.cli import app

    db = tmp_path / "s.duckdb"
    shutil.copyfile(_store_template, db)
    run = CliRunner().invoke
    r = run(app, ["--db", str(db), "import", "foreign-assistance", str(sample)])
    assert r.exit_code == 0 and "4 loaded" in r.output, r.output
    assert "1 lines for other recipients skipped" in r.output
    r = run(app, ["--db", str(db), "import", "foreign-assistance", str(sample),
                  "--opt", "all-countries=true"])
    assert r.exit_code == 0 and "1 loaded" in r.output and "skipped" not in r.output, r.output
