"""One measure, one implementation: the forecast targets are the report's series.

A second trade source (here a SYNTHETIC one, ``test-second-source``, with its own values and
monthly rows) must change neither the report's trade figures nor the forecast's trade
target, and the two must agree year by year; the same for UN voting agreement.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dyad.analysis.convergence_unga import agreement
from dyad.analysis.forecast.targets import load_series
from dyad.analysis.trade import pair_table
from dyad.analysis.trade_bundle import trade_bundle
from dyad.sources.trade_flows import upsert_flows
from dyad.store import ingest_run

AS_OF = dt.date(2026, 11, 22)


def _second_trade_source(con) -> None:
    """SYNTHETIC rows: every year and month of the shipped years, doubled values."""
    shipped = con.execute("SELECT * FROM trade_flows WHERE reporter = 'US'").df()
    annual = shipped.assign(source="test-second-source", value_usd=shipped["value_usd"] * 2,
                            source_ref="synthetic")
    monthly = pd.concat([annual.assign(month=m, value_usd=annual["value_usd"] / 12)
                         for m in range(1, 13)])
    with ingest_run(con, source="test-second-source", source_ref="synthetic") as run:
        upsert_flows(run, pd.concat([annual, monthly])[annual.columns.drop("ingest_run")],
                     file="synthetic")


@pytest.mark.parametrize("pair", ["US-KZ", "US-C5"])
def test_trade_target_is_the_report_series_with_a_second_source(store, pair) -> None:
    before = pair_table(store, pair)
    _second_trade_source(store)
    report = trade_bundle(store, pair, start=1990)
    table = pair_table(store, pair)
    pd.testing.assert_frame_equal(table, before)  # the second source changes nothing
    turnover = load_series(store, pair, "trade", as_of=AS_OF)
    balance = load_series(store, pair, "balance", as_of=AS_OF)
    years = [p.start.year for p in turnover.periods]
    by_year = table.set_index("year").loc[years]
    np.testing.assert_allclose(turnover.values, by_year["turnover_usd"].astype(float) / 1e6)
    np.testing.assert_allclose(balance.values, by_year["balance_usd"].astype(float) / 1e6)
    if pair == "US-KZ":  # the report's five-state figures are the same numbers
        kz = report.states[report.states["partner"] == "KZ"].set_index("year")
        np.testing.assert_allclose(kz.loc[years, "turnover_usd"].astype(float) / 1e6,
                                   turnover.values)


def _votes(con) -> None:
    """SYNTHETIC roll calls 2000-2003: the US, KZ and UZ voting in a fixed pattern."""
    pattern = {"US": "yes no abstain yes no yes", "KZ": "yes yes abstain no no abstain",
               "UZ": "no yes yes yes abstain abstain"}
    rcid = 0
    for year in range(2000, 2004):
        for i in range(6):
            rcid += 1
            con.execute("INSERT INTO roll_calls (rcid, session, date, year, importantvote,"
                        " source, source_ref) VALUES (?, ?, ?, ?, false, 'test', 'synthetic')",
                        [rcid, year - 1945, dt.date(year, 10, 1 + i), year])
            for state, votes in pattern.items():
                vote = votes.split()[(i + year) % 6]
                con.execute("INSERT INTO votes VALUES (?, ?, ?, 'test', 'synthetic', NULL)",
                            [rcid, state, vote])


@pytest.mark.parametrize("pair", ["US-KZ", "US-C5"])
def test_agreement_target_is_the_convergence_measure(store, pair) -> None:
    _votes(store)
    series = load_series(store, pair, "agreement", as_of=AS_OF)
    per_pair = agreement(store, pair, by="year")
    pooled = per_pair.groupby("year")[["identical", "half", "joint_votes"]].sum()
    expected = (pooled["identical"] + 0.5 * pooled["half"]) / pooled["joint_votes"]
    assert [p.start.year for p in series.periods] == list(expected.index)
    np.testing.assert_allclose(series.values, expected.to_numpy())
    if pair == "US-KZ":
        np.testing.assert_allclose(series.values, per_pair["coincidence"].to_numpy())
