"""Exports are atomic and safe to open in a spreadsheet: formula-like text is neutralised
(OWASP) in CSV, XLSX, Stata and list output, control characters are cleaned for XLSX, a
failure is one line and leaves no file, Stata says what it renamed."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dyad.report import export as export_mod
from dyad.report.export import ExportError, export_tables, neutralise_cell

EVIL = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3+4", "@SUM(A1)", "\tx", "\rx"]
LIVE = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def evil_store(store):
    """The shipped store plus one table whose text cells are formula-like."""
    store.execute("CREATE TABLE zz_evil (id INTEGER, txt VARCHAR, short INTEGER, tags VARCHAR[])")
    for i, text in enumerate([*EVIL, "bell\x08 and \x01 here", "plain"]):
        store.execute("INSERT INTO zz_evil VALUES (?, ?, ?, ?)", [i, text, -i, ["=a", "b"]])
    return store


def test_the_rule():
    for text in EVIL:
        assert neutralise_cell(text) == "'" + text
    assert neutralise_cell("plain") == "plain" and neutralise_cell(-3) == -3


def test_csv_cells_are_neutralised_and_raw_keeps_them(evil_store, tmp_path):
    export_tables(evil_store, "csv", tmp_path / "safe")
    df = pd.read_csv(tmp_path / "safe" / "zz_evil.csv", keep_default_na=False)
    assert not any(str(v).startswith(LIVE) for v in df["txt"])
    assert df["short"].min() == -(len(EVIL) + 1)   # numbers stay numbers
    assert df["tags"].iloc[0] == "'=a;b"
    export_tables(evil_store, "csv", tmp_path / "raw", raw=True)
    raw = pd.read_csv(tmp_path / "raw" / "zz_evil.csv", keep_default_na=False)
    assert raw["txt"].iloc[0] == EVIL[0]


def xlsx_sheet_xml(path: Path, name: str) -> str:
    """The XML of one sheet of an xlsx file (to look for <f> formula elements)."""
    with zipfile.ZipFile(path) as z:
        names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
        return z.read(f"xl/worksheets/sheet{names.index(name) + 1}.xml").decode()


@pytest.mark.parametrize("raw", [False, True])
def test_xlsx_has_no_live_formula_and_no_control_characters(evil_store, tmp_path, raw):
    [path] = export_tables(evil_store, "xlsx", tmp_path, raw=raw)
    assert "<f>" not in xlsx_sheet_xml(path, "zz_evil")
    df = pd.read_excel(path, sheet_name="zz_evil", keep_default_na=False)
    texts = list(df["txt"])
    assert "bell and  here" in texts
    if raw:
        assert EVIL[0] in texts
    else:
        assert all(not t.startswith(LIVE) for t in texts)


def test_stata_renames_are_said_and_types_kept(evil_store, tmp_path):
    notes: list[str] = []
    export_tables(evil_store, "dta", tmp_path, notes=notes)
    assert "dta: zz_evil.short renamed short_" in notes
    df = pd.read_stata(tmp_path / "zz_evil.dta")
    assert list(df.columns) == ["id", "txt", "short_", "tags"]
    assert str(df["id"].dtype).startswith("int") and df["txt"].iloc[0].startswith("'=")
    with pd.io.stata.StataReader(tmp_path / "zz_evil.dta") as r:
        assert r.variable_labels()["short_"] == "short"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "dta"])
def test_a_failure_is_one_line_and_leaves_no_file(evil_store, tmp_path, monkeypatch, fmt):
    real = export_mod.read_table
    calls = {"n": 0}

    def flaky(con, name):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full\nsecond line")
        return real(con, name)

    monkeypatch.setattr(export_mod, "read_table", flaky)
    out = tmp_path / "out"
    with pytest.raises(ExportError) as e:
        export_tables(evil_store, fmt, out)
    assert "\n" not in str(e.value) and "no file was written" in str(e.value)
    assert os.listdir(out) == []


def test_an_earlier_export_survives_a_failed_one(evil_store, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_tables(evil_store, "csv", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(export_mod, "read_table", lambda con, name: 1 / 0)
    with pytest.raises(ExportError):
        export_tables(evil_store, "csv", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_list_output_is_neutralised_unless_raw(capsys):
    from dyad.cli.common import Fmt, emit

    df = pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "ok"], "n": [-1.5, 2.0]})
    emit(df, Fmt.csv, raw=False)
    out = capsys.readouterr().out
    assert "'=cmd" in out and ",-1.5" in out
    emit(df, Fmt.csv, raw=True)
    assert "\n=cmd" in capsys.readouterr().out
    emit(df, Fmt.table, raw=False)
    assert "'=cmd" in capsys.readouterr().out
