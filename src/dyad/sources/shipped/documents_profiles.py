"""Shipped: document metadata and derived per-paragraph topic codes (no text) for the
strategy documents and joint statements whose official original's URL is stated
(``data/documents/``; see its README).

Loaded as ``source='shipped'`` rows of ``documents`` (sha256 ``shipped:…``, so importing the
document's text with ``dyad documents import`` replaces the shipped row), one
``document_paragraphs`` row per paragraph with empty text, and ``document_codes`` by the
dictionary coder. A bad shipped row is a bad file: it fails the load.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from dyad.errors import LoadError
from dyad.reference import files
from dyad.store.provenance import IngestRun

NAME = "documents_profiles"
FILES = ("documents/documents.csv", "documents/paragraph_topics.csv")
SOURCE = "shipped"
DOC_COLUMNS = ("doc_id", "title", "issuer", "issuer_group", "date", "date_text", "url",
               "completeness", "language", "paragraphs")
PARA_COLUMNS = ("doc_id", "para_no", "topics", "coder", "coder_version")


def _rows(text: str, columns: tuple[str, ...], file: str) -> list[dict[str, str]]:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise LoadError(f"header lacks {', '.join(missing)}", file=file, record="header")
    return list(reader)


def parse_texts(doc_text: str, para_text: str) -> tuple[list[dict[str, Any]],
                                                        list[dict[str, Any]]]:
    """(documents, paragraphs) of the shipped files; LoadError on a bad row, naming it."""
    docs: list[dict[str, Any]] = []
    for i, r in enumerate(_rows(doc_text, DOC_COLUMNS, FILES[0]), start=2):
        rec = f"line {i}"
        for field in ("doc_id", "title", "issuer", "issuer_group", "date", "language"):
            if not (r.get(field) or "").strip():
                raise LoadError(f"{field} is required", file=FILES[0], record=rec, field=field)
        if not (r["url"] or "").startswith(("https://", "http://")):
            raise LoadError("every document needs its official original's URL", file=FILES[0],
                            record=rec, field="url")
        try:
            day = dt.date.fromisoformat(r["date"])
            n = int(r["paragraphs"])
        except (TypeError, ValueError) as e:
            raise LoadError("date must be YYYY-MM-DD and paragraphs a number", file=FILES[0],
                            record=rec, raw=str(r)) from e
        docs.append({**r, "date": day, "paragraphs": n})
    known = {d["doc_id"]: d["paragraphs"] for d in docs}
    if len(known) != len(docs):
        raise LoadError("doc_id repeated", file=FILES[0], field="doc_id")
    topic_keys = set(files.codebook())
    paras: list[dict[str, Any]] = []
    seen: set[tuple[str, int]] = set()
    for i, r in enumerate(_rows(para_text, PARA_COLUMNS, FILES[1]), start=2):
        rec = f"line {i}"
        try:
            no = int(r["para_no"])
        except (TypeError, ValueError) as e:
            raise LoadError("para_no must be a number", file=FILES[1], record=rec,
                            field="para_no") from e
        if r["doc_id"] not in known or not 1 <= no <= known[r["doc_id"]]:
            raise LoadError("paragraph of an unknown document or beyond its count",
                            file=FILES[1], record=rec, field="para_no")
        if (r["doc_id"], no) in seen:
            raise LoadError("paragraph repeated", file=FILES[1], record=rec)
        seen.add((r["doc_id"], no))
        topics = [t for t in (r["topics"] or "").split(";") if t]
        if any(t not in topic_keys for t in topics):
            raise LoadError("topic not in the codebook", file=FILES[1], record=rec,
                            field="topics")
        paras.append({"doc_id": r["doc_id"], "para_no": no, "topics": topics,
                      "coder": r["coder"] or "dictionary",
                      "coder_version": r["coder_version"] or "1"})
    return docs, paras


def shipped_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The shipped documents and paragraph codes, parsed."""
    return parse_texts(files.data_text(FILES[0]), files.data_text(FILES[1]))


def load(con: Any, run: IngestRun) -> None:
    """Replace the shipped documents (not those a user imported with text) with the files'."""
    docs, paras = shipped_rows()
    run.rows_in += len(docs)
    mine = "SELECT doc_id FROM documents WHERE source = ?"
    con.execute(f"DELETE FROM document_codes WHERE doc_id IN ({mine})", [SOURCE])
    con.execute(f"DELETE FROM document_paragraphs WHERE doc_id IN ({mine})", [SOURCE])
    con.execute("DELETE FROM documents WHERE source = ?", [SOURCE])
    imported = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    for d in docs:
        if d["doc_id"] in imported:  # the user's copy with its text wins
            continue
        con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [d["doc_id"], d["title"], d["issuer"], d["issuer_group"], d["date"],
             d["date_text"], d["url"], d["completeness"], None, d["language"],
             f"shipped:{d['doc_id']}", SOURCE, "dyad/data/" + FILES[0], run.run_id])
        con.executemany("INSERT INTO document_paragraphs VALUES (?, ?, '')",
                        [(d["doc_id"], i) for i in range(1, d["paragraphs"] + 1)])
        rows = [(p["doc_id"], p["para_no"], p["coder"], p["coder_version"], t)
                for p in paras if p["doc_id"] == d["doc_id"] for t in p["topics"]]
        if rows:
            con.executemany("INSERT INTO document_codes VALUES (?, ?, ?, ?, ?)", rows)
        run.rows_loaded += 1
