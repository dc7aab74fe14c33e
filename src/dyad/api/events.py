"""GDELT events: import, live update, dyad event lists and aggregates on three engines,
compiled SQL, candidate contacts from events and their match with the register."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.errors import DataMissingError, SourceUnavailableError, UsageError
from dyad.sources.result import LoadResult

__all__ = [
    "ENGINES", "events_candidates", "events_list", "events_match", "events_monthly",
    "events_sql", "gdelt_files_table", "generate_gdelt", "import_gdelt_events",
    "queue_event_candidates",
    "update_gdelt_events",
]

ENGINES = ("duckdb", "spark", "bigquery")
BQ_MAX_BYTES = 20 * 10**9


def import_gdelt_events(con: duckdb.DuckDBPyConnection, paths: list[str | Path], *,
                        today: dt.date | None = None) -> LoadResult:
    """Import GDELT 1.0/2.0 event exports (zipped or not), each in its own run; a bad file is
    recorded as failed and the others go on. ``result.files``: one status row per file."""
    from dyad.sources.gdelt_events.load import import_files

    return import_files(con, paths, today=today)


def update_gdelt_events(con: duckdb.DuckDBPyConnection, start: dt.date | str,
                        end: dt.date | str, *, transport: Any = None,
                        min_interval: float = 1.0,
                        sleep: Callable[[float], None] | None = None) -> LoadResult:
    """Fetch GDELT 2.0 exports added from ``start`` to ``end`` (md5-checked) and import them
    (``dyad update gdelt --from --to``); ``result.files``: one status row per file."""
    from dyad.sources.gdelt_events.fetch import update_events

    return update_events(con, start=start, end=end, transport=transport,
                         min_interval=min_interval, sleep=sleep)


def gdelt_files_table(result: LoadResult) -> pd.DataFrame:
    """The per-file status rows of a GDELT import or update, as a table."""
    from dyad.sources.gdelt_events.load import FILE_COLUMNS

    return pd.DataFrame(result.details.get("files", []), columns=FILE_COLUMNS)


def _dyads(pair: str | None, between: tuple[str, str] | None) -> list[Any]:
    from dyad.analysis.events import between_dyad, pair_dyads

    if between and pair:
        raise UsageError("give --pair or --between, not both")
    if between:
        return [between_dyad(*between)]
    return pair_dyads(pair or "US-KZ")


def _duckdb_source(con: duckdb.DuckDBPyConnection) -> Any:
    from dyad.analysis.events import store_table

    return store_table(con)


def _spark_source(con: duckdb.DuckDBPyConnection) -> Any:
    from dyad.analysis.events import LOAD_HINT
    from dyad.sources.gdelt_events.load import events_dir, has_events

    try:
        import ibis
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("--engine spark needs the spark extra: pip install 'dyad[spark]' "
                         "(and Java 17)") from None
    folder = events_dir(con)
    if not has_events(folder):
        raise DataMissingError(f"no GDELT events in the store; load them with: {LOAD_HINT}")
    session = (SparkSession.builder.master(os.environ.get("DYAD_SPARK_MASTER", "local[2]"))
               .appName("dyad").config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions",
                       os.environ.get("DYAD_SPARK_PARTITIONS", "8")).getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session).read_parquet(str(folder))


def bigquery_credentials() -> None:
    """Fail in one line, saying what to set, when no Google Cloud credentials are found."""
    adc = Path.home() / ".config" / "gcloud" / "application_default_credentials.json"
    if not os.environ.get("GOOGLE_APPLICATION_CREDENTIALS") and not adc.exists():
        raise SourceUnavailableError(
            "no Google Cloud credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service "
            "account key file (or run `gcloud auth application-default login`)")


def _run_bigquery(expr: Any, project: str | None, *, client: Any = None,
                  confirm: Callable[[int], bool] | None = None,
                  max_bytes: int = BQ_MAX_BYTES) -> pd.DataFrame:
    """Dry-run for a byte estimate, ask above ``max_bytes``, then run on BigQuery."""
    from dyad.analysis.events import compile_sql

    if not project:
        raise UsageError("--engine bigquery needs --project P (the Google Cloud project billed)")
    sql = compile_sql(expr, "bigquery")
    if client is None:
        bigquery_credentials()
        try:
            from google.cloud import bigquery
        except ImportError:
            raise UsageError("--engine bigquery needs the bigquery extra: "
                             "pip install 'dyad[bigquery]'") from None
        client = bigquery.Client(project=project)
    from_cfg = _job_config(client, dry_run=True)
    estimate = int(client.query(sql, job_config=from_cfg).total_bytes_processed or 0)
    if estimate > max_bytes and not (confirm and confirm(estimate)):
        raise UsageError(f"not run: the query would scan {estimate / 1e9:.1f} GB "
                         f"(over {max_bytes / 1e9:.0f} GB); confirm to run it")
    return client.query(sql).to_dataframe()


def _job_config(client: Any, *, dry_run: bool) -> Any:
    try:
        from google.cloud import bigquery

        return bigquery.QueryJobConfig(dry_run=dry_run, use_query_cache=False)
    except ImportError:  # a test double
        return {"dry_run": dry_run}


def _execute(con: duckdb.DuckDBPyConnection | None, build: Callable[[Any], Any],
             engine: str, project: str | None, **bq: Any) -> pd.DataFrame:
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "bigquery":
        from dyad.analysis.events import bigquery_source

        return _run_bigquery(build(bigquery_source()), project, **bq)
    assert con is not None
    source = _duckdb_source(con) if engine == "duckdb" else _spark_source(con)
    return build(source).to_pandas()


def _bounds(start: dt.date | None, end: dt.date | None) -> tuple[int | None, int | None]:
    def f(d: dt.date | None) -> int | None:
        return int(d.strftime("%Y%m%d")) if d else None
    return f(start), f(end)


def events_list(con: duckdb.DuckDBPyConnection | None, *, pair: str | None = None,
                between: tuple[str, str] | None = None, engine: str = "duckdb",
                project: str | None = None, start: dt.date | None = None,
                end: dt.date | None = None, **bq: Any) -> pd.DataFrame:
    """One row per event of the dyad(s) after deduplication, oldest first."""
    from dyad.analysis.events import LIST_COLUMNS, date_bounds, dyad_events

    dyads = _dyads(pair, between)
    lo, hi = _bounds(start, end)

    def build(t: Any) -> Any:
        return dyad_events(date_bounds(t, lo, hi), dyads).order_by(
            ["pair", "day", "event_id"]).select(LIST_COLUMNS)

    df = _execute(con, build, engine, project, **bq)
    df["date"] = pd.to_datetime(df["date"]).dt.date
    return df.reset_index(drop=True)


def events_monthly(con: duckdb.DuckDBPyConnection | None, *, pair: str | None = None,
                   between: tuple[str, str] | None = None, by: str = "month",
                   engine: str = "duckdb", project: str | None = None,
                   start: dt.date | None = None, end: dt.date | None = None,
                   **bq: Any) -> pd.DataFrame:
    """Per pair and month (or day): n, counts by PLOVER type, cooperation index, means."""
    from dyad.analysis.events import aggregate, date_bounds, dyad_events

    dyads = _dyads(pair, between)
    lo, hi = _bounds(start, end)
    df = _execute(con, lambda t: aggregate(dyad_events(date_bounds(t, lo, hi), dyads), by),
                  engine, project, **bq)
    return df.sort_values(["pair", by]).reset_index(drop=True)


def events_sql(*, pair: str | None = None, between: tuple[str, str] | None = None,
               engine: str = "bigquery", what: str = "monthly") -> str:
    """The SQL Ibis compiles for the dyad's monthly aggregates (or event list), offline."""
    from dyad.analysis.events import (
        LIST_COLUMNS,
        aggregate,
        bigquery_source,
        compile_sql,
        dyad_events,
    )

    dialects = {"bigquery": "bigquery", "duckdb": "duckdb", "spark": "pyspark"}
    if engine not in dialects:
        raise UsageError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    events = dyad_events(bigquery_source(), _dyads(pair, between))
    expr = aggregate(events) if what == "monthly" else events.select(LIST_COLUMNS)
    return compile_sql(expr, dialects[engine])


