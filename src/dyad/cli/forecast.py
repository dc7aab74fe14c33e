"""`dyad forecast run | backtest | events | score | record`.

Every command prints the seed and draw count it used (the report uses the same defaults).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from dyad.cli.common import Fmt, FmtOpt, PairOpt, check_pair, emit, fail, state

forecast_app = typer.Typer(no_args_is_help=True)

TargetOpt = Annotated[str, typer.Option(
    "--target", help="contacts | intensity | hos | trade | balance | agreement | attention")]
DrawsOpt = Annotated[int, typer.Option("--draws", min=100, help="simulation draws per model "
                                       "(default 1000, as in the report)")]
SeedOpt = Annotated[int, typer.Option("--seed", help="random seed (default 20241105, as in the "
                                      "report)")]
DEFAULT_SEED = 20241105
DEFAULT_DRAWS = 1000
OutletOpt = Annotated[str, typer.Option("--outlet", help="attention: outlet country US|KZ|other")]


def _warn(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(f"note: {line}\n")


@forecast_app.command("run")
def run(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    target: TargetOpt = "contacts",
    horizon: Annotated[str, typer.Option("--horizon", help="YEAR-YEAR, e.g. 2029-2032")] = (
        "2029-2032"),
    scenarios: Annotated[str, typer.Option("--scenarios", help="comma-separated, e.g. R,D")] = (
        "R,D"),
    scenario_file: Annotated[list[Path] | None, typer.Option(
        "--scenario-file", help="a scenario YAML of your own (repeatable)")] = None,
    vantage: Annotated[str | None, typer.Option(
        "--vantage", help="YYYY-MM-DD: use data up to this day (default: today)")] = None,
    draws: DrawsOpt = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    outlet: OutletOpt = "KZ",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Forecast a target under each scenario; every forecast is stored for later scoring."""
    from dyad.api.forecast import ForecastInputError, forecast_run

    day = None
    if vantage:
        try:
            day = dt.date.fromisoformat(vantage)
        except ValueError as e:
            raise fail(f"--vantage must be YYYY-MM-DD, got {vantage!r}") from e
    try:
        df, notes = forecast_run(
            state(ctx).store(), check_pair(pair), target, horizon,
            [s.strip() for s in scenarios.split(",") if s.strip()],
            scenario_files=scenario_file, vantage=day, n_draws=draws, seed=seed, outlet=outlet)
    except ForecastInputError as e:
        raise fail(f"{e} (no forecast stored)") from e
    if fmt is Fmt.table:  # readable on a terminal: rounded, notes once below the table
        notes = [f"{m}: {n}" for m, n in sorted(set(zip(df["model"], df["note"], strict=True)))
                 if n] + notes
        df = df.drop(columns="note")
        for col in ("q05", "q25", "q50", "q75", "q95"):
            df[col] = [float(f"{v:.4g}") for v in df[col]]
    emit(df, fmt, title=f"{pair} {target}: forecasts by scenario")
    _warn([f"seed {seed}, {draws} draws per model", *notes])


@forecast_app.command("backtest")
def backtest(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    target: TargetOpt = "contacts",
    draws: DrawsOpt = DEFAULT_DRAWS,
    seed: SeedOpt = DEFAULT_SEED,
    outlet: OutletOpt = "KZ",
    conformal_plain: Annotated[bool, typer.Option(
        "--conformal-plain", help="conformal intervals without the finite-sample correction")
    ] = False,
    show: Annotated[str, typer.Option(
        "--show", help="summary | vantages | skill | conformal | detail")] = "summary",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Backtest from each US election 1996-2024: CRPS, randomized-PIT coverage with
    intervals, skill vs persistence and climatology, and the verdict."""
    from dyad.api.forecast import forecast_backtest

    tables = ("summary", "vantages", "skill", "conformal", "detail")
    if show not in tables:
        raise fail(f"--show {show!r}: choose one of {', '.join(tables)}")
    bt = forecast_backtest(state(ctx).store(), check_pair(pair), target, n_draws=draws,
                           seed=seed, outlet=outlet, finite_sample=not conformal_plain)
    emit(getattr(bt, show), fmt, title=f"{pair} {target}: backtest from each US election")
    _warn([f"seed {seed}, {draws} draws per model; {bt.ok_vantages} vantages where every "
           "model ran", *bt.skipped, bt.verdict(), "ensemble candidate: "
           + bt.verdict("ensemble")])


@forecast_app.command("events")
def events(
    ctx: typer.Context,
    horizon: Annotated[str, typer.Option("--horizon", help="YEAR-YEAR")] = "2027-2032",
    scenarios: Annotated[str, typer.Option("--scenarios", help="comma-separated")] = "R,D",
    show: Annotated[str, typer.Option("--show", help="forecast | brier")] = "forecast",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Binary events per year (President meets Kazakhstan's President, a Secretary of State
    in Central Asia, a C5+1 summit): probabilities by scenario, or backtest Brier scores."""
    import pandas as pd

    from dyad.api.forecast import forecast_events

    if show not in ("forecast", "brier"):
        raise fail(f"--show {show!r}: choose forecast or brier")
    df, bts = forecast_events(state(ctx).store(), horizon=horizon,
                              scenarios=[s.strip() for s in scenarios.split(",") if s.strip()])
    if show == "brier":
        df = pd.concat([b.summary.assign(event=b.event) for b in bts], ignore_index=True)
    emit(df, fmt, title="Binary events" + (": Brier scores" if show == "brier" else ""))


@forecast_app.command("score")
def score(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """Score stored forecasts whose periods have ended (content hashes checked first)."""
    from dyad.api.forecast import forecast_score

    df, notes = forecast_score(state(ctx).store())
    emit(df, fmt, title="Scores of stored forecasts")
    _warn(notes)


@forecast_app.command("record")
def record(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """The track record: matured pre-registered forecasts and their calibration."""
    from dyad.api.forecast import forecast_track_record

    df, cal = forecast_track_record(state(ctx).store())
    emit(cal, fmt, title="Track record (pre-registered forecasts, apart from the backtest)")
    if df.empty:
        _warn(["no pre-registered forecast has been scored yet (run `dyad forecast score`)"])
