"""What a reader needs to cite the report: dyad's version, each source's vintage in the store,
a checksum of the store's content, and how thin this pair's data are."""

from __future__ import annotations

import hashlib
from typing import Any

import duckdb

from dyad import __version__
from dyad.reference.vocabulary import partners_of

THIN_CONTACTS = 20  # fewer confirmed contacts than this: the report says the pair is thin


def vintages(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per source: the latest successful load (its reference, day) and rows loaded in all."""
    rows = con.execute(
        "SELECT source, arg_max(source_ref, finished_at), CAST(max(finished_at) AS DATE),"
        " sum(rows_loaded) FROM ingest_runs WHERE status = 'ok' GROUP BY source ORDER BY source"
    ).fetchall()
    return [{"source": r[0], "ref": str(r[1]).rsplit("/", 1)[-1], "loaded": str(r[2]),
             "rows": int(r[3] or 0)} for r in rows]


def store_checksum(con: duckdb.DuckDBPyConnection) -> str:
    """SHA-256 (first 16 hex digits) of what the store holds: every table's row count and
    every successful load's source, reference and row counts — not load times, so two
    stores loaded from the same files give the same checksum."""
    from dyad.store import table_counts

    h = hashlib.sha256()
    for name, n in sorted(table_counts(con).items()):
        if name != "ingest_runs":
            h.update(f"{name}={n}\n".encode())
    for r in con.execute(
            "SELECT source, source_ref, rows_loaded, rows_quarantined FROM ingest_runs"
            " WHERE status = 'ok' ORDER BY ALL").fetchall():
        h.update("|".join(str(x) for x in r).encode() + b"\n")
    return h.hexdigest()[:16]


def cite(con: duckdb.DuckDBPyConnection, pair: str, as_of: str, title: str) -> dict[str, Any]:
    """The how-to-cite block's fields and a ready citation."""
    checksum = store_checksum(con)
    return {
        "version": __version__, "checksum": checksum, "vintages": vintages(con),
        "citation": f"dyad {__version__}: {title}. Report for {pair}, data as of {as_of}; store "
                    f"checksum {checksum}; generated with `dyad report --pair {pair}`.",
    }


def thin_data(con: duckdb.DuckDBPyConnection, pair: str) -> str | None:
    """A warning for the top of the report when the pair's evidence is thin, else None."""
    n = con.execute(
        "SELECT count(DISTINCT c.contact_id) FROM contacts c JOIN contact_partners p"
        " USING (contact_id) WHERE c.status = 'confirmed' AND list_contains(?, p.partner_iso2)",
        [partners_of(pair)]).fetchone()
    count = int(n[0]) if n else 0
    if count >= THIN_CONTACTS:
        return None
    return (f"Thin data: the store holds {count} confirmed contact{'s' if count != 1 else ''} "
            f"for {pair} (fewer than {THIN_CONTACTS}). Rates and rate ratios for this pair rest "
            "on very few events and their intervals are wide; the curated register covers "
            "US–Kazakhstan most fully. Import the Office of the Historian's records (dyad "
            "import statehist DIR) to add top-level contacts.")
