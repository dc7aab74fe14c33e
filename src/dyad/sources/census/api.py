"""The Census Bureau's International Trade API (live route), cached and retried.

Endpoints: ``{BASE}/exports/hs`` (``ALL_VAL_MO``: total exports, dollars) and
``{BASE}/imports/hs`` (``GEN_VAL_MO``: general imports, dollars); ``time`` is ``YYYY-MM`` or
``from YYYY-MM to YYYY-MM``; ``CTY_CODE`` may repeat. The answer is JSON: an array of arrays,
the first being the header (variables asked for, then the predicates echoed back).
HTTP 204 means no data for the query (not published yet). API key: ``CENSUS_API_KEY``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dyad.reference import files
from dyad.sources.census.file import SOURCE, partner_codes
from dyad.sources.http import HttpClient, describe
from dyad.store.provenance import LoadError

BASE = "https://api.census.gov/data/timeseries/intltrade"
ENDPOINTS = {"export": ("exports/hs", "ALL_VAL_MO", "E_COMMODITY"),
             "import": ("imports/hs", "GEN_VAL_MO", "I_COMMODITY")}


def default_cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("dyad", appauthor=False) / "census"


def census_client(api_key: str | None = None, **kw: Any) -> HttpClient:
    """A client for the API; the key (``CENSUS_API_KEY``) goes in the query, never in refs."""
    key = api_key if api_key is not None else os.environ.get("CENSUS_API_KEY")
    return HttpClient(base=BASE, auth_params=[("key", key)] if key else [],
                      key_env="CENSUS_API_KEY", **kw)


def query_params(flow: str, year: int, cty_codes: Sequence[str], *, hs2: bool = False,
                 months: tuple[int, int] = (1, 12)) -> tuple[str, list[tuple[str, str]]]:
    path, value, commodity = ENDPOINTS[flow]
    get = ["CTY_CODE", "CTY_NAME", value] + ([commodity] if hs2 else [])
    params = [("get", ",".join(get)),
              ("time", f"from {year}-{months[0]:02d} to {year}-{months[1]:02d}")]
    if hs2:
        params.append(("COMM_LVL", "HS2"))
    params += [("CTY_CODE", c) for c in cty_codes]
    return path, params


def parse_answer(payload: Any, flow: str, *, ref: str, hs2: bool = False) -> list[dict[str, Any]]:
    """Array-of-arrays answer -> trade_flows rows (monthly); any defect is a LoadError."""
    _, value_col, comm_col = ENDPOINTS[flow]
    if not isinstance(payload, list) or not payload:
        raise LoadError("malformed answer: expected a non-empty array of arrays", file=ref)
    if not all(isinstance(r, list) for r in payload):
        raise LoadError("malformed answer: rows must be arrays", file=ref)
    header = [str(h) for h in payload[0]]
    need = ["CTY_CODE", "CTY_NAME", value_col, "time"] + ([comm_col] if hs2 else [])
    absent = [c for c in need if c not in header]
    if absent:
        raise LoadError(f"malformed answer: header lacks {absent}", file=ref, record="header")
    if len(payload) == 1:
        raise LoadError("empty answer: a header and no rows", file=ref)
    idx = {c: header.index(c) for c in need}
    known = partner_codes()
    names = {str(c["iso2"]): str(c["name"]) for c in files.countries()}
    out = []
    for n, row in enumerate(payload[1:], start=1):
        rec = f"row {n}"
        if len(row) != len(header):
            raise LoadError(f"row has {len(row)} fields, header {len(header)}", file=ref,
                            record=rec, raw=row)
        code = str(row[idx["CTY_CODE"]]).strip()
        if len(code) != 4 or not code.isdigit():
            raise LoadError(f"unknown country code {code!r}", file=ref, record=rec,
                            field="CTY_CODE", raw=row)
        t = str(row[idx["time"]])
        try:
            year, month = int(t[:4]), int(t[5:7])
            if t[4] != "-" or not 1 <= month <= 12:
                raise ValueError(t)
        except (ValueError, IndexError) as e:
            raise LoadError(f"time must be YYYY-MM, got {t!r}", file=ref, record=rec,
                            field="time", raw=row) from e
        raw_value = row[idx[value_col]]
        try:
            value = int(str(raw_value).strip())
        except ValueError as e:
            raise LoadError(f"non-numeric value {raw_value!r}", file=ref, record=rec,
                            field=value_col, raw=row) from e
        if value < 0:
            raise LoadError(f"negative value {value}", file=ref, record=rec, field=value_col)
        partner = known.get(code)
        name = str(row[idx["CTY_NAME"]]).strip()
        if partner is not None and files.country_by_name(name) != partner:
            raise LoadError(f"CTY_CODE {code} is {partner} in countries.yaml, the API names it "
                            f"{name!r}", file=ref, record=rec, field="CTY_NAME")
        commodity = None
        if hs2:
            chapter = str(row[idx[comm_col]]).strip()
            if not (len(chapter) == 2 and chapter.isdigit()):
                raise LoadError(f"HS2 chapter must be two digits, got {chapter!r}", file=ref,
                                record=rec, field=comm_col)
            commodity = f"HS2:{chapter}"
        out.append({"reporter": "US", "partner": partner or f"census:{code}",
                    "partner_name": names.get(partner or "", name), "year": year, "month": month,
                    "flow": flow, "value_usd": float(value), "commodity": commodity,
                    "source": SOURCE, "source_ref": f"{ref}#time={t}"})
    return out


def with_annual_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add an annual row wherever a partner, flow and commodity has all twelve months."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["partner"], r["year"], r["flow"], r["commodity"]), []).append(r)
    extra = []
    for group in groups.values():
        if sorted(r["month"] for r in group) == list(range(1, 13)):
            first = group[0]
            extra.append({**first, "month": None,
                          "value_usd": float(sum(r["value_usd"] for r in group)),
                          "source_ref": first["source_ref"].split("#")[0] + "#sum of 12 months"})
    return rows + extra


def fetch_year(client: HttpClient, year: int, cty_codes: Sequence[str], *,
               hs2: bool = False) -> list[dict[str, Any]]:
    """Both flows of one year for the given partners (unpublished months simply absent)."""
    rows: list[dict[str, Any]] = []
    for flow in ("export", "import"):
        path, params = query_params(flow, year, cty_codes, hs2=hs2)
        ref = describe(f"{BASE}/{path}", params)
        payload = client.get_json(path, params)
        if payload is None:
            continue
        rows += parse_answer(payload, flow, ref=ref, hs2=hs2)
    return rows
