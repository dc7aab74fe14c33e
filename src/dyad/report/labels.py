"""Human-readable column labels for the report's tables (and the glossary's terms).

``label(col)`` gives the label of a code identifier: the map first, else a readable form
built from the identifier's words (``_usd`` -> "(US$)", ``_pct`` -> "(%)").
"""

from __future__ import annotations

import re

LABELS: dict[str, str] = {
    # contacts and the comparison
    "admin": "US administration",
    "versus": "compared with",
    "date_start": "date",
    "date_end": "end date",
    "kind": "kind",
    "us_level": "US side's level",
    "partner_level": "partner side's level",
    "level": "level",
    "format": "format",
    "initiator": "initiated by",
    "location": "place",
    "us_participants": "US side",
    "partner_participants": "partner side",
    "topics": "agenda topics",
    "confidence": "confidence",
    "sources": "sources",
    "source_tiers": "source tiers",
    "n_sources": "sources (n)",
    "years": "years in office (exposure)",
    "occasions": "occasions (n)",
    "records": "records (n)",
    "rate_per_year": "contacts per year",
    "intensity_per_year": "level-weighted intensity per year",
    "president_took_part": "with the President (n)",
    "exposure": "exposure (years)",
    "exposure_end": "exposure ends",
    "partial": "term in progress",
    "deliverables": "deliverables (n)",
    "implemented_24m_share": "implemented within 24 months (share)",
    "mean_plover_score": "mean PLOVER cooperation score",
    "initiative_ratio_us_to_partner": "US-initiated / partner-initiated",
    "count": "count (n)",
    "versus_count": "comparison count (n)",
    "ratio": "rate ratio",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "method": "interval method",
    "dispersion": "dispersion",
    "unit": "counting unit",
    "branch": "branch",
    "tier": "tier",
    "jsd_bits": "agenda divergence (JSD, bits)",
    "p_value": "permutation p-value",
    "n_a": "topics, first (n)",
    "n_b": "topics, second (n)",
    "status_evidence_url": "status evidence",
    "source_url": "source",
    "value_usd": "value (US$)",
    # trade
    "partner_name": "partner",
    "year": "year",
    "us_exports_usd": "US exports (US$)",
    "us_imports_usd": "US imports (US$)",
    "balance_usd": "balance (US$)",
    "turnover_usd": "turnover (US$)",
    "always_partner_favour": "US deficit every year",
    "years_partner_favour": "years with a US deficit",
    "cagr_pct": "compound annual growth (%)",
    "yoy_pct": "year-on-year growth (%)",
    "share_pct": "share (%)",
    "group": "partner group",
    "vintage": "vintage",
    "years_covered": "years",
    # assistance
    "transaction_type": "transaction type",
    "first_fy": "first fiscal year",
    "last_fy": "last fiscal year",
    "n_years": "fiscal years (n)",
    "partial_fys": "partial fiscal years",
    "total_constant_usd": "total (constant US$)",
    "mean_constant_usd_per_fy": "mean per fiscal year (constant US$)",
    "share_of_c5_pct": "share of the five (%)",
    "claim": "claim",
    "verdict": "verdict",
    "evidence": "evidence",
    # values
    "country_name": "state",
    "status": "status",
    "total_score": "total score (0-100)",
    "pr_score": "political rights (0-40)",
    "cl_score": "civil liberties (0-60)",
    "pr_rating": "political rights rating (1-7)",
    "cl_rating": "civil liberties rating (1-7)",
    # provenance
    "source": "source",
    "loads": "loads (n)",
    "last_loaded": "last loaded",
    "rows_loaded": "rows loaded",
    "rows_quarantined": "rows quarantined",
    "failed_loads": "failed loads",
    "contacts": "contacts (n)",
    "publisher": "publisher",
}

_SUFFIXES = (("_usd", " (US$)"), ("_pct", " (%)"), ("_bits", " (bits)"), ("_n", " (n)"))


def label(col: str) -> str:
    """The human label of a column (the map, else its words with units spelt out)."""
    if col in LABELS:
        return LABELS[col]
    if not re.fullmatch(r"[a-z0-9_]+", col):
        return col
    text, unit = col, ""
    for suffix, spelt in _SUFFIXES:
        if text.endswith(suffix):
            text, unit = text[: -len(suffix)], spelt
            break
    text = text.replace("_", " ").replace(" fy", " fiscal year").replace("cagr", "CAGR")
    return (text + unit).strip()

# How the report names administrations in prose and charts (keys and dates: vocabulary).
ADMIN_NAMES: dict[str, str] = {
    "bush41": "G. H. W. Bush", "clinton": "Clinton", "bush43": "G. W. Bush", "obama": "Obama",
    "trump1": "Trump I", "biden": "Biden", "trump2": "Trump II",
}


def admin_name(key: str) -> str:
    """An administration's name for prose ('trump1' -> 'Trump I')."""
    return ADMIN_NAMES.get(key, key)


def with_admin_names(text: str) -> str:
    """``text`` with administration keys (whole words) replaced by their names."""
    return re.sub(r"\b(" + "|".join(ADMIN_NAMES) + r")\b", lambda m: ADMIN_NAMES[m.group(1)],
                  text)
