"""Forecast section: fan charts under R and D, the backtest, the 2024 hindcast, the verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from markupsafe import Markup

from dyad.analysis.forecast.backtest import ELECTION_DAYS, run_backtest
from dyad.analysis.forecast.models import MIN_HISTORY, scenario_model_name
from dyad.analysis.forecast.periods import period_of
from dyad.analysis.forecast.run import run_forecast, simulate
from dyad.analysis.forecast.scenarios import as_happened
from dyad.analysis.forecast.scoring import quantiles
from dyad.analysis.forecast.targets import TARGETS, ForecastInputError, MissingData, load_series
from dyad.report.charts import svg
from dyad.report.html import missing, note, para, table
from dyad.report.sections import ReportContext, Section

SHOWN = ("contacts", "trade")
HORIZON = "2026-2032"
HINDCAST_VANTAGE = ELECTION_DAYS[-1]  # 2024-11-05
DRAWS = 1000
SCENARIO_COLORS = {"R": "#b2182b", "D": "#2166ac"}


def render(ctx: ReportContext) -> Section:
    parts: list[Markup] = [para(
        "Predictive distributions (5-95% and 25-75% bands, median line) of the scenario "
        "model under a Republican (R) and a Democratic (D) administration from the "
        "2029 inauguration; the current administration continues until then. Baselines "
        "(last value, historical mean) are scored beside it in the backtest.")]
    lacking: list[str] = []
    verdicts: list[str] = []
    for target in SHOWN:
        spec = TARGETS[target]
        parts.append(Markup("<h3>{}</h3>").format(spec.description.capitalize()))
        try:
            series = load_series(ctx.con, ctx.pair, target, as_of=ctx.as_of)
        except MissingData as e:
            parts.append(missing(e.what + "; no forecast can be made.", e.command))
            lacking.append(e.table)
            continue
        except ForecastInputError as e:
            parts.append(note(str(e)))
            continue
        parts.extend(_fan(ctx, target, series))
        parts.extend(_backtest(ctx, target, series, verdicts))
        parts.extend(_hindcast(series))
    parts.append(Markup("<h3>Closing note</h3>"))
    if verdicts:
        parts.extend(para(v) for v in verdicts)
    else:
        parts.append(note("No backtest could be run: the contacts and trade data are missing."))
    return Section("forecast", "Outlook under each US election outcome",
                   Markup("").join(parts), missing=lacking)


def _fan(ctx: ReportContext, target: str, series: Any) -> list[Markup]:
    import altair as alt

    try:
        run = run_forecast(ctx.con, ctx.pair, target, HORIZON, ["R", "D"], vantage=ctx.as_of,
                           n_draws=DRAWS, series=series)
    except ForecastInputError as e:
        return [note(f"No forecast: {e}")]
    model = scenario_model_name(series)
    fc, hist = _yearly(run, model) if series.spec.freq != "A" else _as_is(run, model, series)
    hist = hist[hist["date"] >= pd.Timestamp(2009, 1, 1)]
    charts = []
    unit = series.spec.unit
    for name in ("R", "D"):
        d = fc[fc["scenario"] == name]
        color = SCENARIO_COLORS[name]
        base = alt.Chart(d).encode(x=alt.X("date:T", title=None))
        layers = [
            alt.Chart(hist).mark_line(color="#333").encode(
                x="date:T", y=alt.Y("value:Q", title=unit)),
            base.mark_area(opacity=0.18, color=color).encode(y="q05:Q", y2="q95:Q"),
            base.mark_area(opacity=0.35, color=color).encode(y="q25:Q", y2="q75:Q"),
            base.mark_line(color=color).encode(y="q50:Q"),
        ]
        charts.append(alt.layer(*layers).properties(
            width=360, height=220, title=f"Scenario {name}"))
    per = "per year, " if series.spec.freq != "A" else ""
    title = (f"{series.spec.description}: history and {model} forecast to 2032 under R and "
             f"D, {per}{ctx.pair}, data to {ctx.as_of}")
    out = [svg(alt.hconcat(*charts).resolve_scale(y="shared"), title=title)]
    notes = sorted({n for n in fc["note"] if n})
    out.extend(note("Model note: " + n) for n in notes)
    out.extend(note(w) for w in run.warnings)
    return out


def _as_is(run: Any, model: str, series: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    fc = run.table()
    fc = fc[fc["model"] == model].copy()
    starts = {p.label: p.start for p in run.wanted}
    fc["date"] = pd.to_datetime(fc["period"].map(starts))
    hist = series.frame()
    hist["date"] = pd.to_datetime(hist["start"])
    return fc, hist.drop(columns="start")


def _yearly(run: Any, model: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quarterly or monthly draws summed to whole years (years the horizon fully covers)."""
    per_year = {"Q": 4, "M": 12}[run.series.spec.freq]
    rows = []
    for sc, mf in run.forecasts:
        if mf.model != model:
            continue
        wanted = [j for j, p in enumerate(mf.periods) if p in run.wanted]
        years = sorted({mf.periods[j].start.year for j in wanted})
        for y in years:
            cols = [j for j in wanted if mf.periods[j].start.year == y]
            if len(cols) == per_year:
                rows.append({"scenario": sc.name, "date": pd.Timestamp(y, 1, 1),
                             **quantiles(mf.draws[:, cols].sum(axis=1)),
                             "note": "; ".join(mf.notes)})
    hist = run.series.frame()
    hist["year"] = [d.year for d in hist["start"]]
    counts = hist.groupby("year")["value"].agg(["sum", "count"])
    counts = counts[counts["count"] == per_year]
    yearly = pd.DataFrame({"date": [pd.Timestamp(int(y), 1, 1) for y in counts.index],
                           "value": counts["sum"].to_numpy()})
    return pd.DataFrame(rows, columns=["scenario", "date", "q05", "q25", "q50", "q75", "q95",
                                       "note"]), yearly


