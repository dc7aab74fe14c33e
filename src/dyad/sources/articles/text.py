"""Text utilities shared by the media loaders: normalising, hashing, canonical URLs,
near-duplicate fingerprints (SimHash), language detection and mojibake checks."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

LANGUAGES = ("en", "ru", "kk")
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|yclid$|mc_|ref$|ref_src$|cmpid$|at_)")
_WORD = re.compile(r"\w+", re.UNICODE)
# Sequences typical of UTF-8 read as cp1251/latin-1 (e.g. "РџСЂРё", "Ã©").
_MOJIBAKE = re.compile(r"(?:[РС][\u0400-\u045f\u0080-\u00bf]){4,}|(?:Ã.|Â.){3,}|\ufffd{2,}")


def normalise(text: str) -> str:
    """NFC, unified whitespace, no control characters."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def content_hash(text: str) -> str:
    """sha256 of the lower-cased words only (punctuation and spacing do not matter)."""
    words = _WORD.findall(text.lower())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no www., no fragment, no tracking parameters,
    no trailing slash; http and https are the same page."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip() or None
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = re.sub(r"/+$", "", parts.path) or ""
    return urlunsplit(("https", host, path, query, ""))


def simhash(text: str, bits: int = 64) -> int:
    """64-bit SimHash over word 3-shingles: near-identical texts differ in few bits."""
    words = _WORD.findall(text.lower())
    shingles = [" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))] or [""]
    acc = [0] * bits
    for sh in shingles:
        h = int.from_bytes(hashlib.blake2b(sh.encode("utf-8"), digest_size=8).digest(), "big")
        for b in range(bits):
            acc[b] += 1 if (h >> b) & 1 else -1
    return sum(1 << b for b in range(bits) if acc[b] > 0)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def looks_mojibake(text: str) -> bool:
    """True when the text carries encoding damage (UTF-8 decoded with the wrong codec)."""
    return bool(_MOJIBAKE.search(text))


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.RUSSIAN, Language.KAZAKH).build()


_KK_LETTERS = set("әғқңөұүһі")


def detect_language(text: str) -> str | None:
    """'en' | 'ru' | 'kk' or None when the text is none of them (lingua, with a
    Kazakh-letter check: Cyrillic with ә ғ қ ң ө ұ ү һ і is Kazakh)."""
    sample = text[:2000]
    letters = [c for c in sample.lower() if c.isalpha()]
    if len(letters) < 10:
        return None
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    lat = sum(1 for c in letters if "a" <= c <= "z")
    if cyr + lat < 0.6 * len(letters):
        return None
    if cyr > lat:
        kk = sum(1 for c in letters if c in _KK_LETTERS)
        return "kk" if kk >= max(2, 0.01 * cyr) else "ru"
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    code = found.iso_code_639_1.name.lower()
    return code if code in LANGUAGES else None
