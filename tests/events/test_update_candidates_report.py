"""Live path on recorded responses; candidate contacts; the report section."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import zipfile

import httpx
import pandas as pd
import pytest
from events_helpers import TODAY, real_file, real_lines

from dyad.api import (
    events_match,
    gdelt_files_table,
    import_gdelt_events,
    queue_event_candidates,
    review_queue,
    update_gdelt_events,
)
from dyad.errors import LoadError


def _zip(lines: list[str], name: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, "\n".join(lines) + "\n")
    return buf.getvalue()


def _transport(files: dict[str, bytes], *, bad_md5: bool = False, flaky: set[str] = frozenset()):
    """The master file list in GDELT's documented format (``size md5 url`` per line; written
    for the test, not recorded), serving zips built from the real export."""
    base = "http://data.gdeltproject.org/gdeltv2/"
    listing = "".join(
        f"{len(b)} {hashlib.md5(b).hexdigest() if not bad_md5 else '0' * 32} {base}{n}\n"
        f"{len(b) // 3} {hashlib.md5(n.encode()).hexdigest()} "
        f"{base}{n.replace('export', 'mentions')}\n" for n, b in files.items())
    listing += "garbage line\n"
    hits: dict[str, int] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        name = request.url.path.rsplit("/", 1)[-1]
        hits[name] = hits.get(name, 0) + 1
        if name in flaky and hits[name] == 1:
            return httpx.Response(503)
        if name == "masterfilelist.txt":
            return httpx.Response(200, text=listing)
        if name in files:
            return httpx.Response(200, content=files[name])
        return httpx.Response(404)

    return httpx.MockTransport(handler), hits


def test_update_downloads_checks_md5_and_imports(store):
    lines = real_lines()
    files = {"20191024143000.export.CSV.zip": _zip(lines[:100], "20191024143000.export.CSV"),
             "20191025000000.export.CSV.zip": _zip(lines[100:150], "20191025000000.export.CSV"),
             "20191101000000.export.CSV.zip": _zip(lines[150:160], "20191101000000.export.CSV")}
    transport, hits = _transport(files, flaky={"20191024143000.export.CSV.zip"})
    result = update_gdelt_events(store, dt.date(2019, 10, 24), dt.date(2019, 10, 25),
                                 transport=transport, min_interval=0, sleep=lambda s: None)
    out = gdelt_files_table(result)
    assert list(out["rows_loaded"]) == [100, 50] and result.rows_loaded == 150
    assert hits["20191024143000.export.CSV.zip"] == 2          # retried after a 503
    assert "20191101000000.export.CSV.zip" not in hits
    again = update_gdelt_events(store, "2019-10-24", "2019-10-25",
                                transport=transport, min_interval=0, sleep=lambda s: None)
    assert {f["status"] for f in again.files} == {"already imported"}
    assert again.rows_loaded == 0 and "2 already imported" in again.line()


def test_update_md5_mismatch_is_a_load_error(store):
    files = {"20191024143000.export.CSV.zip": _zip(real_lines(5), "x.CSV")}
    transport, _ = _transport(files, bad_md5=True)
    with pytest.raises(LoadError, match="md5"):
        update_gdelt_events(store, dt.date(2019, 10, 24), dt.date(2019, 10, 24),
                            transport=transport, min_interval=0, sleep=lambda s: None)


def test_cli_update_gdelt_from_to_goes_through_the_registry(tmp_path, monkeypatch,
                                                             _store_template):
    """`dyad update gdelt --from DATE --to DATE` (issue 13's contract), built from the
    registry; the live client gets the recorded transport."""
    from typer.testing import CliRunner

    from dyad.cli import app
    from dyad.sources.gdelt_events import fetch

    lines = real_lines()
    files = {"20191024143000.export.CSV.zip": _zip(lines[:40], "20191024143000.export.CSV")}
    transport, _ = _transport(files)
    real_client = fetch.HttpClient

    def recorded(**kw):
        return real_client(**{**kw, "transport": transport, "min_interval": 0,
                              "sleep": lambda s: None})

    monkeypatch.setattr(fetch, "HttpClient", recorded)
    db = str(tmp_path / "cli.duckdb")
    shutil.copyfile(_store_template, db)        # a built store: the CLI need not build one
    run = CliRunner().invoke
    r = run(app, ["--db", db, "update", "gdelt", "--from", "2019-10-24", "--to", "2019-10-25"])
    assert r.exit_code == 0, r.output
    assert "gdelt_events:" in r.output and "40 loaded" in r.output and "1 loaded" in r.output
    r = run(app, ["--db", db, "update", "gdelt", "--from", "2019-10-24", "--to", "2019-10-25",
                  "--format", "csv"])
    assert r.exit_code == 0 and r.stdout.startswith("source,run_id,rows_in"), r.output
    assert "1 already imported" in r.stdout
    r = run(app, ["--db", db, "update", "gdelt", "--from", "2019-10-25", "--to", "2019-10-24"])
    assert r.exit_code == 2 and "before --from" in r.output
    r = run(app, ["--db", db, "update", "gdelt", "--to", "2019-10-24"])
    assert r.exit_code == 2 and "--from" in r.output
    assert "--from" in run(app, ["update", "gdelt", "--help"]).output


def _us_kz_rows(register: pd.DataFrame) -> list[str]:
    """Rows in GDELT 2.0 format (built from real rows) for US–KZ government contacts on the
    days of two register contacts and one day with none."""
    tpl = real_lines(1)[0].split("\t")
    days = [register.iloc[0]["date_start"], register.iloc[1]["date_start"],
            dt.date(2019, 9, 1)]
    out = []
    for k, day in enumerate(days):
        for j, code in enumerate(["042", "046"]):
            f = list(tpl)
            f[0] = str(900000000 + 10 * k + j)
            f[1] = day.strftime("%Y%m%d")
            f[5:8] = ["USAGOV", "UNITED STATES", "USA"]
            f[12] = "GOV"
            f[15:18] = ["KAZGOV", "KAZAKHSTAN", "KAZ"]
            f[22] = "GOV"
            f[26:29] = [code, code, code[:2]]
            f[29] = "1"
            f[59] = "20191024143000"
            f[60] = f"https://news.example/{k}"
            out.append("\t".join(f))
    return out


def test_candidates_match_register_and_queue(store, tmp_path):
    from dyad.contacts.query import list_contacts

    reg = list_contacts(store, "US-KZ")
    reg = reg[reg["date_start"] >= dt.date(2015, 1, 1)].reset_index(drop=True)
    path = tmp_path / "kz.export.CSV"
    path.write_text("\n".join(_us_kz_rows(reg)) + "\n")
    import_gdelt_events(store, [path], today=TODAY)
    matched, pr = events_match(store, "US-KZ")
    assert len(matched) == 3 and matched["contact_id"].notna().sum() == 2
    assert set(matched["kind"]) == {"visit"}
    prec = pr[pr["measure"] == "precision"]
    assert prec["n"].sum() == 3 and prec["matched"].sum() == 2
    assert (pr[pr["measure"] == "recall"]["matched"].sum()) >= 2
    assert queue_event_candidates(store, "US-KZ") == 1
    q = review_queue(store)
    assert (q["item"] == "candidate").sum() >= 1
    assert queue_event_candidates(store, "US-KZ") == 1          # same contact, nothing new
    n = store.execute("SELECT count(*) FROM contacts WHERE origin LIKE '%gdelt%' OR contact_id "
                      "IN (SELECT contact_id FROM contact_sources WHERE source = "
                      "'gdelt_events')").fetchone()[0]
    assert n == 1


def test_report_section_empty_and_with_generated_data(store, tmp_path):
    from dyad.api import generate_gdelt
    from dyad.report.sections import ReportContext
    from dyad.report.sections.events import render

    ctx = ReportContext(store, "US-KZ", dt.date(2025, 1, 1))
    empty = render(ctx)
    assert "dyad import gdelt" in str(empty.body) and empty.missing
    paths = generate_gdelt(real_file(), tmp_path / "syn", rows=20_000, rows_per_file=5_000,
                           seed=3)
    import_gdelt_events(store, paths, today=TODAY)
    sec = render(ctx)
    body = str(sec.body)
    assert not sec.missing and body.count("<svg") == 2
    assert "RU-KZ" in body and "CN-KZ" in body and "gdeltproject.org" in body
