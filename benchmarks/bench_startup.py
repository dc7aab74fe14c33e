"""Start-up and report speed, as ratios measured in the same run (issue 17, item 4):

- ``dyad --help`` against ``python -c "import typer"`` (goal ≤ 1.5),
- ``import dyad.api`` against ``python -c "import pandas, duckdb"`` (goal ≤ 1.5),
- the report on the shipped data (US-KZ) against rendering its charts alone (goal ≤ 1.5).

Every figure is the median of ``DYAD_BENCH_REPEAT`` (default 5) repetitions, each ratio's two
sides measured in turn (A, B, A, B, ...) so that a change in the machine's load hits both.
Start-up times are fresh interpreters. The report is timed in a warm process (a first build
imports the libraries and starts the chart renderer); "its charts alone" are the Vega-Lite
specs that build drew, rendered again by the same renderer (``dyad.report.charts.batch``: one
rendering process beside this one). The machine's load average is printed with the ratios:
on a machine busier than its cores, the report's queries and the renderer compete for them.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = int(os.environ.get("DYAD_BENCH_REPEAT", "5"))
PAIR = "US-KZ"


def wall(cmd: list[str]) -> float:
    """Wall time of one run of ``cmd`` (output discarded)."""
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def startup(repeat: int = REPEAT) -> dict[str, float]:
    py = sys.executable
    cmds = {
        "typer": [py, "-c", "import typer"],
        "dyad --help": [py, "-m", "dyad", "--help"],
        "pandas+duckdb": [py, "-c", "import pandas, duckdb"],
        "import dyad.api": [py, "-c", "import dyad.api"],
    }
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(repeat):
        for name, cmd in cmds.items():
            times[name].append(wall(cmd))
    return {k: statistics.median(v) for k, v in times.items()}


def report_vs_charts(repeat: int = REPEAT) -> dict[str, float]:
    from dyad.api import open_store, render_report
    from dyad.report import charts

    with tempfile.TemporaryDirectory() as tmp:
        con = open_store(Path(tmp) / "bench.duckdb")
        as_of = dt.date.today()
        render_report(con, PAIR, as_of=as_of)  # warm: imports, the renderer's engine
        report, alone = [], []
        specs: list[dict[str, object]] = []
        for _ in range(repeat):
            specs = []
            t = time.perf_counter()
            render_report(con, PAIR, as_of=as_of, charts_out=specs)
            report.append(time.perf_counter() - t)
            t = time.perf_counter()
            with charts.batch() as drawn:
                drawn.fill("".join(drawn.add(s) for s in specs))
            alone.append(time.perf_counter() - t)
        con.close()
    return {"report": statistics.median(report), "charts alone": statistics.median(alone),
            "charts": float(len(specs))}


def main() -> None:
    s = startup()
    r = report_vs_charts()
    rows = [
        ("dyad --help / import typer", s["dyad --help"], s["typer"]),
        ("import dyad.api / import pandas, duckdb", s["import dyad.api"], s["pandas+duckdb"]),
        (f"report {PAIR} / its {int(r['charts'])} charts alone", r["report"], r["charts alone"]),
    ]
    for label, a, b in rows:
        print(f"{label:<45} {a:6.2f} s / {b:6.2f} s = {a / b:4.2f}x (goal <= 1.5x)")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"medians of {REPEAT} runs each on {os.cpu_count()} cores; load average {load}")


if __name__ == "__main__":
    main()
