"""Import strategy documents and joint statements: store, split into paragraphs, code.

Each path (file or http(s) URL) is its own ingest run, so one bad file (not UTF-8, no
issuer, no text) fails alone, recorded, while the others load. Paragraphs are coded with
the codebook by the dictionary coder (``dyad.coding.dictionary``); codes carry the coder's
name and version. Re-importing the same bytes adds nothing; changed bytes replace the
document's paragraphs and codes; a newer coder version re-codes.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb

from dyad.errors import LoadError
from dyad.sources.documents.parse import ParsedDocument, decode, issuer_group, parse_document, slug
from dyad.sources.http import HttpClient
from dyad.sources.result import LoadResult
from dyad.store.provenance import ingest_run

SOURCE = "documents"


def fetch_url(url: str, client: HttpClient | None = None) -> tuple[bytes, str]:
    """GET a document through the shared client; returns bytes and content type."""
    client = client or HttpClient(min_interval=1.0)
    resp = client.fetch(url)
    if resp is None:
        raise LoadError("HTTP 204: no content", file=url)
    return resp.content, resp.headers.get("content-type", "")


class _Blocks(HTMLParser):
    """Text of paragraph-like HTML elements (the fallback when trafilatura is unusable)."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td"}
    SKIP = {"script", "style", "nav", "header", "footer", "noscript"}

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.buf: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.buf.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        if text:
            self.out.append(text)
        self.buf = []


def html_text(html: str) -> str:
    """Main text of an HTML page, paragraphs separated by blank lines."""
    try:
        import trafilatura

        text = trafilatura.extract(html) or ""
    except ImportError:  # e.g. lxml without its html_clean part
        text = ""
    if text.strip():
        return text.replace("\n", "\n\n")
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n\n".join(parser.out)


def _text_of(data: bytes, ctype: str, file: str, encoding: str) -> str:
    if "html" in ctype.lower():
        text = html_text(decode(data, file, encoding))
        if not text.strip():
            raise LoadError("no main text found in the HTML page", file=file, field="text")
        return text
    return decode(data, file, encoding)


def code_document(con: duckdb.DuckDBPyConnection, doc_id: str, parsed_paras: list[str],
                  language: str, coder: Any = None) -> int:
    """(Re)write the coder's codes of a document's paragraphs; return coded paragraphs."""
    if coder is None:
        raise ValueError("a coder is required (the API layer passes the dictionary coder)")
    name = str(getattr(coder, "name", "dictionary"))
    version = str(getattr(coder, "version", "1"))
    con.execute("DELETE FROM document_codes WHERE doc_id = ? AND coder = ?", [doc_id, name])
    coded = 0
    rows = []
    for i, text in enumerate(parsed_paras, start=1):
        topics = coder.code(text, language)
        coded += bool(topics)
        rows += [(doc_id, i, name, version, t) for t in topics]
    if rows:
        con.executemany("INSERT INTO document_codes VALUES (?, ?, ?, ?, ?)", rows)
    return coded


def _store(con: duckdb.DuckDBPyConnection, doc: ParsedDocument, doc_id: str, sha: str,
           group: str, ref: str, run_id: int) -> None:
    con.execute("DELETE FROM document_paragraphs WHERE doc_id = ?", [doc_id])
    con.execute("DELETE FROM document_codes WHERE doc_id = ?", [doc_id])
    con.execute("DELETE FROM documents WHERE doc_id = ?", [doc_id])
    con.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [doc_id, doc.title, doc.issuer, group, doc.date, doc.date_text, doc.url,
         doc.completeness, doc.note, doc.language, sha, SOURCE, ref, run_id])
    con.executemany("INSERT INTO document_paragraphs VALUES (?, ?, ?)",
                    [(doc_id, i, p) for i, p in enumerate(doc.paragraphs, start=1)])


