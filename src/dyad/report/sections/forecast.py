"""Forecast section: fan charts under R and D, the backtest from every election 1996-2024
(failed vantages shown, never scored), calibration (randomized PIT), skill with intervals,
binary events with Brier scores, the pre-registered track record, and the verdict."""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup

from dyad.analysis.convergence_idealpoints import SOURCE_LINE as IDEAL_SOURCE
from dyad.analysis.forecast.backtest import ENSEMBLE, Backtest, run_backtest
from dyad.analysis.forecast.calibration import pit_histogram
from dyad.analysis.forecast.events import EVENTS, event_backtest, event_forecast, event_years
from dyad.analysis.forecast.ledger import track_record
from dyad.analysis.forecast.models import scenario_model_name
from dyad.analysis.forecast.run import DEFAULT_DRAWS, DEFAULT_SEED, run_forecast
from dyad.analysis.forecast.skill import GOAL
from dyad.analysis.forecast.targets import TARGETS, ForecastInputError, MissingData, load_series
from dyad.errors import DyadError
from dyad.report.charts import svg
from dyad.report.html import missing, note, para, table
from dyad.report.sections import ReportContext, Section

SHOWN = ("contacts", "trade", "idealdist")
HORIZON = "2026-2032"
SCENARIO_COLORS = {"R": "#b2182b", "D": "#2166ac"}
SOURCES = {
    "contacts": "Source: dyad contact register (curated, from 2009) and US Department of "
                "State, Office of the Historian, travels and visits (https://history.state.gov)"
                "; counted by dyad.analysis.counting (uniform tier, occasions).",
    "trade": "Source: US Census Bureau, Foreign Trade Division, U.S. Trade in Goods by Country "
             "(https://www.census.gov/foreign-trade/balance/), as stored (vintage per row).",
    "idealdist": f"Source: {IDEAL_SOURCE}, https://doi.org/10.7910/DVN/LEJUQZ.",
}
EVENT_SOURCE = ("Source: dyad contact register and Office of the Historian records "
                "(https://history.state.gov), all five Central Asian states.")


def render(ctx: ReportContext) -> Section:
    parts: list[Markup] = [para(
        "Predictive distributions (5-95% and 25-75% bands, median line) per calendar year "
        "under a Republican (R) and a Democratic (D) administration from the 2029 "
        "inauguration; the current administration continues until then. Each target is "
        "backtested from every US election day 1996-2024 against persistence (last value) "
        "and climatology (historical mean)."),
        note(f"Every figure in this section uses seed {DEFAULT_SEED} and {DEFAULT_DRAWS} "
             "draws per model, as `dyad forecast` does by default.")]
    lacking: list[str] = []
    verdicts: list[tuple[str, Backtest | None, str]] = []
    for target in SHOWN:
        spec = TARGETS[target]
        parts.append(Markup("<h3>{}</h3>").format(spec.description.capitalize()))
        try:
            series = load_series(ctx.con, ctx.pair, target, as_of=ctx.as_of)
        except MissingData as e:
            parts.append(missing(e.what + "; no forecast can be made.", e.command))
            lacking.append(e.table)
            verdicts.append((target, None, f"{target}: no data ({e.what})."))
            continue
        except ForecastInputError as e:
            parts.append(note(str(e)))
            verdicts.append((target, None, f"{target}: {e}"))
            continue
        parts.extend(note(n) for n in series.notes)
        parts.extend(_fan(ctx, target, series))
        parts.extend(_backtest(ctx, target, series, verdicts))
    parts.extend(_events(ctx))
    parts.extend(_track(ctx))
    parts.append(Markup("<h3>Closing note</h3>"))
    parts.extend(_closing(verdicts))
    return Section("forecast", "Outlook under each US election outcome",
                   Markup("").join(parts), missing=lacking)


