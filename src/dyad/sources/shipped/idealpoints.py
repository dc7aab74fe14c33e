"""Shipped: Bailey–Strezhnev–Voeten yearly ideal points for the five Central Asian states, the
US, Russia, China and Turkey, 1946–2025 (CC0; citation and URL in the file's header).

Loaded as ``source='bsv-idealpoints'`` rows; importing the full file adds the other states.
"""

from __future__ import annotations

from typing import Any

from dyad.errors import LoadError
from dyad.reference import files
from dyad.store.provenance import IngestRun

NAME = "idealpoints_bsv"
FILES = ("convergence/idealpoints_bsv_1946_2025.csv",)
URL = "https://doi.org/10.7910/DVN/LEJUQZ"
CITATION = ("Voeten, Strezhnev & Bailey, United Nations General Assembly Voting Data, Harvard "
            "Dataverse, doi:10.7910/DVN/LEJUQZ (Idealpointestimates1946-2025.tab)")


def load(con: Any, run: IngestRun) -> None:
    """Insert the shipped rows (a bad shipped row is a bad file: it fails the load)."""
    from dyad.sources.idealpoints.load import insert_rows
    from dyad.sources.idealpoints.parse import IdealRow, parse_record, read_rows

    text = files.data_text(FILES[0])
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))
    layout, recs = read_rows(body.encode("utf-8"), FILES[0])
    rows: list[IdealRow] = []
    for i, rec in enumerate(recs):
        try:
            rows.append(parse_record(layout, rec, i + 2))
        except ValueError as e:
            raise LoadError(str(e), file=FILES[0], record=f"line {i + 2}") from e
    run.rows_in += len(rows)
    run.rows_loaded += insert_rows(con, run, rows, file=FILES[0], ref=URL)
