"""Media attention normalised by each collection's and each outlet's volume (Media Cloud).

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

Per outlet (``outlet_attention``): the outlet's stories matching the query over all its
stories in the same collection and period, both from Media Cloud's top-sources answer (the
query, and ``q=*`` for the outlet's volume), so a prolific wire and a small weekly are
compared by share, not by raw counts. An outlet missing from the query's answer counts 0
matching stories; Media Cloud's top-sources answer lists the top domains only, so for a
large collection such a 0 may hide a few stories (at most the smallest listed count). The
loader stores the volumes in ``mediacloud_outlets`` (``stored_outlets``).
``attention_table`` puts the collection rows and the largest outlets in one small table with
n beside each share.
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


def _where(query: str, collections: list[int] | None, start: dt.date | None,
           end: dt.date | None, lo_col: str, hi_col: str) -> tuple[str, list[object]]:
    """The WHERE clause (and its parameters) of a query's stored rows: the query, the
    collections if given, and ``lo_col >= start`` / ``hi_col <= end``."""
    sql = "query = ?"
    args: list[object] = [query]
    if collections:
        sql += f" AND collection_id IN ({', '.join('?' for _ in collections)})"
        args += list(collections)
    if start:
        sql += f" AND {lo_col} >= ?"
        args.append(start)
    if end:
        sql += f" AND {hi_col} <= ?"
        args.append(end)
    return sql, args


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
    where, args = _where(query, collections, start, end, "date", "date")
    rows = con.execute("SELECT collection_id, date, count, total_count FROM mediacloud_counts"
                       f" WHERE {where} ORDER BY collection_id, date", args).fetchall()
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


OUTLET_COLUMNS = ["level", "collection_id", "outlet", "count", "n", "share", "share_low",
                  "share_high", "per_10k"]
SOURCE_LINE = ("Media Cloud, online news search API (search.mediacloud.org): count-over-time "
               "per collection (total_count = the collection's stories) and top sources per "
               "query, q=* for each outlet's volume")


def _share_rows(rows: list[tuple[str, int | None, str | None, int, int]]) -> pd.DataFrame:
    out = []
    for level, cid, outlet, k, n in rows:
        low, high = wilson(k, n)
        share = k / n if n else math.nan
        out.append([level, cid, outlet, k, n, share, low, high, share * 1e4])
    return pd.DataFrame(out, columns=OUTLET_COLUMNS)


def outlet_attention(volumes: pd.DataFrame | list[dict[str, Any]], *, min_n: int = 1
                     ) -> pd.DataFrame:
    """Attention per outlet normalised by that outlet's own volume: count / n, where
    ``count`` is the outlet's stories matching the pair query and ``n`` (the exposure) all
    its stories in the same collection and period (``sources.mediacloud.fetch.
    fetch_outlet_volume``). One row per outlet with n >= ``min_n``, largest n first, with
    a 95% Wilson interval (stories treated as independent: a lower bound on the
    uncertainty) and per_10k. A row whose count exceeds n raises UsageError naming it."""
    df = pd.DataFrame(volumes, columns=["collection_id", "outlet", "count", "n"])
    bad = df[df["count"] > df["n"]]
    if len(bad):
        raise UsageError(f"outlet {bad.iloc[0]['outlet']!r}: count {bad.iloc[0]['count']} "
                         f"exceeds its volume n {bad.iloc[0]['n']}")
    df = df[df["n"] >= min_n].sort_values(["n", "outlet"], ascending=[False, True])
    out = _share_rows([("outlet", int(c), str(o), int(k), int(n))
                       for c, o, k, n in df[["collection_id", "outlet", "count", "n"]]
                       .itertuples(index=False)])
    out.attrs.update(unit="stories (Media Cloud online news)",
                     exposure="all stories of the outlet in the collection and period (n)",
                     interval="95% Wilson score; stories treated as independent",
                     source=SOURCE_LINE)
    return out


def stored_outlets(con: duckdb.DuckDBPyConnection, query: str, *,
                   collections: list[int] | None = None, start: dt.date | None = None,
                   end: dt.date | None = None
                   ) -> tuple[list[dict[str, Any]], list[tuple[int, dt.date, dt.date]]]:
    """Outlet volumes stored by the Media Cloud loader (``mediacloud_outlets``) for periods
    inside ``start``..``end``: (rows of collection_id, outlet, count, n summed per outlet
    over the periods used; the periods used as (collection, start, end)). Per collection,
    the longest stored periods are taken first and a period overlapping one already taken
    is left out, so no story is counted twice."""
    where, args = _where(query, collections, start, end, "period_start", "period_end")
    sql = ("SELECT DISTINCT collection_id, period_start, period_end FROM mediacloud_outlets"
           f" WHERE {where}")
    chosen: list[tuple[int, dt.date, dt.date]] = []
    for cid, lo, hi in sorted(con.execute(sql, args).fetchall(),
                              key=lambda r: (r[0], r[1] - r[2], r[1])):
        if not any(c == cid and lo <= b and a <= hi for c, a, b in chosen):
            chosen.append((int(cid), lo, hi))
    totals: dict[tuple[int, str], list[int]] = {}
    for cid, lo, hi in chosen:
        for outlet, k, n in con.execute(
                "SELECT outlet_id, count, total_stories FROM mediacloud_outlets WHERE query = ?"
                " AND collection_id = ? AND period_start = ? AND period_end = ?",
                [query, cid, lo, hi]).fetchall():
            t = totals.setdefault((cid, outlet), [0, 0])
            t[0], t[1] = t[0] + int(k), t[1] + int(n)
    rows = [{"collection_id": c, "outlet": o, "count": k, "n": n}
            for (c, o), (k, n) in totals.items()]
    return rows, sorted(chosen)


def attention_table(con: duckdb.DuckDBPyConnection, query: str, *,
                    collections: list[int] | None = None, start: dt.date | None = None,
                    end: dt.date | None = None,
                    outlets: pd.DataFrame | list[dict[str, Any]] | None = None,
                    min_n: int = 1000, top: int = 10) -> pd.DataFrame:
    """One small table for a report: attention to ``query`` over the whole period per
    collection (count / the collection's stories, from the stored daily counts) and for
    the ``top`` outlets by volume with n >= ``min_n`` (count / the outlet's stories): from
    ``outlets`` when given, else from the outlet volumes stored for ``query``
    (:func:`stored_outlets`; with neither ``start`` nor ``end``, the collection rows then
    cover the stored outlet periods' span so both levels describe the same days). Columns:
    level ('collection' or 'outlet'), collection_id, outlet, count, n, share, share_low,
    share_high (95% Wilson), per_10k; ``attrs`` carry unit, exposure, interval, the source
    line, query, period (and its start, end), collections and outlet_periods. Empty when
    nothing is stored and no outlets are given."""
    periods: list[tuple[int, dt.date, dt.date]] = []
    if outlets is None:
        outlets, periods = stored_outlets(con, query, collections=collections, start=start,
                                          end=end)
        if periods and start is None and end is None:
            start, end = min(p[1] for p in periods), max(p[2] for p in periods)
    coll = attention(con, query, collections=collections, start=start, end=end, by="total")
    rows = _share_rows([("collection", int(c), None, int(k), int(n)) for c, k, n
                        in coll[["collection_id", "count", "n"]].itertuples(index=False)])
    parts = [rows]
    if len(outlets):
        parts.append(outlet_attention(outlets, min_n=min_n).head(top))
    df = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(
        len(p) for p in parts) else rows
    df.attrs.update(unit="stories (Media Cloud online news)",
                    exposure="all stories of the collection, or of the outlet, in the "
                             "period (n)",
                    interval="95% Wilson score; stories treated as independent, so a lower "
                             "bound on the uncertainty (wire copies and repeat coverage "
                             "cluster)",
                    source=SOURCE_LINE, query=query,
                    period=f"{start or 'first stored day'} to {end or 'last stored day'}",
                    start=start, end=end,
                    collections=sorted({int(c) for c in df["collection_id"].dropna()}),
                    outlet_periods=[f"{c}: {lo} to {hi}" for c, lo, hi in periods])
    return df


def stored_queries(con: duckdb.DuckDBPyConnection, limit: int = 3) -> list[str]:
    """The queries with stored Media Cloud counts or outlet volumes, most matching stories
    first (at most ``limit``); empty when none are stored."""
    rows = con.execute(
        "SELECT query FROM (SELECT query, count AS k FROM mediacloud_counts"
        " UNION ALL SELECT query, count AS k FROM mediacloud_outlets)"
        " GROUP BY query ORDER BY sum(k) DESC, query LIMIT ?", [limit]).fetchall()
    return [str(r[0]) for r in rows]