def _fan(ctx: ReportContext, target: str, series: Any) -> list[Markup]:
    import altair as alt

    try:
        run = run_forecast(ctx.con, ctx.pair, target, HORIZON, ["R", "D"], vantage=ctx.as_of,
                           n_draws=DEFAULT_DRAWS, seed=DEFAULT_SEED, series=series)
    except ForecastInputError as e:
        return [note(f"No forecast: {e}")]
    model = scenario_model_name(series)
    out: list[Markup] = [note(f"Model failed, no forecast shown: {f}") for f in run.failed]
    fc = run.table()
    fc = fc[fc["model"] == model].copy()
    if fc.empty:
        return out
    starts = {p.label: p.start for p in run.wanted}
    fc["date"] = pd.to_datetime(fc["period"].map(starts))
    hist = series.frame()
    hist["date"] = pd.to_datetime(hist["start"])
    hist = hist.drop(columns="start")
    partial = pd.DataFrame(columns=["date", "value", "label"])
    if series.partial is not None:
        p, value, through = series.partial
        partial = pd.DataFrame({"date": [pd.Timestamp(p.start)], "value": [value],
                                "label": [f"{p.label} to {through:%d %b} (partial)"]})
    # one y domain for both panels covering every band and observation: nothing is clipped
    values = [*fc["q05"], *fc["q95"], *hist["value"], *partial["value"]]
    domain = [min(0.0, float(min(values))), float(max(values))]
    y = alt.Y("value:Q", title=series.spec.unit, scale=alt.Scale(domain=domain, nice=True))
    charts = []
    # each frame converted once, not once per layer that draws it (the spec is the same)
    hist_data, partial_data = _inline(hist), _inline(partial)
    for name in ("R", "D"):
        d = _inline(fc[fc["scenario"] == name])
        color = SCENARIO_COLORS[name]
        base = alt.Chart(d).encode(x=alt.X("date:T", title=None))
        layers = [
            alt.Chart(hist_data).mark_line(color="#333", clip=False).encode(x=alt.X("date:T"), y=y),
            base.mark_area(opacity=0.18, color=color, clip=False).encode(
                y=alt.Y("q05:Q", scale=alt.Scale(domain=domain, nice=True)), y2=alt.Y2("q95:Q")),
            base.mark_area(opacity=0.35, color=color, clip=False).encode(
                y=alt.Y("q25:Q"), y2=alt.Y2("q75:Q")),
            base.mark_line(color=color, clip=False).encode(y=alt.Y("q50:Q")),
        ]
        if len(partial):
            layers += [alt.Chart(partial_data).mark_point(shape="circle", filled=False, size=70,
                                                     color="#333").encode(x=alt.X("date:T"), y=y),
                       alt.Chart(partial_data).mark_text(dy=-10, fontSize=9).encode(
                           x=alt.X("date:T"), y=y, text=alt.Text("label:N"))]
        charts.append(alt.layer(*layers).properties(width=360, height=220,
                                                    title=f"Scenario {name}"))
    title = (f"{series.spec.description}, per year: history and {model} forecast "
             f"{run.wanted[0].label}-{run.wanted[-1].label} under R and D, {ctx.pair}, data "
             f"to {ctx.as_of}" + ("; open circle: the current year so far" if len(partial)
                                  else ""))
    out.append(svg(alt.hconcat(*charts).resolve_scale(y="shared"), title=title))
    out.append(note(SOURCES[target]))
    out.extend(note("Model note: " + n) for n in sorted({n for n in fc["note"] if n}))
    out.extend(note(w) for w in run.warnings)
    return out


def _inline(df: pd.DataFrame) -> Any:
    """A frame as the inline data Altair would make of it (``{"values": [...]}``), made once
    for the layers that share it; Altair names a dataset by its values, so the spec does not
    change."""
    import altair as alt

    transform = alt.data_transformers.get()
    return df if transform is None else transform(df)


def _pit_chart(bt: Backtest) -> Markup:
    import altair as alt

    bins = pit_histogram(bt.pits(), bins=5)
    df = pd.DataFrame([{"bin": f"{a:.1f}-{b:.1f}", "count": c} for a, b, c in bins])
    expected = sum(c for *_ab, c in bins) / len(bins)
    chart = alt.layer(
        alt.Chart(df).mark_bar(color="#777").encode(x=alt.X("bin:N", title="randomized PIT"),
                                                    y=alt.Y("count:Q", title="periods")),
        alt.Chart(pd.DataFrame({"e": [expected]})).mark_rule(strokeDash=[4, 3]).encode(
            y=alt.Y("e:Q")),
    ).properties(width=300, height=160)
    return svg(chart, title=f"PIT histogram of {bt.model} for {bt.target} ({len(bt.pits())} "
                            "scored years; dashed: uniform, what a calibrated model gives)")


def _backtest(ctx: ReportContext, target: str, series: Any,
              verdicts: list[tuple[str, Backtest | None, str]]) -> list[Markup]:
    try:
        bt = run_backtest(ctx.con, ctx.pair, target, as_of=ctx.as_of, n_draws=DEFAULT_DRAWS,
                          seed=DEFAULT_SEED, series=series)
    except ForecastInputError as e:
        verdicts.append((target, None, f"{target}: no backtest ({e})."))
        return [note(f"No backtest: {e}")]
    src = note(SOURCES[target])
    out = [table(bt.vantages, caption=f"Backtest of {target}: each election vantage, its "
                 "status (failed: a model could not be fitted; such vantages are never "
                 "scored) and the years scored"), src]
    if bt.ok_vantages:
        out += [table(bt.summary, caption=f"Backtest of {target} over the {bt.ok_vantages} "
                      "vantages where every model ran: mean CRPS and MAE (lower is better); "
                      "coverage of the 50% and 80% intervals from randomized PITs with "
                      "90% Clopper-Pearson intervals"), src,
                _pit_chart(bt), src,
                table(bt.skill, caption=f"CRPS skill of {target} (1 - CRPS/CRPS of the "
                      "baseline; last = persistence, hist_mean = climatology) with 90% "
                      "vantage-bootstrap intervals"), src,
                table(bt.conformal, caption="Conformal intervals around the median, radius "
                      "from earlier vantages' errors only (finite-sample correction)"), src]
    out.extend(note(n) for n in bt.notes[len(series.notes):])
    verdicts.append((target, bt, bt.verdict()))
    return out


