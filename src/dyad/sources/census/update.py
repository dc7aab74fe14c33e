"""`dyad update trade`: refresh US trade with the five states from the Census API, and
optionally Kazakhstan's partners (and mirror flows) from UN Comtrade. One ingest run per
source: a failure leaves the store as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from dyad.reference import files
from dyad.sources.census.api import census_client, default_cache_dir, fetch_year, with_annual_rows
from dyad.sources.http import CachedJsonHttp
from dyad.sources.trade_flows import upsert_flows
from dyad.store.provenance import ingest_run

MIRROR_REPORTERS = {"US": 842, "RU": 643, "CN": 156, "TR": 792}


def update_trade(con: Any, *, start: int = 2017, end: int | None = None, hs2: bool = False,
                 comtrade: bool = False, census: CachedJsonHttp | None = None,
                 comtrade_api: CachedJsonHttp | None = None) -> list[str]:
    end = end or dt.date.today().year
    if end < start:
        raise ValueError(f"--to ({end}) is before --from ({start})")
    client = census or census_client(cache_dir=default_cache_dir())
    codes = [f"{int(c['census_cty_code']):04d}" for c in files.countries() if c.get("is_c5")]
    out = []
    with ingest_run(con, source="census", source_ref=client.base) as run:
        rows: list[dict[str, Any]] = []
        for year in range(start, end + 1):
            rows += with_annual_rows(fetch_year(client, year, codes))
            if hs2:
                rows += with_annual_rows(fetch_year(client, year, codes, hs2=True))
        upsert_flows(run, pd.DataFrame(rows), file=client.base)
    out.append(f"census: run {run.run_id}, {run.rows_in} flows read, "
               f"{run.rows_loaded} new or revised")
    if comtrade:
        from dyad.sources.comtrade.api import KZ_M49, comtrade_client, fetch

        api = comtrade_api or comtrade_client(cache_dir=default_cache_dir().parent / "comtrade")
        years = list(range(start, end + 1))
        with ingest_run(con, source="comtrade", source_ref=api.base) as run:
            rows = fetch(api, reporters=[KZ_M49], years=years)
            reported = {r["year"] for r in rows}
            lagging = [y for y in years if y not in reported]
            if lagging:  # partner-reported mirror flows where Kazakhstan's own data lags
                rows += fetch(api, reporters=MIRROR_REPORTERS.values(), years=lagging,
                              partners=[KZ_M49])
            upsert_flows(run, pd.DataFrame(rows), file=api.base)
        out.append(f"comtrade: run {run.run_id}, {run.rows_in} flows read, "
                   f"{run.rows_loaded} new or revised"
                   + (f"; mirror flows for {lagging}" if lagging else ""))
    return out
