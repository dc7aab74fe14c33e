"""`dyad contacts list`: a compact default, --columns, and one-line errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from dyad.cli import app
from dyad.cli.contacts import COMPACT


def _run(store, *args):
    path = store.execute("SELECT path FROM duckdb_databases() WHERE database_name = "
                         "current_database()").fetchone()[0]
    store.close()
    return CliRunner().invoke(app, ["--db", path, "contacts", "list", *args])


def test_table_default_is_compact(store):
    res = _run(store, "--from", "2024-01-01")
    assert res.exit_code == 0, res.output
    header = "".join(res.output.splitlines()[1:5])  # a narrow terminal folds the header
    assert "date" in header and "kind" in header and "contact_id" not in header
    assert "plover" not in res.output


def test_machine_formats_keep_every_column_and_columns_choose(store):
    res = _run(store, "--from", "2024-01-01", "--format", "json", "--columns",
               ",".join(COMPACT))
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows and list(rows[0]) == list(COMPACT)
    assert isinstance(rows[0]["n_sources"], int) and len(rows[0]["date"]) == 10


def test_columns_choose_and_unknown_is_one_line(store):
    res = _run(store, "--columns", "date,admin,source_tiers", "--format", "csv")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "date,admin,source_tiers"


def test_unknown_column_names_the_valid_ones(store):
    res = _run(store, "--columns", "bogus")
    assert res.exit_code != 0
    assert "Traceback" not in res.output