def _backtest(ctx: ReportContext, target: str, series: Any,
              verdicts: list[str]) -> list[Markup]:
    try:
        bt = run_backtest(ctx.con, ctx.pair, target, as_of=ctx.as_of, n_draws=DRAWS // 2,
                          series=series)
    except ForecastInputError as e:
        return [note(f"No backtest: {e}")]
    out = [table(bt.summary, caption=f"Backtest of {target}: from each US election day, the "
                 "next term forecast under the outcome that happened (CRPS and MAE: lower "
                 "is better; cover50/cover80: share of observed values inside the 50%/80% "
                 "intervals)")]
    out.extend(note("Skipped: " + s) for s in bt.skipped)
    v = bt.verdict()
    if v:
        verdicts.append(
            f"{target} ({ctx.pair}): the scenario model {v['model']} has a mean CRPS of "
            f"{v['crps']:.3g} against {v['baseline_crps']:.3g} for the best baseline "
            f"({v['best_baseline']}), so it {'beats' if v['beats_baselines'] else 'does not beat'}"
            f" the baselines; its 80% intervals held {v['cover80']:.0%} and its 50% intervals "
            f"{v['cover50']:.0%} of {v['periods']} scored periods.")
    return out


def _hindcast(series: Any) -> list[Markup]:
    import altair as alt

    v = HINDCAST_VANTAGE
    hist = series.until(v)
    title = f"Hindcast: what the model said on {v:%d %B %Y} vs what 2025-2026 brought"
    if len(hist) < MIN_HISTORY[series.spec.freq]:
        return [note(f"{title}: too little data before the vantage.")]
    scenario = as_happened(v)
    try:
        last = period_of(dt.date(2026, 12, 31), series.spec.freq)
        fcs = simulate(hist, [scenario], last, n_draws=DRAWS, seed=20241105,
                       models=[scenario_model_name(series)])
    except ForecastInputError as e:
        return [note(f"{title}: {e}")]
    mf = fcs[0][1]
    rows = []
    for j, p in enumerate(mf.periods):
        if p.start.year < 2025:
            continue
        rows.append({"period": p.label, "date": pd.Timestamp(p.start), **quantiles(mf.draws[:, j]),
                     "observed": series.value_at(p)})
    df = pd.DataFrame(rows)
    seen = df.dropna(subset=["observed"])
    if seen.empty:
        return [note(f"{title}: no data after the vantage in the store yet; the forecast "
                     "waits for them."), table(df.drop(columns="date"), caption=title)]
    base = alt.Chart(df).encode(x=alt.X("date:T", title=None))
    chart = alt.layer(
        base.mark_area(opacity=0.25, color="#777").encode(y=alt.Y("q05:Q",
                                                                   title=series.spec.unit),
                                                          y2="q95:Q"),
        base.mark_line(color="#555").encode(y="q50:Q"),
        alt.Chart(seen).mark_point(filled=True, color="black", size=60).encode(
            x="date:T", y="observed:Q"),
    ).properties(width=520, height=200)
    return [svg(chart, title=f"{title} ({mf.model}, {scenario.description})"),
            table(df.drop(columns="date"), caption=title + " (blank: not yet in the store)")]
