"""Data and sources: what the store holds, where it came from, how fresh, how verified."""

from __future__ import annotations

from markupsafe import Markup

from dyad.contacts.query import source_summary
from dyad.report.html import note, table
from dyad.report.sections import ReportContext, Section


def render(ctx: ReportContext) -> Section:
    runs = source_summary(ctx.con)
    verification = ctx.con.execute(
        """
        WITH k AS (
          SELECT c.contact_id, c.status, c.confidence,
                 bool_or(s.source <> 'curated') AS authoritative,
                 count(*) AS n_sources
          FROM contacts c JOIN contact_sources s USING (contact_id)
          WHERE c.contact_id IN (SELECT contact_id FROM contact_partners
                                 WHERE list_contains(?, partner_iso2))
          GROUP BY ALL)
        SELECT status, confidence, count(*) AS contacts,
               count(*) FILTER (WHERE authoritative) AS confirmed_by_import,
               sum(n_sources) AS sources
        FROM k GROUP BY ALL ORDER BY status, confidence
        """,
        [_partners(ctx.pair)],
    ).df()
    conflicts = ctx.con.execute(
        "SELECT count(*) FROM contact_conflicts WHERE resolution = 'open'"
    ).fetchone()
    body = Markup("").join([
        note(f"Store as of {ctx.as_of.isoformat()}. Every figure below is computed from the "
             "rows counted here; each contact lists the public sources that attest it."),
        table(runs, caption="Loads per source (ingest_runs)"),
        table(verification, caption="Contacts by verification status and confidence"),
        note(f"Open conflicts between sources awaiting review: {conflicts[0] if conflicts else 0} "
             "(dyad contacts review)."),
    ])
    fresh = [f"{r.source}: {r.last_loaded}" for r in runs.itertuples()]
    return Section("sources", "Data and sources", body, freshness=fresh)


def _partners(pair: str) -> list[str]:
    from dyad.contacts.query import partners_of

    return partners_of(pair)
