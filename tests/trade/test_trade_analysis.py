"""Analyses, CLI and report section on the shipped snapshot and small synthetic files."""

from __future__ import annotations

import csv
import io
import json

import pytest
from trade_helpers import sample_rows, write_xlsx
from typer.testing import CliRunner

from dyad.analysis.trade import (
    cagr,
    cagr_table,
    five_states,
    growth_table,
    pair_table,
    seasonality,
)
from dyad.analysis.trade_claims import balance_since, growth_readings
from dyad.reference import files


def snapshot() -> dict[tuple[str, int, str], int]:
    out = {}
    for name in ("trade/census_c5_annual.csv", "trade/census_c5_annual_recent.csv"):
        text = files.data_text(name)
        rows = csv.DictReader(io.StringIO("\n".join(
            ln for ln in text.splitlines() if not ln.startswith("#"))))
        out.update({(r["partner"], int(r["year"]), r["flow"]): int(r["value_usd"]) for r in rows})
    return out


def test_fresh_store_has_the_snapshot_pair_table(store):
    snap = snapshot()
    t = pair_table(store, "US-KZ")
    assert list(t.columns) == ["year", "us_exports_usd", "us_imports_usd", "balance_usd",
                               "turnover_usd"]
    assert t["year"].tolist() == sorted({y for (p, y, f) in snap if p == "KZ"})
    for r in t.itertuples():
        x, m = snap[("KZ", r.year, "export")], snap[("KZ", r.year, "import")]
        assert (r.us_exports_usd, r.us_imports_usd, r.balance_usd, r.turnover_usd) == (
            x, m, x - m, x + m)
    c5 = pair_table(store, "US-C5").set_index("year")
    y = int(c5.index.max())
    assert c5.loc[y, "us_exports_usd"] == sum(v for (p, yy, f), v in snap.items()
                                             if yy == y and f == "export")


def test_cagr_and_growth_follow_the_stated_formulas(store):
    t = pair_table(store, "US-KZ").set_index("year")
    got = cagr(t.reset_index(), 2017, 2023, "us_imports_usd")
    x0, x1 = t.loc[2017, "us_imports_usd"], t.loc[2023, "us_imports_usd"]
    assert got == pytest.approx(((x1 / x0) ** (1 / 6) - 1) * 100)
    g = growth_table(t.reset_index()).set_index("year")
    assert g.loc[2023, "us_exports_yoy_pct"] == pytest.approx(
        (t.loc[2023, "us_exports_usd"] / t.loc[2022, "us_exports_usd"] - 1) * 100)
    with pytest.raises(ValueError):
        cagr(t.reset_index(), 2023, 2017, "us_imports_usd")
    with pytest.raises(ValueError, match="no complete-year"):
        cagr(t.reset_index(), 1990, 2023, "us_imports_usd")
    table = cagr_table(store, 2017, 2023)
    assert set(table["pair"]) == {"US-KZ", "US-KG", "US-TJ", "US-TM", "US-UZ", "US-C5"}


def test_balance_claim_from_the_snapshot(store):
    snap = snapshot()
    res = balance_since(store, 2017, 2023).set_index("partner")
    for p in ("KZ", "KG", "TJ", "TM", "UZ"):
        deficits = sum(snap[(p, y, "export")] < snap[(p, y, "import")] for y in range(2017, 2024))
        assert res.loc[p, "years_partner_favour"] == deficits
        assert res.loc[p, "always_partner_favour"] == (deficits == 7)
    readings = growth_readings(store).set_index("series")
    x0, x1 = snap[("KZ", 2017, "export")], snap[("KZ", 2023, "export")]
    assert readings.iloc[0]["total_growth_pct"] == pytest.approx((x1 / x0 - 1) * 100)
    assert len(five_states(store, start=2017, end=2023)) == 5 * 7


