"""Kazakh written in Latin or Arabic script, read as Cyrillic.

The Kazakh press is mostly Cyrillic, but part of it is not: Egemen Qazaqstan and Adyrna run
Latin editions (in the 2018 acute-accent alphabet, the 2019-2021 revisions, or their own
spellings), and outlets for Kazakhs in China and Mongolia (The Qazaq Times, Abai.kz) publish
in the Arabic-based töte script. The codebook's Kazakh keywords, the tone lexicon and the
written rules are Cyrillic stems, and the encoder has seen far more Cyrillic Kazakh, so a
Kazakh article in another script is read through ``to_cyrillic`` first.

Töte is an alphabet with one letter per sound, so its reading is exact up to two things the
script leaves implicit: a word's front vowels (marked by a leading hamza, or implied by ە, ك,
گ) and и/й (one letter). Latin Kazakh has several competing alphabets whose letters disagree
(``ı`` is і in one and ы in another), so the variant is first recognised from letters only it
uses; the reading is best effort — good enough for word stems, not a transliteration to print.
"""

from __future__ import annotations

import re
from functools import cache

from dyad.reference.translit import by_table

_CYR = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)
_LAT = re.compile(r"[a-zäáǵğǧńñŋóöúūüýşıç]", re.IGNORECASE)
_ARAB = re.compile(r"[\u0600-\u06ff]")


def script_of(text: str) -> str:
    """'cyrillic', 'latin' or 'arabic': the script most of the text's letters are in."""
    counts = {"cyrillic": len(_CYR.findall(text)), "latin": len(_LAT.findall(text)),
              "arabic": len(_ARAB.findall(text))}
    return max(counts, key=lambda k: counts[k])


def to_cyrillic(text: str) -> str:
    """``text`` in Cyrillic when it is Kazakh in Latin or Arabic script; unchanged otherwise."""
    script = script_of(text)
    if script == "arabic":
        return tote_to_cyrillic(text)
    if script == "latin":
        return latin_to_cyrillic(text)
    return text


# --- töte ------------------------------------------------------------------------------------
_HAMZA = "\u0674"
_TOTE = {
    "ا": "а", "ە": "е", "ب": "б", "ۆ": "в", "گ": "г", "ع": "ғ", "د": "д", "ج": "ж", "ز": "з",
    "ك": "к", "ق": "қ", "ل": "л", "م": "м", "ن": "н", "ڭ": "ң", "و": "о", "پ": "п", "ر": "р",
    "س": "с", "ت": "т", "ۋ": "у", "ۇ": "ұ", "ف": "ф", "ح": "х", "ھ": "һ", "چ": "ч", "ش": "ш",
    "ى": "ы", "ي": "и", "ٵ": "ә", "ٶ": "ө", "ٷ": "ү", "ٸ": "і", "ء": "", _HAMZA: "",
    "،": ",", "؛": ";", "؟": "?", "٪": "%",
}
_FRONT = {"а": "ә", "о": "ө", "ұ": "ү", "ы": "і"}
_FRONT_MARKS = (_HAMZA, "ء", "ە", "ك", "گ", "ٵ", "ٶ", "ٷ", "ٸ")
_VOWELS = set("аәеиоөұүыіуэюя")
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff]+")


def _tote_word(word: str) -> str:
    front = any(m in word for m in _FRONT_MARKS)
    out: list[str] = []
    for ch in word:
        c = _TOTE.get(ch, ch)
        if front:
            c = _FRONT.get(c, c)
        if c == "и" and out and out[-1] in _VOWELS:
            c = "й"
        out.append(c)
    return "".join(out)


def tote_to_cyrillic(text: str) -> str:
    """Arabic-script (töte) Kazakh in Cyrillic, each sentence's first letter capitalised."""
    out = _ARABIC_WORD.sub(lambda m: _tote_word(m.group(0)), text)
    for a, b in (("،", ","), ("؛", ";"), ("؟", "?")):
        out = out.replace(a, b)
    return re.sub(r"(^|[.!?…]\s+|\n\s*)([а-яәғқңөұүһі])",
                  lambda m: m.group(1) + m.group(2).upper(), out)


