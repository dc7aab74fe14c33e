"""`dyad report` and `dyad export`: both only read the store (opened read-only, so they
run beside `dyad serve` and other readers)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dyad.cli.common import check_pair, state


def report(
    ctx: typer.Context,
    pair: Annotated[str, typer.Option("--pair")] = "US-KZ",
    out: Annotated[Path, typer.Option("--out", help="HTML file to write")] = Path(
        "dyad-report.html"),
    pdf: Annotated[bool, typer.Option("--pdf", help="also write a PDF (needs Chromium)")] = False,
) -> None:
    """Write the self-contained HTML report and print its path."""
    from dyad.api import build_report

    path = build_report(state(ctx).store(read_only=True), check_pair(pair), out,
                        show_progress=True)
    typer.echo(f"report written: {path.resolve()}")
    if pdf:
        from dyad.api import print_pdf

        typer.echo(f"PDF written: {print_pdf(path)}")


def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet, xlsx or dta")] = "csv",
    out: Annotated[Path, typer.Option("--out", help="folder to write")] = Path("dyad-export"),
    raw: Annotated[bool, typer.Option(
        "--raw", help="keep text that a spreadsheet would run as a formula (=, +, -, @, "
                      "tab, CR) as it is; by default such cells get a leading '")] = False,
) -> None:
    """Export every table of the store (all files appear together, or none on failure)."""
    from dyad.api import export_tables

    st = state(ctx)
    notes: list[str] = []
    files = export_tables(st.store(read_only=True), fmt, out, raw=raw or st.raw, notes=notes)
    for line in notes:
        typer.echo(f"note: {line}", err=True)
    typer.echo(f"{len(files)} file(s) written to {out.resolve()}")
