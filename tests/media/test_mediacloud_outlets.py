"""Attention per outlet normalised by the outlet's own volume, and the small attention table.

The ``search/sources`` answers below are WRITTEN FROM THE DOCUMENTED FORMAT of the Media
Cloud search API (v4) as the ``mediacloud`` client's ``SearchApi.sources`` returns it
(``{"sources": [{"source": <domain>, "count": <stories>}]}``); no live answer was recorded
(no key was available). Outlets are fictional.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from dyad.analysis.attention import attention_table, outlet_attention, wilson
from dyad.errors import LoadError, UsageError
from dyad.sources.mediacloud.fetch import client, fetch_outlet_volume
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
