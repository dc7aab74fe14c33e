"""Public API of the convergence area: UN votes, agreement, ideal points, documents."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.errors import UsageError
from dyad.sources.result import LoadResult

__all__ = [
    "document_overlap",
    "document_profiles",
    "documents_table",
    "ideal_point_distance",
    "import_documents",
    "import_ideal_points",
    "import_undl_votes",
    "import_unvotes",
    "reconcile_undl_voeten",
    "unga_agreement",
    "unga_agreement_origin",
]


def import_unvotes(con: duckdb.DuckDBPyConnection, path: str | Path) -> LoadResult:
    """Load UN votes (unvotes CSV trio, or a Voeten Dataverse CSV/RData file)."""
    from dyad.sources.unvotes.load import load_unvotes

    return load_unvotes(con, path)


def import_ideal_points(con: duckdb.DuckDBPyConnection, path: str | Path) -> LoadResult:
    """Load Bailey–Strezhnev–Voeten ideal points (yearly .tab or session .csv)."""
    from dyad.sources.idealpoints.load import load_ideal_points

    return load_ideal_points(con, path)


def unga_agreement(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ",
                   others: Sequence[str] = (), *, by: str = "session",
                   by_issue: bool = False, issue: str | None = None,
                   exclude_me: bool = False, important_only: bool = False,
                   votes: str = "resolutions", intervals: int = 0,
                   seed: int = 20240101) -> pd.DataFrame:
    """Agreement and coincidence per session/year/administration (see analysis docs).

    ``votes``: ``resolutions`` (default; whole resolutions only) or ``all`` roll calls; the
    choice is echoed in the ``votes`` column. With votes loaded in the store they are counted;
    without, the figures come from dyad's shipped series (derived from the same Voeten data,
    1992–2019; no --by-issue, --exclude-me or --important, intervals by administration only).
    The ``series`` column says which: ``store`` or ``shipped:<file>``."""
    from dyad.analysis import convergence_shipped as shipped
    from dyad.analysis.convergence_unga import Filters, agreement

    try:
        filters = Filters(issue, exclude_me, important_only, votes)
    except ValueError as e:
        raise UsageError(str(e)) from e
    if shipped.has_votes(con):
        df = agreement(con, pair, others, by=by, by_issue=by_issue, filters=filters,
                       intervals=intervals, seed=seed)
        note = shipped.STORE_NOTE
    else:
        df = shipped.shipped_agreement(con, pair, others, by=by, by_issue=by_issue,
                                       filters=filters, intervals=intervals)
        note = shipped.SERIES_NOTE
    return df.assign(series=note) if not df.empty else df


def unga_agreement_origin(con: duckdb.DuckDBPyConnection) -> str:
    """Where :func:`unga_agreement` takes its figures from: ``store`` (votes loaded),
    ``shipped`` (the derived series) or ``none``."""
    from dyad.analysis import convergence_shipped as shipped

    if shipped.has_votes(con):
        return "store"
    return "shipped" if shipped.has_series(con) else "none"


def ideal_point_distance(con: duckdb.DuckDBPyConnection, pair: str = "US-KZ",
                         others: Sequence[str] = (), *, by: str = "year") -> pd.DataFrame:
    """Ideal-point distance per year (or per US administration with ``by='admin'``), with a
    90% interval carried from the published Q5–Q95 and the votes behind each estimate."""
    from dyad.analysis import convergence_idealpoints as ip
    from dyad.analysis.convergence_unga import pairs_for

    if by not in ("year", "admin"):
        raise UsageError(f"--by must be year or admin, not {by!r}")
    pairs = pairs_for(pair, others)
    return ip.distance(con, pairs) if by == "year" else ip.by_admin(con, pairs)


def import_documents(con: duckdb.DuckDBPyConnection, paths: Sequence[str],
                     **options: Any) -> pd.DataFrame:
    """Import files, folders of .txt files and URLs, each in its own run; one row per
    document: doc_id, path, status (loaded, unchanged, recoded, failed), paragraphs,
    coded_paragraphs, error, run_id."""
    from dyad.coding.dictionary import DictionaryCoder
    from dyad.sources.documents.load import import_documents as run

    options.setdefault("coder", DictionaryCoder())
    cols = ["doc_id", "path", "status", "paragraphs", "coded_paragraphs", "error", "run_id"]
    rows = [{**{k: r.details.get(k) for k in cols}, "run_id": r.run_id}
            for r in run(con, list(paths), **options)]
    return pd.DataFrame(rows, columns=cols)


def document_profiles(con: duckdb.DuckDBPyConnection, level: str = "issuer") -> pd.DataFrame:
    """Topic profiles of the strategy documents (long table: profile — a document or an
    issuer group by ``level`` — topic, vector, count of coded paragraphs, share)."""
    from dyad.analysis.convergence_documents import profiles

    return profiles(con, level)


def document_overlap(con: duckdb.DuckDBPyConnection, level: str = "issuer") -> pd.DataFrame:
    """The coincidence-of-interests table: cosine, Jensen–Shannon, shared top priorities."""
    from dyad.analysis.convergence_documents import overlap

    return overlap(con, level)


def documents_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored document with its coverage: date, issuer, title, language,
    completeness, URL, paragraphs and coded paragraphs."""
    from dyad.analysis.convergence_documents import documents_list

    return documents_list(con)


def import_undl_votes(con: duckdb.DuckDBPyConnection, path: str | Path) -> LoadResult:
    """Load the UN Digital Library General Assembly voting CSV (ms_vote Y/N/A/X)."""
    from dyad.sources.undl.load import load_undl_votes

    return load_undl_votes(con, path)


def reconcile_undl_voeten(con: duckdb.DuckDBPyConnection,
                          countries: Sequence[str] | None = None) -> Any:
    """UN Digital Library votes against the Voeten votes on the sessions both cover:
    ``.by_session`` (share of identical votes) and ``.mismatches`` (one row per difference)."""
    from dyad.analysis.convergence_undl import reconcile_undl_voeten as _rec

    return _rec(con, list(countries) if countries else None)
