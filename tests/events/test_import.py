"""Import of GDELT exports: the real 2.0 file, 1.0 formats, zips, bad input, idempotence."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from events_helpers import TODAY, as_v1, real_file, real_lines
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.api import events_list, gdelt_files_table, import_gdelt_events
from dyad.sources.gdelt_events.parse import parse_lines


def _write(tmp_path, name, lines, *, zipped=False, raw=None):
    data = raw if raw is not None else ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / name
    if zipped:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(name.removesuffix(".zip"), data)
    else:
        path.write_bytes(data)
    return path


def _import(con, paths):
    """Import and return the per-file status table (the result's ``files``)."""
    return gdelt_files_table(import_gdelt_events(con, paths, today=TODAY))


def _counts(con):
    return con.execute("SELECT count(*) FROM gdelt_events").fetchone()[0]


def test_real_file_jpn_tkm_with_plover(store):
    out = _import(store, [real_file()])
    assert out.loc[0, "status"] == "loaded" and out.loc[0, "rows_loaded"] == 2111
    df = events_list(store, between=("JPN", "TKM"))
    assert len(df) == 10 and set(df["pair"]) == {"JPN-TKM"}
    assert set(df["plover_type"]) == {"AGREE", "CONSULT"}
    row = df[df["event_id"] == 881992005].iloc[0]
    assert (row["cameo"], row["plover_type"], row["goldstein"]) == ("057", "AGREE", 8.0)
    files = store.execute("SELECT file, format, lines, rows_loaded FROM gdelt_files").fetchall()
    assert files == [("20191024143000.export.CSV", "2.0", 2111, 2111)]
    again = _import(store, [real_file()])
    assert again.loc[0, "status"] == "already imported" and _counts(store) == 2111
    q = store.execute("SELECT file, reason FROM quarantine WHERE source = 'gdelt_events'"
                      ).fetchall()
    assert len(q) == 1 and "already imported" in q[0][1]


def test_zip_and_v1_formats(store, tmp_path):
    lines = real_lines(50)
    z = _write(tmp_path, "20191024143000.export.CSV.zip", lines, zipped=True)
    v1 = _write(tmp_path, "20191023.export.CSV", [as_v1(x) for x in real_lines()[50:80]])
    back = _write(tmp_path, "2012.csv", [as_v1(x, with_url=False) for x in real_lines()[80:90]])
    out = _import(store, [z, v1, back])
    assert list(out["rows_loaded"]) == [50, 30, 10]
    fmts = store.execute("SELECT format FROM gdelt_files ORDER BY file").fetchall()
    assert sorted(f[0] for f in fmts) == ["1.0", "1.0", "2.0"]
    n_url = store.execute("SELECT count(SOURCEURL), count(*) FROM gdelt_events "
                          "WHERE gdelt_version = '1.0'").fetchone()
    assert n_url == (30, 40)


def test_bad_rows_quarantined_with_file_line_field(store, tmp_path):
    lines = real_lines(12)
    f = lines[2].split("\t")
    lines[2] = "\t".join(f[:59])                        # 59 fields
    f = lines[4].split("\t")
    f[1] = "20991301"                                   # not a date
    lines[4] = "\t".join(f)
    f = lines[6].split("\t")
    f[1] = "19500101"                                   # before GDELT
    lines[6] = "\t".join(f)
    f = lines[8].split("\t")
    f[30] = "many"                                      # GoldsteinScale not a number
    lines[8] = "\t".join(f)
    lines[10] = lines[9]                                # duplicated event id
    data = ("\n".join(lines[:11]) + "\n").encode()
    data += lines[11].encode().replace(b"\t", b"\t\xff", 1) + b"\n"     # not UTF-8
    path = _write(tmp_path, "bad.export.CSV", [], raw=data)
    out = _import(store, [path])
    q = store.execute("SELECT file, record, field, reason FROM quarantine "
                      "WHERE source = 'gdelt_events' ORDER BY record").fetchall()
    by_line = {r[1]: r for r in q}
    assert by_line["line 3"][3].startswith("59 fields")
    assert by_line["line 5"][2] == "SQLDATE" and by_line["line 7"][2] == "SQLDATE"
    assert by_line["line 9"][2] == "GoldsteinScale"
    assert by_line["line 11"][2] == "GLOBALEVENTID" and "line 10" in by_line["line 11"][3]
    assert "not UTF-8" in by_line["line 12"][3]
    assert all(r[0] == "bad.export.CSV" for r in q)
    n_lines = int(out.loc[0, "lines"])
    assert out.loc[0, "rows_loaded"] + out.loc[0, "rows_quarantined"] == n_lines
    assert _counts(store) == out.loc[0, "rows_loaded"]


def test_duplicate_ids_across_files_and_truncated_zip(store, tmp_path):
    a = _write(tmp_path, "a.export.CSV", real_lines(20))
    b = _write(tmp_path, "b.export.CSV", real_lines(30)[10:])
    full = _write(tmp_path, "c.export.CSV.zip", real_lines(200), zipped=True)
    cut = tmp_path / "d.export.CSV.zip"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    out = _import(store, [a, b, cut])
    assert list(out["rows_loaded"][:2]) == [20, 10]
    assert out.loc[1, "rows_quarantined"] == 10
    assert out.loc[2, "status"] == "failed" and "zip" in out.loc[2, "error"]
    run = store.execute("SELECT status FROM ingest_runs WHERE source_ref LIKE '%d.export%'"
                        ).fetchone()
    assert run == ("failed",)
    assert _counts(store) == 30


def test_cli_import_many_files_and_a_folder(tmp_path, _store_template):
    """`dyad import gdelt PATH...` from the registry: each file its own run, a bad one is
    reported and the others go on (exit 1); a folder imports every export in it."""
    from typer.testing import CliRunner

    from dyad.cli import app

    a = _write(tmp_path, "a.export.CSV", real_lines(20))
    full = _write(tmp_path, "c.export.CSV.zip", real_lines(200), zipped=True)
    cut = tmp_path / "d.export.CSV.zip"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    b = _write(tmp_path, "b.export.CSV", real_lines(30)[20:])
    db = str(tmp_path / "cli.duckdb")
    shutil.copyfile(_store_template, db)        # a built store: the CLI need not build one
    run = CliRunner().invoke
    r = run(app, ["--db", db, "import", "gdelt", str(a), str(cut), str(b)])
    assert r.exit_code == 1, r.output
    assert "truncated or corrupt zip" in r.output and "Traceback" not in r.output
    assert r.output.count("gdelt_events: run") == 2 and "10 loaded" in r.output
    folder = tmp_path / "more"
    folder.mkdir()
    _write(folder, "e.export.CSV", real_lines(40)[30:])
    _write(folder, "f.export.CSV.zip", real_lines(50)[40:], zipped=True)
    r = run(app, ["--db", db, "import", "gdelt", str(folder)])
    assert r.exit_code == 0 and "20 loaded" in r.output and "2 files: 2 loaded" in r.output


def test_in_memory_store_needs_a_folder(monkeypatch):
    from dyad.errors import UsageError
    from dyad.sources.gdelt_events.load import events_dir
    from dyad.store import connect

    monkeypatch.delenv("DYAD_EVENTS_DIR", raising=False)
    with pytest.raises(UsageError, match="DYAD_EVENTS_DIR"):
        events_dir(connect(":memory:"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=200), min_size=1, max_size=20))
def test_fuzz_parse_never_loses_a_line(raw):
    lines = [r.replace(b"\n", b" ") for r in raw]
    batch = parse_lines(lines, ncols=61, name="fuzz", first_line=1, today=TODAY)
    assert batch.table.num_rows + len(batch.problems) == len(lines)
    assert all(p.file == "fuzz" and p.record.startswith("line ") for p in batch.problems)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_fuzz_real_rows_with_one_field_mangled(data):
    lines = real_lines(40)
    i = data.draw(st.integers(0, 39))
    j = data.draw(st.integers(0, 60))
    f = lines[i].split("\t")
    f[j] = data.draw(st.text(alphabet="0123456789-.xZ ", max_size=12))
    lines[i] = "\t".join(f)
    batch = parse_lines([x.encode() for x in lines], ncols=61, name="f", first_line=1,
                        today=TODAY)
    assert batch.table.num_rows + len(batch.problems) == 40
    assert batch.table.num_rows >= 39
