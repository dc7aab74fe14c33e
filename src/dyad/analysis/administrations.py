"""Compare US administrations' contacts with a partner: rates, intensity, agenda, format.

All comparisons are per year in office, over the part of each term that the register
covers (from ``coverage_start``, 2009-01-20 for the curated register, to ``as_of``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon

from dyad.analysis.rates import dispersion, negbin_rate_ratios, rate_ratio
from dyad.contacts.query import deliverables, list_contacts
from dyad.reference.files import administrations, codebook, level_weights
from dyad.reference.vocabulary import check_admins

COVERAGE_START = dt.date(2009, 1, 20)
COMPACT = ("admin", "years", "contacts", "rate_per_year", "head_of_state", "intensity_per_year",
           "us_initiated", "partner_initiated", "deliverables", "implemented_share")


@dataclass
class Comparison:
    """The comparison's tables (data frames) and the warnings that qualify them."""

    pair: str
    as_of: dt.date
    summary: pd.DataFrame
    rate_ratios: pd.DataFrame
    agenda: pd.DataFrame
    vectors: pd.DataFrame
    divergence: pd.DataFrame
    formats: pd.DataFrame
    levels: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    compact_columns: tuple[str, ...] = COMPACT

    def to_dict(self) -> dict[str, Any]:
        admins = []
        for row in self.summary.to_dict("records"):
            key = row["admin"]
            rr = self.rate_ratios[self.rate_ratios["admin"] == key]
            ag = self.agenda[self.agenda["admin"] == key]
            vec = self.vectors[self.vectors["admin"] == key]
            admins.append({
                **_jsonable(row),
                "rate_ratios": [_jsonable(r) for r in rr.drop(columns="admin").to_dict("records")],
                "agenda_shares": {r["topic"]: r["share"] for r in ag.to_dict("records")},
                "vector_shares": {r["vector"]: r["share"] for r in vec.to_dict("records")},
            })
        return {
            "pair": self.pair,
            "as_of": self.as_of.isoformat(),
            "administrations": admins,
            "divergence": [_jsonable(r) for r in self.divergence.to_dict("records")],
            "warnings": self.warnings,
        }

    def summary_with_ratios(self) -> pd.DataFrame:
        """Summary plus each administration's rate ratio against the first one listed."""
        base = self.summary["admin"].iloc[0] if len(self.summary) else None
        rr = self.rate_ratios[self.rate_ratios["versus"] == base][
            ["admin", "ratio", "ci_low", "ci_high", "method"]
        ].rename(columns=lambda c: c if c == "admin" else f"rr_vs_{base}_{c}")
        return self.summary.merge(rr, on="admin", how="left")