def import_document(con: duckdb.DuckDBPyConnection, path: str, *, title: str | None = None,
                    issuer: str | None = None, date: str | None = None,
                    issuer_group_override: str | None = None, encoding: str = "utf-8",
                    client: HttpClient | None = None, coder: Any = None) -> LoadResult:
    """Import one file or URL in its own ingest run. A bad file raises LoadError (recorded
    as a failed run, nothing stored). ``details``: doc_id, path, status (loaded, unchanged,
    recoded), paragraphs, coded_paragraphs."""
    is_url = path.startswith(("http://", "https://"))
    if coder is None:
        raise ValueError("a coder is required (the API layer passes the dictionary coder)")
    version = str(getattr(coder, "version", "1"))
    name = str(getattr(coder, "name", "dictionary"))
    with ingest_run(con, source=SOURCE, source_ref=path) as run:
        if is_url:
            data, ctype = fetch_url(path, client)
            doc_id = slug(path.split("://", 1)[1])
        else:
            p = Path(path)
            if not p.is_file():
                raise LoadError("no such file", file=path)
            data, ctype = p.read_bytes(), "text/plain"
            doc_id = slug(p.stem)
        run.rows_in = 1
        sha = hashlib.sha256(data).hexdigest()
        doc = parse_document(_text_of(data, ctype, path, encoding), path, title=title,
                             issuer=issuer, date=date, url=path if is_url else None)
        group = issuer_group_override or issuer_group(doc.issuer, doc.title)
        found = con.execute("SELECT sha256, issuer_group FROM documents WHERE doc_id = ?",
                            [doc_id]).fetchall()
        have = found[0] if found else None
        coded_version = con.execute(
            "SELECT max(coder_version) FROM document_codes WHERE doc_id = ? AND coder = ?",
            [doc_id, name]).fetchall()[0]
        info = {"doc_id": doc_id, "path": path, "paragraphs": len(doc.paragraphs)}
        if have and have[0] == sha and have[1] == group:
            if coded_version and coded_version[0] == version:
                status, n = "unchanged", 0
            else:
                status = "recoded"
                n = code_document(con, doc_id, doc.paragraphs, doc.language, coder)
        else:
            _store(con, doc, doc_id, sha, group, path, run.run_id)
            n = code_document(con, doc_id, doc.paragraphs, doc.language, coder)
            run.rows_loaded = 1
            status = "loaded"
    return LoadResult.of(run, **info, status=status, coded_paragraphs=n, error=None)


def _failed(path: str, err: LoadError) -> LoadResult:
    return LoadResult(SOURCE, path, None, problems=[err.describe()],
                      details={"doc_id": None, "path": path, "status": "failed",
                               "paragraphs": 0, "coded_paragraphs": 0,
                               "error": err.describe()})


def expand(paths: list[str]) -> list[str]:
    """Files and URLs as given; a folder becomes its *.txt files (none: a LoadError)."""
    out = []
    for p in paths:
        if not p.startswith(("http://", "https://")) and Path(p).is_dir():
            files = sorted(str(f) for f in Path(p).glob("*.txt"))
            if not files:
                raise LoadError("the folder holds no .txt files", file=p)
            out += files
        else:
            out.append(p)
    return out


def import_documents(con: duckdb.DuckDBPyConnection, paths: list[str],
                     **options: Any) -> list[LoadResult]:
    """Import files, folders (their *.txt files) and URLs, each in its own run; a bad one
    fails alone (status ``failed``, its error in ``details``) while the others load."""
    out = []
    for p in paths:
        try:
            items = expand([p])
        except LoadError as e:
            out.append(_failed(p, e))
            continue
        for item in items:
            try:
                out.append(import_document(con, item, **options))
            except LoadError as e:
                out.append(_failed(item, e))
    return out


def load_documents(con: duckdb.DuckDBPyConnection, path: str | Path,
                   **options: Any) -> LoadResult:
    """The registry's entry: one file or URL (a bad one raises LoadError), or a folder of
    .txt files combined into one result."""
    items = expand([str(path)])
    if len(items) == 1:
        return import_document(con, items[0], **options)
    parts = import_documents(con, items, **options)
    failed = [r.details["path"] for r in parts if r.details.get("status") == "failed"]
    return LoadResult.combine(SOURCE, str(path), parts, failed=failed,
                              note=f"{len(failed)} failed" if failed else "")
