"""Tone words toward the relationship (word starts, as in the codebook), three languages.

Cooperative words (partnership, welcomed, deepen ...) and conflictual ones (sanctions,
tariffs, warned, accused, crackdown ...). Written for dyad; calibrated weights live in
``calibration.json``.
"""

from __future__ import annotations

import re
from functools import cache

POSITIVE = {
    "en": ["cooperat", "partner", "strengthen", "deepen", "welcom", "prais", "thank", "friend",
           "mutual", "success", "productive", "constructive", "agreed", "commit", "support",
           "opportunit", "expand", "boost", "benefit", "new chapter", "celebrat", "congratulat",
           "appreciat", "reliable", "trust", "warm", "fruitful", "landmark", "historic"],
    "ru": ["сотруднич", "партнер", "партнёр", "укрепл", "углубл", "приветств", "благодар",
           "дружб", "дружеск", "взаимовыгод", "успешн", "конструктив", "договорил", "поддерж",
           "расшир", "высоко оцен", "довери", "поздрав", "плодотвор", "историческ"],
    "kk": ["ынтымақ", "әріптес", "нығай", "тереңде", "құттықта", "алғыс", "достық",
           "өзара тиімді", "қолдау", "кеңейт", "жоғары бағала", "сенім"],
}
NEGATIVE = {
    "en": ["sanction", "tariff", "warn", "threat", "pressur", "blackmail", "accus", "critic",
           "concern", "condemn", "tension", "crackdown", "abuse", "violat", "penalt", "punish",
           "risk", "danger", "friction", "alienat", "dispute", "refus", "doubt", "evasion",
           "restrict", "harsh", "authoritarian", "repress", "dissent", "tortur", "detain",
           "rumor", "rumour", "skeptic", "sceptic"],
    "ru": ["санкци", "пошлин", "предупред", "угроз", "давлен", "шантаж", "обвин", "критик",
           "обеспокоен", "осуди", "напряжен", "напряжён", "репресс", "нарушен", "наказ", "риск",
           "опасн", "отказ", "сомнен", "слух", "минуя", "в обход", "авторитар"],
    "kk": ["санкция", "баж", "ескерт", "қауіп", "қысым", "айыпта", "сынға", "сынады",
           "алаңда", "шиеленіс", "қудала", "бұзушылық", "наразылық", "азаптау"],
}


@cache
def _pattern(polarity: str, language: str) -> re.Pattern[str]:
    words = (POSITIVE if polarity == "positive" else NEGATIVE)[language]
    alts = [r"\w*\s+".join(re.escape(p) for p in w.split())
            for w in sorted(words, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.UNICODE)


def tone_hits(text: str, language: str | None) -> tuple[int, int]:
    """(positive, negative) word matches; all languages tried when unknown."""
    low = text.lower()
    langs = (language,) if language in POSITIVE else tuple(POSITIVE)
    pos = sum(len(_pattern("positive", lg).findall(low)) for lg in langs)
    neg = sum(len(_pattern("negative", lg).findall(low)) for lg in langs)
    return pos, neg
