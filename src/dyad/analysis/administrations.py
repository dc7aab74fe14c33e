"""Compare US administrations' contacts with a partner: rates, levels, agenda, deliverables.

Counts follow a :class:`~dyad.analysis.counting.CountingRule` (occasions or records, branch,
tier, thresholds, formats, ceremonies) and exposure ends at the earliest of today, the
register's ``complete_through`` date and ``as_of``; every output echoes the rule. Rates are
per year of exposure inside the register's coverage (from 2009-01-01).
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

from dyad.analysis.counting import (
    CountingRule,
    admin_counts,
    exposure_end,
    occasions,
    pearson_dispersion,
    ratio,
    select,
)
from dyad.contacts.query import deliverables, list_contacts
from dyad.reference.files import administrations, codebook, level_weights
from dyad.reference.vocabulary import check_admins

COMPACT = ("admin", "years", "occasions", "records", "rate_per_year", "president_took_part",
           "exposure_end", "partial", "deliverables", "implemented_24m_share")
PERMUTATIONS = 999


@dataclass
class Comparison:
    """The comparison's tables (data frames), the rule behind them and their caveats."""

    pair: str
    as_of: dt.date
    rule: CountingRule
    exposure_end: dt.date
    exposure_end_reason: str
    dispersion: float
    dispersion_df: int
    summary: pd.DataFrame
    rate_ratios: pd.DataFrame
    agenda: pd.DataFrame
    vectors: pd.DataFrame
    divergence: pd.DataFrame
    formats: pd.DataFrame
    levels: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    compact_columns: tuple[str, ...] = COMPACT

    def options(self) -> dict[str, Any]:
        return {**self.rule.as_dict(), "pair": self.pair, "as_of": self.as_of.isoformat()}

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
            "options": self.options(),
            "unit": self.rule.unit,
            "exposure_end": self.exposure_end.isoformat(),
            "exposure_end_reason": self.exposure_end_reason,
            "model": {"family": "poisson, quasi-poisson when overdispersed",
                      "dispersion": _num(self.dispersion), "dispersion_df": self.dispersion_df},
            "administrations": admins,
            "divergence": [_jsonable(r) for r in self.divergence.to_dict("records")],
            "warnings": self.warnings,
        }

    def summary_with_ratios(self) -> pd.DataFrame:
        """Summary plus each administration's rate ratio against the first one listed."""
        base = self.summary["admin"].iloc[0] if len(self.summary) else None
        rr = self.rate_ratios[self.rate_ratios["versus"] == base][
            ["admin", "ratio", "ci_low", "ci_high", "method", "dispersion"]
        ].rename(columns=lambda c: c if c == "admin" else f"rr_vs_{base}_{c}")
        out = self.summary.merge(rr, on="admin", how="left")
        for k, v in self.options().items():
            out[f"option_{k}"] = ";".join(v) if isinstance(v, list) else v
        return out


def _num(v: Any) -> Any:
    return None if isinstance(v, float) and (math.isnan(v) or math.isinf(v)) else v


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


def _counts(series: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in series.fillna("unknown").value_counts().items()}


def follow_through(dels: pd.DataFrame, end: dt.date) -> dict[str, Any]:
    """Deliverables (one per key) implemented within 12 and 24 months of signature, with
    those not yet due at ``end`` shown apart (censoring)."""
    if dels.empty:
        return {"deliverables": 0, "implemented_12m": 0, "due_12m": 0, "implemented_24m": 0,
                "due_24m": 0, "not_yet_due_24m": 0, "implemented_24m_share": math.nan}
    d = dels.drop_duplicates("deliverable_key")
    signed = pd.to_datetime(d["signed_date"]).dt.date
    done = pd.to_datetime(d["status_date"]).dt.date
    out: dict[str, Any] = {"deliverables": len(d)}
    for months in (12, 24):
        due = signed.map(lambda s, m=months: s is not None and
                         (end - s).days >= m * 30.44)
        in_time = pd.Series([
            (x is None or pd.isna(x) or (x - s).days <= months * 30.44)
            for x, s in zip(done, signed, strict=True)], index=d.index, dtype=bool)
        impl = (d["status"] == "implemented") & due & in_time
        out[f"implemented_{months}m"] = int(impl.sum())
        out[f"due_{months}m"] = int(due.sum())
    out["not_yet_due_24m"] = len(d) - out["due_24m"]
    out["implemented_24m_share"] = (out["implemented_24m"] / out["due_24m"]
                                    if out["due_24m"] else math.nan)
    return out


