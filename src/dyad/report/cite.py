"""What a reader needs to cite the report: dyad's version, each source's vintage in the store,
a checksum of the store's content, and how thin this pair's data are."""

from __future__ import annotations

from typing import Any

import duckdb

from dyad import __version__
from dyad.analysis.provenance import confirmed_contacts, latest_loads, store_checksum

THIN_BILATERAL = 30  # fewer bilateral contacts than this: the report says the pair is thin


def cite(con: duckdb.DuckDBPyConnection, pair: str, as_of: str, title: str) -> dict[str, Any]:
    """The how-to-cite block's fields and a ready citation."""
    checksum = store_checksum(con)
    return {
        "version": __version__, "checksum": checksum, "vintages": latest_loads(con),
        "citation": f"dyad {__version__}: {title}. Report for {pair}, data as of {as_of}; store "
                    f"checksum {checksum}; generated with `dyad report --pair {pair}`.",
    }


def thin_data(con: duckdb.DuckDBPyConnection, pair: str) -> str | None:
    """A warning for the top of the report when the pair's evidence is thin, else None."""
    if pair == "US-C5":
        return None
    count = confirmed_contacts(con, pair)
    bilateral = confirmed_contacts(con, pair, bilateral=True)
    if bilateral >= THIN_BILATERAL:
        return None
    return (f"Thin data: the store holds {count} confirmed contacts for {pair}, of which only "
            f"{bilateral} bilateral (fewer than {THIN_BILATERAL}); the rest are C5+1 or "
            "sideline meetings. Rates and rate ratios for this pair rest on few events and "
            "their intervals are wide; the curated register covers US–Kazakhstan most fully. "
            "Import the Office of the Historian's records (dyad import statehist DIR) to add "
            "top-level contacts.")
