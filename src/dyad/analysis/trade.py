"""US trade in goods with a partner: the pair table, growth, CAGR, seasonality, the five states.

All functions read ``trade_flows`` (never a source) and return data frames. Values are US
dollars; exports and imports are from the US side (Census: total exports, general imports).

Formulas
--------
- balance = US exports - US imports (negative: a US deficit, i.e. in the partner's favour)
- turnover = US exports + US imports
- year-on-year growth (%) = (x_t / x_{t-1} - 1) * 100
- CAGR over [y0, y1] (%) = ((x_{y1} / x_{y0}) ** (1 / (y1 - y0)) - 1) * 100
- seasonality: each month's share of its (complete) year's flow, averaged over the years
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dyad.reference import files
from dyad.reference.vocabulary import C5, partners_of

CAGR_FORMULA = "CAGR = (value_end / value_start) ** (1 / (end_year - start_year)) - 1"
YOY_FORMULA = "growth_t = value_t / value_(t-1) - 1"
PAIR_COLUMNS = ["us_exports_usd", "us_imports_usd", "balance_usd", "turnover_usd"]


def c5_codes() -> list[str]:
    return list(C5)


def partner_of(pair: str) -> list[str]:
    """'US-KZ' -> ['KZ']; 'US-C5' -> the five states."""
    return partners_of(pair)


def pair_table(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ", *, monthly: bool = False,
               source: str = "census") -> pd.DataFrame:
    """Year (and month) with US exports, imports, balance and turnover in dollars.

    Annual rows exist only for complete years; monthly rows only for published months.
    For US-C5 the five states are summed (a year counts only if all five have it).
    """
    partners = partner_of(pair)
    month_cond = "month IS NOT NULL" if monthly else "month IS NULL"
    df = con.execute(
        f"""SELECT year, month,
               sum(value_usd) FILTER (WHERE flow = 'export') AS us_exports_usd,
               sum(value_usd) FILTER (WHERE flow = 'import') AS us_imports_usd,
               count(DISTINCT partner) AS n_partners
            FROM trade_flows
            WHERE reporter = 'US' AND commodity IS NULL AND source = ? AND {month_cond}
              AND partner IN (SELECT unnest(?))
            GROUP BY year, month ORDER BY year, month""",
        [source, partners]).df()
    df = df[df["n_partners"] == len(partners)].drop(columns="n_partners")
    df["balance_usd"] = df["us_exports_usd"] - df["us_imports_usd"]
    df["turnover_usd"] = df["us_exports_usd"] + df["us_imports_usd"]
    cols = ["year", "month", *PAIR_COLUMNS] if monthly else ["year", *PAIR_COLUMNS]
    out = df[cols].reset_index(drop=True)
    out["year"] = out["year"].astype(int)
    for col in PAIR_COLUMNS:
        out[col] = out[col].round().astype("Int64")
    if monthly:
        out["month"] = out["month"].astype(int)
    return out


def growth_table(table: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth (%) of exports, imports and turnover (``YOY_FORMULA``)."""
    out = table[["year"]].copy()
    for col in ("us_exports_usd", "us_imports_usd", "turnover_usd"):
        prev = table[col].shift(1)
        consecutive = table["year"].diff() == 1
        out[col.replace("_usd", "_yoy_pct")] = ((table[col] / prev - 1) * 100).where(consecutive)
    return out


def cagr(table: pd.DataFrame, start: int, end: int, column: str) -> float:
    """Compound annual growth rate in percent over [start, end] (``CAGR_FORMULA``)."""
    if end <= start:
        raise ValueError(f"CAGR needs end > start, got {start}-{end}")
    by_year = table.set_index("year")[column]
    missing = [y for y in (start, end) if y not in by_year.index]
    if missing:
        raise ValueError(f"no complete-year value of {column} for {missing}")
    x0, x1 = float(by_year[start]), float(by_year[end])
    if x0 <= 0 or x1 <= 0:
        raise ValueError(f"CAGR is undefined for non-positive values ({x0}, {x1})")
    return float(((x1 / x0) ** (1 / (end - start)) - 1) * 100)


def cagr_table(con: duckdb.DuckDBPyConnection, start: int, end: int) -> pd.DataFrame:
    """CAGR of exports, imports and turnover for each state and the C5 over a window."""
    rows = []
    for pair in [f"US-{c}" for c in c5_codes()] + ["US-C5"]:
        t = pair_table(con, pair)
        row: dict[str, object] = {"pair": pair, "start": start, "end": end}
        for col in ("us_exports_usd", "us_imports_usd", "turnover_usd"):
            try:
                row[col.replace("_usd", "_cagr_pct")] = round(cagr(t, start, end, col), 2)
            except ValueError:
                row[col.replace("_usd", "_cagr_pct")] = None
        rows.append(row)
    return pd.DataFrame(rows)


def seasonality(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> pd.DataFrame:
    """Mean share (%) of each calendar month in its year's exports and imports."""
    m = pair_table(con, pair, monthly=True)
    full = m.groupby("year")["month"].transform("count") == 12
    m = m[full].copy()
    if m.empty:
        return pd.DataFrame(columns=["month", "exports_share_pct", "imports_share_pct", "years"])
    for col, out in (("us_exports_usd", "exports_share_pct"),
                     ("us_imports_usd", "imports_share_pct")):
        m[out] = m[col] / m.groupby("year")[col].transform("sum") * 100
    res = m.groupby("month").agg(exports_share_pct=("exports_share_pct", "mean"),
                                 imports_share_pct=("imports_share_pct", "mean"),
                                 years=("year", "nunique")).reset_index()
    return res


def five_states(con: duckdb.DuckDBPyConnection, *, start: int | None = None,
                end: int | None = None) -> pd.DataFrame:
    """The five states side by side: one row per state and year."""
    names = {str(c["iso2"]): str(c["name"]) for c in files.countries()}
    frames = []
    for code in c5_codes():
        t = pair_table(con, f"US-{code}")
        t.insert(0, "partner", code)
        t.insert(1, "partner_name", names[code])
        frames.append(t)
    df = pd.concat(frames, ignore_index=True)
    if start is not None:
        df = df[df["year"] >= start]
    if end is not None:
        df = df[df["year"] <= end]
    return df.reset_index(drop=True)


def months_published(con: duckdb.DuckDBPyConnection, source: str = "census") -> pd.DataFrame:
    """Years without a complete annual row: which months are published (US totals)."""
    return con.execute(
        """SELECT year, min(month) AS first_month, max(month) AS last_month
           FROM trade_flows WHERE reporter = 'US' AND source = ? AND month IS NOT NULL
             AND commodity IS NULL
           GROUP BY year
           HAVING year NOT IN (SELECT year FROM trade_flows WHERE reporter = 'US'
                               AND source = ? AND month IS NULL)
           ORDER BY year""", [source, source]).df()
