"""`dyad forecast run | backtest | score`."""

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
DrawsOpt = Annotated[int, typer.Option("--draws", min=100, help="simulation draws per model")]
SeedOpt = Annotated[int, typer.Option("--seed", help="random seed (results are reproducible)")]
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
    draws: DrawsOpt = 2000,
    seed: SeedOpt = 20241105,
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
    _warn(notes)


@forecast_app.command("backtest")
def backtest(
    ctx: typer.Context,
    pair: PairOpt = "US-KZ",
    target: TargetOpt = "contacts",
    draws: DrawsOpt = 1000,
    seed: SeedOpt = 20241105,
    outlet: OutletOpt = "KZ",
    fmt: FmtOpt = Fmt.table,
) -> None:
    """Rolling-origin backtest from each US election since 2008 (CRPS, MAE, coverage)."""
    from dyad.api.forecast import ForecastInputError, forecast_backtest

    try:
        bt = forecast_backtest(state(ctx).store(), check_pair(pair), target, n_draws=draws,
                               seed=seed, outlet=outlet)
    except ForecastInputError as e:
        raise fail(str(e)) from e
    emit(bt.summary, fmt, title=f"{pair} {target}: backtest from each US election")
    _warn(bt.skipped)
    v = bt.verdict()
    if v:
        _warn([f"{v['model']} CRPS {v['crps']:.3f} vs best baseline {v['best_baseline']} "
               f"{v['baseline_crps']:.3f}: {'beats' if v['beats_baselines'] else 'does not beat'}"
               f" the baselines; 80% coverage {v['cover80']:.2f} over {v['periods']} periods"])


@forecast_app.command("score")
def score(ctx: typer.Context, fmt: FmtOpt = Fmt.table) -> None:
    """Score stored forecasts whose periods now have data."""
    from dyad.api.forecast import forecast_score

    df, notes = forecast_score(state(ctx).store())
    emit(df, fmt, title="Scores of stored forecasts")
    _warn(notes)
