"""Feeds and GDELT on recorded responses (real formats), via httpx.MockTransport."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from dyad.errors import LoadError
from dyad.sources.feeds.fetch import import_feeds, outlets, parse_feed
from dyad.sources.gdelt_doc.fetch import import_artlist, import_timeline, query_url
from dyad.sources.http import HttpClient

HERE = Path(__file__).parent / "recorded"
PAGE = ("<html><head><title>{t}</title><script>alert('x')</script></head><body><article>"
        "<h1>{t}</h1><p>{b}</p><p onmouseover=\"alert(2)\">{b}</p></article></body></html>")
BODY = ("Secretary of State Antony Blinken met President Kassym-Jomart Tokayev in Astana. "
        "The two discussed trade, the Middle Corridor and regional security at length.")


def _transport(routes: dict[str, tuple[int, bytes]], seen: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        seen.append(url)
        for prefix, (status, body) in routes.items():
            if url.startswith(prefix):
                return httpx.Response(status, content=body)
        return httpx.Response(404, content=b"not found")
    return httpx.MockTransport(handler)


def _fetcher(routes, seen, tmp_path, sleeps=None) -> HttpClient:
    sleeps = sleeps if sleeps is not None else []
    return HttpClient(transport=_transport(routes, seen), cache_dir=tmp_path / "cache",
                      min_interval=2.0, sleep=sleeps.append, clock=lambda: 0.0)


def test_shipped_outlets_are_well_formed():
    for o in outlets():
        assert o["country"] in ("US", "KZ", "other")
        assert o["language"] in ("en", "ru", "kk")
        assert o["feed"].startswith("https://") and isinstance(o["confirmed"], bool)


def test_feed_load_with_page_text_fallback_cache_and_rate(bare_store, tmp_path):
    outlet = {"name": "Test Outlet", "country": "KZ", "language": "en",
              "feed": "https://outlet.test/feed/"}
    routes = {
        "https://outlet.test/feed/": (200, (HERE / "wordpress_feed.xml").read_bytes()),
        "https://outlet.test/2023/04/11/middle-corridor/": (
            200, PAGE.format(t="Middle Corridor", b=BODY).encode()),
    }
    seen: list[str] = []
    sleeps: list[float] = []
    [summary] = import_feeds(bare_store, _fetcher(routes, seen, tmp_path, sleeps), [outlet])
    assert summary.details["outlet"] == "Test Outlet" and summary.run_id is not None
    assert summary.rows_loaded == 2
    assert sleeps and all(s == pytest.approx(2.0) for s in sleeps)  # polite: same host waits
    rows = bare_store.execute(
        "SELECT external_id, published, text FROM articles ORDER BY published").fetchall()
    assert [str(r[1]) for r in rows] == ["2023-04-10", "2023-04-11"]
    assert "stand in for the article text" in rows[0][2]
    assert all("alert" not in r[2] for r in rows)
    before = len(seen)
    [again] = import_feeds(bare_store, _fetcher(routes, seen, tmp_path), [outlet])
    assert again.run_id is not None and again.rows_loaded == 0
    assert len(seen) == before + 1  # only the page that failed is asked again; rest cached


def test_broken_feed_is_reported_and_others_go_on(bare_store, tmp_path):
    good = {"name": "Good", "country": "US", "language": "en", "feed": "https://good.test/f"}
    bad = {"name": "Bad", "country": "US", "language": "en", "feed": "https://bad.test/f"}
    routes = {"https://good.test/f": (200, (HERE / "wordpress_feed.xml").read_bytes()),
              "https://bad.test/f": (200, b"<html><body>Service unavailable</body></html>")}
    results = {r.details["outlet"]: r for r in import_feeds(
        bare_store, _fetcher(routes, [], tmp_path), [bad, good], fetch_text=False)}
    assert results["Bad"].run_id is None and "bad.test" in results["Bad"].details["error"]
    assert results["Good"].run_id is not None and results["Good"].rows_loaded == 2
    with pytest.raises(LoadError):
        parse_feed(b"\x00\x01garbage", "https://x.test/feed")


def test_gdelt_artlist_and_timeline(bare_store, tmp_path):
    art_url = query_url('Kazakhstan "United States"', "ArtList")
    vol_url = query_url('Kazakhstan "United States"', "timelinevolraw", country="KZ")
    routes = {
        art_url: (200, (HERE / "gdelt_artlist.json").read_bytes()),
        vol_url: (200, (HERE / "gdelt_timelinevolraw.json").read_bytes()),
        "https://news.test.kz/": (200, PAGE.format(t="Blinken in Astana", b=BODY).encode()),
        "https://paper.test.us/": (200, PAGE.format(
            t="Sanctions", b="Washington warned Kazakh banks about secondary sanctions on "
                             "Russia and the risk to trade. " * 3).encode()),
    }
    f = _fetcher(routes, [], tmp_path)
    s = import_artlist(bare_store, f, 'Kazakhstan "United States"')
    assert (s.rows_loaded, s.rows_quarantined) == (2, 1)
    got = dict(bare_store.execute("SELECT outlet, outlet_country FROM articles").fetchall())
    assert got == {"news.test.kz": "KZ", "paper.test.us": "US"}
    reason = bare_store.execute("SELECT reason FROM quarantine").fetchone()[0]
    assert "HTTP 404" in reason
    n = import_timeline(bare_store, f, 'Kazakhstan "United States"', country="KZ")
    assert n.rows_loaded == 3
    row = bare_store.execute("SELECT sum(value), max(norm) FROM gdelt_timelines").fetchone()
    assert row == (102.0, 121007.0)


def test_gdelt_text_error_is_a_clear_error(bare_store, tmp_path):
    url = query_url("x", "timelinetone")
    f = _fetcher({url: (200, b"Your search contained a phrase that was too short.")}, [],
                 tmp_path)
    with pytest.raises(LoadError, match="did not return JSON"):
        import_timeline(bare_store, f, "x", mode="timelinetone")


@pytest.mark.live
@pytest.mark.skipif(not os.environ.get("DYAD_LIVE"), reason="live: set DYAD_LIVE=1")
def test_live_gdelt_timeline(bare_store, tmp_path):
    f = HttpClient(cache_dir=tmp_path, min_interval=5.0)
    assert import_timeline(bare_store, f, "Kazakhstan", country="US").rows_loaded > 0


def test_gdelt_time_slices_pass_the_250_cap():
    """A fake DOC API (the ArtList format of tests/media/recorded) that caps every answer
    at 250: a 40-day window of 600 articles is cut until no window hits the cap."""
    import datetime as dt
    import json as _json
    from urllib.parse import parse_qs, urlsplit

    from dyad.sources.gdelt_doc.fetch import CAP, sliced_artlist

    day0 = dt.date(2025, 1, 1)
    per_day = 15  # 40 days x 15 = 600 articles

    def handler(request: httpx.Request) -> httpx.Response:
        q = parse_qs(urlsplit(str(request.url)).query)
        lo = dt.datetime.strptime(q["startdatetime"][0][:8], "%Y%m%d").date()
        hi = dt.datetime.strptime(q["enddatetime"][0][:8], "%Y%m%d").date()
        arts = [{"url": f"https://x.test/{d}/{k}", "title": "t", "seendate":
                 (day0 + dt.timedelta(days=d)).strftime("%Y%m%dT120000Z"), "domain": "x.test",
                 "language": "English", "sourcecountry": "Kazakhstan"}
                for d in range(40) for k in range(per_day)
                if lo <= day0 + dt.timedelta(days=d) <= hi]
        return httpx.Response(200, content=_json.dumps({"articles": arts[:CAP]}).encode())

    slept: list[float] = []
    client = HttpClient(transport=httpx.MockTransport(handler), min_interval=5.0,
                        sleep=slept.append)
    got = sliced_artlist(client, "Kazakhstan", day0, day0 + dt.timedelta(days=39))
    assert len(got) == 600
    assert client.requests > 3 and slept  # polite: the client waited between requests
