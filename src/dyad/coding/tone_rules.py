"""Written tone rules for one passage (a sentence): negation, hedging, reported speech.

The codebook's tone section (``data/codebook.yaml``, ``tone:``) states the decision rules;
these are their mechanical part, in English, Russian and Kazakh:

* **negation** — a tone word with a negator just before it counts for the other side
  ("did not welcome", "не поддержали", "қолдамады" / "қолдау емес"): "no threat" is not a
  threat and "not a partner" is not cooperation;
* **hedging** — a passage that only speculates ("may", "could", "reportedly", "возможно",
  "якобы", "мүмкін") counts half;
* **reported speech** — a stance attributed to someone ("said", "according to",
  "заявил", "по словам", "деді", "мәлімдеді") is kept apart from the outlet's own voice;
  it counts, as the codebook says, when the speaker is a party to the relationship.

``passage_rules`` returns the numbers the tone model weighs beside the embedding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dyad.coding.tone_lexicon import NEGATIVE, POSITIVE

NEGATORS = {
    "en": ["not", "no", "never", "nor", "without", "n't", "hardly", "lack of", "failed to"],
    "ru": ["не", "нет", "ни", "без", "никогда", "отсутств"],
    "kk": ["емес", "жоқ", "ешқашан", "онсыз"],
}
# Kazakh negates the verb with -ма/-ме/-ба/-бе/-па/-пе before the tense ending.
KK_NEG_SUFFIX = re.compile(r"(?:ма|ме|ба|бе|па|пе)(?:ды|ді|ған|ген|йды|йді|йтын|йтін|с)\w*$")
HEDGES = {
    "en": ["may", "might", "could", "possibly", "reportedly", "allegedly", "rumor", "rumour",
           "unclear", "uncertain", "if ", "whether", "perhaps", "likely", "expected to"],
    "ru": ["может", "могут", "возможно", "якобы", "вероятно", "по слухам", "неясно",
           "если", "не исключ", "предположительно"],
    "kk": ["мүмкін", "болуы ықтимал", "сияқты", "белгісіз", "егер", "шамасы"],
}
REPORTED = {
    "en": ["said", "says", "according to", "stated", "told", "claimed", "claims", "argued",
           "warned", "noted", "wrote", "tweeted", "announced", "reports", "reported"],
    "ru": ["заявил", "сказал", "по словам", "сообщил", "отметил", "подчеркнул", "написал",
           "считает", "по мнению", "передает", "передаёт", "говорится"],
    "kk": ["деді", "деп", "мәлімдеді", "хабарлайды", "атап өтті", "айтты", "жазды",
           "пікірінше", "сөзінше"],
}
# Mentions of the relationship's parties: passages that name them carry its tone.
PARTIES = re.compile(
    r"(?<!\w)(?:u\.s\.|us |united states|washington|america|white house|state department"
    r"|сша|соединенн|соединённ|вашингтон|америк|белый дом|белого дома|госдеп"
    r"|ақш|америка|ақ үй)", re.IGNORECASE)
WINDOW = 3  # a negator negates a tone word up to this many words after it


@dataclass(frozen=True)
class PassageRules:
    pos: float          # cooperative words, negated ones moved to neg, hedged halved
    neg: float          # conflictual words, likewise
    negated: int        # tone words under a negator
    hedged: bool
    reported: bool
    parties: bool       # names a party of the relationship

    def vector(self) -> list[float]:
        return [self.pos, self.neg, float(self.negated), float(self.hedged),
                float(self.reported), float(self.parties)]


RULE_FEATURES = ("pos", "neg", "negated", "hedged", "reported", "parties")


def _langs(language: str | None) -> tuple[str, ...]:
    return (language,) if language in POSITIVE else tuple(POSITIVE)


@cache
def _words(polarity: str, language: str) -> tuple[str, ...]:
    return tuple((POSITIVE if polarity == "positive" else NEGATIVE)[language])


@cache
def _any(words: tuple[str, ...]) -> re.Pattern[str]:
    alts = [re.escape(w.strip()) + (r"\b" if not w.endswith(" ") and len(w) <= 3 else "")
            for w in sorted(words, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+(?:'\w+)?|n't", text.lower())


def _is_negator(tok: str, language: str) -> bool:
    for w in NEGATORS[language]:
        if " " in w:
            continue
        if tok == w or (w == "n't" and tok.endswith("n't")) or (
                w == "отсутств" and tok.startswith(w)):
            return True
    return False


def _polar_hits(tokens: list[str], language: str) -> tuple[int, int, int]:
    """(positive, negative, negated) over tokens; a negated word counts for the other side."""
    pos = neg = negated = 0
    starts = {p: tuple(w for w in _words(p, language) if " " not in w)
              for p in ("positive", "negative")}
    for i, tok in enumerate(tokens):
        pol = next((p for p in ("negative", "positive")
                    if any(tok.startswith(w) for w in starts[p])), None)
        if pol is None:
            continue
        flipped = any(_is_negator(t, language) for t in tokens[max(0, i - WINDOW):i])
        if language == "kk" and KK_NEG_SUFFIX.search(tok):
            flipped = True
        if flipped:
            negated += 1
            pol = "positive" if pol == "negative" else "negative"
        if pol == "positive":
            pos += 1
        else:
            neg += 1
    return pos, neg, negated


def _phrases(polarity: str, language: str, low: str) -> int:
    """Multi-word lexicon entries ("new chapter", "в обход"), matched as phrases."""
    words = tuple(w for w in _words(polarity, language) if " " in w)
    return len(_any(words).findall(low)) if words else 0


def passage_rules(text: str, language: str | None) -> PassageRules:
    """The written rules applied to one passage."""
    tokens = _tokens(text)
    pos = neg = negated = 0
    hedged = reported = False
    low = f" {text.lower()} "
    for lg in _langs(language):
        p, n, g = _polar_hits(tokens, lg)
        pos, neg, negated = pos + p, neg + n, negated + g
        pos += _phrases("positive", lg, low)
        neg += _phrases("negative", lg, low)
        hedged = hedged or bool(_any(tuple(HEDGES[lg])).search(low))
        reported = reported or bool(_any(tuple(REPORTED[lg])).search(low))
    weight = 0.5 if hedged else 1.0
    return PassageRules(pos * weight, neg * weight, negated, hedged, reported,
                        bool(PARTIES.search(low)))
