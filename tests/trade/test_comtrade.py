"""UN Comtrade: API answers and CSV downloads in their real layouts, EU by membership year,
Kazakhstan's partner shares, mirror flows, bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import httpx
import pytest
from trade_helpers import count

from dyad.analysis.trade_shares import eu_iso3_in, partner_shares
from dyad.sources.census.update import update_trade
from dyad.sources.comtrade.api import comtrade_client, parse_answer
from dyad.sources.comtrade.file import load_comtrade_file
from dyad.store.provenance import LoadError

RESPONSES = Path(__file__).parent / "responses"
PARTNERS = [(0, "W00", "World"), (842, "USA", "USA"), (643, "RUS", "Russian Federation"),
            (156, "CHN", "China"), (276, "DEU", "Germany"), (826, "GBR", "United Kingdom"),
            (191, "HRV", "Croatia"), (792, "TUR", "Türkiye"), (757, "CHE", "Switzerland")]


def record(year: int, flow: str, code: int, iso: str, desc: str, value: float, **kw) -> dict:
    """One record as the API returns it (camelCase keys, values in US dollars)."""
    rec = {"typeCode": "C", "freqCode": "A", "refPeriodId": int(f"{year}0101"), "refYear": year,
           "refMonth": 52, "period": str(year), "reporterCode": 398, "reporterISO": "KAZ",
           "reporterDesc": "Kazakhstan", "flowCode": flow,
           "flowDesc": {"X": "Export", "M": "Import"}.get(flow, flow), "partnerCode": code,
           "partnerISO": iso, "partnerDesc": desc, "partner2Code": 0, "partner2ISO": "W00",
           "partner2Desc": "World", "classificationCode": "H6", "classificationSearchCode": "HS",
           "isOriginalClassification": True, "cmdCode": "TOTAL", "cmdDesc": "All Commodities",
           "aggrLevel": 0, "isLeaf": False, "customsCode": "C00", "customsDesc": "TOTAL CPC",
           "mosCode": "0", "motCode": 0, "motDesc": "TOTAL MOT", "qtyUnitCode": -1,
           "qtyUnitAbbr": "N/A", "qty": 0, "isQtyEstimated": False, "netWgt": 0,
           "cifvalue": None, "fobvalue": value, "primaryValue": value, "legacyEstimationFlag": 0,
           "isReported": True, "isAggregate": True}
    rec.update(kw)
    return rec


def answer(years=(2019, 2020)) -> dict:
    data = []
    for y in years:
        for i, (code, iso, desc) in enumerate(PARTNERS):
            if code == 0:
                continue
            data.append(record(y, "X", code, iso, desc, 1_000_000.0 * (i + 1) + y))
            data.append(record(y, "M", code, iso, desc, 2_000_000.0 * (i + 1) + y))
        x = sum(r["primaryValue"] for r in data if r["refYear"] == y and r["flowCode"] == "X")
        m = sum(r["primaryValue"] for r in data if r["refYear"] == y and r["flowCode"] == "M")
        data.append(record(y, "X", 0, "W00", "World", x + 5e6))
        data.append(record(y, "M", 0, "W00", "World", m + 7e6))
        data.append(record(y, "RX", 842, "USA", "USA", 1.0))  # re-exports: not a total flow
        data.append(record(y, "X", 842, "USA", "USA", 9.0, motCode=1000))  # a breakdown row
    return {"elapsedTime": "0.31 secs", "count": len(data), "data": data, "error": ""}


def test_eu_membership_by_year():
    assert "GBR" in eu_iso3_in(2019) and "GBR" not in eu_iso3_in(2020)
    assert "HRV" in eu_iso3_in(2013) and "HRV" not in eu_iso3_in(2012)
    assert "POL" in eu_iso3_in(2004) and "POL" not in eu_iso3_in(2003)
    assert len(eu_iso3_in(2020)) == 27 and len(eu_iso3_in(2019)) == 28


def test_api_answer_to_shares(store):
    payload = answer()
    t = httpx.MockTransport(lambda req: httpx.Response(200, json=payload))
    cen = httpx.MockTransport(lambda req: httpx.Response(204))
    from dyad.sources.census.api import census_client

    lines = update_trade(store, start=2019, end=2020, comtrade=True,
                         census=census_client(api_key="", transport=cen),
                         comtrade_api=comtrade_client(api_key="K", transport=t))
    assert any(str(line).startswith("comtrade:") for line in lines)
    shares = partner_shares(store, "KZ")
    for year, g in shares.groupby("year"):
        assert g["share_pct"].sum() == pytest.approx(100.0)
        world = [r for r in payload["data"] if r["refYear"] == year and r["partnerCode"] == 0]
        total = sum(r["primaryValue"] for r in world)
        eu = eu_iso3_in(int(year))
        eu_turnover = sum(r["primaryValue"] for r in payload["data"]
                          if r["refYear"] == year and r["partnerISO"] in eu
                          and r["flowCode"] in ("X", "M") and r["motCode"] == 0)
        got = g.set_index("group")["share_pct"]
        assert got["EU"] == pytest.approx(eu_turnover / total * 100)
        us = sum(r["primaryValue"] for r in payload["data"] if r["refYear"] == year
                 and r["partnerISO"] == "USA" and r["flowCode"] in ("X", "M")
                 and r["motCode"] == 0)
        assert got["United States"] == pytest.approx(us / total * 100)
    # the UK counts in the EU in 2019, not in 2020
    eu19 = shares[(shares.year == 2019) & (shares.group == "EU")].turnover_usd.item()
    eu20 = shares[(shares.year == 2020) & (shares.group == "EU")].turnover_usd.item()
    assert eu19 - eu20 > 0


def test_mirror_flows_when_kazakhstan_lags(store):
    mirror = {"elapsedTime": "0.1", "count": 2, "error": "", "data": [
        record(2023, "M", 398, "KAZ", "Kazakhstan", 2.2e9, reporterCode=842,
               reporterISO="USA", reporterDesc="USA"),
        record(2023, "X", 398, "KAZ", "Kazakhstan", 1.1e9, reporterCode=842,
               reporterISO="USA", reporterDesc="USA")]}

    def handler(req: httpx.Request) -> httpx.Response:
        if req.url.params.get("reporterCode") == "398":
            return httpx.Response(200, json={"elapsedTime": "0", "count": 0, "data": [],
                                             "error": ""})
        return httpx.Response(200, json=mirror)

    from dyad.sources.census.api import census_client

    lines = update_trade(store, start=2023, end=2023, comtrade=True,
                         census=census_client(transport=httpx.MockTransport(
                             lambda r: httpx.Response(204))),
                         comtrade_api=comtrade_client(api_key="K",
                                                      transport=httpx.MockTransport(handler)))
    assert "mirror flows for [2023]" in str(lines[-1])
    s = partner_shares(store, "KZ")
    row = s[(s.year == 2023) & (s.group == "United States")].iloc[0]
    assert row.basis == "mirror" and row.exports_usd == 2.2e9 and row.imports_usd == 1.1e9


@pytest.mark.parametrize("payload, message", [
    ({"error": "Invalid subscription key", "data": []}, "Comtrade error"),
    ({"elapsedTime": "0"}, "'data' list"),
    ([], "'data' list"),
    ({"data": [record(2020, "X", 842, "USA", "USA", "lots")], "error": ""}, "primaryValue"),
    ({"data": [record(2020, "X", 842, "US1A", "USA", 1.0)], "error": ""}, "unknown partner"),
    ({"data": [record(2020, "X", 842, "USA", "USA", -5.0)], "error": ""}, ">= 0"),
])
def test_bad_api_answers(payload, message):
    with pytest.raises(LoadError, match=message):
        parse_answer(payload, ref="test")


def _write_csv(path: Path, records: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(records[0]))
        w.writeheader()
        w.writerows(records)
    return path


def test_csv_download_loads_idempotently(store, tmp_path):
    path = _write_csv(tmp_path / "TradeData.csv", answer()["data"])
    first = load_comtrade_file(store, path)
    assert first.rows_in == first.rows_loaded == 2 * (len(PARTNERS) * 2)
    assert load_comtrade_file(store, path).rows_loaded == 0
    s = partner_shares(store, "KZ")
    assert set(s["group"]) == {"United States", "Russia", "China", "EU", "Turkey", "Others"}


def test_legacy_bulk_csv(store, tmp_path):
    path = tmp_path / "legacy.csv"
    path.write_text("Classification,Year,Period,Trade Flow Code,Trade Flow,Reporter Code,"
                    "Reporter,Reporter ISO,Partner Code,Partner,Partner ISO,Commodity Code,"
                    "Trade Value (US$)\n"
                    "H4,2015,2015,2,Export,398,Kazakhstan,KAZ,156,China,CHN,TOTAL,5000000\n"
                    "H4,2015,2015,1,Import,398,Kazakhstan,KAZ,156,China,CHN,TOTAL,7000000\n",
                    encoding="utf-8")
    load_comtrade_file(store, path)
    got = dict(store.execute("SELECT flow, value_usd FROM trade_flows WHERE reporter='KZ' AND "
                             "partner='CN' AND year=2015").fetchall())
    assert got == {"export": 5e6, "import": 7e6}


def test_bad_record_is_quarantined(store, tmp_path):
    recs = answer()["data"]
    recs[3]["primaryValue"] = "n/a"
    recs[4]["refYear"] = "2022.7"
    path = _write_csv(tmp_path / "bad.csv", recs)
    result = load_comtrade_file(store, path)
    assert result.rows_quarantined == 2 and result.rows_loaded > 0
    got = store.execute("SELECT record, field FROM quarantine WHERE run_id = ? ORDER BY "
                        "record", [result.run_id]).fetchall()
    assert got == [("line 5", "primaryValue"), ("line 6", "refYear")]


@pytest.mark.parametrize("case", ["layout", "truncated", "empty"])
def test_bad_csv_changes_nothing(store, tmp_path, case):
    recs = answer()["data"]
    path = _write_csv(tmp_path / "bad.csv", recs)
    text = path.read_text()
    if case == "layout":
        path.write_text(text.replace("primaryValue", "value", 1))
    elif case == "truncated":
        path.write_text(text[: len(text) // 2])
    else:
        path.write_text("")
    before = count(store)
    with pytest.raises(LoadError):
        load_comtrade_file(store, path)
    assert count(store) == before


def test_recorded_answer_file_parses():
    payload = json.loads((RESPONSES / "comtrade_kz_2022.json").read_text("utf-8"))
    rows = parse_answer(payload, ref="recorded")
    assert {r["partner"] for r in rows} >= {"US", "RU", "CN", "comtrade:W00"}


@pytest.mark.live
@pytest.mark.skipif(not __import__("os").environ.get("DYAD_LIVE"), reason="live: set DYAD_LIVE=1")
def test_live_comtrade_preview_kazakhstan():
    from dyad.sources.comtrade.api import fetch

    rows = fetch(comtrade_client(retries=2), reporters=[398], years=[2022], partners=[842])
    assert any(r["partner"] == "US" for r in rows)
