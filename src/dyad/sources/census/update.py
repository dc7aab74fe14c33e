"""`dyad update census` / `comtrade` (and `update trade`, both): refresh trade from the live
APIs. US trade with the five states from the Census API, and Kazakhstan's partners (with
mirror flows where its own reports lag) from UN Comtrade. One ingest run per source, so a
failure leaves that source's data as it was; when Comtrade fails after the Census run has
committed, the error says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dyad.errors import LoadError, SourceUnavailableError, UsageError
from dyad.reference import files
from dyad.sources.census.api import census_client, default_cache_dir, fetch_year, with_annual_rows
from dyad.sources.http import HttpClient
from dyad.sources.result import LoadResult
from dyad.sources.trade_flows import empty_flows, upsert_flows
from dyad.store.provenance import ingest_run

MIRROR_REPORTERS = {"US": 842, "RU": 643, "CN": 156, "TR": 792}


def _years(start: int, end: int | None) -> list[int]:
    end = end or dt.date.today().year
    if end < start:
        raise UsageError(f"--to ({end}) is before --from ({start})")
    if not 1945 <= start <= 2100 or end > 2100:
        raise UsageError(f"years must be within 1945-2100, got {start}-{end}")
    return list(range(start, end + 1))


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows) if rows else empty_flows()


def update_census(con: Any, *, start: int = 2017, end: int | None = None, hs2: bool = False,
                  client: HttpClient | None = None) -> LoadResult:
    """US exports and imports with the five states, monthly (annual rows where complete)."""
    years = _years(start, end)
    client = client or census_client(cache_dir=default_cache_dir())
    codes = [f"{int(c['census_cty_code']):04d}" for c in files.countries() if c.get("is_c5")]
    with ingest_run(con, source="census", source_ref=client.base) as run:
        rows: list[dict[str, Any]] = []
        for year in years:
            rows += with_annual_rows(fetch_year(client, year, codes))
            if hs2:
                rows += with_annual_rows(fetch_year(client, year, codes, hs2=True))
        upsert_flows(run, _frame(rows), file=client.base)
    return LoadResult.of(run)


def update_comtrade(con: Any, *, start: int = 2017, end: int | None = None,
                    client: HttpClient | None = None) -> LoadResult:
    """Kazakhstan's annual totals with every partner; mirror flows for lagging years."""
    from dyad.sources.comtrade.api import KZ_M49, comtrade_client, fetch

    years = _years(start, end)
    api = client or comtrade_client(cache_dir=default_cache_dir().parent / "comtrade")
    with ingest_run(con, source="comtrade", source_ref=api.base) as run:
        rows = fetch(api, reporters=[KZ_M49], years=years)
        reported = {r["year"] for r in rows}
        lagging = [y for y in years if y not in reported]
        if lagging:  # partner-reported mirror flows where Kazakhstan's own data lags
            rows += fetch(api, reporters=MIRROR_REPORTERS.values(), years=lagging,
                          partners=[KZ_M49])
        upsert_flows(run, _frame(rows), file=api.base)
    return LoadResult.of(run, mirror_years=lagging,
                         note=f"mirror flows for {lagging}" if lagging else "")


def update_trade(con: Any, *, start: int = 2017, end: int | None = None, hs2: bool = False,
                 comtrade: bool = False, census: HttpClient | None = None,
                 comtrade_api: HttpClient | None = None) -> list[LoadResult]:
    """Census, then (with ``comtrade``) Comtrade; each its own run."""
    out = [update_census(con, start=start, end=end, hs2=hs2, client=census)]
    if comtrade:
        done = f"already committed: {out[0].line()}"
        try:
            out.append(update_comtrade(con, start=start, end=end, client=comtrade_api))
        except LoadError as e:
            raise LoadError(f"{e.reason} (comtrade failed; census {done})", file=e.file,
                            record=e.record, field=e.field) from None
        except SourceUnavailableError as e:
            raise SourceUnavailableError(f"comtrade: {e} (census {done})") from None
    return out
