"""What the store's GDELT event files cover (for source lines)."""

from __future__ import annotations

from typing import Any

import duckdb


def imported_span(con: duckdb.DuckDBPyConnection) -> tuple[int, Any, Any]:
    """Number of GDELT files imported and the first and last day they cover."""
    row = con.execute("SELECT count(*), min(first_day), max(last_day) FROM gdelt_files"
                      ).fetchone()
    return (int(row[0]), row[1], row[2]) if row else (0, None, None)
