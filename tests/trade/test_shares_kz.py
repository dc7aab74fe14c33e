"""Kazakhstan's partner trade from the shipped Kazakh-side figures (kz-stat), its shares,
the US–KZ mirror comparison, and bad-input handling of the kz_partners loader."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import LoadError
from dyad.sources.shipped import kz_partners
from dyad.store.provenance import ingest_run
from dyad_testing import shared_path


def _load(con) -> None:
    """Load the shipped module as the shipped loader does (SHIPPED_MODULES)."""
    with ingest_run(con, source="shipped:kz_partners", source_ref="test") as run:
        kz_partners.load(con, run)


def test_every_shipped_figure_has_a_url_and_loads(store) -> None:
    rows = kz_partners.shipped_rows()
    assert rows and all(r["source_url"].startswith("http") for r in rows)
    _load(store)
    _load(store)  # re-running adds nothing
    n = store.execute("SELECT count(*) FROM kz_partner_trade").fetchone()[0]
    assert n == len(rows)


def test_table_has_shares_only_where_a_world_total_is_cited(store) -> None:
    from dyad.api import kz_partner_table

    _load(store)
    df = kz_partner_table(store)
    assert {"year", "partner", "turnover_usd", "share", "source_url"} <= set(df.columns)
    y23 = df[df["year"] == 2023].set_index("partner")
    # China 31.4 bn of a cited 126 bn world turnover (both Kazakh side)
    assert y23.loc["CN", "share"] == pytest.approx(24.9, abs=0.05)
    assert y23.loc["RU", "share"] == pytest.approx(20.6, abs=0.05)
    assert df[df["year"] == 2022]["share"].isna().all()
    cn22 = df[(df["year"] == 2022) & (df["partner"] == "CN")].iloc[0]
    assert cn22["turnover_usd"] == 24.1e9 and cn22["exports_usd"] == 13.2e9


def test_report_shares_fall_back_to_kz_stat(store) -> None:
    from dyad.api import partner_shares

    _load(store)
    df = partner_shares(store, "KZ")
    assert "WORLD" not in set(df["partner"])
    assert df[df["share_pct"].notna()]["year"].eq(2023).all()


def test_cli_shares_csv_on_a_new_store(store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dyad.cli import app

    _load(store)
    db = store.execute("PRAGMA database_list").df()["file"].iloc[0]
    store.close()
    r = CliRunner().invoke(app, ["--db", db, "trade", "shares", "--reporter", "KZ",
                                 "--format", "csv"])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(io.StringIO(r.stdout))
    assert {"year", "partner", "turnover_usd", "share", "source_url"} <= set(df.columns)
    r = CliRunner().invoke(app, ["--db", db, "trade", "mirror", "--format", "csv"])
    assert r.exit_code == 0, r.output


def test_mirror_us_kz_against_census(store) -> None:
    from dyad.api import mirror_us_kz

    _load(store)
    m = mirror_us_kz(store).set_index("year")
    # 2022: Kazakhstan books $1.9 bn of imports from the US; Census has ~$1.08 bn of US exports
    assert m.loc[2022, "us_exports_usd"] == pytest.approx(1.082e9, rel=1e-3)
    assert m.loc[2022, "kz_imports_usd"] == 1.9e9
    assert m.loc[2022, "ratio_us_to_kz"] > 1.5
    # Kazakh exports to the US ($1.2 bn) are under half of US imports from KZ ($2.7 bn)
    assert m.loc[2022, "ratio_kz_to_us"] < 0.5
    assert 2017 in m.index


def test_census_us_side_agrees_with_imf_dots() -> None:
    """The US side checked against a second US-side source (IMF DOTS, real file)."""
    path = shared_path("trade", "imf-dots-us", "dots_us.csv")
    dots = pd.read_csv(path, encoding="utf-8-sig", usecols=[2, 4, 5, 7])
    dots.columns = ["partner", "year", "exports", "imports"]
    kz = dots[dots["partner"].str.startswith("Kazakhstan")].set_index("year")
    from dyad.sources.shipped.trade import snapshot_flows

    census = snapshot_flows()
    census = census[census["partner"] == "KZ"].pivot(index="year", columns="flow",
                                                     values="value_usd")
    for y in (2021, 2022):
        # exports: both FOB, same Census records -> within 0.5%
        assert float(kz.loc[y, "exports"]) == pytest.approx(census.loc[y, "export"], rel=5e-3)
        # imports: DOTS says CIF, Census general imports customs value; here they coincide
        assert float(kz.loc[y, "imports"]) == pytest.approx(census.loc[y, "import"], rel=2e-2)


HEADER = ",".join(kz_partners.COLUMNS)


@pytest.mark.parametrize("line, field", [
    ("2023,CN,China,volume,1,0,x,https://a.kz/1", "flow"),
    ("2023,CN,China,export,1,0,x,not-a-url", "source_url"),
    ("20x3,CN,China,export,1,0,x,https://a.kz/1", None),
])
def test_bad_rows_fail_the_file(line: str, field: str | None) -> None:
    with pytest.raises(LoadError) as e:
        kz_partners.parse_text(f"{HEADER}\n{line}\n", "f.csv")
    assert e.value.record == "line 2" and e.value.field == field


def test_moved_header_is_a_clear_error() -> None:
    with pytest.raises(LoadError, match="header lacks"):
        kz_partners.parse_text("year,partner\n2023,CN\n", "f.csv")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_fuzz_parse_raises_only_load_errors(text: str) -> None:
    with contextlib.suppress(LoadError):
        kz_partners.parse_text(text, "fuzz.csv")
