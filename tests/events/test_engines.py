"""One expression, three engines: DuckDB and PySpark agree; BigQuery SQL is golden."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from events_helpers import TODAY, real_file
from typer.testing import CliRunner

from dyad.api import events_list, events_monthly, events_sql, import_gdelt_events
from dyad.errors import SourceUnavailableError, UsageError

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def synthetic_store(store, tmp_path):
    from dyad.api import generate_gdelt

    paths = generate_gdelt(real_file(), tmp_path / "syn", rows=30_000, rows_per_file=10_000,
                           seed=7)
    import_gdelt_events(store, paths, today=TODAY)
    return store


def _spark_ready() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install 'dyad[spark]')"
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "Java is not available"
    return None


@pytest.mark.spark
def test_duckdb_and_spark_give_identical_aggregates(synthetic_store):
    reason = _spark_ready()
    if reason:
        pytest.skip(reason)
    duck = events_monthly(synthetic_store, pair="US-C5")
    spark = events_monthly(synthetic_store, pair="US-C5", engine="spark")
    assert len(duck) > 20 and duck["n"].sum() > 50
    assert list(duck.columns) == list(spark.columns)
    for col in duck.columns:
        if duck[col].dtype.kind == "f":
            assert ((duck[col] - spark[col]).abs() <= 1e-9).all(), col
        else:
            assert [int(x) if not isinstance(x, str) else x for x in duck[col]] == \
                   [int(x) if not isinstance(x, str) else x for x in spark[col]], col
    ev_d = events_list(synthetic_store, pair="US-KZ")
    ev_s = events_list(synthetic_store, pair="US-KZ", engine="spark")
    assert list(ev_d["event_id"]) == list(ev_s["event_id"])


def test_synthetic_data_has_dyads_and_duplicates(synthetic_store):
    raw = synthetic_store.execute(
        "SELECT count(*) FROM gdelt_events WHERE Actor1CountryCode = 'USA' AND "
        "Actor2CountryCode IN ('KAZ','UZB','KGZ','TJK','TKM')").fetchone()[0]
    ev = events_list(synthetic_store, pair="US-C5")
    us = ev[ev["pair"].str.startswith("US-")]
    assert raw > 0 and len(us) > 0
    assert set(ev["pair"]) >= {"US-KZ", "RU-KZ", "CN-KZ"}
    assert ev["event_id"].is_unique
    monthly = events_monthly(synthetic_store, pair="US-KZ")
    assert (monthly["coop_index"].between(-1, 1)).all()
    assert (monthly[[c for c in monthly if c.startswith("n_") and c not in (
        "n_cooperation", "n_conflict")]].sum(axis=1) == monthly["n"]).all()


@pytest.mark.parametrize("name,kwargs", [
    ("us_kz_monthly.bigquery.sql", {"pair": "US-KZ"}),
    ("jpn_tkm_events.bigquery.sql", {"between": ("JPN", "TKM"), "what": "events"}),
])
def test_bigquery_sql_golden(name, kwargs):
    sql = events_sql(engine="bigquery", **kwargs)
    path = GOLDEN / name
    if os.environ.get("DYAD_UPDATE_GOLDEN"):
        path.write_text(sql + "\n", "utf-8")
    assert sql + "\n" == path.read_text("utf-8")
    assert "`gdelt-bq.gdeltv2.events`" in sql


def test_bigquery_without_credentials_is_one_line(monkeypatch, tmp_path):
    from dyad.cli import app

    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(SourceUnavailableError, match="GOOGLE_APPLICATION_CREDENTIALS"):
        events_list(None, pair="US-KZ", engine="bigquery", project="p")
    res = CliRunner().invoke(app, ["events", "list", "--pair", "US-KZ", "--engine", "bigquery",
                                   "--project", "p"])
    assert isinstance(res.exception, SourceUnavailableError)
    assert "\n" not in str(res.exception)


class _Job:
    def __init__(self, n):
        self.total_bytes_processed = n

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame({"pair": ["US-KZ"], "month": [201910], "n": [1]})


class _Client:
    def __init__(self, n):
        self.n, self.calls = n, []

    def query(self, sql, job_config=None):
        self.calls.append(job_config)
        return _Job(self.n)


def test_bigquery_dry_run_estimate_asks_before_scanning():
    big = _Client(50 * 10**9)
    with pytest.raises(UsageError, match="50.0 GB"):
        events_monthly(None, pair="US-KZ", engine="bigquery", project="p", client=big,
                       confirm=lambda n: False)
    assert len(big.calls) == 1                       # the dry run only
    asked = []
    out = events_monthly(None, pair="US-KZ", engine="bigquery", project="p", client=big,
                         confirm=lambda n: asked.append(n) or True)
    assert asked == [50 * 10**9] and len(out) == 1 and len(big.calls) == 3
    with pytest.raises(UsageError, match="--project"):
        events_monthly(None, pair="US-KZ", engine="bigquery", project=None, client=big)


def test_cli_between_and_sql(_store_template, tmp_path, monkeypatch):
    import shutil

    from dyad.cli import app

    db = tmp_path / "cli.duckdb"
    shutil.copyfile(_store_template, db)        # a built store: the CLI need not build one
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "import", "gdelt", str(real_file())]
                         ).exit_code == 0
    res = runner.invoke(app, ["--db", str(db), "events", "list", "--between", "JPN", "TKM",
                              "--format", "csv"])
    assert res.exit_code == 0
    head, *rows = res.stdout.strip().splitlines()
    assert head.startswith("pair,date,event_id,actor1") and "plover_type" in head
    assert len(rows) == 10
    res = runner.invoke(app, ["events", "sql", "--pair", "US-KZ", "--engine", "bigquery"])
    assert res.exit_code == 0 and "gdelt-bq.gdeltv2.events" in res.stdout


def test_date_bounds_read_only_the_months_asked_for(synthetic_store):
    import datetime as dt

    import ibis

    from dyad.analysis.events import date_bounds, store_table

    sql = ibis.to_sql(date_bounds(store_table(synthetic_store), 20180101, 20191231))
    assert '"month"' in sql and "201801" in sql and "201912" in sql   # the folders are pruned
    full = events_monthly(synthetic_store, pair="US-C5")
    part = events_monthly(synthetic_store, pair="US-C5", start=dt.date(2018, 1, 1),
                          end=dt.date(2019, 12, 31))
    want = full[full["month"].between(201801, 201912)].reset_index(drop=True)
    assert len(part) > 0
    assert part.equals(want)
