"""Attention per outlet normalised by the outlet's own volume, and the small attention table.

The ``search/sources`` answers below are WRITTEN FROM THE DOCUMENTED FORMAT of the Media
Cloud search API (v4) as the ``mediacloud`` client's ``SearchApi.sources`` returns it
(``{"sources": [{"source": <domain>, "count": <stories>}]}``); no live answer was recorded
(no key was available). Outlets are fictional.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from dyad.analysis.attention import attention_table, outlet_attention, wilson
from dyad.api import import_source
from dyad.api.media import attention_by_outlet
from dyad.errors import LoadError, UsageError
from dyad.sources.mediacloud.fetch import client, fetch_outlet_volume, update_mediacloud
from dyad.sources.mediacloud.load import load_answers
from dyad.sources.mediacloud.parse import source_counts

US = 34412234
D0, D1 = dt.date(2024, 1, 1), dt.date(2024, 1, 31)
MATCHING = {"sources": [{"source": "wire.example", "count": 120},
                        {"source": "Weekly.example", "count": 9},
                        {"source": "ghost.example", "count": 3}]}
VOLUME = {"sources": [{"source": "wire.example", "count": 60000},
                      {"source": "weekly.example", "count": 300},
                      {"source": "quiet.example", "count": 5000}]}


def _fake(request: httpx.Request) -> httpx.Response:
    q = parse_qs(urlsplit(str(request.url)).query)
    assert request.url.path.endswith("/search/sources")
    return httpx.Response(200, json=VOLUME if q["q"] == ["*"] else MATCHING)


def test_the_sources_answer_is_parsed_and_a_bad_row_is_kept_apart():
    rows = source_counts({"sources": [{"source": "A.example", "count": 2},
                                      {"source": "", "count": 1},
                                      {"source": "b.example", "count": -1}]}, "ref")
    assert rows[0] == {"outlet": "a.example", "count": 2}
    assert all(isinstance(r, LoadError) for r in rows[1:])
    with pytest.raises(LoadError):
        source_counts({"nothing": []}, "ref")


def test_outlet_volume_asks_the_query_and_the_total_volume(monkeypatch):
    monkeypatch.setenv("MEDIACLOUD_API_KEY", "test-key")
    seen: list[httpx.Request] = []

    def fake(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return _fake(request)

    http = client(transport=httpx.MockTransport(fake), sleep=lambda s: None,
                  clock=lambda: 0.0)
    rows, notes = fetch_outlet_volume(http, "Kazakhstan", US, D0, D1)
    assert [parse_qs(urlsplit(str(r.url)).query)["q"] for r in seen] == [["Kazakhstan"], ["*"]]
    assert rows == [{"collection_id": US, "outlet": "wire.example", "count": 120, "n": 60000},
                    {"collection_id": US, "outlet": "quiet.example", "count": 0, "n": 5000},
                    {"collection_id": US, "outlet": "weekly.example", "count": 9, "n": 300}]
    assert any("ghost.example" in n for n in notes)  # matches without a volume: left out


def test_outlet_shares_are_normalised_by_each_outlets_volume():
    rows = [{"collection_id": US, "outlet": "wire.example", "count": 120, "n": 60000},
            {"collection_id": US, "outlet": "weekly.example", "count": 9, "n": 300}]
    df = outlet_attention(rows)
    assert list(df["outlet"]) == ["wire.example", "weekly.example"]  # largest n first
    # the small weekly gives the pair 15x the share of the wire, though 13x fewer stories
    assert df["share"].tolist() == pytest.approx([0.002, 0.03])
    lo, hi = wilson(9, 300)
    assert (df.iloc[1]["share_low"], df.iloc[1]["share_high"]) == pytest.approx((lo, hi))
    assert df["n"].tolist() == [60000, 300] and "outlet" in df.attrs["exposure"]
    assert outlet_attention(rows, min_n=1000)["outlet"].tolist() == ["wire.example"]
    with pytest.raises(UsageError, match="weekly.example"):
        outlet_attention([{**rows[1], "count": 301}])


def test_the_attention_table_puts_collections_and_outlets_side_by_side(store):
    counts = {"count_over_time": {"counts": [
        {"date": f"2024-01-0{d} 00:00:00", "count": 10, "total_count": 2000, "ratio": 0.005}
        for d in (1, 2)], "total": 20, "normalized_total": 4000}}
    load_answers(store, counts=[("sample", counts)], collection=US, query="Kazakhstan",
                 source_ref="sample")
    rows = [{"collection_id": US, "outlet": "wire.example", "count": 120, "n": 60000},
            {"collection_id": US, "outlet": "weekly.example", "count": 9, "n": 300}]
    df = attention_table(store, "Kazakhstan", outlets=rows, min_n=1000)
    assert df["level"].tolist() == ["collection", "outlet"]
    assert df.iloc[0][["count", "n"]].tolist() == [20, 4000]
    assert df.iloc[0]["share"] == pytest.approx(0.005)
    assert "Media Cloud" in df.attrs["source"] and "n" in df.attrs["exposure"]
    assert attention_table(store, "nothing stored").empty


# --- stored outlet volumes (migration 022), the API, the CLI and the report -------------

SAMPLE = Path(__file__).resolve().parents[1] / "sources" / "samples" / "mediacloud"


def _outlets(con) -> list[tuple]:
    return con.execute("SELECT outlet_id, count, total_stories FROM mediacloud_outlets"
                       " ORDER BY total_stories DESC").fetchall()


def test_the_sample_stores_outlet_volumes_once_with_provenance(store):
    # tests/sources/samples/mediacloud/sources*.json: written from the documented format
    first = import_source(store, "mediacloud", SAMPLE)
    assert first.details["outlets"] == 5
    assert _outlets(store) == [("example-wire.com", 30, 21045),
                               ("example-national.com", 14, 5210),
                               ("example-daily.com", 9, 2380),
                               ("example-russian.com", 2, 640),
                               ("example-weekly.com", 0, 410)]
    row = store.execute("SELECT query, collection_id, period_start, period_end, outlet_name,"
                        " ingest_run, source_ref FROM mediacloud_outlets WHERE outlet_id ="
                        " 'example-wire.com'").fetchone()
    assert row[:5] == ("Kazakhstan", US, D0, dt.date(2024, 1, 4), "example-wire.com")
    assert row[5] == first.run_id and "sources-all.json" in row[6]
    again = import_source(store, "mediacloud", SAMPLE)
    assert again.rows_loaded == 0 and again.rows_quarantined == 0
    assert store.execute("SELECT count(*) FROM mediacloud_outlets").fetchone() == (5,)


def _folder(tmp_path: Path, matching: dict, volume: dict | None) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "mc")
    (tmp_path / "mc" / "sources.json").write_text(json.dumps(matching))
    if volume is None:
        (tmp_path / "mc" / "sources-all.json").unlink()
    else:
        (tmp_path / "mc" / "sources-all.json").write_text(json.dumps(volume))
    return tmp_path / "mc"


def test_bad_outlet_records_are_quarantined_with_file_record_and_field(store, tmp_path):
    matching = {"sources": [*MATCHING["sources"], {"source": "wire.example", "count": 12},
                            {"source": "quiet.example", "count": 5001},
                            {"source": "", "count": 1}]}
    volume = {"sources": [*VOLUME["sources"], {"source": "bad.example", "count": "lots"}]}
    res = import_source(store, "mediacloud", _folder(tmp_path, matching, volume))
    got = sorted(store.execute("SELECT record, field, file FROM quarantine WHERE run_id = ?",
                               [res.run_id]).fetchall())
    assert [(r, f) for r, f, _ in got] == [
        ("#6", "source"), ("bad.example", "count"), ("ghost.example", "source"),
        ("quiet.example", "count"), ("wire.example", "source")]
    assert all(file.endswith(".json") for _, _, file in got)
    # the first of two rows of an outlet stands
    assert _outlets(store) == [("wire.example", 120, 60000), ("weekly.example", 9, 300)]


def test_outlet_answers_need_their_pair_and_their_period(store, tmp_path):
    with pytest.raises(LoadError, match="one top-sources answer of the query and one of q="):
        import_source(store, "mediacloud", _folder(tmp_path, MATCHING, None))
    folder = _folder(tmp_path / "b", MATCHING, VOLUME)
    (folder / "request.json").write_text(json.dumps({"q": "Kazakhstan", "cs": str(US)}))
    with pytest.raises(LoadError, match="period"):
        import_source(store, "mediacloud", folder)
    assert store.execute("SELECT count(*) FROM mediacloud_outlets").fetchone() == (0,)
    res = import_source(store, "mediacloud", folder, start="2024-01-01", end="2024-01-31")
    assert res.details["outlets"] == 4  # 3 rows, 1 quarantined (ghost)


def test_update_loads_outlet_volumes_in_the_same_ingest_run(monkeypatch, store):
    monkeypatch.setenv("MEDIACLOUD_API_KEY", "test-key")

    def fake(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/search/count-over-time"):
            return httpx.Response(200, json={"count_over_time": {"counts": [
                {"date": "2024-01-01 00:00:00", "count": 129, "total_count": 65300}]}})
        return _fake(request)

    http = client(transport=httpx.MockTransport(fake), sleep=lambda s: None,
                  clock=lambda: 0.0)
    res = update_mediacloud(store, query="Kazakhstan", collection=US, start=D0, end=D1,
                            stories=False, http=http)
    runs = store.execute("SELECT DISTINCT ingest_run FROM mediacloud_outlets UNION"
                         " SELECT DISTINCT ingest_run FROM mediacloud_counts").fetchall()
    assert runs == [(res.run_id,)] and res.rows_quarantined == 1  # ghost.example
    again = update_mediacloud(store, query="Kazakhstan", collection=US, start=D0, end=D1,
                              stories=False, http=http)
    assert again.rows_loaded == 0
    df = attention_by_outlet(store, "Kazakhstan", min_n=1)
    assert df["level"].tolist() == ["collection", "outlet", "outlet", "outlet"]
    assert df.attrs["outlet_periods"] == [f"{US}: 2024-01-01 to 2024-01-31"]


def test_the_table_reads_stored_outlets_without_counting_a_story_twice(store):
    pair = [(("q", MATCHING), ("all", VOLUME))]
    for lo, hi in [(D0, D1), (D0, dt.date(2024, 1, 15)), (dt.date(2024, 2, 1),
                                                          dt.date(2024, 2, 29))]:
        load_answers(store, sources=pair, period=(lo, hi), collection=US, query="Kazakhstan",
                     source_ref="test")
    df = attention_table(store, "Kazakhstan", min_n=1)  # January once (the longest), + Feb
    wire = df[df["outlet"] == "wire.example"].iloc[0]
    assert (wire["count"], wire["n"]) == (240, 120000)
    assert len(df.attrs["outlet_periods"]) == 2
    jan = attention_table(store, "Kazakhstan", start=D0, end=D1, min_n=1)
    assert jan[jan["outlet"] == "wire.example"].iloc[0]["n"] == 60000
    assert attention_by_outlet(store, "Kazakhstan", top=1, min_n=1)["level"].tolist() == [
        "outlet"]
    with pytest.raises(UsageError, match="--from"):
        attention_by_outlet(store, "Kazakhstan", start="2024-02-01", end="2024-01-01")


def test_cli_prints_the_outlet_table_and_a_user_error_is_one_line(tmp_path, _store_template,
                                                                   monkeypatch, capsys):
    from dyad.cli import app, main

    db = str(tmp_path / "s.duckdb")
    shutil.copyfile(_store_template, db)
    run = CliRunner().invoke
    assert run(app, ["--db", db, "import", "mediacloud", str(SAMPLE)]).exit_code == 0
    r = run(app, ["--db", db, "media", "attention", "--query", "Kazakhstan", "--by", "outlet",
                  "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert "outlet,34412234,example-wire.com,30,21045," in r.output
    assert "example-russian.com" not in r.output  # n = 640 < --min-n 1000
    r = run(app, ["--db", db, "media", "attention", "--query", "Kazakhstan", "--by", "outlet",
                  "--min-n", "100", "--top", "2"])
    assert r.exit_code == 0 and "Wilson" in r.output and "(all outlets)" in r.output
    assert "example-wire.com" in r.output and "example-daily" not in r.output
    monkeypatch.setattr("sys.argv", ["dyad", "--db", db, "media", "attention", "--query",
                                     "Kazakhstan", "--by", "outlet", "--from", "2024-13-01"])
    with pytest.raises(SystemExit) as e:
        main()
    err = capsys.readouterr().err
    assert e.value.code == 2 and "--from '2024-13-01' is not YYYY-MM-DD" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_report_shows_the_table_only_when_media_cloud_data_are_loaded(store):
    from dyad.report.sections.media import mediacloud_tables

    assert mediacloud_tables(store) == []
    import_source(store, "mediacloud", SAMPLE)
    [html] = mediacloud_tables(store)
    assert "https://www.mediacloud.org" in html and "34412234" in html
    assert "example-wire.com" in html and "Wilson" in html and "n (all stories)" in html
    assert "2024-01-01 to 2024-01-04" in html and "example-russian.com" not in html
