"""Dictionary coder: codebook keywords in English, Russian and Kazakh, matched at word starts.

A keyword matches where it begins a word (so the Russian stem "санкци" matches санкции,
санкциях, ...; the Kazakh "сауда" matches саудасы, саудадағы, ...); multi-word keywords
match their words in sequence, each word inflected. Coding is by sentence, following the
codebook: a topic counts in a sentence unless it is only an item of a list there
(``sentences.is_list_mention``); a topic is coded when it counts in at least
``min_sentences`` sentences (or its keywords occur ``min_hits`` times overall). Other coders
(embedding, auto) live beside it and share the interface ``code(text, language)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dyad.coding.kazakh_script import stem_pattern
from dyad.coding.sentences import is_list_mention, split_sentences
from dyad.reference.files import codebook

NAME = "dictionary"
VERSION = "2"
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
                parts = [stem_pattern(p, lang) for p in str(w).lower().split()]
                alts.append(r"\w*\s+".join(parts))
            out[key][lang] = re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.UNICODE)
    return out


def _langs(language: str | None) -> tuple[str, ...]:
    return (language,) if language in LANGS else LANGS


def sentence_hits(sentence: str, language: str | None = None) -> dict[str, int]:
    """Topic -> keyword matches in one piece of text."""
    low = sentence.lower()
    counts: dict[str, int] = {}
    for key, by_lang in _patterns().items():
        n = sum(len(by_lang[lang].findall(low)) for lang in _langs(language) if lang in by_lang)
        if n:
            counts[key] = n
    return counts


def substantive_sentences(
    sentences: list[str], language: str | None = None
) -> dict[str, int]:
    """Topic -> number of sentences where the topic is more than a list item."""
    out: dict[str, int] = {}
    for s in sentences:
        hits = sentence_hits(s, language)
        for key, n in hits.items():
            if not is_list_mention(s, len(hits), n):
                out[key] = out.get(key, 0) + 1
    return out


@dataclass
class DictionaryCoder:
    """Multi-label topic coding by keyword matches in substantive sentences."""

    min_hits: int = 1
    min_sentences: int = 1
    exclude: set[str] = field(default_factory=set)
    name: str = NAME
    version: str = VERSION

    def hits(self, text: str, language: str | None = None) -> dict[str, int]:
        """Topic -> keyword matches in the whole text."""
        return sentence_hits(text, language)

    def code(self, text: str, language: str | None = None) -> list[str]:
        sents = substantive_sentences(split_sentences(text), language)
        total = self.hits(text, language)
        keys = {k for k, n in sents.items() if n >= self.min_sentences}
        if self.min_hits > 1:
            keys &= {k for k, n in total.items() if n >= self.min_hits}
        return sorted(k for k in keys if k not in self.exclude)


def code_topics(text: str, language: str | None = None, *, min_hits: int = 1) -> list[str]:
    """Topic keys whose codebook keywords occur in the text (outside mere lists)."""
    return DictionaryCoder(min_hits=min_hits).code(text, language)
