"""Scenarios as data: the shipped R and D, user files, malformed files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.analysis.forecast.periods import period_of
from dyad.analysis.forecast.scenarios import as_happened, load_scenarios, next_inauguration
from dyad.analysis.forecast.targets import ForecastInputError


def test_shipped_scenarios_continue_the_current_administration_until_2029() -> None:
    r, d = load_scenarios(["R", "D"])
    assert r.us_party_from == d.us_party_from == dt.date(2029, 1, 20)
    assert next_inauguration(dt.date(2026, 11, 22)) == r.us_party_from
    for sc in (r, d):
        assert sc.party_on(dt.date(2028, 12, 31)) == "R"      # Trump II continues
        assert sc.party_on(dt.date(2010, 6, 1)) == "D"        # Obama, from the register
        assert sc.source.startswith("https://")
    assert r.party_on(dt.date(2029, 6, 1)) == "R" and d.party_on(dt.date(2029, 6, 1)) == "D"


def test_unknown_scenario_names_the_known_ones() -> None:
    with pytest.raises(ForecastInputError, match=r"unknown scenario.*'X'.*\['D', 'R'\]"):
        load_scenarios(["R", "X"])


def test_user_scenario_with_a_dummy(tmp_path: Path) -> None:
    f = tmp_path / "summit.yaml"
    f.write_text("name: D_summit\nus_party: D\nus_party_from: 2029-01-20\n"
                 "dummies: {summit: [2015, 2030Q2]}\n", encoding="utf-8")
    (sc,) = load_scenarios(["D_summit"], [f])
    assert sc.dummy("summit", period_of(dt.date(2015, 3, 1), "Q")) == 1.0
    assert sc.dummy("summit", period_of(dt.date(2030, 5, 1), "Q")) == 1.0
    assert sc.dummy("summit", period_of(dt.date(2030, 8, 1), "Q")) == 0.0


@pytest.mark.parametrize(("text", "field"), [
    ("name: X\nus_party: G\nus_party_from: 2029-01-20\n", "us_party"),
    ("name: X\nus_party: R\nus_party_from: someday\n", "us_party_from"),
    ("name: X\nus_party: R\n", "us_party_from"),
    ("us_party: R\nus_party_from: 2029-01-20\n", "name"),
    ("name: X\nus_party: R\nus_party_from: 2029-01-20\ndummies: {s: 2030}\n", "dummies.s"),
    ("name: X\nus_party: R\nus_party_from: 2029-01-20\ndummies: [1]\n", "dummies"),
])
def test_malformed_scenario_file_names_file_and_field(
    tmp_path: Path, text: str, field: str
) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ForecastInputError, match=rf"bad\.yaml, field {field}"):
        load_scenarios(["X"], [f])


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_loader(tmp_path: Path, text: str) -> None:
    f = tmp_path / "any.yaml"
    f.write_text(text, encoding="utf-8")
    try:
        load_scenarios(["R"], [f])
    except ForecastInputError as e:
        assert "any.yaml" in str(e)


def test_as_happened_takes_the_real_outcome() -> None:
    assert as_happened(dt.date(2008, 11, 4)).us_party == "D"
    assert as_happened(dt.date(2016, 11, 8)).us_party == "R"
    assert as_happened(dt.date(2020, 11, 3)).us_party == "D"
    assert as_happened(dt.date(2024, 11, 5)).us_party == "R"
    with pytest.raises(ForecastInputError):
        as_happened(dt.date(2026, 11, 22))
