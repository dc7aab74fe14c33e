"""Priority profiles of documents and issuers, and how far they overlap.

A *priority profile* is the share of each codebook topic among the topic codes of a
document's (or an issuer's documents') paragraphs: a paragraph coded with two topics counts
once for each. Overlap between two profiles:

* **cosine** similarity of the share vectors (1 = same proportions, 0 = nothing shared);
* **Jensen–Shannon divergence** in bits (0 = identical, 1 = disjoint);
* **shared top priorities**: the topics among both sides' top three (ties broken by key).

Together they are the "coincidence of interests" table: does what Washington's documents
prioritise match what Kazakhstan's (or the joint statements') do?

**Minimum evidence.** A side's profile bears a convergence figure only when it rests on at
least ``MIN_CODED_PARAGRAPHS`` coded paragraphs from at least ``MIN_DOCUMENTS`` documents;
otherwise the pair gets no cosine, divergence or shared priorities, and its ``evidence``
column says which side falls short and by how much. (One document, or a handful of
paragraphs, is one drafter's emphasis, not a side's interests.) A document-level profile is
one document, so document pairs never bear a figure: compare issuers.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dyad.reference.files import codebook

LEVELS = ("document", "issuer")
TOP_K = 3
MIN_CODED_PARAGRAPHS = 20
MIN_DOCUMENTS = 2
RULE = (f"a side needs >= {MIN_CODED_PARAGRAPHS} coded paragraphs from >= {MIN_DOCUMENTS} "
        "documents")


def shortfall(documents: int, coded_paragraphs: int) -> str:
    """'' when a profile meets the minimum-evidence rule, else what it lacks (plain words)."""
    lacks = []
    if coded_paragraphs < MIN_CODED_PARAGRAPHS:
        lacks.append(f"{coded_paragraphs} coded paragraphs (< {MIN_CODED_PARAGRAPHS})")
    if documents < MIN_DOCUMENTS:
        lacks.append(f"{documents} document{'s' if documents != 1 else ''} "
                     f"(< {MIN_DOCUMENTS})")
    return " and ".join(lacks)


def profiles(con: duckdb.DuckDBPyConnection, level: str = "issuer",
             coder: str = "dictionary") -> pd.DataFrame:
    """Long table: profile (doc_id or issuer group), topic, vector, count, share."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    key = "d.doc_id" if level == "document" else "d.issuer_group"
    counts = con.execute(f"""
        SELECT {key} AS profile, c.topic, count(*) AS count
        FROM document_codes c JOIN documents d USING (doc_id)
        WHERE c.coder = ? GROUP BY ALL""", [coder]).df()
    sizes = con.execute(f"""
        SELECT {key} AS profile, count(DISTINCT d.doc_id) AS documents,
               count(*) AS paragraphs,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM document_codes c
                   WHERE c.doc_id = p.doc_id AND c.para_no = p.para_no AND c.coder = ?))
                   AS coded_paragraphs
        FROM document_paragraphs p JOIN documents d USING (doc_id) GROUP BY ALL""",
                        [coder]).df()
    topics = codebook()
    rows: list[dict[str, Any]] = []
    for prof in sorted(sizes["profile"]):
        sub = counts[counts["profile"] == prof].set_index("topic")["count"]
        total = int(sub.sum())
        for t, spec in topics.items():
            c = int(sub.get(t, 0))
            rows.append({"profile": prof, "topic": t, "vector": spec["vector"], "count": c,
                         "share": c / total if total else 0.0})
    out = pd.DataFrame(rows, columns=["profile", "topic", "vector", "count", "share"])
    return out.merge(sizes, on="profile", how="left")


def top_priorities(shares: pd.Series, k: int = TOP_K) -> list[str]:
    s = shares[shares > 0]
    ordered = sorted(s.items(), key=lambda kv: (-kv[1], kv[0]))
    return [str(t) for t, _ in ordered[:k]]


def overlap_of(pa: pd.Series, pb: pd.Series, k: int = TOP_K) -> dict[str, Any]:
    """Cosine, Jensen–Shannon (bits) and shared top-k priorities of two share vectors."""
    from scipy.spatial.distance import jensenshannon  # here: scipy is slow to import

    pb = pb.reindex(pa.index).fillna(0.0)
    a, b = pa.to_numpy(dtype=float), pb.to_numpy(dtype=float)
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    if na == 0 or nb == 0:
        return {"cosine": math.nan, "jsd_bits": math.nan, "top_a": "", "top_b": "",
                "shared_top": "", "shared_top_count": 0}
    ta, tb = top_priorities(pa, k), top_priorities(pb, k)
    shared = [t for t in ta if t in tb]
    return {
        "cosine": float(a @ b / (na * nb)),
        "jsd_bits": float(jensenshannon(a, b, base=2) ** 2),
        "top_a": "; ".join(ta), "top_b": "; ".join(tb),
        "shared_top": "; ".join(shared), "shared_top_count": len(shared),
    }


def overlap(con: duckdb.DuckDBPyConnection, level: str = "issuer",
            coder: str = "dictionary", k: int = TOP_K) -> pd.DataFrame:
    """Every pair of profiles with its overlap indices (the coincidence-of-interests table)."""
    prof = profiles(con, level, coder)
    cols = ["a", "b", "cosine", "jsd_bits", "shared_top_count", "shared_top", "top_a",
            "top_b", "codes_a", "codes_b", "documents_a", "documents_b", "coded_paragraphs_a",
            "coded_paragraphs_b", "evidence"]
    if prof.empty:
        return pd.DataFrame(columns=cols)
    shares = {str(p): g.set_index("topic")["share"] for p, g in prof.groupby("profile")}
    codes = prof.groupby("profile")["count"].sum()
    first = prof.groupby("profile")[["documents", "coded_paragraphs"]].first()
    docs_n = {str(k): int(v) for k, v in first["documents"].items()}
    paras_n = {str(k): int(v) for k, v in first["coded_paragraphs"].items()}
    rows = []
    for a, b in itertools.combinations(sorted(shares), 2):
        short = {s: shortfall(docs_n[s], paras_n[s]) for s in (a, b)}
        row: dict[str, Any] = {"a": a, "b": b, **overlap_of(shares[a], shares[b], k)}
        if any(short.values()):
            row.update(cosine=math.nan, jsd_bits=math.nan, shared_top="", shared_top_count=0)
            row["evidence"] = "no convergence figure: " + "; ".join(
                f"{s} has {why}" for s, why in short.items() if why) + f" ({RULE})"
        else:
            row["evidence"] = f"sufficient ({RULE})"
        rows.append({**row, "codes_a": int(codes[a]), "codes_b": int(codes[b]),
                     "documents_a": docs_n[a], "documents_b": docs_n[b],
                     "coded_paragraphs_a": paras_n[a], "coded_paragraphs_b": paras_n[b]})
    return pd.DataFrame(rows, columns=cols)


def documents_list(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every document with its coverage: completeness, paragraphs, coded paragraphs."""
    return con.execute("""
        SELECT d.doc_id, d.date, d.issuer_group, d.title, d.language, d.completeness, d.url,
               (SELECT count(*) FROM document_paragraphs p WHERE p.doc_id = d.doc_id)
                   AS paragraphs,
               (SELECT count(DISTINCT c.para_no) FROM document_codes c
                 WHERE c.doc_id = d.doc_id) AS coded_paragraphs
        FROM documents d ORDER BY d.date NULLS LAST, d.doc_id""").df()
