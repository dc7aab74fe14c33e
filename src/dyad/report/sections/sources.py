"""Data and sources: what the store holds, where it came from, how fresh, how verified."""

from __future__ import annotations

from markupsafe import Markup

from dyad.analysis.holdings import open_conflicts, verification_summary
from dyad.contacts.query import source_summary
from dyad.report.html import note, table
from dyad.report.sections import ReportContext, Section


def render(ctx: ReportContext) -> Section:
    runs = source_summary(ctx.con)
    verification = verification_summary(ctx.con, ctx.pair)
    conflicts = open_conflicts(ctx.con)
    body = Markup("").join([
        note(f"Store as of {ctx.as_of.isoformat()}. Every figure below is computed from the "
             "rows counted here; each contact lists the public sources that attest it."),
        table(runs, caption="Loads per source (ingest_runs)"),
        table(verification, caption="Contacts by verification status and confidence"),
        note(f"Open conflicts between sources awaiting review: {conflicts} "
             "(dyad contacts review)."),
    ])
    fresh = [f"{r.source}: {r.last_loaded}" for r in runs.itertuples()]
    return Section("sources", "Data and sources", body, freshness=fresh)

