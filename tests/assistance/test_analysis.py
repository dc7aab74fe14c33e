"""Attribution rules, shares, obligations against disbursements, claims (shipped data)."""

from __future__ import annotations

import pytest

from dyad.analysis import assistance as a
from dyad.errors import UsageError


@pytest.mark.parametrize(("fy", "budget", "execution"), [
    (2009, "bush43", "obama"), (2010, "obama", "obama"), (2017, "obama", "trump1"),
    (2018, "trump1", "trump1"), (2021, "trump1", "biden"), (2025, "biden", "trump2"),
    (2026, "trump2", "trump2"),
])
def test_fiscal_year_attribution(fy, budget, execution):
    assert a.fiscal_year_admin(fy, "budget") == budget
    assert a.fiscal_year_admin(fy, "execution") == execution


def test_shipped_series_in_a_new_store(store):
    t = a.assistance_table(store, "KZ", ["obligations"])
    assert t.set_index("fiscal_year").loc[2010, "current_usd"] == 331_222_595
    assert bool(t.set_index("fiscal_year").loc[2025, "partial"])
    c5 = a.assistance_table(store, "C5", ["obligations"])
    assert (c5["states"] <= 5).all()


def test_by_admin_totals_add_up(store):
    t = a.assistance_table(store, "KZ", ["obligations"])
    cmp = a.by_admin(store, "KZ", "obama", types="obligations")
    expected = t[t["fiscal_year"].between(2010, 2017)]["constant_usd"].sum()
    assert cmp.loc[0, "total_constant_usd"] == pytest.approx(expected)
    assert cmp.loc[0, "mean_constant_usd_per_fy"] == pytest.approx(expected / 8)
    assert 0 < cmp.loc[0, "share_of_c5_pct"] < 100


def test_share_and_pipeline(store):
    s = a.kz_share(store, ["disbursements"])
    assert ((s["share_pct"] > 0) & (s["share_pct"] <= 100)).all()
    p = a.obligations_vs_disbursements(store, "KZ")
    assert p["fiscal_year"].min() == 2001
    assert p["cumulative_obligations_usd"].iloc[-1] == pytest.approx(
        p["obligations_constant_usd"].sum())


def test_claims_without_sector_data_say_so(store):
    c = a.claim_checks(store).set_index("verdict")
    assert "not checkable without sector data" in c.index
    surge = c.index[0]
    assert surge.startswith("supported for all assistance")
    assert "military part not checkable" in surge


@pytest.mark.parametrize(("call", "message"), [
    (lambda con: a.assistance_table(con, "XX"), "unknown country code"),
    (lambda con: a.assistance_table(con, "KZ", "grants"), "unknown transaction type"),
    (lambda con: a.by_admin(con, "KZ", "nixon"), "unknown administration"),
    (lambda con: a.by_admin(con, "KZ", rule="spent"), "unknown attribution rule"),
    (lambda con: a.kz_share(con, country="RU"), "share of Central Asia"),
])
def test_bad_options_are_usage_errors(store, call, message):
    with pytest.raises(UsageError, match=message):
        call(store)


def test_report_sections_from_shipped_data(store):
    import datetime as dt

    from dyad.report.sections import ReportContext, assistance, values

    ctx = ReportContext(store, "US-KZ", dt.date(2025, 6, 1))
    sec = assistance.render(ctx)
    body = str(sec.body)
    assert body.count("<figure") >= 3
    assert "Source: U.S. Department of State and USAID, ForeignAssistance.gov" in body
    assert "snapshot shipped with dyad" in body
    assert "dyad import foreign-assistance us_foreign_aid_complete.csv" in body   # sectors absent
    empty = values.render(ctx)
    assert "dyad import freedomhouse" in str(empty.body) and empty.missing == ["freedom_house"]


def test_assistance_section_empty_state(bare_store):
    import datetime as dt

    from dyad.report.sections import ReportContext, assistance

    sec = assistance.render(ReportContext(bare_store, "US-KZ", dt.date(2025, 6, 1)))
    assert "No data yet" in str(sec.body)
    assert "dyad import foreign-assistance us_foreign_aid_country.csv" in str(sec.body)