# --- Latin -----------------------------------------------------------------------------------
# Letters common to the Latin alphabets; the variant tables below override them.
_COMMON = [("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("a", "а"), ("b", "б"),
           ("c", "ц"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("j", "ж"),
           ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "қ"),
           ("r", "р"), ("s", "с"), ("t", "т"), ("v", "в"), ("x", "кс"), ("z", "з"),
           ("ä", "ә"), ("á", "ә"), ("ö", "ө"), ("ü", "ү"), ("ş", "ш"), ("ç", "ч"),
           ("ğ", "ғ"), ("ǧ", "ғ"), ("ǵ", "ғ"), ("ñ", "ң"), ("ŋ", "ң"), ("ń", "ң")]
_VARIANTS: dict[str, list[tuple[str, str]]] = {
    # 2018, acute accents (Egemen Qazaqstan's Latin edition): ú ү, u ұ, ý у, y ы, ı и/й, i і
    "acute": [("ıa", "я"), ("ıý", "ю"), ("ı", "и"), ("ú", "ү"), ("u", "ұ"), ("ý", "у"),
              ("y", "ы"), ("ó", "ө"), ("i", "і"), ("w", "у")],
    # Abai.kz: digraphs ng ң and gh ғ, ú ұ, ý ү, y ы, iy и
    "digraph": [("ng", "ң"), ("gh", "ғ"), ("iya", "ия"), ("iy", "и"), ("ya", "я"), ("yu", "ю"),
                ("ú", "ұ"), ("ý", "ү"), ("ó", "ө"), ("u", "у"), ("y", "ы"), ("i", "і"),
                ("w", "у")],
    # 2019 revision (ǵ/ǧ, ŋ): ı і, i и/й, y ы, ū ұ, u у
    "2019": [("iia", "ия"), ("ia", "я"), ("iu", "ю"), ("ı", "і"), ("ū", "ұ"), ("u", "у"),
             ("y", "ы"), ("i", "и"), ("w", "у")],
    # 2021 official and close spellings (The Qazaq Times): ı ы, i і, y й, ū/w ұ, u у
    "2021": [("ya", "я"), ("yu", "ю"), ("ı", "ы"), ("i", "і"), ("y", "й"), ("ū", "ұ"),
             ("w", "ұ"), ("u", "у")],
    # the same letters without ı (Adyrna): y ы, i і/и, ū ұ, u у
    "plain": [("iia", "ия"), ("ia", "я"), ("iu", "ю"), ("ū", "ұ"), ("u", "у"), ("y", "ы"),
              ("i", "і"), ("w", "у")],
}
_LATIN_WORD = re.compile(r"[A-Za-zÄäÁáǴǵĞğǦǧŃńÑñŊŋÓóÖöÚúŪūÜüÝýŞşİıÇç']+")


def latin_variant(text: str) -> str:
    """Which Latin Kazakh alphabet ``text`` is in, from the letters only that one uses."""
    low = text.lower()
    if "ә" in low or (low.count("ng") + low.count("gh") >= 2
                      and not re.search("[ńǵıäşñğǧŋūü]", low)):
        return "digraph"
    if re.search("[ńǵý]", low) or ("ı" in low and re.search("[áóú]", low)):
        return "acute"
    if re.search("[ŋǧ]", low):
        return "2019"
    if "ı" in low:
        return "2021"
    return "plain"


def _latin_word(word: str, table: tuple[tuple[str, str], ...], digraph_y: bool = False) -> str:
    res = by_table(word.lower().replace("'", ""), table)
    # ı in the acute alphabet and i in the 2019 one are и between consonants, й after a vowel
    res = re.sub(r"(?<=[аәеиоөұүыіуэюя])и", "й", res)
    if digraph_y:  # Abai.kz writes й, too, as y: after a, e, o, ө before a consonant or the end
        res = re.sub(r"(?<=[аәеоө])ы(?![аәеиоөұүыіуэюя])", "й", res)
    return res[:1].upper() + res[1:] if word[:1].isupper() else res


@cache
def _table(variant: str) -> tuple[tuple[str, str], ...]:
    """The variant's letters over the common ones, longest source first."""
    own = dict(_VARIANTS[variant])
    return tuple(sorted(_VARIANTS[variant] + [p for p in _COMMON if p[0] not in own],
                        key=lambda p: -len(p[0])))


def latin_to_cyrillic(text: str) -> str:
    """Latin-script Kazakh in Cyrillic (best effort; see the module's note)."""
    variant = latin_variant(text)
    table = _table(variant)
    return _LATIN_WORD.sub(lambda m: _latin_word(m.group(0), table, variant == "digraph"),
                           text)


def readable(text: str | None, language: str | None) -> str | None:
    """The form the coders read: Kazakh in Cyrillic (see ``to_cyrillic``); other languages,
    and missing text, unchanged."""
    if text is None or language != "kk":
        return text
    return to_cyrillic(text)


def stem_pattern(word: str, language: str | None) -> str:
    """A keyword stem as a regular expression; in Kazakh, и and і match each other (Latin
    Kazakh writes both as i, and ``to_cyrillic`` cannot always tell which was meant)."""
    pat = re.escape(word)
    return re.sub("[иі]", "[иі]", pat) if language == "kk" else pat
