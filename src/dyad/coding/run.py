"""Code the stored articles with a coder and keep its codes beside the others'."""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from dyad.coding.coders import get_coder
from dyad.coding.encoder import Encoder
from dyad.coding.features import Article


def code_store(con: duckdb.DuckDBPyConnection, coder: str = "auto", *, recode: bool = False,
               batch: int = 32, encoder: Encoder | None = None,
               progress: Callable[[str, int, int], None] | None = None) -> int:
    """Code every article not yet coded by this coder's current version; return how many.
    Batches are committed as they are coded; ``progress(step, done, total)`` after each."""
    c = get_coder(coder, encoder)
    rows = con.execute(
        """SELECT a.article_id, a.text, a.language, a.title FROM articles a
           LEFT JOIN article_codes k ON k.article_id = a.article_id AND k.coder = ?
           WHERE (? OR k.article_id IS NULL OR k.coder_version <> ?)
             AND coalesce(a.text, '') <> ''  -- shipped sample rows carry codes, no text
           ORDER BY a.article_id""", [c.name, recode, c.version]).fetchall()
    done = 0
    for i in range(0, len(rows), batch):
        chunk = rows[i:i + batch]
        coded = c.code_many([Article(r[1], r[2], r[3]) for r in chunk])
        con.execute("BEGIN TRANSACTION")
        con.executemany(
            "INSERT OR REPLACE INTO article_codes (article_id, coder, coder_version, topics,"
            " tone, coded_at) VALUES (?, ?, ?, ?, ?, current_timestamp)",
            [[r[0], c.name, c.version, k.topics, k.tone] for r, k in zip(chunk, coded,
                                                                         strict=True)])
        con.execute("COMMIT")
        done += len(chunk)
        if progress is not None:
            progress(f"coding articles ({c.name})", done, len(rows))
    return done


def codes_frame(con: duckdb.DuckDBPyConnection, coder: str = "auto") -> pd.DataFrame:
    """external_id, coder, topics (keys joined by ';'), tone — one row per coded article."""
    df = con.execute(
        """SELECT coalesce(a.external_id, a.article_id) AS external_id, k.coder,
                  array_to_string(list_sort(k.topics), ';') AS topics, k.tone
           FROM article_codes k JOIN articles a USING (article_id)
           WHERE k.coder = ? ORDER BY external_id""", [coder]).df()
    df["tone"] = df["tone"].astype("Int64")
    return df
