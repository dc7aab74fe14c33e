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

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from dyad.reference import files
from dyad.reference.vocabulary import C5, partners_of

CAGR_FORMULA = "CAGR = (value_end / value_start) ** (1 / (end_year - start_year)) - 1"
YOY_FORMULA = "growth_t = value_t / value_(t-1) - 1"
PAIR_COLUMNS = ["us_exports_usd", "us_imports_usd", "balance_usd", "turnover_usd"]
TRADE_SOURCE = "census"


@dataclass(frozen=True)
class USTotals:
    """US total-goods flows (reporter US, no commodity) of one source, read from the store
    once: one row per partner, year, month (NA for annual rows) and flow."""

    rows: pd.DataFrame
    source: str
    tables: dict[tuple[str, bool], pd.DataFrame] = field(default_factory=dict, compare=False)


TradeInput = duckdb.DuckDBPyConnection | USTotals


def us_totals(con: duckdb.DuckDBPyConnection, source: str = TRADE_SOURCE) -> USTotals:
    """Read the US total-goods rows of ``source`` once; every function here takes the result
    in place of a connection, so a report reads ``trade_flows`` a single time."""
    df = con.execute(
        """SELECT partner, year, month, flow, value_usd FROM trade_flows
           WHERE reporter = 'US' AND commodity IS NULL AND source = ?""", [source]).df()
    df["partner"] = df["partner"].astype(object)  # plain strings filter faster than Arrow's
    df["flow"] = df["flow"].astype(object)
    return USTotals(df, source)


def _totals(data: TradeInput, source: str) -> USTotals:
    if isinstance(data, USTotals):
        if data.source != source:
            raise ValueError(f"these totals are from {data.source!r}, not {source!r}")
        return data
    return us_totals(data, source)


def c5_codes() -> list[str]:
    return list(C5)


def partner_of(pair: str) -> list[str]:
    """'US-KZ' -> ['KZ']; 'US-C5' -> the five states."""
    return partners_of(pair)


def pair_table(con: TradeInput, pair: str = "US-KZ", *, monthly: bool = False,
               source: str = TRADE_SOURCE) -> pd.DataFrame:
    """Year (and month) with US exports, imports, balance and turnover in dollars.

    Annual rows exist only for complete years; monthly rows only for published months.
    For US-C5 the five states are summed (a year counts only if all five have it).
    ``con`` is a store connection or the :func:`us_totals` already read from it.
    """
    totals = _totals(con, source)
    key = (pair.upper(), monthly)
    if key not in totals.tables:
        totals.tables[key] = _pair_table(totals.rows, partner_of(pair), monthly)
    return totals.tables[key].copy()


def _pair_table(rows: pd.DataFrame, partners: list[str], monthly: bool) -> pd.DataFrame:
    rows = rows[rows["partner"].isin(partners)
                & (rows["month"].notna() if monthly else rows["month"].isna())]
    cols = ["year", "month", *PAIR_COLUMNS] if monthly else ["year", *PAIR_COLUMNS]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("year", "month") else "Int64")
                             for c in cols})
    keys = ["year", "month"] if monthly else ["year"]
    df = rows.groupby([*keys, "flow"])["value_usd"].sum().unstack("flow").reindex(
        columns=["export", "import"])
    df = df.rename(columns={"export": "us_exports_usd", "import": "us_imports_usd"})
    df["n_partners"] = rows.groupby(keys)["partner"].nunique()
    df = df.reset_index().sort_values(keys)
    df = df[df["n_partners"] == len(partners)].drop(columns="n_partners")
    df["balance_usd"] = df["us_exports_usd"] - df["us_imports_usd"]
    df["turnover_usd"] = df["us_exports_usd"] + df["us_imports_usd"]
    out = df[cols].reset_index(drop=True)
    out.columns.name = None
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


def cagr_table(con: TradeInput, start: int, end: int) -> pd.DataFrame:
    """CAGR of exports, imports and turnover for each state and the C5 over a window."""
    totals = _totals(con, TRADE_SOURCE)
    rows = []
    for pair in [f"US-{c}" for c in c5_codes()] + ["US-C5"]:
        t = pair_table(totals, pair)
        row: dict[str, object] = {"pair": pair, "start": start, "end": end}
        for col in ("us_exports_usd", "us_imports_usd", "turnover_usd"):
            try:
                row[col.replace("_usd", "_cagr_pct")] = round(cagr(t, start, end, col), 2)
            except ValueError:
                row[col.replace("_usd", "_cagr_pct")] = None
        rows.append(row)
    return pd.DataFrame(rows)


def seasonality(con: TradeInput, pair: str = "US-KZ") -> pd.DataFrame:
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


def five_states(con: TradeInput, *, start: int | None = None,
                end: int | None = None) -> pd.DataFrame:
    """The five states side by side: one row per state and year."""
    names = {str(c["iso2"]): str(c["name"]) for c in files.countries()}
    totals = _totals(con, TRADE_SOURCE)
    frames = []
    for code in c5_codes():
        t = pair_table(totals, f"US-{code}")
        t.insert(0, "partner", code)
        t.insert(1, "partner_name", names[code])
        frames.append(t)
    df = pd.concat(frames, ignore_index=True)
    if start is not None:
        df = df[df["year"] >= start]
    if end is not None:
        df = df[df["year"] <= end]
    return df.reset_index(drop=True)


def months_published(con: TradeInput, source: str = TRADE_SOURCE) -> pd.DataFrame:
    """Years without a complete annual row: which months are published (US totals)."""
    rows = _totals(con, source).rows
    annual = set(rows.loc[rows["month"].isna(), "year"])
    monthly = rows[rows["month"].notna() & ~rows["year"].isin(annual)]
    out = pd.DataFrame(monthly.groupby("year")["month"].agg(["min", "max"]))
    out = out.rename(columns={"min": "first_month", "max": "last_month"})
    out = out.reset_index().sort_values("year").reset_index(drop=True)
    for col in ("year", "first_month", "last_month"):
        out[col] = out[col].astype("int64")
    return out
