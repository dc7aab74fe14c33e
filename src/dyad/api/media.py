"""Public API of the media area: import, code, list codes, evaluate and calibrate coders,
human coding sheets, links to contacts and coverage."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.coding.run import code_store, codes_frame
from dyad.sources.articles.load import load_articles
from dyad.sources.articles.parse import read_any
from dyad.sources.result import LoadResult

__all__ = [
    "import_articles", "code_articles", "article_codes", "evaluate_gold", "calibrate_gold",
    "export_coding_sheet", "import_coding_sheet", "coder_reliability",
    "link_contacts", "coverage", "import_outlet_feeds", "import_gdelt",
]


def import_articles(
    con: duckdb.DuckDBPyConnection, path: Path, *, mapping: Mapping[str, str] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> LoadResult:
    """Load a JSONL/CSV file or a folder of HTML/text files into ``articles``
    (``details['duplicates']``: records already stored)."""
    return load_articles(con, read_any(path, mapping, defaults), source="file",
                         source_ref=str(path))


def code_articles(con: duckdb.DuckDBPyConnection, coder: str = "auto", *,
                  recode: bool = False) -> int:
    return code_store(con, coder, recode=recode)


def article_codes(con: duckdb.DuckDBPyConnection, coder: str = "auto") -> pd.DataFrame:
    return codes_frame(con, coder)


def evaluate_gold(path: Path, coder: str = "auto") -> tuple[pd.DataFrame, dict[str, float]]:
    """Per-topic scores and the summary (micro/macro F1, tone alpha) of a coder on gold."""
    from dyad.coding.coders import get_coder
    from dyad.coding.evaluate import read_gold, summary_row, tone_scores, topic_scores
    from dyad.coding.features import Article

    gold = read_gold(path)
    coded = get_coder(coder).code_many([Article(g.text, g.language, g.title) for g in gold])
    topics = topic_scores([g.topics for g in gold], [c.topics for c in coded])
    tone = tone_scores([g.tone for g in gold], [c.tone for c in coded])
    return topics, summary_row(topics, tone)


def calibrate_gold(path: Path, out: Path | None = None, *,
                   force: bool = False) -> dict[str, Any]:
    """Fit the auto/embedding coders on gold; in-sample and leave-one-out metrics for every
    coder. The calibration goes to ``out`` or the user's data folder (the coders read it
    before the shipped one); ``force`` replaces the installed package's calibration instead.
    The file written is under the returned dict's ``"written_to"`` key (not in the file)."""
    from dyad.coding import calibrate
    from dyad.coding.coders import AutoCoder, DictionaryArticleCoder, EmbeddingCoder
    from dyad.coding.encoder import default_encoder
    from dyad.coding.evaluate import read_gold, summary_row, tone_scores, topic_scores
    from dyad.coding.features import Article, analyse

    gold = read_gold(path)
    enc = default_encoder()
    arts = [Article(g.text, g.language, g.title) for g in gold]
    an = analyse(arts, enc)
    cal = calibrate.fit(an, gold, encoder=f"{enc.name}-{enc.version}", source=path.name)

    def score(coded: list[Any]) -> dict[str, float]:
        t = topic_scores([g.topics for g in gold], [c.topics for c in coded])
        return summary_row(t, tone_scores([g.tone for g in gold], [c.tone for c in coded]))

    cv = calibrate.cross_validate(an, gold)
    auto_in = AutoCoder(enc, cal)
    emb_in = EmbeddingCoder(enc, cal["embedding"]["threshold"])
    metrics = {
        "dictionary": score(DictionaryArticleCoder().code_many(arts)),
        "embedding_in_sample": score([emb_in.decide(a) for a in an]),
        "embedding_loo_cv": score(cv["embedding"]),
        "auto_in_sample": score([auto_in.decide(a) for a in an]),
        "auto_loo_cv": score(cv["auto"]),
    }
    cal["metrics"] = metrics
    written = calibrate.write_calibration(cal, out, force=force)
    return {**cal, "written_to": str(written)}


def export_coding_sheet(con: duckdb.DuckDBPyConnection, path: Path, n: int = 50) -> int:
    from dyad.coding.sheets import export_sheet

    return export_sheet(con, path, n=n)


def import_coding_sheet(con: duckdb.DuckDBPyConnection, path: Path,
                        coder: str | None = None) -> int:
    from dyad.coding.sheets import import_sheet

    return import_sheet(con, path, coder)


def coder_reliability(con: duckdb.DuckDBPyConnection, coders: list[str] | None = None
                      ) -> tuple[pd.DataFrame, pd.DataFrame]:
    from dyad.coding.sheets import reliability

    return reliability(con, coders)


def link_contacts(con: duckdb.DuckDBPyConnection, coder: str = "auto") -> int:
    from dyad.analysis.media_links import link_articles

    return link_articles(con, coder=coder)


def coverage(con: duckdb.DuckDBPyConnection, coder: str = "auto"
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per-contact coverage, attention asymmetry per US administration)."""
    from dyad.analysis.media_coverage import attention_asymmetry, contact_coverage

    cov = contact_coverage(con, coder)
    return cov, attention_asymmetry(cov)


def import_outlet_feeds(con: duckdb.DuckDBPyConnection, *, cache_dir: Path | None = None,
                        names: list[str] | None = None, fetch_text: bool = True
                        ) -> list[LoadResult]:
    """Read the outlets' feeds (network), one result per outlet (failed: ``run_id`` None)."""
    from dyad.sources.feeds.fetch import MIN_INTERVAL, import_feeds, outlets
    from dyad.sources.http import HttpClient

    chosen = [o for o in outlets() if not names or o["name"] in names]
    return import_feeds(con, HttpClient(cache_dir=cache_dir, min_interval=MIN_INTERVAL),
                        chosen, fetch_text=fetch_text)


def import_gdelt(con: duckdb.DuckDBPyConnection, query: str, *, country: str | None = None,
                 mode: str = "artlist", cache_dir: Path | None = None,
                 fetch_text: bool = True) -> LoadResult:
    """mode 'artlist' loads articles; 'timelinevolraw' / 'timelinetone' store a timeline."""
    from dyad.sources.gdelt_doc.fetch import update_gdelt

    return update_gdelt(con, query=query, country=country, mode=mode, cache_dir=cache_dir,
                        fetch_text=fetch_text)
