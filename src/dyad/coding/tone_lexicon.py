"""Tone words toward the relationship (word starts, as in the codebook), three languages.

Cooperative words (partnership, welcomed, deepen ...) and conflictual ones (sanctions,
tariffs, warned, accused, crackdown ...). Written for dyad; calibrated weights live in
``calibration.json``. The Russian and Kazakh lists carry the English list's concepts (tariff,
restriction, concern, harsh, detention, success, reliable ...), in stems chosen not to start
other common words (no "пыт" for torture: it starts "пытался"; no "тепл" for warm: it starts
"тепловой"; no "жылы" for warm: it is also "in the year"; no "мақта" for praise: it is also
"cotton"; no "взаимн" for mutual: "взаимные пошлины" are reciprocal tariffs).
"""

from __future__ import annotations

import re
from functools import cache

from dyad.coding.kazakh_script import stem_pattern

POSITIVE = {
    "en": ["cooperat", "partner", "strengthen", "deepen", "welcom", "prais", "thank", "friend",
           "mutual", "success", "productive", "constructive", "agreed", "commit", "support",
           "opportunit", "expand", "boost", "benefit", "new chapter", "celebrat", "congratulat",
           "appreciat", "reliable", "trust", "warm", "fruitful", "landmark", "historic"],
    "ru": ["сотруднич", "партнер", "партнёр", "укрепл", "углубл", "приветств", "благодар",
           "дружб", "дружеск", "взаимовыгод", "успешн", "конструктив", "договорил", "поддерж",
           "расшир", "высоко оцен", "довери", "поздрав", "плодотвор", "историческ",
           "успех", "продуктивн", "привержен", "надежн", "надёжн", "признател", "похвал",
           "одобр"],
    "kk": ["ынтымақ", "әріптес", "нығай", "тереңде", "құттықта", "алғыс", "достық",
           "өзара тиімді", "қолдау", "кеңейт", "жоғары бағала", "сенім", "табысты", "сәтті",
           "нәтижелі", "сындарлы", "мүмкіндік", "тиімді", "тарихи", "құпта"],
}
NEGATIVE = {
    "en": ["sanction", "tariff", "warn", "threat", "pressur", "blackmail", "accus", "critic",
           "concern", "condemn", "tension", "crackdown", "abuse", "violat", "penalt", "punish",
           "risk", "danger", "friction", "alienat", "dispute", "refus", "doubt", "evasion",
           "restrict", "harsh", "authoritarian", "repress", "dissent", "tortur", "detain",
           "rumor", "rumour", "skeptic", "sceptic"],
    "ru": ["санкци", "пошлин", "предупред", "угроз", "давлен", "шантаж", "обвин", "критик",
           "обеспокоен", "осуди", "напряжен", "напряжён", "репресс", "нарушен", "наказ", "риск",
           "опасн", "отказ", "сомнен", "слух", "минуя", "в обход", "авторитар",
           "тариф", "угрож", "давит", "предостер", "озабоч", "осужд", "раскритик",
           "ограничени", "ограничительн", "штраф", "злоупотребл", "подавлен", "разгон",
           "инакомысл", "пыток", "пытк", "задержан", "трения", "разноглас", "уклонени",
           "скептич", "скепсис", "жестк", "жёстк", "вмешательств", "вмешива", "ультиматум",
           "диктат"],
    "kk": ["санкция", "баж", "ескерт", "қауіп", "қысым", "айыпта", "сынға", "сынады",
           "алаңда", "шиеленіс", "қудала", "бұзушылық", "наразылық", "азаптау", "тариф",
           "шектеу", "тыйым", "бопса", "айыппұл", "тәуекел", "келіспеушілік", "бас тарт",
           "күмән", "қатал", "қуғын", "араласу", "қатер"],
}


@cache
def _pattern(polarity: str, language: str) -> re.Pattern[str]:
    words = (POSITIVE if polarity == "positive" else NEGATIVE)[language]
    alts = [r"\w*\s+".join(stem_pattern(p, language) for p in w.split())
            for w in sorted(words, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.UNICODE)


def tone_hits(text: str, language: str | None) -> tuple[int, int]:
    """(positive, negative) word matches; all languages tried when unknown."""
    low = text.lower()
    langs = (language,) if language in POSITIVE else tuple(POSITIVE)
    pos = sum(len(_pattern("positive", lg).findall(low)) for lg in langs)
    neg = sum(len(_pattern("negative", lg).findall(low)) for lg in langs)
    return pos, neg
