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
    return files.iso3_of(partner) or partner


def partner_shares(con: duckdb.DuckDBPyConnection, reporter: str = "KZ",
                   source: str = "comtrade") -> pd.DataFrame:
    """Partner groups' shares of the reporter's turnover from Comtrade rows; for Kazakhstan
    with no Comtrade rows, the shipped Kazakh-side figures (:func:`kz_partner_table`)."""
    cols = ["year", "group", "exports_usd", "imports_usd", "turnover_usd", "share_pct", "basis"]
    if reporter == "KZ" and source == "comtrade" and not _has_comtrade(con, reporter):
        kz = kz_partner_table(con)
        kz = kz[kz["partner"] != "WORLD"]
        if not kz.empty:
            out = kz.rename(columns={"partner_name": "group", "share": "share_pct",
                                     "share_basis": "basis"})
            return out[[*cols, "partner", "source", "source_url"]]
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


def _has_comtrade(con: duckdb.DuckDBPyConnection, reporter: str) -> bool:
    row = con.execute("SELECT count(*) FROM trade_flows WHERE source = 'comtrade' AND "
                      "(reporter = ? OR partner = ?)", [reporter, reporter]).fetchone()
    return bool(row and row[0])


KZ_SHARE_FORMULA = ("share = partner turnover / Kazakhstan's turnover with the world * 100, both "
                    "as published on the Kazakh side; no share where no world total is cited")
KZ_COLUMNS = ["year", "partner", "partner_name", "exports_usd", "imports_usd", "turnover_usd",
              "share", "share_basis", "approx", "source", "source_url"]


def kz_partner_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Kazakhstan's trade by partner and year from the Kazakh-side figures (``kz-stat``).

    turnover_usd is the published turnover, else exports + imports when both are published;
    share (%) only where a world total for the year is cited (see :data:`KZ_SHARE_FORMULA`).
    source_url lists the page(s) each row's figures were read on. Columns: :data:`KZ_COLUMNS`.
    """
    from dyad.store import table_exists

    if not table_exists(con, "kz_partner_trade"):
        return pd.DataFrame(columns=KZ_COLUMNS)
    df = con.execute("SELECT year, partner, partner_name, flow, value_usd, approx, source, "
                     "source_url FROM kz_partner_trade ORDER BY year, partner").df()
    if df.empty:
        return pd.DataFrame(columns=KZ_COLUMNS)
    rows: list[dict[str, object]] = []
    for (year, partner), g in df.groupby(["year", "partner"], sort=True):
        vals = {str(f): float(v) for f, v in zip(g["flow"], g["value_usd"], strict=True)}
        x, m = vals.get("export"), vals.get("import")
        turnover = vals.get("turnover", x + m if x is not None and m is not None else None)
        rows.append({"year": int(str(year)), "partner": str(partner),
                     "partner_name": str(g["partner_name"].iloc[0]), "exports_usd": x,
                     "imports_usd": m, "turnover_usd": turnover,
                     "approx": bool(g["approx"].any()), "source": "kz-stat",
                     "source_url": " ".join(dict.fromkeys(g["source_url"]))})
    out = pd.DataFrame(rows)
    world = out[out["partner"] == "WORLD"].set_index("year")["turnover_usd"]
    out["share"] = [
        round(float(t) / float(world[y]) * 100, 1) if y in world.index and t is not None
        and p != "WORLD" and pd.notna(t) else (100.0 if p == "WORLD" else None)
        for y, p, t in zip(out["year"], out["partner"], out["turnover_usd"], strict=True)]
    out["share_basis"] = [
        "of the cited world total" if y in world.index else "no world total cited: no share"
        for y in out["year"]]
    return out[KZ_COLUMNS]


MIRROR_EXPLANATION = (
    "Why the two sides differ: (1) valuation — each side values its imports CIF (cost, insurance "
    "and freight to its border; US Census imports are customs value, close to FOB) and its "
    "exports FOB, so a country's imports exceed the partner's recorded exports by the freight "
    "and insurance; (2) re-exports and transit — Kazakhstan records imports by country of "
    "origin, the US records exports by the declared destination, so US goods reaching "
    "Kazakhstan through Russia, the EU or the Gulf are US imports for Kazakhstan but not US "
    "exports to Kazakhstan (and Kazakh goods shipped via third countries or traders are US "
    "imports from Kazakhstan that Kazakhstan booked to another buyer); (3) timing — goods in "
    "transit at year end are counted in different years; (4) coverage — confidential or "
    "low-value shipments, and Kazakh figures rounded to $0.1 billion on the pages cited.")


def mirror_us_kz(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """US–KZ trade as each side reports it, by year both cover.

    us_exports_usd / us_imports_usd: Census (reporter US); kz_imports_usd / kz_exports_usd: the
    Kazakh-side figures (``kz-stat``). gap_* = Kazakh figure - mirror US figure (USD);
    ratio_* = Kazakh / US. See :data:`MIRROR_EXPLANATION`.
    """
    cols = ["year", "us_exports_usd", "kz_imports_usd", "gap_us_to_kz_usd", "ratio_us_to_kz",
            "us_imports_usd", "kz_exports_usd", "gap_kz_to_us_usd", "ratio_kz_to_us",
            "us_source", "kz_source_url"]
    us = con.execute("SELECT year, flow, sum(value_usd) AS v FROM trade_flows WHERE reporter = "
                     "'US' AND partner = 'KZ' AND source = 'census' AND month IS NULL AND "
                     "commodity IS NULL GROUP BY year, flow").df()
    kz = kz_partner_table(con)
    kz = kz[kz["partner"] == "US"]
    if us.empty or kz.empty:
        return pd.DataFrame(columns=cols)
    us_w = us.pivot(index="year", columns="flow", values="v")
    rows = []
    for _, r in kz.iterrows():
        y = int(r["year"])
        if y not in us_w.index:
            continue
        ux, um = us_w.loc[y].get("export"), us_w.loc[y].get("import")
        km, kx = r["imports_usd"], r["exports_usd"]

        def gap(a: object, b: object) -> tuple[float | None, float | None]:
            fa, fb = pd.to_numeric(pd.Series([a, b]), errors="coerce").tolist()
            if pd.isna(fa) or pd.isna(fb) or not fb:
                return None, None
            return fa - fb, round(fa / fb, 2)

        g1, r1 = gap(km, ux)
        g2, r2 = gap(kx, um)
        rows.append({"year": y, "us_exports_usd": ux, "kz_imports_usd": km,
                     "gap_us_to_kz_usd": g1, "ratio_us_to_kz": r1, "us_imports_usd": um,
                     "kz_exports_usd": kx, "gap_kz_to_us_usd": g2, "ratio_kz_to_us": r2,
                     "us_source": "U.S. Census Bureau, country.xlsx",
                     "kz_source_url": r["source_url"]})
    return pd.DataFrame(rows, columns=cols)
