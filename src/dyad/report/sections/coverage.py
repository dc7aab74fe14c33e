"""The register's measured coverage: a block for the contacts section (the lead places it
beside the comparison)."""

from __future__ import annotations

from markupsafe import Markup

from dyad.analysis.coverage import coverage
from dyad.report.html import missing, note, table
from dyad.report.sections import ReportContext


def render_block(ctx: ReportContext) -> Markup:
    """Capture–recapture estimates per tier and administration, with assumptions and
    source line; with fewer than two lists it says what to load."""
    cov = coverage(ctx.con, ctx.pair)
    if len(cov.lists) < 2 or cov.table.empty:
        return missing("a second, independent list of contacts (the Office of the Historian's "
                       "records) to estimate the register's coverage.",
                       "dyad import statehist DIR")
    shown = cov.table[["tier", "admin", "observed", "by_list", "overlap", "method", "estimate",
                       "ci_low", "ci_high", "missing", "note"]]
    parts = [Markup("<h3>How complete is the register?</h3>"), table(
        shown, caption=(
            "Capture–recapture estimates of the number of contacts per tier (the US side's "
            "highest participant) and administration, with 95% intervals: Chapman's estimator "
            "for two lists, a Poisson log-linear model for three or more. Lists: "
            f"{', '.join(cov.lists)}. Source: Office of the Historian, Travels and Visits "
            "(https://history.state.gov/departmenthistory/travels); dyad curated register "
            "(sources per entry); dyad contacts coverage."))]
    parts += [note("Assumption — " + a) for a in cov.assumptions]
    parts += [note(n) for n in cov.notes]
    return Markup("").join(parts)
