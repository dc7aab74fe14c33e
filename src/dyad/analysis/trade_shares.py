"""Kazakhstan's multi-vector trade: partner shares of its turnover; top HS chapters.

Shares (%) = partner group's turnover (exports + imports, reporter side) / the reporter's
turnover with the world (Comtrade partner 0, 'comtrade:W00') * 100. Groups: United States,
Russia, China, EU (members on 1 July of the year, ``data/trade/eu_members.csv``), Turkey, and
others = world - the named groups. Years the reporter has not reported: partner-reported
mirror flows (a partner's imports from the reporter = the reporter's exports to it), with no
world total, so no share (``basis = 'mirror'``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import duckdb
import pandas as pd

from dyad.reference import files

GROUPS = (("US", "United States"), ("RU", "Russia"), ("CN", "China"), ("EU", "EU"),
          ("TR", "Turkey"))
WORLD = "comtrade:W00"
SHARE_FORMULA = "share = group turnover / turnover with the world * 100 (reporter's data)"


def eu_members() -> list[dict[str, str]]:
    text = files.data_text("trade/eu_members.csv")
    lines = [ln for ln in text.splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def eu_iso3_in(year: int) -> set[str]:
    """ISO3 codes of EU members on 1 July of the year."""
    mid = dt.date(year, 7, 1)
    out = set()
    for m in eu_members():
        joined = dt.date.fromisoformat(m["joined"])
        left = dt.date.fromisoformat(m["left"]) if m["left"] else None
        if joined <= mid and (left is None or left > mid):
            out.add(m["iso3"])
    return out


def _iso3(partner: str) -> str:
    if partner.startswith("comtrade:"):
        return partner.split(":", 1)[1]
    for c in files.countries():
        if c["iso2"] == partner:
            return str(c["iso3"])
    return partner


def partner_shares(con: duckdb.DuckDBPyConnection, reporter: str = "KZ",
                   source: str = "comtrade") -> pd.DataFrame:
    cols = ["year", "group", "exports_usd", "imports_usd", "turnover_usd", "share_pct", "basis"]
    df = con.execute(
        """SELECT year, partner, flow, value_usd FROM trade_flows
           WHERE reporter = ? AND source = ? AND month IS NULL AND commodity IS NULL""",
        [reporter, source]).df()
    rows: list[dict[str, object]] = []
    for year, g in df.groupby("year"):
        y = int(str(year))
        eu = eu_iso3_in(y)
        world = g[g["partner"] == WORLD]
        w_x = float(world.loc[world["flow"] == "export", "value_usd"].sum())
        w_m = float(world.loc[world["flow"] == "import", "value_usd"].sum())
        named_x = named_m = 0.0
        for code, label in GROUPS:
            in_group = g["partner"].map(_iso3).isin(eu) if code == "EU" else g["partner"] == code
            sel = g[in_group]
            x = float(sel.loc[sel["flow"] == "export", "value_usd"].sum())
            m = float(sel.loc[sel["flow"] == "import", "value_usd"].sum())
            named_x += x
            named_m += m
            rows.append({"year": y, "group": label, "exports_usd": x, "imports_usd": m})
        if not world.empty:
            rows.append({"year": y, "group": "Others", "exports_usd": w_x - named_x,
                         "imports_usd": w_m - named_m})
        for r in rows:
            if r["year"] == y:
                turnover = float(str(r["exports_usd"])) + float(str(r["imports_usd"]))
                r["turnover_usd"] = turnover
                r["share_pct"] = (turnover / (w_x + w_m) * 100
                                  if not world.empty and w_x + w_m > 0 else None)
                r["basis"] = "reported" if not world.empty else "reported, no world total"
    rows += _mirror_rows(con, reporter, source, {int(str(r["year"])) for r in rows})
    return pd.DataFrame(rows, columns=cols)


def _mirror_rows(con: duckdb.DuckDBPyConnection, reporter: str, source: str,
                 have: set[int]) -> list[dict[str, object]]:
    df = con.execute(
        """SELECT year, reporter AS partner, flow, value_usd FROM trade_flows
           WHERE partner = ? AND source = ? AND month IS NULL AND commodity IS NULL""",
        [reporter, source]).df()
    out: list[dict[str, object]] = []
    for year, g in df.groupby("year"):
        y = int(str(year))
        if y in have:
            continue
        for code, label in GROUPS:
            sel = (g[g["partner"].map(_iso3).isin(eu_iso3_in(y))] if code == "EU"
                   else g[g["partner"] == code])
            if sel.empty:
                continue
            x = float(sel.loc[sel["flow"] == "import", "value_usd"].sum())  # partner's imports
            m = float(sel.loc[sel["flow"] == "export", "value_usd"].sum())
            out.append({"year": y, "group": label, "exports_usd": x, "imports_usd": m,
                        "turnover_usd": x + m, "share_pct": None, "basis": "mirror"})
    return out


def top_chapters(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ", year: int | None = None,
                 n: int = 10) -> pd.DataFrame:
    """The largest HS2 chapters each way (US side) in a year (default: the latest with data)."""
    partner = pair.upper().split("-")[-1]
    df = con.execute(
        """SELECT year, flow, commodity, sum(value_usd) AS value_usd FROM trade_flows
           WHERE reporter = 'US' AND partner = ? AND commodity LIKE 'HS2:%'
             AND month IS NOT NULL GROUP BY year, flow, commodity""", [partner]).df()
    if df.empty:
        return pd.DataFrame(columns=["year", "flow", "rank", "commodity", "value_usd"])
    year = year or int(df["year"].max())
    df = df[df["year"] == year].sort_values(["flow", "value_usd"], ascending=[True, False])
    df["rank"] = df.groupby("flow").cumcount() + 1
    return df[df["rank"] <= n][["year", "flow", "rank", "commodity", "value_usd"]]