def _events(ctx: ReportContext) -> list[Markup]:
    out = [Markup("<h3>Binary events: probabilities by scenario and Brier scores</h3>")]
    c5 = ctx.contacts("US-C5")
    try:
        years = {e: event_years(ctx.con, e, ctx.as_of, contacts=c5) for e in EVENTS}
        fc = event_forecast(ctx.con, "2027-2032", ["R", "D"], as_of=ctx.as_of,
                            history=years)
    except DyadError as e:
        return [*out, note(f"No event forecast: {e}")]
    wide = fc.pivot_table(index=["event", "year"], columns="scenario",
                          values="p_party_rate").reset_index()
    wide.columns = [str(c) if c in ("event", "year") else f"P under {c}" for c in wide.columns]
    out += [table(wide, caption="Probability of each event in each year (party_rate model): "
                  + "; ".join(f"{k}: {v}" for k, v in EVENTS.items())), note(EVENT_SOURCE)]
    rows: list[dict[str, Any]] = []
    for event in EVENTS:
        bt = event_backtest(ctx.con, event, as_of=ctx.as_of, years=years[event])
        skill = {str(r["versus"]): r for r in bt.skill.to_dict("records")}
        for r in bt.summary.to_dict("records"):
            extra: dict[str, str] = {}
            if r["model"] == "party_rate":
                for b, k in skill.items():
                    extra[f"skill_vs_{b}"] = (f"{float(k['skill']):+.0%} "
                                              f"[{float(k['ci_low']):+.0%}, "
                                              f"{float(k['ci_high']):+.0%}]")
            rows.append({"event": event, **{str(c): v for c, v in r.items()}, **extra,
                         "vantages": int((bt.vantages["status"] == "ok").sum()),
                         "from": bt.first_year})
    out += [table(pd.DataFrame(rows), caption="Backtest Brier scores (lower is better) from "
                  "each election under the outcome that happened, with Brier skill and "
                  "90% vantage-bootstrap intervals"), note(EVENT_SOURCE)]
    return out


def _track(ctx: ReportContext) -> list[Markup]:
    out = [Markup("<h3>Track record of pre-registered forecasts</h3>")]
    try:
        df, cal = track_record(ctx.con)
    except DyadError as e:
        return [*out, note(str(e))]
    if df.empty:
        return [*out, note("No pre-registered forecast has matured and been scored yet. "
                           "Forecasts made with `dyad forecast run` are stored before their "
                           "period starts; `dyad forecast score` scores them once the data "
                           "arrive. The backtest above is not a track record.")]
    return [*out, table(cal, caption="Matured pre-registered forecasts: mean CRPS and 80% "
                        "coverage (randomized PIT) with 90% intervals"),
            note("Source: this store's forecasts ledger (dyad forecast run / score).")]


def _closing(verdicts: list[tuple[str, Backtest | None, str]]) -> list[Markup]:
    out = [para(v) for _t, _bt, v in verdicts]
    met = []
    for target, bt, _v in verdicts:
        if bt is None or bt.skill.empty:
            continue
        s = bt.skill[bt.skill["model"] == bt.model]
        if len(s) == 2 and (s["skill"] >= GOAL).all() and (s["ci_low"] > 0).all():
            met.append(target)
    short = [t for t, _bt, _v in verdicts if t not in met]
    out.append(para(
        f"Goal: CRPS skill of {GOAL:.0%} or more over both persistence and climatology (with "
        f"intervals above zero) on at least two of three targets. Met on {len(met)} "
        f"({', '.join(met) or 'none'}); not met on {', '.join(short) or 'none'} - see the "
        "figures above. The ensemble (model and baselines weighted by past CRPS) is scored "
        f"as a candidate: " + "; ".join(bt.verdict(ENSEMBLE) for _t, bt, _v in verdicts
                                        if bt is not None)))
    out.append(note("Limitations: every backtest uses today's data revisions (Census revises "
                    "trade, ideal points are re-estimated with each release), not the vintages "
                    "known at each vantage; the scenario model is told which party won; "
                    "the uniform contact tier has only the Historian's records before 2009."))
    return out