def events_candidates(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> pd.DataFrame:
    """Candidate contacts clustered from GDELT government-to-government events."""
    from dyad.analysis.events import dyad_events, pair_dyads
    from dyad.analysis.events_candidates import candidates

    dyads = pair_dyads(pair, others=())
    ev = dyad_events(_duckdb_source(con), dyads).to_pandas()
    return candidates(ev, {d.label: d.label.split("-")[1] for d in dyads})


def events_match(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ"
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(candidates with their register match, precision/recall table by level and year)."""
    from dyad.analysis.events_candidates import match, precision_recall
    from dyad.contacts.query import list_contacts

    cands = events_candidates(con, pair)
    register = list_contacts(con, pair)
    matched = match(cands, register)
    years = None
    row = con.execute("SELECT min(first_day), max(last_day) FROM gdelt_files").fetchone()
    if row and row[0]:
        years = (row[0].year, row[1].year)
    return matched, precision_recall(matched, register, years)


def queue_event_candidates(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> int:
    """Put candidates that match no register contact into the review queue; return how many.

    Level is unknown from GDELT: they enter as ``working`` with low confidence, for review.
    """
    from dyad.contacts.merge import upsert_contact
    from dyad.contacts.model import ContactRecord, SourceRef
    from dyad.store import ingest_run

    matched, _ = events_match(con, pair)
    new = matched[matched["contact_id"].isna()]
    added = 0
    with ingest_run(con, source="gdelt_candidates", source_ref=pair) as run:
        c: dict[Any, Any]
        for c in new.to_dict("records"):
            run.rows_in += 1
            urls = [str(u) for u in c["source_urls"]] or [f"gdelt:{c['event_ids'][0]}"]
            cid = str(c["candidate_id"])
            rec = ContactRecord(
                record_id=cid, date_start=c["date_start"], date_end=c["date_end"],
                kind=c["kind"], level="working", partners=[str(c["partner"])],
                status="candidate", confidence="low",
                summary=(f"GDELT candidate: {c['n_events']} events between "
                         f"{', '.join(c['actors'])}; level unknown"),
                sources=[SourceRef(source="gdelt_events", source_ref=f"{cid}#{u}",
                                   url=u if u.startswith("http") else None) for u in urls])
            upsert_contact(con, rec, run)
            run.rows_loaded += 1
            added += 1
    return added


def generate_gdelt(template: str | Path, out_dir: str | Path, *, rows: int,
                   rows_per_file: int = 200_000, seed: int = 0,
                   zipped: bool = False) -> list[Path]:
    """Write synthetic GDELT 2.0 exports drawn from a real export (``gdelt_events.synth``)."""
    from dyad.sources.gdelt_events.synth import generate

    return generate(Path(template), Path(out_dir), rows=rows, rows_per_file=rows_per_file,
                    seed=seed, zipped=zipped)