def agenda_divergence(per_admin: dict[str, pd.DataFrame], seed: int = 20261130) -> pd.DataFrame:
    """Jensen–Shannon divergence of topic profiles, with a permutation p-value (labels of
    the counted units shuffled between the two administrations) and the n behind each."""
    keys = list(topics_of := codebook())
    col = {k: i for i, k in enumerate(keys)}
    rng = np.random.default_rng(seed)
    rows = []

    def matrix(ts: list[list[str]]) -> np.ndarray:
        """Units x topics counts (a unit's topic listed twice counts twice, as before)."""
        m = np.zeros((len(ts), len(keys)))
        for r, t in enumerate(ts):
            for x in t:
                if x in topics_of:
                    m[r, col[x]] += 1
        return m

    names = list(per_admin)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            ma, mb = matrix(list(per_admin[a]["topics"])), matrix(list(per_admin[b]["topics"]))
            pa, pb = ma.sum(axis=0), mb.sum(axis=0)
            if pa.sum() == 0 or pb.sum() == 0:
                continue
            jsd = float(_jsd_bits(pa[None, :], pb[None, :])[0])
            pooled = np.vstack([ma, mb])
            na = len(ma)
            # the same permutations, in the same order, as one draw per shuffle
            perms = np.stack([rng.permutation(len(pooled)) for _ in range(PERMUTATIONS)])
            first = np.zeros((PERMUTATIONS, len(pooled)))
            np.put_along_axis(first, perms[:, :na], 1.0, axis=1)
            qa = first @ pooled
            qb = pooled.sum(axis=0)[None, :] - qa
            ok = (qa.sum(axis=1) > 0) & (qb.sum(axis=1) > 0)
            hits = int((ok & (_jsd_bits(qa, qb) >= jsd - 1e-12)).sum())
            diff = pd.Series(pa / pa.sum() - pb / pb.sum(), index=keys).sort_values(
                key=np.abs, ascending=False)
            rows.append({"admin_a": a, "admin_b": b, "n_a": na, "n_b": len(mb),
                         "jsd_bits": jsd, "p_value": (hits + 1) / (PERMUTATIONS + 1),
                         "most_separating": "; ".join(f"{t} ({d:+.2f})"
                                                      for t, d in diff.head(3).items())})
    return pd.DataFrame(rows, columns=["admin_a", "admin_b", "n_a", "n_b", "jsd_bits",
                                       "p_value", "most_separating"])


