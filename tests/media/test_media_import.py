"""Loading articles: the development file, re-runs, duplicates and bad records."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.api.media import import_articles
from dyad.sources.articles.load import load_articles
from dyad_testing import shared_path

EN = ("The United States and Kazakhstan discussed trade, investment and the Middle Corridor "
      "during talks in Astana on Monday.")
RU = ("Президент Казахстана провел переговоры с госсекретарем США в Астане и обсудил "
      "вопросы торговли и инвестиций.")
KK = ("Қазақстан Президенті АҚШ Мемлекеттік хатшысымен кездесіп, сауда мен инвестиция "
      "мәселелерін талқылады.")


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def _count(con, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_dev_file_loads_once(bare_store):
    path = shared_path("articles-dev", "articles.jsonl")
    n_lines = sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())
    first = import_articles(bare_store, path)
    assert first.rows_in == n_lines
    assert first.loaded + first.duplicates + first.quarantined == n_lines
    assert first.loaded == _count(bare_store, "articles")
    again = import_articles(bare_store, path)
    assert again.loaded == 0
    assert _count(bare_store, "articles") == first.loaded
    row = bare_store.execute("SELECT count(*) FROM articles WHERE external_id IS NULL"
                             " OR source <> 'file' OR ingest_run IS NULL").fetchone()
    assert row[0] == 0


def test_bad_records_are_quarantined_with_reason(bare_store, tmp_path):
    rows = [
        {"id": "ok", "url": "https://a.kz/1", "outlet_country": "KZ", "language": "en", "text": EN},
        {"id": "ok", "url": "https://a.kz/2", "language": "en", "text": EN + " Again."},
        {"id": "empty", "url": "https://a.kz/3", "text": "   "},
        {"id": "moji", "url": "https://a.kz/4", "text": "РџСЂРµР·РёРґРµРЅС‚ РљР°Р·Р°С…СЃС‚Р°РЅР° "
         "РІСЃС‚СЂРµС‚РёР»СЃСЏ СЃ РіРѕСЃСЃРµРєСЂРµС‚Р°СЂРµРј"},
        {"id": "lang", "url": "https://a.kz/5",
         "text": "日本の首相はワシントンを訪問し、大統領と貿易について話し合った。" * 2},
        {"id": "date", "url": "https://a.kz/6", "published": "2024-13-45", "text": RU},
        {"id": "ctry", "url": "https://a.kz/7", "outlet_country": "Mars", "text": KK},
    ]
    path = _write(tmp_path / "bad.jsonl", rows)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    s = import_articles(bare_store, path)
    assert s.loaded == 1
    assert s.quarantined == len(rows)
    reasons = dict(bare_store.execute("SELECT record, field FROM quarantine").fetchall())
    assert reasons["ok"] == "id"
    assert reasons["empty"] == "text"
    assert reasons["moji"] == "text"
    assert reasons["lang"] == "language"
    assert reasons["date"] == "published"
    assert reasons["ctry"] == "outlet_country"
    assert "line 8" in reasons


def test_language_detected_when_missing(bare_store, tmp_path):
    rows = [{"id": "en", "url": "https://x.us/en", "text": EN},
            {"id": "ru", "url": "https://x.kz/ru", "text": RU},
            {"id": "kk", "url": "https://x.kz/kk", "text": KK}]
    import_articles(bare_store, _write(tmp_path / "l.jsonl", rows))
    got = dict(bare_store.execute("SELECT external_id, language FROM articles").fetchall())
    assert got == {"en": "en", "ru": "ru", "kk": "kk"}


def test_dedup_by_canonical_url_and_near_identical_text(bare_store, tmp_path):
    rows = [
        {"id": "1", "url": "https://www.example.com/news/1/?utm_source=x", "text": EN},
        {"id": "2", "url": "http://example.com/news/1", "text": RU},
        {"id": "3", "url": "https://other.org/copy", "text": EN.replace("Monday", "Monday,")},
        {"id": "4", "url": "https://other.org/new", "text": KK},
    ]
    s = import_articles(bare_store, _write(tmp_path / "d.jsonl", rows))
    assert (s.loaded, s.duplicates) == (2, 2)
    got = sorted(r[0] for r in bare_store.execute("SELECT external_id FROM articles").fetchall())
    assert got == ["1", "4"]


def test_csv_with_field_mapping(bare_store, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('key,link,body,lang\nk1,https://a.us/1,"' + EN + '",en\n', "utf-8")
    s = import_articles(bare_store, path, mapping={"id": "key", "url": "link", "text": "body",
                                                   "language": "lang"})
    assert s.loaded == 1
    assert bare_store.execute("SELECT external_id, url FROM articles").fetchone() == (
        "k1", "https://a.us/1")


def test_html_folder_drops_scripts(bare_store, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    body = " ".join([EN] * 4)
    (folder / "p1.html").write_text(
        "<html><head><title>Talks in Astana</title><script>alert('x')</script></head><body>"
        f"<article><h1>Talks in Astana</h1><p>{body}</p>"
        "<p onclick=\"alert(1)\">The sides also spoke about energy and oil exports.</p>"
        "<script>document.write('pwned')</script></article></body></html>", "utf-8")
    (folder / "p2.txt").write_text(RU, "utf-8")
    s = import_articles(bare_store, folder, defaults={"outlet": "Test", "outlet_country": "KZ"})
    assert s.loaded == 2, s.problems
    texts = [r[0] for r in bare_store.execute("SELECT text FROM articles").fetchall()]
    assert all("alert" not in t and "pwned" not in t for t in texts)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(
    st.sampled_from(["id", "url", "outlet_country", "language", "published", "title", "text"]),
    st.one_of(st.none(), st.text(max_size=80), st.integers(), st.booleans())), max_size=6))
def test_any_records_are_accounted_for(bare_store, records):
    s = load_articles(bare_store, records, source="file", source_ref="hypothesis")
    assert s.loaded + s.duplicates + s.quarantined == len(records)