def test_seasonality_and_monthly_table(bare_store, tmp_path):
    from dyad.sources.census.file import load_census_file

    rows = sample_rows()
    rows[2] = list(rows[0])
    rows[2][0] = "2023"
    rows[3] = list(rows[1])
    rows[3][0] = "2023"
    load_census_file(bare_store, write_xlsx(tmp_path / "c.xlsx", rows))
    m = pair_table(bare_store, "US-KZ", monthly=True)
    assert len(m) == 24 and list(m.columns)[:2] == ["year", "month"]
    s = seasonality(bare_store, "US-KZ")
    assert s["exports_share_pct"].sum() == pytest.approx(100)
    assert s["imports_share_pct"].sum() == pytest.approx(100)
    assert s.loc[s.month == 2, "imports_share_pct"].item() == 0


def _cli(db, *args):
    from dyad.cli import app

    return CliRunner().invoke(app, ["--db", str(db), *args])


def test_cli_table_shares_and_errors(tmp_path):
    db = tmp_path / "cli.duckdb"
    res = _cli(db, "trade", "table", "--pair", "US-KZ", "--format", "csv")
    assert res.exit_code == 0, res.output
    header = res.output.splitlines()[0]
    assert header == "year,us_exports_usd,us_imports_usd,balance_usd,turnover_usd"
    res = _cli(db, "trade", "table", "--pair", "US-TM", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.output)[0]["year"] == 2002
    # a new store has Kazakhstan's partner figures shipped (sourced, one row per partner)
    res = _cli(db, "trade", "shares", "--reporter", "KZ", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert {"year", "partner", "turnover_usd", "share", "source_url"} <= set(
        res.output.splitlines()[0].split(","))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really")
    res = _cli(db, "import", "census-file", str(bad))
    assert res.exit_code == 1 and "bad.xlsx" in res.output
    res = _cli(db, "trade", "growth", "--from", "2017", "--to", "2023", "--format", "csv")
    assert res.exit_code == 0 and "US-C5" in res.output
    res = _cli(db, "trade", "table", "--pair", "US-XX")
    assert res.exit_code != 0


def test_report_section_from_the_snapshot(store):
    import datetime as dt

    from dyad.report.sections import ReportContext
    from dyad.report.sections.trade import render

    sec = render(ReportContext(con=store, pair="US-KZ", as_of=dt.date(2025, 1, 1)))
    body = str(sec.body)
    assert sec.id == "trade" and body.count("<figure") >= 1
    for name in ("Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"):
        assert name in body
    assert "CAGR = (value_end / value_start)" in body
    assert "kz-stat" in body  # Kazakhstan's partner figures, shipped with their sources
    assert "<script" not in body


def test_report_section_without_data(bare_store):
    import datetime as dt

    from dyad.report.sections import ReportContext
    from dyad.report.sections.trade import render

    sec = render(ReportContext(con=bare_store, pair="US-KZ", as_of=dt.date(2025, 1, 1)))
    assert "census-file" in str(sec.body) and sec.missing == ["trade_flows"]


def test_recent_snapshot_is_derived_from_the_real_processed_file(tmp_path):
    from dyad.sources.census.snapshot import RECENT, write_recent
    from dyad_testing import shared_path

    src = shared_path("trade", "census-via-congress-ideology",
                      "c5_trade_by_country_2024_2025.jsonl")
    out = tmp_path / "recent.csv"
    write_recent(src, out)
    assert out.read_text("utf-8") == files.data_text(RECENT)


def test_store_has_2024_and_2025_from_the_recent_snapshot(store):
    rows = store.execute(
        "SELECT year, flow, value_usd, source_ref FROM trade_flows WHERE reporter = 'US'"
        " AND partner = 'KZ' AND month IS NULL AND year >= 2024 ORDER BY year, flow").fetchall()
    assert [(r[0], r[1]) for r in rows] == [(2024, "export"), (2024, "import"),
                                           (2025, "export"), (2025, "import")]
    assert all("precision_usd=100000" in r[3] for r in rows)