def _jsd_bits(ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
    """Jensen–Shannon divergence in bits between the rows of two count matrices (rows with
    a zero total give nan)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        p = ca / ca.sum(axis=1, keepdims=True)
        q = cb / cb.sum(axis=1, keepdims=True)
        m = (p + q) / 2
        kl_p = np.where(p > 0, p * np.log2(p / m), 0.0).sum(axis=1)
        kl_q = np.where(q > 0, q * np.log2(q / m), 0.0).sum(axis=1)
    return np.asarray((kl_p + kl_q) / 2)


def compare_administrations(
    con: duckdb.DuckDBPyConnection,
    pair: str = "US-KZ",
    admins: list[str] | None = None,
    *,
    rule: CountingRule | None = None,
    as_of: dt.date | None = None,
    today: dt.date | None = None,
    weights: dict[str, float] | None = None,
    contacts: pd.DataFrame | None = None,
) -> Comparison:
    """Occasions (or records) per year in office, rate ratios, levels, agenda, deliverables
    (``contacts``: the pair's ``list_contacts`` frame, if the caller has it)."""
    rule = (rule or CountingRule()).check()
    admins = check_admins(admins or None)
    known = {a["key"]: a for a in administrations("US")}
    weights = weights or level_weights()
    end, reason = exposure_end(con, pair, rule, as_of, today)
    if contacts is None:
        contacts = list_contacts(con, pair)
    counts = admin_counts(contacts, rule, admins, end)
    phi, phi_df = pearson_dispersion(counts)
    chosen = select(contacts, rule)
    counted_all = occasions(chosen) if rule.unit == "occasion" else chosen
    dels = deliverables(con, pair)
    warnings: list[str] = []
    rows, agenda_rows, format_rows, level_rows = [], [], [], []
    per_admin: dict[str, pd.DataFrame] = {}
    topics = codebook()
    for key in admins:
        if key not in counts:
            warnings.append(f"{key}: no days in office inside the register's coverage")
            continue
        c = counts[key]
        sel = counted_all[(counted_all["date_start"] >= c.start)
                          & (counted_all["date_start"] < c.end)]
        recs = chosen[(chosen["date_start"] >= c.start) & (chosen["date_start"] < c.end)]
        per_admin[key] = sel
        a_end = known[key]["end_date"]
        partial = a_end is None or a_end > end
        d = dels[dels["contact_id"].isin(recs["contact_id"])] if len(dels) else dels
        president = recs[recs["us_level"] == "head_of_state"]
        rows.append({
            "admin": key, "president": known[key]["president"], "party": known[key]["party"],
            "from": c.start, "to": c.end, "years": round(c.years, 3),
            "exposure_years": round(c.years, 3), "exposure_end": c.end,
            "exposure_end_reason": reason if c.end == end else "end of term",
            "partial": partial, "occasions": c.occasions, "records": c.records,
            "count": c.count, "rate_per_year": c.count / c.years,
            "president_took_part": int(president["occasion_id"].nunique()
                                       if rule.unit == "occasion" else len(president)),
            "counts_by_us_level": _counts(sel["us_level"]),
            "counts_by_partner_level": _counts(sel["partner_level"]),
            "intensity_per_year": sum(weights.get(str(lv), 1.0) for lv in sel["us_level"])
            / c.years,
            "us_initiated": int((sel["initiator"] == "US").sum()),
            "partner_initiated": int((sel["initiator"] == "partner").sum()),
            **follow_through(d, end),
        })
        tc = {t: 0 for t in topics}
        for ts in sel["topics"]:
            for t in ts:
                if t in tc:
                    tc[t] += 1
        total = sum(tc.values())
        for t, n in tc.items():
            agenda_rows.append({"admin": key, "topic": t, "vector": topics[t]["vector"],
                                "count": n, "share": n / total if total else 0.0})
        for f, n in sel["format"].value_counts().items():
            format_rows.append({"admin": key, "format": f, "count": int(n),
                                "share": int(n) / len(sel)})
        for lv, n in sel["us_level"].fillna("unknown").value_counts().items():
            level_rows.append({"admin": key, "level": lv, "count": int(n),
                               "share": int(n) / len(sel)})
        if partial:
            warnings.append(f"{key}: partial coverage — exposure ends {c.end} ({reason})")
    rr_rows = [{**ratio(counts[a], counts[b], phi), "dispersion": phi}
               for a in per_admin for b in per_admin if a != b]
    if any(r["small_counts"] for r in rr_rows):
        warnings.append("some administrations have fewer than 10 counted units: intervals are "
                        "exact conditional (Clopper-Pearson) and wide")
    if phi == phi and phi > 1:
        warnings.append(f"counts per administration-year are overdispersed (Pearson φ = "
                        f"{phi:.2f} on {phi_df} df): intervals are widened by √φ "
                        "(quasi-Poisson)")
    agenda = pd.DataFrame(agenda_rows, columns=["admin", "topic", "vector", "count", "share"])
    vectors = (agenda.groupby(["admin", "vector"], as_index=False)[["count", "share"]].sum()
               if len(agenda) else pd.DataFrame(columns=["admin", "vector", "count", "share"]))
    return Comparison(
        pair=pair, as_of=as_of or (today or dt.date.today()), rule=rule, exposure_end=end,
        exposure_end_reason=reason, dispersion=phi, dispersion_df=phi_df,
        summary=pd.DataFrame(rows),
        rate_ratios=pd.DataFrame(rr_rows, columns=[
            "admin", "versus", "count", "versus_count", "ratio", "ci_low", "ci_high", "method",
            "small_counts", "dispersion"]),
        agenda=agenda, vectors=vectors, divergence=agenda_divergence(per_admin),
        formats=pd.DataFrame(format_rows, columns=["admin", "format", "count", "share"]),
        levels=pd.DataFrame(level_rows, columns=["admin", "level", "count", "share"]),
        warnings=warnings,
    )
