"""Contacts from events: GDELT's consult, meet, visit and agreement events between two
governments, clustered into candidate contacts and matched with the register.

- Events used: CAMEO 040–046 (consult: telephone 041, visit 042/043, meetings 040/044–046)
  and 057 (sign formal agreement), where both actors are government: actor type ``GOV``
  or an actor code whose letters 4–6 are ``GOV`` (``USAGOV``, ``KAZGOV``).
- Clusters: events of one pair whose days lie at most ``GAP_DAYS`` apart form one candidate
  (dates, kind, actor codes, source URLs). Kind: agreement if any 057, else visit if any
  042/043, else call if only 041, else meeting.
- Matching: a candidate matches a register contact of the same partner whose dates
  overlap the candidate's, widened by ``TOLERANCE_DAYS`` on each side.
- Precision (share of candidates matching a contact) by year; recall (share of register
  contacts matched by a candidate) by level and year. Both are measured against the
  register, which is itself incomplete: a candidate without a match may be a contact the
  register missed, so precision is a lower bound.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd

GAP_DAYS = 2
TOLERANCE_DAYS = 2
CONTACT_CODES = {"040": "meeting", "041": "call", "042": "visit", "043": "visit",
                 "044": "meeting", "045": "meeting", "046": "meeting", "057": "agreement"}
CANDIDATE_COLUMNS = ["candidate_id", "pair", "partner", "date_start", "date_end", "kind",
                     "n_events", "actors", "event_ids", "source_urls"]


def _gov(code: object, typ: object) -> bool:
    c = str(code or "")
    return str(typ or "") == "GOV" or c[3:6] == "GOV"


def _kind(codes: set[str]) -> str:
    if "057" in codes:
        return "agreement"
    if codes & {"042", "043"}:
        return "visit"
    if codes == {"041"}:
        return "call"
    return "meeting"


def candidates(events: pd.DataFrame, partners: dict[str, str]) -> pd.DataFrame:
    """Candidate contacts from deduplicated dyad events (``analysis.events.dyad_events``).

    ``partners`` maps a pair label (``US-KZ``) to the partner's ISO2 code (``KZ``).
    """
    if events.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    base = events["cameo"].astype(str).str[:3]
    gov = [_gov(a, b) and _gov(c, d) for a, b, c, d in zip(
        events["actor1"], events["actor1_type"], events["actor2"], events["actor2_type"],
        strict=True)]
    e = events[base.isin(list(CONTACT_CODES)) & pd.Series(gov, index=events.index)
               & events["pair"].isin(list(partners))].copy()
    if e.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    e["date"] = pd.to_datetime(e["date"]).dt.date
    e["base"] = e["cameo"].astype(str).str[:3]
    e = e.sort_values(["pair", "date", "event_id"])
    rows = []
    for pair, g in e.groupby("pair", sort=True):
        cluster: list[pd.Series] = []
        for _, ev in g.iterrows():
            if cluster and (ev["date"] - cluster[-1]["date"]).days > GAP_DAYS:
                rows.append(_candidate(str(pair), partners[str(pair)], cluster))
                cluster = []
            cluster.append(ev)
        if cluster:
            rows.append(_candidate(str(pair), partners[str(pair)], cluster))
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def _candidate(pair: str, partner: str, evs: list[pd.Series]) -> dict[str, object]:
    ids = sorted(int(e["event_id"]) for e in evs)
    key = hashlib.sha256(f"{pair}:{ids[0]}:{evs[0]['date']}".encode()).hexdigest()[:10]
    urls = sorted({str(e["source_url"]) for e in evs if isinstance(e["source_url"], str)})
    actors = sorted({str(x) for e in evs for x in (e["actor1"], e["actor2"]) if x})
    return {"candidate_id": f"gdelt-{key}", "pair": pair, "partner": partner,
            "date_start": min(e["date"] for e in evs), "date_end": max(e["date"] for e in evs),
            "kind": _kind({str(e["base"]) for e in evs}), "n_events": len(evs),
            "actors": actors, "event_ids": ids, "source_urls": urls}


def match(cands: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """Candidates with ``contact_id`` of the register contact they match (or None).

    ``register`` has contact_id, date_start, date_end and partners (lists of ISO2).
    """
    out = cands.copy()
    tol = dt.timedelta(days=TOLERANCE_DAYS)
    found: list[str | None] = []
    reg: list[dict[Any, Any]] = register.to_dict("records")
    for c in out.to_dict("records"):
        hit = None
        for r in reg:
            if c["partner"] in list(r["partners"]) and (
                    r["date_start"] <= c["date_end"] + tol
                    and c["date_start"] - tol <= r["date_end"]):
                hit = str(r["contact_id"])
                break
        found.append(hit)
    out["contact_id"] = found
    return out


def precision_recall(matched: pd.DataFrame, register: pd.DataFrame,
                     years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Precision by year and recall by level and year, with the counts behind each.

    ``years`` limits both sides to the years the events cover (inclusive).
    """
    rows = []
    m = matched.copy()
    m["year"] = [d.year for d in m["date_start"]] if len(m) else []
    reg = register.copy()
    reg["year"] = [d.year for d in reg["date_start"]] if len(reg) else []
    if years:
        m = m[(m["year"] >= years[0]) & (m["year"] <= years[1])]
        reg = reg[(reg["year"] >= years[0]) & (reg["year"] <= years[1])]
    hits = set(m["contact_id"].dropna())
    year: Any
    level: Any
    for year, g in m.groupby("year"):
        n = len(g)
        k = int(g["contact_id"].notna().sum())
        rows.append({"measure": "precision", "year": int(year), "level": "all", "n": n,
                     "matched": k, "value": k / n if n else None})
    for (year, level), g in reg.groupby(["year", "level"]):
        n = len(g)
        k = int(g["contact_id"].isin(hits).sum())
        rows.append({"measure": "recall", "year": int(year), "level": str(level), "n": n,
                     "matched": k, "value": k / n if n else None})
    return pd.DataFrame(rows, columns=["measure", "year", "level", "n", "matched", "value"])


def chapman(n_register: int, n_events: int, n_both: int) -> float | None:
    """Chapman's capture–recapture estimate of all contacts from two lists (None if no data).

    Assumes the two lists find contacts independently and a closed population.
    """
    if n_register == 0 or n_events == 0:
        return None
    return (n_register + 1) * (n_events + 1) / (n_both + 1) - 1
