"""The Census all-countries file: exact figures, unpublished months, idempotence, bad input."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from trade_helpers import count, sample_rows, write_text, write_xlsx

from dyad.sources.census.file import load_census_file, parse_census_file
from dyad.store.provenance import LoadError
from dyad_testing import shared_path

C5 = {"4634": "KZ", "4635": "KG", "4642": "TJ", "4643": "TM", "4644": "UZ"}


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    from dyad.api import open_store

    path = shared_path("trade", "census-country-xlsx", "country.xlsx")
    con = open_store(tmp_path_factory.mktemp("census") / "real.duckdb")
    summary = load_census_file(con, path)
    yield con, summary, path
    con.close()


def _store_values(con, annual: bool) -> dict[tuple, float]:
    cond = "month IS NULL" if annual else "month IS NOT NULL"
    rows = con.execute(
        f"SELECT partner, year, coalesce(month, 0), flow, value_usd FROM trade_flows "
        f"WHERE reporter = 'US' AND source = 'census' AND commodity IS NULL AND {cond} "
        "AND partner IN ('KZ','KG','TJ','TM','UZ') AND year BETWEEN 2002 AND 2023").fetchall()
    return {(p, y, m, f): v for p, y, m, f, v in rows}


def test_real_file_annual_figures_match_openpyxl_exactly(real_store):
    """Independent reading: openpyxl cells, float arithmetic, rounded to the dollar."""
    import openpyxl

    con, _, path = real_store
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(wb["country"].iter_rows(values_only=True))
    head = list(rows[0])
    expected = {}
    for r in rows[1:]:
        code = str(r[head.index("CTY_CODE")])
        year = int(r[head.index("year")])
        if code in C5 and 2002 <= year <= 2023:
            for col, flow in (("EYR", "export"), ("IYR", "import")):
                expected[(C5[code], year, 0, flow)] = round(float(r[head.index(col)]) * 1e6)
    wb.close()
    got = _store_values(con, annual=True)
    assert len(expected) == 5 * 22 * 2
    assert got == expected


def test_real_file_monthly_figures_match_the_derived_csv(real_store):
    con, _, _ = real_store
    csv_path = shared_path("trade", "census-country-xlsx", "c5_monthly_from_country_xlsx.csv")
    expected = {}
    with csv_path.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            year = int(r["year"])
            if 2002 <= year <= 2023:
                key = (C5[r["cty_code"]], year, int(r["month"]))
                expected[(*key, "export")] = float(Decimal(r["us_exports_musd"]) * 10**6)
                expected[(*key, "import")] = float(Decimal(r["us_imports_musd"]) * 10**6)
    assert len(expected) == 5 * 22 * 12 * 2
    assert _store_values(con, annual=False) == expected


def test_unpublished_months_are_missing_not_zero(real_store):
    con, summary, _ = real_store
    assert summary.incomplete_years == {2024: 6}
    months = con.execute(
        "SELECT DISTINCT month FROM trade_flows WHERE year = 2024 AND month IS NOT NULL"
        " ORDER BY month").fetchall()
    assert [m for (m,) in months] == [1, 2, 3, 4, 5, 6]
    # and no annual 2024 total from the file (the shipped recent snapshot has its own)
    assert con.execute("SELECT count(*) FROM trade_flows WHERE year = 2024 AND month IS NULL"
                       " AND source_ref NOT LIKE '%precision_usd%'").fetchone()[0] == 0
    # a real zero in a published month is kept as 0 (Kazakhstan, January 1992)
    zero = con.execute("SELECT value_usd FROM trade_flows WHERE partner = 'KZ' AND year = 1992"
                       " AND month = 1 AND flow = 'export'").fetchone()
    assert zero == (0.0,)


def test_partners_are_iso2_or_census_code(real_store):
    con, _, _ = real_store
    names = dict(con.execute("SELECT DISTINCT partner, partner_name FROM trade_flows "
                             "WHERE partner IN ('KZ','KG','TJ','TM','UZ','CN','RU')").fetchall())
    assert names["KZ"] == "Kazakhstan" and names["UZ"] == "Uzbekistan"
    eu = con.execute("SELECT DISTINCT partner_name FROM trade_flows "
                     "WHERE partner = 'census:0003'").fetchall()
    assert eu == [("European Union",)]


def test_synthetic_file_load_idempotent_and_unpublished(bare_store, tmp_path):
    path = write_xlsx(tmp_path / "c.xlsx", sample_rows())
    first = load_census_file(bare_store, path)
    # 2 partners x (2022: 12 months + annual; 2023: 3 months) x 2 flows
    assert first.rows_loaded == 2 * (13 + 3) * 2
    assert count(bare_store) == first.rows_loaded
    again = load_census_file(bare_store, path)
    assert again.rows_loaded == 0 and count(bare_store) == first.rows_loaded
    # Kazakhstan's Feb 2023 is 0 while Canada's is published: a real zero, kept
    v = bare_store.execute("SELECT value_usd FROM trade_flows WHERE partner='KZ' AND year=2023"
                           " AND month=2 AND flow='import'").fetchone()
    assert v == (0.0,)
    assert bare_store.execute("SELECT count(*) FROM trade_flows WHERE year = 2023 AND "
                              "(month IS NULL OR month > 3)").fetchone() == (0,)


def test_text_twin_gives_the_same_rows(tmp_path):
    x = parse_census_file(write_xlsx(tmp_path / "c.xlsx", sample_rows())).flows
    t = parse_census_file(write_text(tmp_path / "c.txt", sample_rows())).flows
    cols = ["partner", "year", "month", "flow", "value_usd"]
    assert x[cols].fillna(0).values.tolist() == t[cols].fillna(0).values.tolist()


def test_conversion_is_exact_to_the_dollar(tmp_path):
    flows = parse_census_file(write_xlsx(tmp_path / "c.xlsx", sample_rows())).flows
    kz = flows[(flows.partner == "KZ") & (flows.year == 2022) & (flows.flow == "export")]
    assert kz[kz.month == 12].value_usd.item() == 1_234_567.0
    assert kz[kz.month.isna()].value_usd.item() == float(
        round(sum(Decimal(str(v)) for v in sample_rows()[0][16:28]) * 10**6))


def _bad(tmp_path: Path, rows, **kw) -> Path:
    return write_xlsx(tmp_path / "bad.xlsx", rows, **kw)


@pytest.mark.parametrize("case", ["layout", "empty", "header_only"])
def test_bad_files_change_nothing(store, tmp_path, case):
    rows = sample_rows()
    kw = {}
    if case == "layout":
        from trade_helpers import HEADER
        kw["header"] = [h for h in HEADER if h != "IYR"]
    elif case == "non_numeric":
        rows[3][5] = "n/a"
    elif case == "unknown_code":
        rows[1][1] = "CA12"
    elif case == "name_mismatch":
        rows[0][2] = "Georgia"
    elif case == "duplicate":
        rows.append(list(rows[0]))
    elif case in ("empty", "header_only"):
        rows = []
    path = _bad(tmp_path, rows, **kw)
    if case == "empty":
        path.unlink()
        path.write_bytes(b"")
    before = count(store)
    runs = count(store, "ingest_runs")
    with pytest.raises(LoadError) as err:
        load_census_file(store, path)
    assert str(path) in str(err.value) or "bad.xlsx" in str(err.value)
    assert count(store) == before
    status = store.execute("SELECT status, error FROM ingest_runs ORDER BY run_id DESC "
                           "LIMIT 1").fetchone()
    assert status[0] == "failed" and status[1]
    assert count(store, "ingest_runs") == runs + 1


def test_bad_cell_names_row_and_column(tmp_path):
    rows = sample_rows()
    rows[2][4] = "12,x"
    [err] = parse_census_file(_bad(tmp_path, rows)).problems
    assert err.field == "IFEB" and "row 4" in (err.record or "")


@pytest.mark.parametrize("case, field", [("non_numeric", "IJAN"), ("unknown_code", "CTY_CODE"),
                                         ("name_mismatch", "CTYNAME"),
                                         ("duplicate", "CTY_CODE"), ("year", "year")])
def test_bad_rows_are_quarantined(store, tmp_path, case, field):
    rows = sample_rows()
    if case == "non_numeric":
        rows[3][3] = "n/a"
    elif case == "unknown_code":
        rows[1][1] = "CA12"
    elif case == "name_mismatch":
        rows[0][2] = "Georgia"
    elif case == "duplicate":
        rows.append(list(rows[0]))
    else:
        rows[1][0] = "1900"
    result = load_census_file(store, _bad(tmp_path, rows))
    assert result.rows_quarantined == 1 and result.rows_loaded > 0
    got = store.execute("SELECT field, record FROM quarantine WHERE run_id = ?",
                        [result.run_id]).fetchall()
    assert got[0][0] == field and got[0][1].startswith("row ")


def test_truncated_xlsx_and_text(store, tmp_path):
    full = write_xlsx(tmp_path / "full.xlsx", sample_rows()).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(full[: len(full) // 2])
    before = count(store)
    with pytest.raises(LoadError, match="truncated|damaged"):
        load_census_file(store, cut)
    text = write_text(tmp_path / "c.txt", sample_rows()).read_text()
    short = tmp_path / "short.txt"
    short.write_text(text[: len(text) - 40])
    with pytest.raises(LoadError, match="truncated"):
        load_census_file(store, short)
    assert count(store) == before


def test_garbage_in_any_value_cell_is_a_load_error_or_loads(tmp_path):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
              HealthCheck.function_scoped_fixture])
    @given(st.one_of(st.text(max_size=8), st.floats(allow_nan=True), st.integers()),
           st.integers(min_value=3, max_value=28))
    def check(value, col):
        rows = sample_rows()
        rows[0][col] = value
        path = write_text(tmp_path / "h.txt", rows)
        try:
            parsed = parse_census_file(path)
        except LoadError:
            return
        assert (parsed.flows.value_usd >= 0).all()

    check()


def test_shipped_snapshot_equals_the_real_file(real_store):
    """The shipped annual C5 table is what importing the real file gives, row for row."""
    import pandas as pd

    from dyad.sources.shipped.trade import _file_rows

    con, _, _ = real_store
    snap = pd.DataFrame(_file_rows("trade/census_c5_annual.csv"))
    shipped = {(r.partner, r.year, 0, r.flow): r.value_usd for r in snap.itertuples()}
    assert set(snap["year"]) == set(range(2002, 2024))
    stored = {k: v for k, v in _store_values(con, annual=True).items() if k[1] < 2024}
    assert shipped == stored
    assert snap["source_ref"].str.startswith(
        "https://www.census.gov/foreign-trade/balance/country.xlsx#CTY_CODE=").all()
