"""The shipped UN General Assembly agreement series: it is what dyad's own analysis gives on
the real votes (regenerated here from ../shared/data), it loads into every new store, and the
CLI and report read it when no votes are loaded."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dyad.analysis.convergence_shipped import agreement_any, shipped_agreement
from dyad.analysis.convergence_unga import Filters, agreement
from dyad.cli import app
from dyad.errors import LoadError, UsageError
from dyad.reference import files
from dyad.sources.shipped import unga_agreement
from dyad_testing import REPO, shared_path


def _build_module():
    spec = importlib.util.spec_from_file_location(
        "build_unga_agreement", REPO / "scripts" / "build_unga_agreement.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def real_votes():
    """An in-memory store with the real unvotes tables loaded (and the shipped series)."""
    from dyad.sources.unvotes.load import load_unvotes
    from dyad.store.connection import connect
    from dyad.store.provenance import ingest_run

    folder = shared_path("unga-votes")
    con = connect(":memory:")
    load_unvotes(con, folder)
    with ingest_run(con, source=unga_agreement.SOURCE, source_ref="test") as run:
        unga_agreement.load(con, run)
    yield con, folder
    con.close()


def test_shipped_file_is_what_the_generator_gives_on_the_real_votes(real_votes):
    _, folder = real_votes
    shipped = files.data_text(unga_agreement.FILES[0])
    rebuilt = _build_module().build(folder)
    assert rebuilt == shipped


@pytest.mark.parametrize("by", ["session", "year", "admin"])
@pytest.mark.parametrize("votes,issue", [("resolutions", None), ("all", "hr")])
def test_series_read_back_equals_the_live_analysis(real_votes, by, votes, issue):
    con, _ = real_votes
    f = Filters(issue=issue, votes=votes)
    iv = 1000 if by == "admin" else 0
    live = agreement(con, "US-KZ", ["RU", "CN", "TR"], by=by, filters=f, intervals=iv)
    back = shipped_agreement(con, "US-KZ", ["RU", "CN", "TR"], by=by, filters=f, intervals=iv)
    assert list(back.columns) == list(live.columns)
    pd.testing.assert_frame_equal(back, live, check_exact=False, atol=5e-7)


def test_cli_on_a_new_store_reads_the_shipped_series(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "new.duckdb")
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--pair", "US-KZ", "--others",
                            "RU,CN", "--format", "csv"])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(io.StringIO(r.output))
    assert list(df.columns) == ["pair", "session", "year", "joint_votes", "agreement",
                                "coincidence", "votes", "series"]
    assert set(df["votes"]) == {"resolutions"}
    assert set(df["series"]) == {"shipped:unga_agreement_voeten_1992_2019.csv"}
    assert set(df["pair"]) == {"US-KZ", "RU-KZ", "CN-KZ"}
    assert df["year"].min() == 1992 and df["year"].max() == 2019
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--votes", "all", "--issue",
                            "hr", "--by", "year", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert set(pd.read_csv(io.StringIO(r.output))["votes"]) == {"all"}
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--by", "admin", "--intervals",
                            "1000", "--format", "json"])
    rows = json.loads(r.output)
    assert {"admin", "agreement_lo", "agreement_hi"} <= set(rows[0])
    for args, says in ((["--intervals", "200"], "by administration only"),
                       (["--by-issue"], "--by-issue"), (["--exclude-me"], "--exclude-me"),
                       (["--pair", "US-AF"], "shipped series")):
        r = runner.invoke(app, ["--db", db, "convergence", "unga", *args])
        assert r.exit_code == 1 and says in r.output, (args, r.output)


def test_shipped_rejects_filters_it_does_not_hold(store):
    with pytest.raises(UsageError, match="--important"):
        shipped_agreement(store, "US-KZ", filters=Filters(important_only=True))
    with pytest.raises(UsageError, match="--issue me"):
        agreement_any(store, "US-KZ", filters=Filters(issue="me"))


def test_reports_draw_from_the_series_on_a_new_store(store):
    from dyad.report.sections import ReportContext
    from dyad.report.sections.convergence import render as convergence
    from dyad.report.sections.values import render as values

    ctx = ReportContext(con=store, pair="US-KZ", as_of=dt.date(2025, 1, 1))
    conv = str(convergence(ctx).body)
    assert "No data yet" not in conv.split("Ideal points")[0]
    assert "shipped series" in conv and "hdl:1902.1/12379" in conv
    sec = values(ctx)
    body = str(sec.body)
    assert "No data yet" not in body and body.count("<svg") == 1
    assert "Human-rights roll calls" in body and "end in 2019" in body
    assert "Freedom House" in body and "dyad import freedomhouse" in body
    assert "Under Obama, KZ voted as the US on 0.13 of human-rights roll calls" in body
    assert sec.missing == ["freedom_house"]


GOOD = files.data_text(unga_agreement.FILES[0]).splitlines()[:40]


@pytest.mark.parametrize("mutate,says", [
    (lambda ls: [ls[9].replace("agreement,", "agreemnt,")] + ls[10:], "missing columns"),
    (lambda ls: ls[9:] + [ls[-1]], "duplicate row"),
    (lambda ls: ls[9:] + [ls[-1].replace("session,", "decade,", 1)], "bad unit"),
    (lambda ls: ls[9:] + [ls[-1].replace(",all,", ",some,", 1)], "bad unit"),
])
def test_bad_series_file_fails_naming_the_problem(mutate, says):
    assert GOOD[9].startswith("unit,")
    with pytest.raises(LoadError, match=says):
        unga_agreement.read_series("\n".join(mutate(GOOD)), "x.csv")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.sampled_from("0123456789,.-abc\"\n#"), max_size=30),
                max_size=6), st.integers(min_value=10, max_value=39))
def test_fuzz_series_reader_raises_only_load_errors(lines, at):
    text = "\n".join(GOOD[:at] + lines + GOOD[at:])
    try:
        df = unga_agreement.read_series(text, "fuzz.csv")
    except LoadError as e:
        assert e.file == "fuzz.csv"
    else:
        assert (df["identical"] + df["half"] <= df["joint_votes"]).all()
