"""Media attention normalised by each collection's volume (Media Cloud daily counts).

Unit: stories (Media Cloud's online-news index). For a collection, a query and a period,
attention is the share of the collection's stories that match the query:
``count / total_count``, where ``count`` is the stories matching the query and ``total_count``
(the exposure, reported as ``n``) every story the collection indexed in the period. Dividing
by the collection's own volume lets collections of different size (a national US collection
and a Kazakhstani one) and periods of uneven crawling be compared.

Intervals: 95% Wilson score intervals, treating the period's stories as independent draws;
stories cluster (wire copies, one event covered many times), so the intervals are a lower
bound on the uncertainty. Days Media Cloud returned no count for are not imputed:
``days`` says how many days with data stand behind each row, ``days_in_period`` how many
the period spans.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import duckdb
import pandas as pd

from dyad.errors import UsageError

BY = ("day", "week", "month", "year", "total")
Z95 = 1.959963984540054
COLUMNS = ["collection_id", "query", "period", "period_start", "period_end", "count", "n",
           "share", "share_low", "share_high", "per_10k", "days", "days_in_period"]


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of the proportion ``k / n`` (NaN, NaN when n is 0)."""
    if n <= 0:
        return math.nan, math.nan
    p = k / n
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, mid - half), min(1.0, mid + half)


def _period(day: dt.date, by: str) -> tuple[str, dt.date, dt.date]:
    if by == "day":
        return day.isoformat(), day, day
    if by == "week":
        lo = day - dt.timedelta(days=day.weekday())
        y, w, _ = day.isocalendar()
        return f"{y}-W{w:02d}", lo, lo + dt.timedelta(days=6)
    if by == "month":
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return day.strftime("%Y-%m"), day.replace(day=1), nxt - dt.timedelta(days=1)
    return str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def attention(con: duckdb.DuckDBPyConnection, query: str, *,
              collections: list[int] | None = None, start: dt.date | None = None,
              end: dt.date | None = None, by: str = "month") -> pd.DataFrame:
    """Normalised attention per collection and period (see the module docstring).

    Columns: collection_id, query, period, period_start, period_end (clipped to
    ``start``/``end``), count (stories matching), n (all the collection's stories), share
    (count / n) with share_low/share_high (95% Wilson), per_10k (share x 10,000), days
    (days with a count) and days_in_period. Empty when nothing is stored."""
    if by not in BY:
        raise UsageError(f"--by {by!r}: choose one of {', '.join(BY)}")
    sql = ("SELECT collection_id, date, count, total_count FROM mediacloud_counts"
           " WHERE query = ?")
    args: list[object] = [query]
    if collections:
        sql += f" AND collection_id IN ({', '.join('?' for _ in collections)})"
        args += list(collections)
    if start:
        sql += " AND date >= ?"
        args.append(start)
    if end:
        sql += " AND date <= ?"
        args.append(end)
    rows = con.execute(sql + " ORDER BY collection_id, date", args).fetchall()
    span: dict[int, tuple[dt.date, dt.date]] = {}
    for cid, day, _, _ in rows:
        first = span.get(cid, (day, day))[0]
        span[cid] = (first, day)
    groups: dict[tuple[int, str], list[Any]] = {}
    for cid, day, k, n in rows:
        if by == "total":
            label, lo, hi = "total", start or span[cid][0], end or span[cid][1]
        else:
            label, lo, hi = _period(day, by)
        g = groups.setdefault((cid, label), [max(lo, start) if start else lo,
                                             min(hi, end) if end else hi, 0, 0, 0])
        g[2], g[3], g[4] = g[2] + int(k), g[3] + int(n), g[4] + 1
    out = []
    for (cid, label), (lo, hi, k, n, days) in groups.items():
        low, high = wilson(k, n)
        share = k / n if n else math.nan
        out.append([cid, query, label, lo, hi, k, n, share, low, high, share * 1e4, days,
                    (hi - lo).days + 1])
    df = pd.DataFrame(out, columns=COLUMNS)
    df.attrs.update(unit="stories (Media Cloud online news)",
                    exposure="all stories of the collection in the period (n)",
                    interval="95% Wilson score; stories treated as independent",
                    source="Media Cloud search API, count-over-time (search.mediacloud.org)")
    return df
