"""Dictionary coder: codebook keywords in English, Russian and Kazakh, matched at word starts.

A keyword matches where it begins a word (so the Russian stem "санкци" matches санкции,
санкциях, ...); multi-word keywords match their words in sequence. A topic is coded when
its keywords match at least ``min_hits`` times. This is the baseline coder; other coders
(embedding, combined) live beside it and share the interface ``code(text, language)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dyad.reference.files import codebook

NAME = "dictionary"
VERSION = "1"
LANGS = ("en", "ru", "kk")


@cache
def _patterns() -> dict[str, dict[str, re.Pattern[str]]]:
    out: dict[str, dict[str, re.Pattern[str]]] = {}
    for key, topic in codebook().items():
        out[key] = {}
        for lang in LANGS:
            words = topic["keywords"].get(lang) or []
            if not words:
                continue
            alts = []
            for w in sorted(words, key=len, reverse=True):
                parts = [re.escape(p) for p in str(w).lower().split()]
                alts.append(r"\w*\s+".join(parts))
            out[key][lang] = re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.UNICODE)
    return out


@dataclass
class DictionaryCoder:
    """Multi-label topic coding by keyword counts; all three languages are tried."""

    min_hits: int = 1
    exclude: set[str] = field(default_factory=set)
    name: str = NAME
    version: str = VERSION

    def hits(self, text: str, language: str | None = None) -> dict[str, int]:
        low = text.lower()
        langs = (language,) if language in LANGS else LANGS
        counts: dict[str, int] = {}
        for key, by_lang in _patterns().items():
            n = sum(len(by_lang[lang].findall(low)) for lang in langs if lang in by_lang)
            if n:
                counts[key] = n
        return counts

    def code(self, text: str, language: str | None = None) -> list[str]:
        return sorted(
            k for k, n in self.hits(text, language).items()
            if n >= self.min_hits and k not in self.exclude
        )


def code_topics(text: str, language: str | None = None, *, min_hits: int = 1) -> list[str]:
    """Topic keys whose codebook keywords occur in the text."""
    return DictionaryCoder(min_hits=min_hits).code(text, language)
