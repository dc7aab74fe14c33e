"""Check the seed article's two trade claims against the store (Census data).

Claim 1 (paraphrased): of the five Central Asian states, only Kazakhstan has had a trade
balance with the United States in its own favour in every year since 2017.
Claim 2 (paraphrased): over 2017-2023, annual trade growth was 67.6% in the United States'
favour and 28.2% in Kazakhstan's.
The article does not say how claim 2 was computed; :func:`growth_readings` gives the usual
readings (total growth, CAGR, mean year-on-year growth) of US exports to and US imports from
Kazakhstan so a reader can see which, if any, matches.
"""

from __future__ import annotations

import pandas as pd

from dyad.analysis.trade import TradeInput, cagr, five_states, pair_table


def balance_since(con: TradeInput, start: int = 2017,
                  end: int | None = None) -> pd.DataFrame:
    """Per state: years in the window, years in the partner's favour (US deficit), all?"""
    df = five_states(con, start=start, end=end)
    g = df.groupby(["partner", "partner_name"])
    out = g.agg(first_year=("year", "min"), last_year=("year", "max"), years=("year", "count"),
                years_partner_favour=("balance_usd", lambda s: int((s < 0).sum())),
                min_balance_usd=("balance_usd", "min"),
                max_balance_usd=("balance_usd", "max")).reset_index()
    out["always_partner_favour"] = out["years_partner_favour"] == out["years"]
    return out


def growth_readings(con: TradeInput, pair: str = "US-KZ", start: int = 2017,
                    end: int = 2023) -> pd.DataFrame:
    """Total growth, CAGR and mean year-on-year growth (%) of exports and imports."""
    t = pair_table(con, pair)
    t = t[(t["year"] >= start) & (t["year"] <= end)].set_index("year")
    rows = []
    for col, label in (("us_exports_usd", "US exports (US side)"),
                       ("us_imports_usd", "US imports (partner side)")):
        if start not in t.index or end not in t.index:
            continue
        s = t[col]
        rows.append({
            "series": label, "start": start, "end": end,
            "value_start_usd": float(s[start]), "value_end_usd": float(s[end]),
            "total_growth_pct": float((s[end] / s[start] - 1) * 100),
            "cagr_pct": cagr(t.reset_index(), start, end, col),
            "mean_yoy_growth_pct": float(s.pct_change().mean() * 100),
        })
    return pd.DataFrame(rows)
