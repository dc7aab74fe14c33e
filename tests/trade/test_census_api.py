"""The Census International Trade API route, on recorded answers in the API's JSON shape."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx
import pytest
from trade_helpers import count

from dyad.errors import LoadError, SourceUnavailableError
from dyad.sources.census.api import census_client, fetch_year, parse_answer, query_params
from dyad.sources.census.update import update_trade

RESPONSES = Path(__file__).parent / "responses"
C5 = ["4634", "4635", "4642", "4643", "4644"]


def recorded(name: str) -> list:
    return json.loads((RESPONSES / name).read_text("utf-8"))


def transport_for(answers: dict[str, object], calls: list[httpx.Request] | None = None):
    """Route by endpoint ('exports/hs' or 'imports/hs') to a recorded answer or a status."""
    def handler(request: httpx.Request) -> httpx.Response:
        if calls is not None:
            calls.append(request)
        for key, answer in answers.items():
            if key in request.url.path:
                if isinstance(answer, int):
                    return httpx.Response(answer)
                if isinstance(answer, bytes):
                    return httpx.Response(200, content=answer)
                if callable(answer):
                    return answer(request)
                return httpx.Response(200, json=answer)
        return httpx.Response(404, text="unknown endpoint")
    return httpx.MockTransport(handler)


def client(answers, calls=None, **kw):
    sleeps: list[float] = []
    c = census_client(api_key="SECRET", transport=transport_for(answers, calls),
                      sleep=sleeps.append, retries=kw.pop("retries", 2), min_interval=0, **kw)
    return c, sleeps


def test_query_has_the_documented_variables():
    path, params = query_params("export", 2023, C5)
    assert path == "exports/hs"
    assert ("get", "CTY_CODE,CTY_NAME,ALL_VAL_MO") in params
    assert ("time", "from 2023-01 to 2023-12") in params
    assert [v for k, v in params if k == "CTY_CODE"] == C5
    path, params = query_params("import", 2023, C5, hs2=True)
    assert path == "imports/hs" and ("COMM_LVL", "HS2") in params
    assert ("get", "CTY_CODE,CTY_NAME,GEN_VAL_MO,I_COMMODITY") in params


def test_recorded_year_parses_with_annual_rows(store):
    exports, imports = recorded("census_exports_2023.json"), recorded("census_imports_2023.json")
    c, _ = client({"exports/hs": exports, "imports/hs": imports})
    before = count(store)
    lines = update_trade(store, start=2023, end=2023, census=c)
    assert "census: run" in str(lines[0])
    got = store.execute(
        "SELECT partner, month, flow, value_usd FROM trade_flows WHERE year = 2023 AND "
        "source_ref LIKE 'https://api.census.gov/%'").fetchall()
    expected_months = {(r[0], int(r[3][5:]), "export"): float(r[2]) for r in exports[1:]}
    expected_months |= {(r[0], int(r[3][5:]), "import"): float(r[2]) for r in imports[1:]}
    kz = {(k[1], k[2]): v for k, v in expected_months.items() if k[0] == "4634"}
    stored_kz = {(m, f): v for p, m, f, v in got if p == "KZ" and m is not None}
    assert stored_kz == kz
    annual = {f: v for p, m, f, v in got if p == "KZ" and m is None}
    assert annual == {f: sum(v for (m, ff), v in kz.items() if ff == f)
                      for f in ("export", "import")}
    assert all("SECRET" not in r for (r,) in store.execute(
        "SELECT source_ref FROM trade_flows").fetchall())
    assert count(store) > before


def test_partial_year_has_no_annual_row():
    exports = recorded("census_exports_2024_partial.json")
    c, _ = client({"exports/hs": exports, "imports/hs": 204})
    rows = fetch_year(c, 2024, C5)
    assert rows and all(r["flow"] == "export" and r["month"] is not None for r in rows)
    from dyad.sources.census.api import with_annual_rows

    assert with_annual_rows(rows) == rows


def test_204_means_not_published():
    c, _ = client({"exports/hs": 204, "imports/hs": 204})
    assert fetch_year(c, 2031, C5) == []


def test_retries_429_then_succeeds_with_backoff():
    seq = iter([httpx.Response(429), httpx.Response(503),
                httpx.Response(200, json=recorded("census_exports_2023.json"))])
    c, sleeps = client({"exports/hs": lambda req: next(seq), "imports/hs": 204}, backoff=0.5)
    rows = fetch_year(c, 2023, C5)
    assert rows and sleeps == [0.5, 1.0]


def test_retry_after_is_honoured():
    seq = iter([httpx.Response(429, headers={"Retry-After": "7"}),
                httpx.Response(200, json=recorded("census_exports_2023.json"))])
    c, sleeps = client({"exports/hs": lambda req: next(seq), "imports/hs": 204})
    fetch_year(c, 2023, C5)
    assert sleeps == [7.0]


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("slow", request=request)


@pytest.mark.parametrize("answer, message", [
    (429, "rate-limited"),
    (_timeout, "timed out"),
    (401, "set CENSUS_API_KEY"),
    (b"", "empty answer"),
    (b"<html>Service unavailable</html>", "not JSON"),
    ([["CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "time"]], "header and no rows"),
    ([["CTY_CODE", "CTY_NAME", "time"], ["4634", "KAZAKHSTAN", "2023-01"]], "header lacks"),
    ({"error": "unknown variable"}, "array of arrays"),
    ([["CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "time"], ["4634", "KAZAKHSTAN", "12x", "2023-01"]],
     "non-numeric"),
    ([["CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "time"], ["46X4", "KAZAKHSTAN", "1", "2023-01"]],
     "unknown country code"),
    ([["CTY_CODE", "CTY_NAME", "ALL_VAL_MO", "time"], ["4634", "GEORGIA", "1", "2023-01"]],
     "names it"),
    (400, "HTTP 400"),
])
def test_bad_answers_fail_cleanly_and_write_nothing(store, answer, message):
    c, _ = client({"exports/hs": answer, "imports/hs": recorded("census_imports_2023.json")})
    before, runs = count(store), count(store, "ingest_runs")
    unreachable = message in ("rate-limited", "timed out", "set CENSUS_API_KEY")
    with pytest.raises(SourceUnavailableError if unreachable else LoadError,
                       match=message) as err:
        update_trade(store, start=2023, end=2023, census=c)
    assert "SECRET" not in str(err.value)
    assert count(store) == before
    assert store.execute("SELECT status FROM ingest_runs ORDER BY run_id DESC LIMIT 1"
                         ).fetchone() == ("failed",)
    assert count(store, "ingest_runs") == runs + 1


def test_raw_answers_are_cached(tmp_path):
    calls: list[httpx.Request] = []
    answers = {"exports/hs": recorded("census_exports_2023.json"), "imports/hs": 204}
    c, _ = client(answers, calls, cache_dir=tmp_path)
    first = fetch_year(c, 2023, C5)
    n = len(calls)
    assert list(tmp_path.glob("*.json"))
    again = fetch_year(c, 2023, C5)
    assert again == first and len(calls) == n + 1  # only the 204 import query went out again


def test_hs2_chapters(store):
    ans = recorded("census_exports_hs2_2023.json")
    rows = parse_answer(ans, "export", ref="test", hs2=True)
    assert {r["commodity"] for r in rows} == {f"HS2:{r[3]}" for r in ans[1:]}
    assert all(r["month"] == 1 for r in rows)


@pytest.mark.live
@pytest.mark.skipif(not os.environ.get("DYAD_LIVE"), reason="live: set DYAD_LIVE=1")
def test_live_census_api_returns_kazakhstan():
    c = census_client(retries=2)
    rows = fetch_year(c, 2023, ["4634"])
    assert any(r["partner"] == "KZ" and r["flow"] == "export" for r in rows)
