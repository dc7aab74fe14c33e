"""Split article text into sentences (English, Russian, Kazakh) and spot list sentences.

The codebook codes a topic only when it is the subject of at least a full sentence, not
an item in a list ("trade, energy and technology"); ``is_list_mention`` tells the two apart.
"""

from __future__ import annotations

import re

# A sentence ends at . ! ? … followed by space and an upper-case letter, digit or quote,
# or at a line break. Common abbreviations do not end a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.K|U\.N|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Col|Lt|Sen|Rep|Gov|No|vs|etc|e\.g|i\.e"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|D\.C|г|гг|т\.е|т\.д|им|ул)\.)$",
    re.IGNORECASE)
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«“(]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
_SPLIT_MIN = 12


def split_sentences(text: str, *, max_chars: int = 600) -> list[str]:
    """Sentences of ``text``; over-long ones are cut at ``max_chars`` on a space."""
    out: list[str] = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        if not para:
            continue
        start = 0
        pieces: list[str] = []
        for m in _BOUNDARY.finditer(para):
            candidate = para[start:m.start()].strip()
            if _ABBREV.search(candidate) or len(candidate) < _SPLIT_MIN:
                continue
            pieces.append(candidate)
            start = m.end()
        pieces.append(para[start:].strip())
        for p in pieces:
            while len(p) > max_chars:
                cut = p.rfind(" ", 0, max_chars)
                cut = cut if cut > max_chars // 2 else max_chars
                out.append(p[:cut].strip())
                p = p[cut:].strip()
            if p:
                out.append(p)
    return out


_LIST_SEP = re.compile(r",|;|\band\b|\bи\b|\bжәне\b|\bмен\b|\bпен\b|\bбен\b|\bor\b|\bили\b")


def is_list_mention(sentence: str, topics_in_sentence: int, hits_for_topic: int) -> bool:
    """True when a topic appears in the sentence only as one item of an enumeration:
    a single keyword hit, in a sentence that names three or more topics and has at least
    two list separators (commas, 'and', 'и', 'және' ...)."""
    if hits_for_topic > 1 or topics_in_sentence < 3:
        return False
    return len(_LIST_SEP.findall(sentence.lower())) >= 2


def windows(sentences: list[str], max_chars: int = 320) -> list[str]:
    """Consecutive sentences joined into passages of at most ``max_chars`` (a longer
    sentence stays alone; ``max_chars=0``: every sentence alone). Fewer, fuller passages
    encode faster than single sentences but blur a single negative sentence's tone."""
    if max_chars <= 0:
        return list(sentences)
    out: list[str] = []
    cur = ""
    for s in sentences:
        if cur and len(cur) + len(s) + 1 > max_chars:
            out.append(cur)
            cur = s
        else:
            cur = f"{cur} {s}".strip()
    if cur:
        out.append(cur)
    return out
