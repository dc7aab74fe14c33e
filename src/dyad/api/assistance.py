"""Public API of US assistance and values indicators: imports and analyses, as data frames.

The loaders return the one ``LoadResult`` (details: ``kind`` and ``skipped`` for
ForeignAssistance.gov; ``sheet``, ``header_row`` and ``attribution`` for Freedom House); both
are also registered sources (`dyad import foreign-assistance|freedomhouse PATH`).
"""

from __future__ import annotations

from dyad.analysis.assistance import (
    C5_NOTE,
    DEFAULT_RULE,
    PARTIAL_NOTE,
    RULES,
    VECTOR_RULE,
    assistance_table,
    by_admin,
    claim_checks,
    kz_share,
    obligations_vs_disbursements,
    sector_vectors,
)
from dyad.analysis.values import PANEL, values_table
from dyad.sources.foreign_assistance.load import load_foreign_assistance
from dyad.sources.freedomhouse.load import load_freedomhouse
from dyad.sources.freedomhouse.parse import ATTRIBUTION as FREEDOM_HOUSE_ATTRIBUTION

ASSISTANCE_RULES = RULES
ASSISTANCE_DEFAULT_RULE = DEFAULT_RULE
ASSISTANCE_NOTES = (PARTIAL_NOTE, C5_NOTE)
ASSISTANCE_VECTOR_RULE = VECTOR_RULE
VALUES_PANEL = PANEL
assistance_compare = by_admin
assistance_share = kz_share
assistance_claims = claim_checks
assistance_pipeline = obligations_vs_disbursements
assistance_vectors = sector_vectors

__all__ = [
    "ASSISTANCE_DEFAULT_RULE",
    "ASSISTANCE_NOTES",
    "ASSISTANCE_RULES",
    "ASSISTANCE_VECTOR_RULE",
    "FREEDOM_HOUSE_ATTRIBUTION",
    "VALUES_PANEL",
    "assistance_claims",
    "assistance_compare",
    "assistance_pipeline",
    "assistance_share",
    "assistance_table",
    "assistance_vectors",
    "load_foreign_assistance",
    "load_freedomhouse",
    "values_table",
]
