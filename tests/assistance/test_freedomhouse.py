"""Freedom House workbook: the real file (spot values, through the CLI) and bad input on small
workbooks written in its documented layout (made-up scores)."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from assistance_helpers import FH_HEADER, fh_row, write_fh
from typer.testing import CliRunner

from dyad.cli import app
from dyad.errors import LoadError
from dyad.sources.freedomhouse.load import load_freedomhouse
from dyad_testing import shared_path


def test_real_workbook_through_the_cli(tmp_path, _store_template):
    path = shared_path("freedom-house", "All_data_FIW_2013-2024.xlsx")
    db = tmp_path / "fh.duckdb"
    shutil.copyfile(_store_template, db)
    run = CliRunner().invoke(app, ["--db", str(db), "import", "freedomhouse", str(path)])
    assert run.exit_code == 0, run.output
    assert "2723 read, 2723 loaded (new or revised), 0 quarantined" in run.output
    assert "sheet FIW13-25, header on row 2" in run.output
    assert "Freedom House" in run.output and "non-commercial" in run.output
    again = CliRunner().invoke(app, ["--db", str(db), "import", "freedomhouse", str(path)])
    assert "0 loaded (new or revised)" in again.output
    out = CliRunner().invoke(app, ["--db", str(db), "values", "table", "--country", "KZ,KG",
                                   "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = {(r["country"], int(r["edition"])): r for r in csv.DictReader(io.StringIO(out.output))}
    kz = rows[("KZ", 2025)]
    assert (kz["status"], kz["pr_rating"], kz["cl_rating"], kz["total_score"]) == (
        "NF", "7", "5", "23")
    assert rows[("KZ", 2013)]["total_score"] == "26"
    assert (rows[("KG", 2013)]["status"], rows[("KG", 2013)]["total_score"]) == ("PF", "39")
    assert rows[("KZ", 2025)]["covers_year"] == "2024"


def test_real_panel_draws(store):
    import datetime as dt

    from dyad.analysis.values import values_table
    from dyad.report.sections import ReportContext, values

    load_freedomhouse(store, shared_path("freedom-house", "All_data_FIW_2013-2024.xlsx"))
    panel = values_table(store, None)
    assert set(panel["country"]) == {"KG", "KZ", "TJ", "TM", "UZ", "RU", "CN", "TR"}
    latest = panel[panel["edition"] == 2025].set_index("country")["total_score"]
    assert latest.loc[["KG", "TJ", "TM", "UZ"]].tolist() == [26, 5, 1, 12]
    sec = values.render(ReportContext(store, "US-KZ", dt.date(2025, 6, 1)))
    body = str(sec.body)
    assert "<figure" in body and "<svg" in body
    assert "Source: Freedom House, Freedom in the World" in body and sec.missing == []


def test_moved_header_is_found(bare_store, tmp_path):
    path = write_fh(tmp_path / "moved.xlsx", [fh_row("Kazakhstan", 2024, "NF", 5, 18)],
                    header_row=5)
    s = load_freedomhouse(bare_store, path)
    assert (s.header_row, s.rows_loaded) == (5, 1)
    assert s.details["sheet"] == "FIW13-25" and "non-commercial" in s.details["attribution"]


def test_header_without_total_is_an_error_naming_it(bare_store, tmp_path):
    header = [c for c in FH_HEADER if c != "Total"]
    path = write_fh(tmp_path / "nototal.xlsx", [fh_row("Kazakhstan", 2024, "NF", 5, 18)[:-1]],
                    header=header)
    with pytest.raises(LoadError, match="Total") as e:
        load_freedomhouse(bare_store, path)
    assert "row 2" in str(e.value) and str(path) in str(e.value)


def test_no_header_at_all(bare_store, tmp_path):
    path = write_fh(tmp_path / "none.xlsx", [], header=["a", "b"])
    with pytest.raises(LoadError, match="no header row"):
        load_freedomhouse(bare_store, path)


def test_bad_rows_are_quarantined(bare_store, tmp_path):
    rows = [
        fh_row("Kazakhstan", 2024, "NF", 5, 18),
        fh_row("Kazakhstan", 2024, "NF", 5, 18),                     # duplicate
        fh_row("Kyrgyzstan", 2024, "XX", 5, 18),                     # bad status
        fh_row("Tajikistan", 1800, "NF", 1, 4),                      # edition out of range
        fh_row("Turkmenistan", 2024, "NF", 1, 0, ratings=(9, 7)),    # rating out of range
        [*fh_row("Uzbekistan", 2024, "NF", 2, 10)[:-1], 99],          # total != PR + CL
    ]
    s = load_freedomhouse(bare_store, write_fh(tmp_path / "bad.xlsx", rows))
    assert (s.rows_in, s.rows_loaded, s.rows_quarantined) == (6, 1, 5)
    fields = sorted(r[0] for r in bare_store.execute("SELECT field FROM quarantine").fetchall())
    assert fields == ["Edition", "Edition", "PR rating", "Status", "Total"]


def test_not_a_workbook(bare_store, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(LoadError, match="cannot read the workbook"):
        load_freedomhouse(bare_store, path)
