"""Appendix: provenance — what the store holds, where it came from, how fresh, how verified,
and how the contacts' sources are graded (official / wire / press / secondary)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from dyad.analysis.holdings import open_conflicts, verification_summary
from dyad.contacts.query import source_summary
from dyad.reference.vocabulary import partners_of
from dyad.report.html import Src, findings, note, table
from dyad.report.sections import ReportContext, Section

TIERS = ("official", "wire", "press", "secondary")


def source_tiers(ctx: ReportContext) -> pd.DataFrame:
    """The pair's contact sources by tier: how many source rows, and how many contacts have
    their best source in each tier."""
    df = ctx.con.execute(
        """
        WITH s AS (
          SELECT s.contact_id, coalesce(s.tier, 'ungraded') AS tier
          FROM contact_sources s JOIN contacts c USING (contact_id)
          WHERE c.status = 'confirmed' AND c.contact_id IN (
            SELECT contact_id FROM contact_partners WHERE list_contains(?, partner_iso2))),
        best AS (
          SELECT contact_id, min(CASE tier WHEN 'official' THEN 1 WHEN 'wire' THEN 2
                 WHEN 'press' THEN 3 WHEN 'secondary' THEN 4 ELSE 5 END) AS r
          FROM s GROUP BY contact_id)
        SELECT t.tier, count(*) AS source_rows,
               (SELECT count(*) FROM best WHERE best.r = CASE t.tier WHEN 'official' THEN 1
                 WHEN 'wire' THEN 2 WHEN 'press' THEN 3 WHEN 'secondary' THEN 4 ELSE 5 END)
                 AS contacts_best_tier
        FROM s t GROUP BY t.tier
        """, [partners_of(ctx.pair)]).df()
    order = {t: i for i, t in enumerate((*TIERS, "ungraded"))}
    return df.sort_values("tier", key=lambda s: s.map(order)).reset_index(drop=True)


def render(ctx: ReportContext) -> Section:
    runs = source_summary(ctx.con)
    runs["last_loaded"] = pd.to_datetime(runs["last_loaded"]).dt.strftime("%Y-%m-%d %H:%M")
    verification = verification_summary(ctx.con, ctx.pair)
    conflicts = open_conflicts(ctx.con)
    tiers = source_tiers(ctx)
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
