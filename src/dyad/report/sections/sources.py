"""Appendix: provenance — what the store holds, where it came from, how fresh, how verified,
and how the contacts' sources are graded (official / wire / press / secondary)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from dyad.analysis.holdings import open_conflicts, verification_summary
from dyad.analysis.provenance import contact_source_tiers
from dyad.contacts.query import source_summary
from dyad.report.html import Src, findings, note, table
from dyad.report.sections import ReportContext, Section


def render(ctx: ReportContext) -> Section:
    runs = source_summary(ctx.con)
    runs["last_loaded"] = pd.to_datetime(runs["last_loaded"]).dt.strftime("%Y-%m-%d %H:%M")
    verification = verification_summary(ctx.con, ctx.pair)
    conflicts = open_conflicts(ctx.con)
    tiers = contact_source_tiers(ctx.con, ctx.pair)
    store = Src("dyad", "the store's load log (ingest_runs)", f"as of {ctx.as_of.isoformat()}")
    sentences = []
    if not tiers.empty:
        total = int(tiers["contacts_best_tier"].sum())
        official = int(tiers.loc[tiers["tier"] == "official", "contacts_best_tier"].sum())
        below = int(tiers.loc[tiers["tier"] == "secondary", "contacts_best_tier"].sum())
        if total:
            sentences.append(
                f"{official} of the {total} confirmed {ctx.pair} contacts "
                f"({100 * official / total:.0f}%) have an official source; {below} "
                f"({100 * below / total:.0f}%) rest on secondary sources only (aggregators, "
                "mirrors, copies) and should be cited with care.")
    sentences.append(f"{len(runs)} sources have been loaded into the store; {conflicts} "
                     "conflicts between sources await review.")
    body = Markup("").join([
        findings(sentences),
        note(f"Store as of {ctx.as_of.isoformat()}. Every figure in the report is computed "
             "from the rows counted here; each contact lists the public sources that attest "
             "it."),
        table(tiers.rename(columns={"source_rows": "source rows (n)",
                                    "contacts_best_tier": "contacts whose best source is "
                                                         "this tier (n)"}),
              caption=f"{ctx.pair} contacts' sources by tier: official (government sites and "
                      "records), wire (news agencies), press, secondary (aggregators, mirrors)",
              source=Src("dyad", "contact register (contact_sources.tier)",
                         f"as of {ctx.as_of.isoformat()}"),
              command=f"dyad contacts list --pair {ctx.pair} --columns date,source_tiers"),
        table(runs, caption="Loads per source", source=store, command="dyad sources"),
        table(verification, caption="Contacts by verification status and confidence",
              source=store, command=f"dyad contacts list --pair {ctx.pair} --format csv"),
        note(f"Open conflicts between sources awaiting review: {conflicts} "
             "(dyad contacts review)."),
    ])
    fresh = [f"{r.source}: {r.last_loaded}" for r in runs.itertuples()]
    return Section("sources", "Appendix B. Provenance and data freshness", body, freshness=fresh)
