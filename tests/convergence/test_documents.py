"""Documents: header parsing, paragraphs, issuer groups, coding, profiles and overlap."""

from __future__ import annotations

from functools import partial

import httpx
import pytest

from dyad.analysis.convergence_documents import overlap, overlap_of, profiles
from dyad.coding.dictionary import DictionaryCoder
from dyad.errors import LoadError
from dyad.sources.documents import load as _docs
from dyad.sources.documents.parse import issuer_group, paragraphs, parse_document, split_header
from dyad.sources.http import HttpClient
from dyad_testing import shared_path

# sources take their coder from the caller (the API passes the dictionary coder)
import_document = partial(_docs.import_document, coder=DictionaryCoder())
import_documents = partial(_docs.import_documents, coder=DictionaryCoder())


def _write(path, text: str, encoding: str = "utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_real_documents_import_and_overlap(store):
    folder = shared_path("documents")
    results = import_documents(store, [str(folder)])
    files = sorted(folder.glob("*.txt"))
    assert len(results) == len(files) and all(r.status == "loaded" for r in results)
    groups = dict(store.execute("SELECT doc_id, issuer_group FROM documents").fetchall())
    assert groups["us-strategy-central-asia-2019-2025"] == "US"
    assert groups["kz-foreign-policy-concept-2020-2030"] == "KZ"
    assert groups["us-kazakhstan-espd-2022"] == "US-KZ"
    assert groups["c5plus1-ministerial-astana-2023"] == "C5+1"
    langs = dict(store.execute("SELECT doc_id, language FROM documents").fetchall())
    assert langs["c5plus1-washington-summit-2025-fragment"] == "ru"
    # no header line, separator or "[excerpt ends]" marker is stored as text
    texts = [t for (t,) in store.execute("SELECT text FROM document_paragraphs").fetchall()]
    assert not any(t.startswith(("TITLE:", "ISSUER:", "---", "===")) for t in texts)
    assert not any("[excerpt ends]" in t for t in texts)
    coded = store.execute("SELECT count(DISTINCT doc_id) FROM document_codes").fetchall()[0][0]
    assert coded >= len(files) - 2
    prof = profiles(store, "issuer")
    for _, g in prof.groupby("profile"):
        assert g["share"].sum() == pytest.approx(1.0) or g["count"].sum() == 0
    ov = overlap(store, "issuer")
    assert {("C5+1", "US"), ("KZ", "US")} <= set(zip(ov["a"], ov["b"], strict=True))
    assert ov["cosine"].dropna().between(0, 1 + 1e-9).all()
    assert ov["jsd_bits"].dropna().between(0, 1 + 1e-9).all()
    again = import_documents(store, [str(folder)])
    assert all(r.status == "unchanged" for r in again)


def test_header_and_paragraph_rules():
    text = ("TITLE: A statement\nISSUER: The White House\nDATE: 2023-11 (met 6 Nov)\n"
            "URL: https://example.org/x (copy)\n" + "-" * 20 + "\n"
            "--- where this came from ---\nFirst paragraph ends here.\n"
            "Second line is its own paragraph and wraps\nover two lines.\n\n"
            "Third. [excerpt ends]\n" + "=" * 20 + "\n")
    header, _ = split_header(text)
    assert header["TITLE"] == "A statement"
    doc = parse_document(text, "x.txt")
    assert doc.paragraphs == ["First paragraph ends here.",
                              "Second line is its own paragraph and wraps over two lines.",
                              "Third."]
    assert doc.date.isoformat() == "2023-11-01" and doc.url == "https://example.org/x"
    assert paragraphs("\n\n\n") == []


@pytest.mark.parametrize("issuer,title,group", [
    ("U.S. Department of State (summary; visit to Kazakhstan and Uzbekistan)", "", "US"),
    ("The White House (joint statement of the Presidents of the United States and "
     "Kazakhstan)", "", "US-KZ"),
    ("President of the Republic of Kazakhstan (K. Tokayev), Akorda", "", "KZ"),
    ("Governments of the United States, Kazakhstan, the Kyrgyz Republic, Tajikistan, "
     "Turkmenistan and Uzbekistan", "", "C5+1"),
    ("Ministry of Foreign Affairs of Russia", "", "RU"),
    ("Somebody", "", "other"),
])
def test_issuer_groups(issuer, title, group):
    assert issuer_group(issuer, title) == group


def test_plain_text_needs_an_issuer_and_takes_options(store, tmp_path):
    p = _write(tmp_path / "plain-note.txt", "Energy and critical minerals matter.\n\n"
               "So does nonproliferation of nuclear weapons.\n")
    with pytest.raises(LoadError, match="pass --issuer"):
        import_document(store, str(p))
    ok = import_document(store, str(p), issuer="U.S. Department of State", date="2024-02",
                         title="A note")
    assert ok.status == "loaded" and ok.paragraphs == 2
    row = store.execute("SELECT title, issuer_group, date FROM documents"
                        " WHERE source <> 'shipped'").fetchall()[0]
    assert row[0] == "A note" and row[1] == "US" and str(row[2]) == "2024-02-01"


def test_encoding_error_is_reported_and_other_files_load(store, tmp_path):
    bad = _write(tmp_path / "bad.txt", "TITLE: x\nISSUER: The White House\n-----\n"
                 "Caf\xe9 diplomacy.\n", encoding="latin-1")
    good = _write(tmp_path / "good.txt", "TITLE: y\nISSUER: The White House\n-----\n"
                  "Trade and investment.\n")
    results = import_documents(store, [str(bad), str(good)])
    assert [r.status for r in results] == ["failed", "loaded"]
    assert "record line 4, field encoding" in results[0].error
    assert store.execute("SELECT status FROM ingest_runs WHERE source_ref = ?",
                         [str(bad)]).fetchall() == [("failed",)]
    latin = import_document(store, str(bad), encoding="latin-1")
    assert latin.status == "loaded"


def test_changed_file_replaces_paragraphs(store, tmp_path):
    p = _write(tmp_path / "d.txt", "TITLE: t\nISSUER: The White House\n-----\nOne.\n\nTwo.\n")
    import_document(store, str(p))
    _write(p, "TITLE: t\nISSUER: The White House\n-----\nOnly one now.\n")
    assert import_document(store, str(p)).status == "loaded"
    assert store.execute("SELECT count(*) FROM document_paragraphs p JOIN documents d"
                         " USING (doc_id) WHERE d.source <> 'shipped'").fetchall()[0][0] == 1


def test_url_import_with_recorded_page(store):
    html = ("<html><head><title>Joint statement</title></head><body><article>"
            "<p>The United States and Kazakhstan discussed energy security and critical "
            "minerals supply chains in detail during the dialogue.</p>"
            "<p>They agreed to expand trade and investment and to cooperate on "
            "counterterrorism and regional security in Central Asia.</p>"
            "</article></body></html>")

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "example.org"
        return httpx.Response(200, text=html, headers={"content-type": "text/html"})

    client = HttpClient(transport=httpx.MockTransport(handler), min_interval=0)
    r = import_document(store, "https://example.org/statement", client=client,
                        issuer="Governments of the United States and Kazakhstan (joint)",
                        title="Joint statement", date="2024-05-31")
    assert r.status == "loaded" and r.paragraphs >= 1
    assert store.execute("SELECT issuer_group, url FROM documents WHERE source <> 'shipped'"
                         ).fetchall() == [("US-KZ", "https://example.org/statement")]


def test_overlap_indices_extremes():
    import pandas as pd

    a = pd.Series({"energy": 0.5, "trade_investment": 0.5, "security_defense": 0.0})
    same = overlap_of(a, a.copy())
    assert same["cosine"] == pytest.approx(1.0) and same["jsd_bits"] == pytest.approx(0.0)
    b = pd.Series({"energy": 0.0, "trade_investment": 0.0, "security_defense": 1.0})
    apart = overlap_of(a, b)
    assert apart["cosine"] == pytest.approx(0.0) and apart["jsd_bits"] == pytest.approx(1.0)
    assert apart["shared_top_count"] == 0
