"""UN Comtrade (live route): Kazakhstan as reporter, all partners, annual, plus mirror flows.

API: ``https://comtradeapi.un.org/data/v1/get/C/A/HS`` with the subscription key
(``COMTRADE_API_KEY``, header ``Ocp-Apim-Subscription-Key``); without a key the public preview
``https://comtradeapi.un.org/public/v1/preview/C/A/HS`` (at most 500 records). Query parameters:
``reporterCode`` (M49: Kazakhstan 398), ``period``, ``partnerCode``, ``flowCode`` (X, M),
``cmdCode`` (TOTAL or chapters). The answer is ``{"elapsedTime", "count", "data": [records],
"error"}``; a record has ``refYear, freqCode, reporterCode, reporterISO, flowCode,
partnerCode, partnerISO, partnerDesc, partner2Code, customsCode, motCode, cmdCode,
primaryValue`` among others. Values are US dollars.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from dyad.errors import LoadError
from dyad.reference import files
from dyad.sources.http import HttpClient, describe

SOURCE = "comtrade"
DATA_BASE = "https://comtradeapi.un.org/data/v1/get"
PREVIEW_BASE = "https://comtradeapi.un.org/public/v1/preview"
FLOW_CODES = {"X": "export", "M": "import"}
KZ_M49 = 398


def comtrade_client(api_key: str | None = None, **kw: Any) -> HttpClient:
    """A client for the data API with ``COMTRADE_API_KEY``, else the public preview."""
    key = api_key if api_key is not None else os.environ.get("COMTRADE_API_KEY")
    if key:
        return HttpClient(base=DATA_BASE, headers={"Ocp-Apim-Subscription-Key": key},
                          key_env="COMTRADE_API_KEY", **kw)
    return HttpClient(base=PREVIEW_BASE, key_env="COMTRADE_API_KEY", **kw)


def _iso2(iso3: str) -> str | None:
    return files.country_by_name(iso3) if iso3 else None


def area_code(iso3: Any, code: Any) -> str:
    """ISO2 for a country countries.yaml knows, else 'comtrade:<ISO3 or numeric code>'."""
    text = str(iso3 or "").strip().upper()
    known = _iso2(text) if len(text) == 3 and text.isalpha() else None
    return known or f"comtrade:{text or code}"


FIRST_YEAR, LAST_YEAR = 1945, 2100


def _int(rec: Mapping[str, Any], key: str, *, file: str, record: str) -> int:
    """A whole number (``"842"``, ``842.0``); ``2022.7`` or ``"n/a"`` is a LoadError."""
    raw = rec.get(key)
    text = str(raw).strip()
    try:
        if len(text) > 30:
            raise ValueError(text[:30])
        number = float(text)
        if not number.is_integer():
            raise ValueError(text)
        return int(number)
    except (TypeError, ValueError, OverflowError) as e:
        raise LoadError(f"{key} must be a whole number, got {text[:40]!r}", file=file,
                        record=record, field=key, raw=_short(rec)) from e


def _short(rec: Mapping[str, Any]) -> dict[str, str]:
    return {str(k)[:40]: str(v)[:200] for k, v in list(rec.items())[:40]}


def to_flow(rec: Mapping[str, Any], *, file: str, record: str) -> dict[str, Any] | None:
    """One Comtrade record -> a trade_flows row; None for rows that are not plain totals
    (re-exports, a second partner, customs or transport breakdowns)."""
    flow = FLOW_CODES.get(str(rec.get("flowCode", "")).strip().upper())
    if flow is None:
        if str(rec.get("flowCode", "")).strip() == "":
            raise LoadError("flowCode is empty", file=file, record=record, field="flowCode")
        return None
    for key, plain in (("partner2Code", "0"), ("customsCode", "C00"), ("motCode", "0")):
        v = rec.get(key)
        if v not in (None, "") and str(v).strip().split(".")[0] != plain:
            return None
    year = _int(rec, "refYear", file=file, record=record)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise LoadError(f"refYear out of range {FIRST_YEAR}-{LAST_YEAR}: {year}", file=file,
                        record=record, field="refYear")
    freq = str(rec.get("freqCode", "A")).strip().upper()
    month = _int(rec, "refMonth", file=file, record=record) if freq == "M" else None
    if month is not None and not 1 <= month <= 12:
        raise LoadError(f"refMonth must be 1-12, got {month}", file=file, record=record,
                        field="refMonth")
    reporter_iso = str(rec.get("reporterISO") or "").strip()
    partner_iso = str(rec.get("partnerISO") or "").strip()
    reporter_code = _int(rec, "reporterCode", file=file, record=record)
    partner_code = _int(rec, "partnerCode", file=file, record=record)
    if not reporter_iso and reporter_code != KZ_M49:
        raise LoadError("reporterISO is empty", file=file, record=record, field="reporterISO")
    reporter = area_code(reporter_iso or "KAZ", reporter_code)
    partner = "comtrade:W00" if partner_code == 0 else area_code(partner_iso, partner_code)
    if partner_iso and len(partner_iso) != 3:
        raise LoadError(f"unknown partner code {partner_iso[:40]!r}", file=file, record=record,
                        field="partnerISO")
    raw_value = rec.get("primaryValue")
    try:
        value = float(str(raw_value).strip())
    except (TypeError, ValueError) as e:
        raise LoadError(f"primaryValue is not a number: {str(raw_value)[:40]!r}", file=file,
                        record=record, field="primaryValue", raw=_short(rec)) from e
    if not 0 <= value < 1e15:
        raise LoadError(f"primaryValue must be >= 0 and below 1e15, got {raw_value!r}", file=file,
                        record=record, field="primaryValue")
    cmd = str(rec.get("cmdCode", "TOTAL")).strip().upper()
    if cmd == "TOTAL":
        commodity = None
    elif cmd.isdigit() and len(cmd) in (2, 4, 6):
        commodity = f"HS{len(cmd)}:{cmd}"
    else:
        raise LoadError(f"cmdCode must be TOTAL or an HS code, got {cmd[:40]!r}", file=file,
                        record=record, field="cmdCode")
    names = {str(c["iso2"]): str(c["name"]) for c in files.countries()}
    return {"reporter": reporter, "partner": partner,
            "partner_name": names.get(partner, str(rec.get("partnerDesc") or partner)),
            "year": year, "month": month, "flow": flow, "value_usd": value,
            "commodity": commodity, "source": SOURCE, "source_ref": f"{file}#{record}"}


def parse_answer(payload: Any, *, ref: str) -> list[dict[str, Any]]:
    """The API's JSON answer -> rows. An ``error`` or a body without ``data`` is a LoadError;
    an empty ``data`` list means nothing reported yet (no rows)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise LoadError("malformed answer: expected an object with a 'data' list", file=ref)
    if payload.get("error"):
        raise LoadError(f"Comtrade error: {payload['error']}", file=ref)
    rows = []
    for i, rec in enumerate(payload["data"], start=1):
        if not isinstance(rec, dict):
            raise LoadError("malformed answer: data records must be objects", file=ref,
                            record=f"data[{i}]")
        row = to_flow(rec, file=ref, record=f"data[{i}]")
        if row is not None:
            rows.append(row)
    return rows


def fetch(client: HttpClient, *, reporters: Iterable[int], years: Iterable[int],
          partners: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Annual totals (cmdCode TOTAL), exports and imports, for reporters and years."""
    rows: list[dict[str, Any]] = []
    params = [("reporterCode", ",".join(str(r) for r in reporters)),
              ("period", ",".join(str(y) for y in years)),
              ("flowCode", "X,M"), ("cmdCode", "TOTAL"), ("customsCode", "C00"),
              ("motCode", "0"), ("partner2Code", "0"), ("includeDesc", "true")]
    if partners is not None:
        params.append(("partnerCode", ",".join(str(p) for p in partners)))
    payload = client.get_json("C/A/HS", params)
    if payload is None:
        return rows
    return parse_answer(payload, ref=describe(client.url("C/A/HS"), params))
