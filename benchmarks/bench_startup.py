"""Start-up and report speed, as ratios measured in the same run (issue 17, item 4):

- ``dyad --help`` against ``python -c "import typer"`` (goal ≤ 1.5),
- ``import dyad.api`` against ``python -c "import pandas, duckdb"`` (goal ≤ 1.5),
- the report on the shipped data (US-KZ) against rendering its charts alone (goal ≤ 1.5).

Start-up times are the best of ``DYAD_BENCH_REPEAT`` (default 5) fresh interpreters, so a busy
machine inflates them less. The report is timed in a warm process (a first build imports the
libraries and starts vl-convert); "its charts alone" are the Vega-Lite specs that build drew,
rendered again by the same parallel renderer.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEAT = int(os.environ.get("DYAD_BENCH_REPEAT", "5"))
PAIR = "US-KZ"


def best_of(cmd: list[str], repeat: int = REPEAT) -> float:
    """Fastest wall time of ``cmd`` over ``repeat`` runs (output discarded)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times)


def startup() -> dict[str, float]:
    py = sys.executable
    return {
        "typer": best_of([py, "-c", "import typer"]),
        "dyad --help": best_of([py, "-m", "dyad", "--help"]),
        "pandas+duckdb": best_of([py, "-c", "import pandas, duckdb"]),
        "import dyad.api": best_of([py, "-c", "import dyad.api"]),
    }


def report_vs_charts() -> dict[str, float]:
    from dyad.api import open_store, render_report
    from dyad.report import charts

    with tempfile.TemporaryDirectory() as tmp:
        con = open_store(Path(tmp) / "bench.duckdb")
        as_of = dt.date.today()
        render_report(con, PAIR, as_of=as_of)  # warm: imports, vl-convert's engine
        specs: list[dict[str, object]] = []
        t = time.perf_counter()
        render_report(con, PAIR, as_of=as_of, charts_out=specs)
        report = time.perf_counter() - t
        t = time.perf_counter()
        with charts.batch() as drawn:
            drawn.fill("".join(drawn.add(s) for s in specs))
        alone = time.perf_counter() - t
        con.close()
    return {"report": report, "charts alone": alone, "charts": float(len(specs))}


def main() -> None:
    s = startup()
    r = report_vs_charts()
    rows = [
        ("dyad --help / import typer", s["dyad --help"], s["typer"]),
        ("import dyad.api / import pandas, duckdb", s["import dyad.api"], s["pandas+duckdb"]),
        (f"report {PAIR} / its {int(r['charts'])} charts alone", r["report"], r["charts alone"]),
    ]
    for label, a, b in rows:
        print(f"{label:<45} {a:6.2f} s / {b:6.2f} s = {a / b:4.1f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
