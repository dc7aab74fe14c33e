"""Read the register: contacts for a pair and period, with their sources."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dyad.reference.vocabulary import admin_on, partners_of

CONTACT_COLUMNS = [
    "contact_id", "date_start", "date_end", "kind", "level", "format", "initiator",
    "us_participants", "partner_participants", "location", "topics", "status",
    "confidence", "plover_event", "plover_mode", "plover_score", "summary", "partners",
    "sources", "origin", "us_level", "partner_level", "branch", "occasion_id", "ceremony",
    "source_tiers", "admin",
]


def list_contacts(
    con: duckdb.DuckDBPyConnection,
    pair: str = "US-KZ",
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    statuses: tuple[str, ...] = ("confirmed",),
) -> pd.DataFrame:
    """One row per contact involving the pair's partner(s), oldest first.

    ``sources`` is the list of source references (URLs, or file#record ids).
    """
    df = con.execute(
        """
        WITH s AS (
            SELECT contact_id, list(coalesce(url, source_ref) ORDER BY source, source_ref)
                   AS sources,
                   list(DISTINCT tier ORDER BY tier) FILTER (WHERE tier IS NOT NULL)
                   AS source_tiers
            FROM contact_sources GROUP BY contact_id),
        p AS (
            SELECT contact_id, list(partner_iso2 ORDER BY partner_iso2) AS partners
            FROM contact_partners GROUP BY contact_id)
        SELECT c.contact_id, c.date_start, c.date_end, c.kind, c.level, c.format,
               c.initiator, c.us_participants, c.partner_participants, c.location,
               c.topics, c.status, c.confidence, c.plover_event, c.plover_mode,
               c.plover_score, c.summary, p.partners, coalesce(s.sources, []) AS sources,
               c.origin, c.us_level, c.partner_level, c.branch,
               coalesce(c.occasion_id, c.contact_id) AS occasion_id,
               coalesce(c.ceremony, false) AS ceremony,
               coalesce(s.source_tiers, []) AS source_tiers
        FROM contacts c JOIN p USING (contact_id) LEFT JOIN s USING (contact_id)
        WHERE list_has_any(p.partners, ?)
          AND list_contains(?, c.status)
          AND (? IS NULL OR c.date_start >= ?)
          AND (? IS NULL OR c.date_start <= ?)
        ORDER BY c.date_start, c.contact_id
        """,
        [partners_of(pair), list(statuses), date_from, date_from, date_to, date_to],
    ).df()
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col]).dt.date
    for col in ("us_participants", "partner_participants", "topics", "partners", "sources",
                "source_tiers"):
        df[col] = [_strings(v) for v in df[col].to_numpy(dtype=object)]
    df["admin"] = [admin_on(d) for d in df["date_start"]]
    return df[CONTACT_COLUMNS]


def _strings(v: object) -> list[str]:
    """A list cell as a list of str (DuckDB gives arrays; NULL as None)."""
    if v is None:
        return []
    items = v.tolist() if hasattr(v, "tolist") else list(v)  # type: ignore[call-overload]
    return [x if type(x) is str else str(x) for x in items]


def deliverables(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ") -> pd.DataFrame:
    return con.execute(
        """
        SELECT d.*, strftime(c.date_start, '%Y-%m-%d') AS date_start,
               c.kind AS contact_kind, c.level
        FROM deliverables d JOIN contacts c USING (contact_id)
        WHERE c.status = 'confirmed' AND EXISTS (
            SELECT 1 FROM contact_partners p
            WHERE p.contact_id = c.contact_id AND list_contains(?, p.partner_iso2))
        ORDER BY c.date_start
        """,
        [partners_of(pair)],
    ).df()


def source_summary(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per source: contacts attested, loads, last load time, quarantined records."""
    return con.execute(
        """
        SELECT r.source, count(DISTINCT r.run_id) FILTER (WHERE r.status = 'ok') AS loads,
               max(r.finished_at) FILTER (WHERE r.status = 'ok') AS last_loaded,
               sum(r.rows_loaded) FILTER (WHERE r.status = 'ok') AS rows_loaded,
               sum(r.rows_quarantined) FILTER (WHERE r.status = 'ok') AS rows_quarantined,
               count(*) FILTER (WHERE r.status = 'failed') AS failed_loads
        FROM ingest_runs r GROUP BY r.source ORDER BY r.source
        """
    ).df()