def _jsonable(row: Mapping[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if isinstance(v, float) and (math.isinf(v) or math.isnan(v)):
            out[k] = None
        elif isinstance(v, np.generic):
            out[k] = v.item()
        elif isinstance(v, dt.date):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out


def _exposure(admin: dict[str, Any], start: dt.date, as_of: dt.date) -> tuple[dt.date, dt.date]:
    a0 = max(admin["start_date"], start)
    a1 = min(admin["end_date"] or as_of, as_of)
    return a0, a1


def compare_administrations(
    con: duckdb.DuckDBPyConnection,
    pair: str = "US-KZ",
    admins: list[str] | None = None,
    *,
    as_of: dt.date | None = None,
    coverage_start: dt.date = COVERAGE_START,
    weights: dict[str, float] | None = None,
) -> Comparison:
    """Contacts per year in office, rate ratios, intensity, agenda, format and deliverables."""
    as_of = as_of or dt.date.today()
    admins = check_admins(admins or None)
    known = {a["key"]: a for a in administrations("US")}
    unknown = [a for a in admins if a not in known]
    if unknown:
        raise ValueError(f"unknown administration key(s) {unknown}; known: {list(known)}")
    weights = weights or level_weights()
    contacts = list_contacts(con, pair)
    dels = deliverables(con, pair)
    warnings: list[str] = []
    rows: list[dict[str, Any]] = []
    agenda_rows: list[dict[str, Any]] = []
    format_rows: list[dict[str, Any]] = []
    level_rows: list[dict[str, Any]] = []
    per_admin: dict[str, pd.DataFrame] = {}
    exposure: dict[str, float] = {}
    admin_years: list[tuple[str, int, float]] = []
    topics = codebook()
    for key in admins:
        a0, a1 = _exposure(known[key], coverage_start, as_of)
        years = max((a1 - a0).days, 0) / 365.25
        if years <= 0:
            warnings.append(f"{key}: no days in office inside the register's coverage")
            continue
        exposure[key] = years
        sel = contacts[(contacts["date_start"] >= a0) & (contacts["date_start"] < a1)]
        per_admin[key] = sel
        n = len(sel)
        years_of = pd.Series([d.year for d in sel["date_start"]], dtype="int64")
        year_counts = [int((years_of == y).sum()) for y in range(a0.year, a1.year + 1)]
        full_years = []
        for y, c in zip(range(a0.year, a1.year + 1), year_counts, strict=True):
            y0, y1 = max(a0, dt.date(y, 1, 1)), min(a1, dt.date(y + 1, 1, 1))
            admin_years.append((key, c, (y1 - y0).days / 365.25))
            if (y1 - y0).days >= 330:
                full_years.append(c)
        d = dels[(dels["contact_id"].isin(sel["contact_id"]))] if len(dels) else dels
        implemented = int((d["status"] == "implemented").sum()) if len(d) else 0
        rows.append({
            "admin": key,
            "president": known[key]["president"],
            "party": known[key]["party"],
            "from": a0,
            "to": a1,
            "years": round(years, 3),
            "contacts": n,
            "rate_per_year": n / years,
            "head_of_state": int((sel["level"] == "head_of_state").sum()),
            "intensity_per_year": sum(weights.get(str(lv), 1.0) for lv in sel["level"]) / years,
            "mean_plover_score": float(sel["plover_score"].mean()) if n else math.nan,
            "us_initiated": int((sel["initiator"] == "US").sum()),
            "partner_initiated": int((sel["initiator"] == "partner").sum()),
            "initiative_ratio_us_to_partner": (
                int((sel["initiator"] == "US").sum()) / int((sel["initiator"] == "partner").sum())
                if (sel["initiator"] == "partner").any() else math.nan
            ),
            "deliverables": len(d),
            "deliverables_per_contact": len(d) / n if n else math.nan,
            "implemented_share": implemented / len(d) if len(d) else math.nan,
            "dispersion_yearly": dispersion(full_years),
        })
        counts = {t: 0 for t in topics}
        for ts in sel["topics"]:
            for t in ts:
                if t in counts:
                    counts[t] += 1
        total = sum(counts.values())
        for t, c in counts.items():
            agenda_rows.append({"admin": key, "topic": t, "vector": topics[t]["vector"],
                                "count": c, "share": c / total if total else 0.0})
        for fmt_name, c in sel["format"].value_counts().items():
            format_rows.append({"admin": key, "format": fmt_name, "count": int(c),
                                "share": int(c) / n})
        for lvl, c in sel["level"].value_counts().items():
            level_rows.append({"admin": key, "level": lvl, "count": int(c), "share": int(c) / n})
    summary = pd.DataFrame(rows)
    agenda = pd.DataFrame(agenda_rows, columns=["admin", "topic", "vector", "count", "share"])
    vectors = (
        agenda.groupby(["admin", "vector"], as_index=False)[["count", "share"]].sum()
        if len(agenda) else pd.DataFrame(columns=["admin", "vector", "count", "share"])
    )
    rr_rows, div_rows = [], []
    keys = list(exposure)
    nb = negbin_rate_ratios(admin_years)
    for a in keys:
        for b in keys:
            if a == b:
                continue
            ca, cb = len(per_admin[a]), len(per_admin[b])
            r = rate_ratio(ca, exposure[a], cb, exposure[b])
            nbr = nb.get((a, b))
            rr_rows.append({"admin": a, "versus": b, "ratio": r.ratio, "ci_low": r.ci_low,
                            "ci_high": r.ci_high, "method": r.method,
                            "small_counts": r.small_counts,
                            "nb_ratio": nbr.ratio if nbr else math.nan,
                            "nb_ci_low": nbr.ci_low if nbr else math.nan,
                            "nb_ci_high": nbr.ci_high if nbr else math.nan})
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            pa = agenda[agenda["admin"] == a].set_index("topic")["share"]
            pb = agenda[agenda["admin"] == b].set_index("topic")["share"].reindex(pa.index)
            if pa.sum() == 0 or pb.sum() == 0:
                continue
            jsd = float(jensenshannon(pa.to_numpy(), pb.to_numpy(), base=2) ** 2)
            diff = (pa - pb).sort_values(key=np.abs, ascending=False)
            top = [f"{t} ({d:+.2f})" for t, d in diff.head(3).items()]
            div_rows.append({"admin_a": a, "admin_b": b, "jsd_bits": jsd,
                             "most_separating": "; ".join(top)})
    if any(r["small_counts"] for r in rr_rows):
        warnings.append(
            "some administrations have fewer than 10 contacts: rate-ratio intervals are exact "
            "conditional (Clopper-Pearson) and wide"
        )
    if summary is not None and len(summary) and (summary["dispersion_yearly"] > 1.5).any():
        warnings.append(
            "yearly counts are overdispersed (variance/mean > 1.5 for some administrations): "
            "Poisson intervals understate uncertainty; see the negative-binomial columns "
            "(nb_ratio, nb_ci_low, nb_ci_high)"
        )
    return Comparison(
        pair=pair, as_of=as_of, summary=summary,
        rate_ratios=pd.DataFrame(rr_rows, columns=["admin", "versus", "ratio", "ci_low",
                                                    "ci_high", "method", "small_counts",
                                                    "nb_ratio", "nb_ci_low", "nb_ci_high"]),
        agenda=agenda, vectors=vectors,
        divergence=pd.DataFrame(div_rows, columns=["admin_a", "admin_b", "jsd_bits",
                                                    "most_separating"]),
        formats=pd.DataFrame(format_rows, columns=["admin", "format", "count", "share"]),
        levels=pd.DataFrame(level_rows, columns=["admin", "level", "count", "share"]),
        warnings=warnings,
    )
