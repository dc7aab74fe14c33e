"""Linking to contacts, coverage and asymmetry, coding sheets, and the escaped report."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from media_helpers import fast_encoder  # noqa: F401  (fixture)

from dyad.analysis.media_coverage import attention_asymmetry, contact_coverage
from dyad.analysis.media_links import link_articles, score_pair, surnames, to_cyrillic
from dyad.coding.run import code_store
from dyad.coding.sheets import export_sheet, import_sheet, reliability
from dyad.report.sections import ReportContext
from dyad.report.sections.media import render
from dyad.sources.articles.load import load_articles

XSS = ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">',
       '<svg onload=alert(2)>', '"><body onmouseover=alert(3)>']
EN = ("Secretary of State Antony Blinken met President Kassym-Jomart Tokayev in Astana on "
      "Tuesday. They discussed the strategic partnership, trade and investment.")
RU = ("Государственный секретарь США Энтони Блинкен встретился в Астане с президентом "
      "Токаевым. Стороны обсудили торговлю и инвестиции.")


def _contact(con, cid: str, day: str, us: list[str], kz: list[str], topics: list[str]) -> None:
    con.execute(
        "INSERT INTO contacts (contact_id, date_start, date_end, kind, level, format, initiator,"
        " location, us_participants, partner_participants, topics, status, origin)"
        " VALUES (?, ?, ?, 'visit', 'foreign_minister', 'bilateral', 'US', 'Astana', ?, ?, ?,"
        " 'confirmed', 'curated')", [cid, day, day, us, kz, topics])
    con.execute("INSERT INTO contact_partners VALUES (?, 'KZ')", [cid])


def _corpus(con) -> None:
    _contact(con, "2023-02-28-blinken-astana", "2023-02-28", ["Antony Blinken"],
             ["Kassym-Jomart Tokayev"], ["trade_investment", "great_power_balance"])
    _contact(con, "2017-01-10-other", "2017-01-10", ["John Doe"], ["Someone Else"], [])
    recs = [
        {"id": "kz1", "url": "https://kz.test/1", "outlet": "KZ outlet", "outlet_country": "KZ",
         "language": "en", "published": "2023-02-28", "title": XSS[0], "text": EN},
        {"id": "kz2", "url": "https://kz.test/2", "outlet": XSS[1], "outlet_country": "KZ",
         "language": "ru", "published": "2023-03-01", "title": "Визит", "text": RU},
        {"id": "us1", "url": "javascript:alert(4)", "outlet": "US outlet",
         "outlet_country": "US", "language": "en", "published": "2023-03-02",
         "title": XSS[2], "text": EN + " " + XSS[3] + " The talks went well."},
        {"id": "far", "url": "https://us.test/far", "outlet": "US outlet",
         "outlet_country": "US", "language": "en", "published": "2020-05-05",
         "title": '=HYPERLINK("http://evil.test","click")',
         "text": "An unrelated article about the Aral Sea and water management in the region."},
    ]
    load_articles(con, recs, source="file", source_ref="test")


def test_transliteration_and_names():
    assert to_cyrillic("Tokayev").startswith("тока")
    assert surnames(["Secretary of State Antony Blinken", "FM Mukhtar Tileuberdi"]) == [
        "Blinken", "Tileuberdi"]


def test_score_pair_reason():
    art = {"text": EN, "title": None, "published": dt.date(2023, 3, 1),
           "topics": ["trade_investment"]}
    contact = {"date_start": dt.date(2023, 2, 28), "date_end": dt.date(2023, 2, 28),
               "us_participants": ["Antony Blinken"], "partner_participants": ["Tokayev"],
               "location": "Astana", "topics": ["trade_investment", "energy"]}
    score, reason = score_pair(art, contact)
    assert 0.5 < score <= 1.0
    assert "1 day(s) after" in reason and "Blinken" in reason and "Astana" in reason
    far = {**art, "published": dt.date(2023, 6, 1)}
    assert score_pair(far, contact) is None


def test_links_coverage_asymmetry_and_escaped_report(bare_store, fast_encoder):  # noqa: F811
    _corpus(bare_store)
    code_store(bare_store, "auto", encoder=fast_encoder)
    n = link_articles(bare_store)
    linked = bare_store.execute(
        "SELECT a.external_id, l.contact_id FROM article_contact_links l JOIN articles a"
        " USING (article_id) ORDER BY 1").fetchall()
    assert n == 3
    assert {c for _, c in linked} == {"2023-02-28-blinken-astana"}
    assert [e for e, _ in linked] == ["kz1", "kz2", "us1"]
    cov = contact_coverage(bare_store).set_index("contact_id")
    row = cov.loc["2023-02-28-blinken-astana"]
    assert (row["kz_articles"], row["us_articles"]) == (2, 1)
    assert cov.loc["2017-01-10-other", "kz_articles"] == 0  # uncovered contacts are listed
    asym = attention_asymmetry(cov.reset_index()).set_index("admin")
    assert asym.loc["biden", "asymmetry_kz_over_us"] == 2.0
    assert asym.loc["obama", "kz_articles"] == 0  # 2017-01-10: before the inauguration
    html = str(render(ReportContext(bare_store, "US-KZ", dt.date(2026, 1, 1))).body)
    for payload in XSS:
        assert payload not in html
    assert "onerror=" not in html.replace("onerror=&#34;", "")
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;" in html


def test_report_without_articles_says_what_is_missing(bare_store):
    section = render(ReportContext(bare_store, "US-KZ", dt.date(2026, 1, 1)))
    assert section.missing == ["articles"] and "dyad media import" in str(section.body)


def test_coding_sheet_round_trip_and_reliability(bare_store, tmp_path, fast_encoder):  # noqa: F811
    _corpus(bare_store)
    code_store(bare_store, "auto", encoder=fast_encoder)
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"sheet{suffix}"
        assert export_sheet(bare_store, path, n=10) == 4
        sheet = (pd.read_csv(path, dtype=str) if suffix == ".csv"
                 else pd.read_excel(path, dtype=str))
        cells = sheet.fillna("").astype(str)
        assert not cells.apply(lambda c: c.str.startswith(("=", "+", "@"))).any().any()
    sheet = pd.read_csv(tmp_path / "sheet.csv", dtype=str, keep_default_na=False)
    ann = sheet.copy()
    ann["trade_investment"] = "1"
    ann["tone"] = ["1", "1", "0", "1"]
    ann.loc[3, "tone"] = "7"  # invalid: quarantined, not lost
    ann["coder"] = "ann"
    ann.to_csv(tmp_path / "ann.csv", index=False)
    bob = ann.copy()
    bob["tone"] = ["1", "0", "0", "1"]
    bob["coder"] = "bob"
    bob.to_excel(tmp_path / "bob.xlsx", index=False)
    assert import_sheet(bare_store, tmp_path / "ann.csv") == 3
    assert import_sheet(bare_store, tmp_path / "bob.xlsx") == 4
    bad = bare_store.execute("SELECT field, reason FROM quarantine").fetchall()
    assert ("tone", "tone '7' is not -1, 0 or 1") in bad
    alphas, dis = reliability(bare_store, ["human:ann", "human:bob"])
    tone = alphas.set_index("measure").loc["tone"]
    assert tone["units"] == 3 and tone["alpha"] < 1.0
    assert set(dis["measure"]) == {"tone"} and len(dis) == 1


def test_report_with_dates_outside_the_register(bare_store, fast_encoder):  # noqa: F811
    load_articles(bare_store, [{"id": "old", "url": "https://old.test/1", "outlet": "Old",
                                "outlet_country": "US", "language": "en",
                                "published": "1950-01-01", "title": "Old", "text": EN}],
                  source="file", source_ref="test")
    code_store(bare_store, "auto", encoder=fast_encoder)
    section = render(ReportContext(bare_store, "US-KZ", dt.date(2026, 1, 1)))
    assert "Tone toward the relationship" in str(section.body)
    assert "article_contact_links" in section.missing
