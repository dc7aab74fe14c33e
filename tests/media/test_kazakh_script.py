"""Kazakh in Latin or Arabic script is read as Cyrillic before coding (the codebook's Kazakh
keywords, the tone lexicon and rules are Cyrillic stems). The sentences below are written for
this test, in each script's spelling, from ordinary Kazakh words."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.coding.dictionary import sentence_hits
from dyad.coding.kazakh_script import (
    latin_variant,
    readable,
    script_of,
    to_cyrillic,
    tote_to_cyrillic,
)


def test_tote_reads_front_and_back_words():
    # "Қазақстан мен АҚШ сыртқы істер министрлері кездесті." in töte
    text = "قازاقستان مەن اقش سىرتقى ىستەر ءمينيسترلەرى كەزدەستى."
    assert script_of(text) == "arabic"
    out = tote_to_cyrillic(text)
    assert out.startswith("Қазақстан мен ақш сыртқы")
    assert "министрлері" in out and "кездесті" in out


def test_latin_variants_are_told_apart_and_read():
    cases = {
        # 2018 acute alphabet (Egemen Qazaqstan's Latin edition)
        "acute": ("Qazaqstan men AQSh strategııalyq áriptestikti jańa deńgeıge kóterdi.",
                  ["Қазақстан", "стратегиялық", "әріптестікті", "жаңа", "деңгейге"]),
        # 2021 spelling with ı = ы and w = ұ (The Qazaq Times)
        "2021": ("Sırtqı ister ministri AQŞ-pen swhbat jasadı.",
                 ["Сыртқы", "істер", "сұхбат"]),
        # 2019 revision with ŋ and ǧ, ı = і
        "2019": ("Būl ministrlıgınıŋ töraǧasy Boeing kompaniiasymen kezdestı.",
                 ["Бұл", "министрлігінің", "төрағасы", "кездесті"]),
        # Abai.kz digraphs
        "digraph": ("Qazaqstannyng syrtqy sayasaty turaly maqala, Qytaygha qatysty.",
                    ["Қазақстанның", "сыртқы", "саясаты", "Қытайға"]),
    }
    for variant, (text, words) in cases.items():
        assert script_of(text) == "latin"
        assert latin_variant(text) == variant
        out = to_cyrillic(text)
        for w in words:
            assert w.lower() in out.lower(), (variant, w, out)


def test_keywords_match_after_reading():
    # 2021 Latin writes и and і alike (i); Kazakh stems match either
    read = readable("Sırtqı ister ministri Vaşingtonda boldı.", "kk") or ""
    assert "міністрі" in read
    assert sentence_hits(read, "kk").get("diplomacy_general")
    latin = "Qazaqstan men AQSh arasyndaǵy saýda jáne ınvestıtsııa kelisimi."
    assert sentence_hits(readable(latin, "kk"), "kk").get("trade_investment")
    assert not sentence_hits(latin, "kk").get("trade_investment")


def test_cyrillic_and_other_languages_are_left_alone():
    kk = "Қазақстан мен АҚШ кездесті."
    assert readable(kk, "kk") == kk
    assert readable("Kazakhstan and the US met.", "en") == "Kazakhstan and the US met."
    assert readable(None, "kk") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_any_text_reads_without_error_and_cyrillic_is_a_fixed_point(text):
    out = to_cyrillic(text)
    assert isinstance(out, str)
    if script_of(text) == "cyrillic":
        assert out == text
    assert to_cyrillic(readable(out, "kk") or "") == to_cyrillic(out)
