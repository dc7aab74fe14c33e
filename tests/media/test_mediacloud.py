"""Media Cloud connector and normalised attention, offline.

Every answer here is in the format of the Media Cloud search API (v4) as the `mediacloud`
Python client reads it (`mediacloud.api.SearchApi`, `mediacloud.types`; endpoints
`search/count-over-time` and `search/story-list`, parameters q/start/end/platform/cs,
page_size/pagination_token, header `Authorization: Token KEY`). They are WRITTEN FROM THAT
DOCUMENTATION (no live answer was recorded: no key was available), with fictional outlets:
the sample folder tests/sources/samples/mediacloud/ and the pages generated below.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from dyad.analysis.attention import wilson
from dyad.api import import_source
from dyad.api.media import media_attention
from dyad.errors import LoadError, SourceUnavailableError, UsageError
from dyad.sources.mediacloud import fetch
from dyad.sources.mediacloud.fetch import client, plan, update_mediacloud

SAMPLE = Path(__file__).resolve().parents[1] / "sources" / "samples" / "mediacloud"
US, KZ = 34412234, 38379954  # US National (client README); the second id is made up
D0 = dt.date(2024, 1, 1)


def _story(cid: int, day: dt.date, i: int, lang: str = "en") -> dict:
    return {"id": f"{cid}-{day:%Y%m%d}-{i}", "media_name": f"outlet{i % 3}.example",
            "media_url": f"outlet{i % 3}.example", "title": f"Story {i} on {day}",
            "publish_date": day.isoformat(), "language": lang,
            "url": f"https://outlet{i % 3}.example/{cid}/{day:%Y/%m/%d}/{i}",
            "indexed_date": f"{day.isoformat()}T12:00:00.000000"}


class FakeMediaCloud:
    """Answers like search.mediacloud.org: `per_day[cid]` stories a day match the query,
    `total` stories a day in every collection; story lists paged by `pagination_token`."""

    def __init__(self, per_day: dict[int, int], total: int = 5000) -> None:
        self.per_day, self.total = per_day, total
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("Authorization") != "Token test-key":
            return httpx.Response(403, json={"detail": "Invalid token."})
        q = {k: v[0] for k, v in parse_qs(urlsplit(str(request.url)).query).items()}
        cid = int(q["cs"])
        lo, hi = dt.date.fromisoformat(q["start"]), dt.date.fromisoformat(q["end"])
        days = [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
        path = request.url.path
        if path.endswith("/search/count-over-time"):
            counts = [{"date": f"{d} 00:00:00", "total_count": self.total,
                       "count": self.per_day[cid], "ratio": self.per_day[cid] / self.total}
                      for d in days]
            return httpx.Response(200, json={"count_over_time": {
                "counts": counts, "total": self.per_day[cid] * len(days),
                "normalized_total": self.total * len(days)}})
        if path.endswith("/search/story-list"):
            stories = [_story(cid, d, i) for d in days for i in range(self.per_day[cid])]
            size, at = int(q["page_size"]), int(q.get("pagination_token", "0"))
            page = stories[at:at + size]
            token = str(at + size) if at + size < len(stories) else None
            return httpx.Response(200, json={"stories": page, "pagination_token": token})
        if path.endswith("/search/sources"):  # outlet o publishes story i when i % 3 == o
            if q["q"] == "*":
                rows = [{"source": f"outlet{o}.example", "count": self.total * len(days) // 3}
                        for o in range(3)] + [{"source": "quiet.example", "count": 100}]
            else:
                rows = [{"source": f"outlet{o}.example", "count": len(days) * len(
                    [i for i in range(self.per_day[cid]) if i % 3 == o])} for o in range(3)]
            return httpx.Response(200, json={"sources": [r for r in rows if r["count"]]})
        return httpx.Response(404, json={"detail": "Not found."})


@pytest.fixture
def key(monkeypatch):
    monkeypatch.setenv("MEDIACLOUD_API_KEY", "test-key")


def _http(fake: FakeMediaCloud, sleeps: list[float] | None = None, **kw):
    return client(transport=httpx.MockTransport(fake), sleep=(sleeps if sleeps is not None
                                                               else []).append,
                  clock=lambda: 0.0, **kw)


def test_a_missing_key_is_one_line_naming_the_variable(monkeypatch):
    monkeypatch.delenv("MEDIACLOUD_API_KEY", raising=False)
    with pytest.raises(SourceUnavailableError) as e:
        client()
    assert "MEDIACLOUD_API_KEY" in str(e.value) and "\n" not in str(e.value)
    assert e.value.exit_code == 4


def test_a_refused_key_names_the_variable(monkeypatch, store):
    monkeypatch.setenv("MEDIACLOUD_API_KEY", "wrong")
    fake = FakeMediaCloud({US: 1})
    with pytest.raises(SourceUnavailableError, match="set MEDIACLOUD_API_KEY"):
        update_mediacloud(store, query="Kazakhstan", collection=US, start=D0, end=D0,
                          http=_http(fake))
    assert "wrong" not in str(fake.requests[0].url)  # the key travels in the header only


def test_requests_are_the_clients_and_polite(key, store):
    fake = FakeMediaCloud({US: 2})
    sleeps: list[float] = []
    update_mediacloud(store, query="Kazakhstan", collection=US, start=D0,
                      end=D0 + dt.timedelta(days=2), http=_http(fake, sleeps))
    first = fake.requests[0]
    assert str(first.url).startswith("https://search.mediacloud.org/api/search/count-over-time?")
    q = parse_qs(urlsplit(str(first.url)).query)
    assert q == {"q": ["Kazakhstan"], "start": ["2024-01-01"], "end": ["2024-01-03"],
                 "platform": ["onlinenews-mediacloud"], "cs": [str(US)]}
    assert first.headers["Authorization"] == "Token test-key"
    assert sleeps and all(s == pytest.approx(fetch.MIN_INTERVAL) for s in sleeps)


def test_story_lists_are_sliced_by_time_so_no_page_limit_truncates(key, store):
    # 40 stories a day for 10 days with 10-story pages and at most 2 pages a window:
    # a window may hold 20 stories, so each day is over the cap and is paged to its end.
    fake = FakeMediaCloud({US: 40, KZ: 7})
    end = D0 + dt.timedelta(days=9)
    res = update_mediacloud(store, query="Kazakhstan", collection=f"{US},{KZ}", start=D0,
                            end=end, http=_http(fake), page_size=10, max_pages=2,
                            outlet_country=None)
    n = store.execute("SELECT outlet_country, count(*) FROM articles WHERE source ="
                      " 'mediacloud' GROUP BY 1 ORDER BY 1").fetchall()
    assert n == [("US", 400), ("other", 70)]
    assert res.rows_quarantined == 0 and res.rows_loaded == 470 + 20 + 2 * 4
    counts = store.execute("SELECT collection_id, sum(count), sum(total_count), count(*) FROM"
                           " mediacloud_counts GROUP BY 1 ORDER BY 1").fetchall()
    assert counts == [(US, 400, 50000, 10), (KZ, 70, 50000, 10)]
    # the KZ collection (7 a day) fits 20 stories per window: 2 days a window, 5 windows
    kz_lists = [r for r in fake.requests if "story-list" in r.url.path
                and f"cs={KZ}" in str(r.url) and "pagination_token" not in str(r.url)]
    assert len(kz_lists) == 5


def test_a_window_past_the_page_cap_is_cut_in_two(key):
    # no counts: one window; it runs past the cap, so it is halved until each half fits
    fake = FakeMediaCloud({US: 5})
    pages, windows = fetch.fetch_stories(_http(fake), "q", US, D0, D0 + dt.timedelta(days=7),
                                         page_size=10, max_pages=1)
    ids = [s["id"] for _, p in pages for s in p["stories"]]
    assert len(ids) == len(set(ids)) == 40 and windows > 1


def test_plan_groups_days_under_the_cap():
    daily = {D0 + dt.timedelta(days=i): n for i, n in enumerate([5, 5, 5, 30, 0, 1])}
    assert plan(daily, D0, D0 + dt.timedelta(days=6), 10) == [
        (D0, D0 + dt.timedelta(days=1)), (D0 + dt.timedelta(days=2), D0 + dt.timedelta(days=2)),
        (D0 + dt.timedelta(days=3), D0 + dt.timedelta(days=3)),
        (D0 + dt.timedelta(days=4), D0 + dt.timedelta(days=6))]


def test_a_second_fetch_adds_nothing_and_stories_are_metadata(key, store):
    fake = FakeMediaCloud({US: 3})
    kw = dict(query="Kazakhstan", collection=US, start=D0, end=D0 + dt.timedelta(days=1))
    first = update_mediacloud(store, http=_http(fake), **kw)
    again = update_mediacloud(store, http=_http(fake), **kw)
    assert first.rows_loaded == 6 + 2 + 4 and again.rows_loaded == 0 and again.duplicates == 6
    row = store.execute("SELECT url, title, outlet, language, published, text, source"
                        " FROM articles WHERE source = 'mediacloud' ORDER BY url"
                        " LIMIT 1").fetchone()
    assert row[0].startswith("https://outlet0.example/") and row[1].startswith("Story 0")
    assert row[2:] == ("outlet0.example", "en", D0, None, "mediacloud")


def test_the_sample_loads_and_a_count_file_needs_its_collection(store, tmp_path):
    res = import_source(store, "mediacloud", SAMPLE)
    assert (res.rows_loaded, res.rows_quarantined) == (3 + 4 + 5, 0)
    assert store.execute("SELECT count(*) FROM articles WHERE published IS NULL AND source"
                         " = 'mediacloud'").fetchone() == (1,)
    with pytest.raises(LoadError, match="collection"):
        import_source(store, "mediacloud", SAMPLE / "count-over-time.json")
    res = import_source(store, "mediacloud", SAMPLE / "count-over-time.json",
                        collection=KZ, query="Kazakhstan")
    assert res.rows_loaded == 4
    bad = tmp_path / "x.json"
    bad.write_text(json.dumps({"results": []}))
    with pytest.raises(LoadError, match="not a Media Cloud"):
        import_source(store, "mediacloud", bad)


def test_bad_stories_and_days_are_quarantined(store, tmp_path):
    data = json.loads((SAMPLE / "story-list.json").read_text())
    data["stories"][0]["language"] = "uz"
    data["stories"][1]["url"] = "ftp://x"
    data["stories"].append("not a story")
    (tmp_path / "s.json").write_text(json.dumps(data))
    res = import_source(store, "mediacloud", tmp_path / "s.json")
    fields = sorted(r[0] for r in store.execute(
        "SELECT field FROM quarantine WHERE run_id = ?", [res.run_id]).fetchall())
    assert res.rows_loaded == 1 and fields == ["language", "stories", "url"]
    cot = json.loads((SAMPLE / "count-over-time.json").read_text())
    cot["count_over_time"]["counts"][0]["count"] = 10**6  # more than the collection's total
    cot["count_over_time"]["counts"][1]["total_count"] = "many"
    (tmp_path / "c.json").write_text(json.dumps(cot))
    res = import_source(store, "mediacloud", tmp_path / "c.json", collection=US, query="q")
    assert (res.rows_loaded, res.rows_quarantined) == (2, 2)


def test_attention_is_normalised_by_each_collections_volume(store):
    import_source(store, "mediacloud", SAMPLE)
    df = media_attention(store, "Kazakhstan", collections=[US], by="total")
    [row] = df.to_dict("records")
    assert (row["count"], row["n"], row["days"], row["days_in_period"]) == (86, 179958, 4, 4)
    assert row["share"] == pytest.approx(86 / 179958)
    assert row["share_low"] < row["share"] < row["share_high"]
    daily = media_attention(store, "Kazakhstan", start="2024-01-02", end="2024-01-03",
                            by="day")
    assert list(daily["n"]) == [48710, 50122] and list(daily["count"]) == [25, 31]
    week = media_attention(store, "Kazakhstan", start="2023-12-30", end="2024-01-10",
                           by="total")
    assert int(week["days"][0]) == 4 and int(week["days_in_period"][0]) == 12
    assert media_attention(store, "nothing stored").empty
    with pytest.raises(UsageError, match="choose one of day"):
        media_attention(store, "Kazakhstan", by="decade")
    with pytest.raises(UsageError, match="--from"):
        media_attention(store, "Kazakhstan", start="yesterday")


def test_wilson_interval():
    lo, hi = wilson(0, 100)
    assert lo == pytest.approx(0, abs=1e-12) and 0.03 < hi < 0.04
    lo, hi = wilson(50, 100)
    assert lo == pytest.approx(0.4038, abs=1e-3) and hi == pytest.approx(0.5962, abs=1e-3)


def test_cli_attention_and_mediacloud_without_a_key(tmp_path, monkeypatch, _store_template):
    import shutil

    from dyad.cli import app

    db = str(tmp_path / "s.duckdb")
    shutil.copyfile(_store_template, db)
    run = CliRunner().invoke
    r = run(app, ["--db", db, "import", "mediacloud", str(SAMPLE)])
    assert r.exit_code == 0, r.output
    r = run(app, ["--db", db, "media", "attention", "--query", "Kazakhstan", "--collection",
                  str(US), "--from", "2024-01-01", "--to", "2024-01-31", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert "2024-01," in r.output and ",86,179958," in r.output
    monkeypatch.delenv("MEDIACLOUD_API_KEY", raising=False)
    r = run(app, ["--db", db, "media", "mediacloud", "--query", "Kazakhstan",
                  "--collection", str(US)])
    assert r.exit_code == 4 and "MEDIACLOUD_API_KEY" in r.output
    assert "Traceback" not in r.output
