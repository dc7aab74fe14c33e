"""Written tone rules for one passage (a sentence): negation, hedging, reported speech.

The codebook's tone section (``data/codebook.yaml``, ``tone:``) states the decision rules;
these are their mechanical part, in English, Russian and Kazakh:

* **negation** — a tone word with a negator just before it counts for the other side
  ("did not welcome", "не поддержали", "қолдамады" / "қолдау емес"): "no threat" is not a
  threat and "not a partner" is not cooperation;
* **hedging** — a passage that only speculates ("may", "could", "reportedly", "возможно",
  "якобы", "мүмкін") counts half; a conditional ("if", "если") does not: a conditional
  warning is a warning;
* **reported speech** — a stance attributed to someone ("said", "according to",
  "заявил", "по словам", "деді", "мәлімдеді") is kept apart from the outlet's own voice;
  it counts, as the codebook says, when the speaker is a party to the relationship;
* **agenda** — a cooperative word that only names what was discussed ("обсудили вопросы
  сотрудничества", "discussed cooperation", "ынтымақтастық мәселелерін талқылады") is the
  agenda of a protocol report, not praise (a protocol report with no evaluative words is 0);
* **announcement** — a passage about what is planned or expected ("will meet",
  "встретится", "планируется", "кездеспек") reports no stance yet;
* **target** — conflictual words in a passage that names a third power (Russia, China,
  Iran ...) and not the partner are conflict with a third party, which alone does not make
  the relationship negative; those in a passage naming the partner are kept apart;
* **outside voice** — conflictual words in reported speech whose speaker is neither party
  (a third power's officials such as Lavrov, Zakharova, Peskov or "МИД России", or a
  commentator: "политолог", "эксперт", "analyst", "сарапшы") are kept apart from the
  partner's column: the codebook counts such a view only when the outlet adopts it, which a
  passage that attributes it does not show;
* **irony** — cooperative words the outlet distances itself from: inside a short quoted
  fragment of at most four words (scare quotes: «развитие демократии», «какие-то
  возможности») or in a passage with a sarcasm marker ("так называемый", "якобы",
  "дескать", "пресловутый", "so-called", "имиш") are kept apart from the cooperative
  column, since Russian-language commentary quotes a party's praise in order to mock it.

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
           "unclear", "uncertain", "whether", "perhaps", "likely", "expected to"],
    "ru": ["может", "могут", "возможно", "якобы", "вероятно", "по слухам", "неясно",
           "не исключ", "предположительно"],
    "kk": ["мүмкін", "болуы ықтимал", "сияқты", "белгісіз", "шамасы"],
}
# "if"/"если"/"егер" are not hedges: a conditional in this news is mostly a conditional
# warning or promise ("sanctions if it helps Russia"), which the codebook codes at full
# strength (its example: a conditional sanctions warning is -1).
# Hedges match whole words ("возможно" is a hedge, "возможности" = opportunities is not),
# except these stems.
HEDGE_STEMS = {"не исключ", "rumor", "rumour", "предположительно", "болуы ықтимал"}
REPORTED = {
    "en": ["said", "says", "according to", "stated", "told", "claimed", "claims", "argued",
           "called", "described",
           "warned", "noted", "wrote", "tweeted", "announced", "reports", "reported"],
    "ru": ["заявил", "сказал", "по словам", "сообщил", "отметил", "подчеркнул", "написал",
           "назвал", "называет",
           "считает", "по мнению", "передает", "передаёт", "говорится"],
    "kk": ["деді", "деп", "мәлімдеді", "хабарлайды", "атап өтті", "айтты", "жазды",
           "пікірінше", "сөзінше", "атады"],
}
# Mentions of the relationship's parties: passages that name them carry its tone.
PARTIES = re.compile(
    r"(?<!\w)(?:u\.s\.|us |united states|washington|america|white house|state department"
    r"|сша|соединенн|соединённ|вашингтон|америк|белый дом|белого дома|госдеп"
    r"|ақш|америка|ақ үй)", re.IGNORECASE)
# The partner side: the five Central Asian states, their capitals and leaders.
PARTNER = re.compile(
    r"(?<!\w)(?:kazakh|astana|nur-sultan|almaty|tokayev|nazarbayev|kyrgyz|bishkek|uzbek"
    r"|tashkent|tajik|dushanbe|turkmen|ashgabat|central asia"
    r"|казах|астан|нур-султан|алмат|алма-ат|токаев|назарбаев|кыргыз|киргиз|бишкек|узбек"
    r"|ташкент|таджик|душанбе|туркмен|ашхабад|центральн\w* ази"
    r"|қазақ|тоқаев|қырғыз|бішкек|өзбек|тәжік|түрікмен|орталық азия)", re.IGNORECASE)
# Third powers whose conflict with the US is not the relationship's.
THIRD = re.compile(
    r"(?<!\w)(?:russia|moscow|kremlin|putin|china|chinese|beijing|iran|north korea|taliban"
    r"|росси|москв|кремл|путин|китай|китая|китае|кнр|пекин|иран|кндр|талибан"
    r"|ресей|мәскеу|қытай|бейжің)", re.IGNORECASE)
# Speakers who are not a party of the relationship: a third power's officials, commentators.
OUTSIDE = re.compile(
    r"(?<!\w)(?:lavrov|zakharova|peskov|kremlin|russian foreign ministry|analyst|expert"
    r"|commentator|political scientist|observers"
    r"|лавров|захаров|песков|кремл|мид росси|мид рф|политолог|эксперт|аналитик|обозревател"
    r"|по мнению|сарапшы|саясаттанушы|саясаттанушылар|пікірінше|кремль)", re.IGNORECASE)
# Sarcasm markers: the outlet distances itself from the words that follow.
SARCASM = {
    "en": ["so-called", "so called", "supposedly", "purported"],
    "ru": ["так называем", "якобы", "дескать", "мол,", "пресловут", "ничтоже сумняшеся",
           "с иронией", "так себе", "горе-", "хвалён", "хвален"],
    "kk": ["имиш", "деген сылтау", "мыс,"],
}
# A short quoted fragment (scare quotes): at most this many words between the quote marks.
SCARE_WORDS = 4
QUOTED = re.compile(r"«([^«»]{1,80})»|“([^“”]{1,80})”|\"([^\"]{1,80})\"")
AGENDA = {
    "en": ["discuss", "agenda", "issues of", "matters of", "talks on", "topics"],
    "ru": ["обсуд", "обсужд", "вопрос", "повестк", "рассмотр", "тематик"],
    "kk": ["талқыла", "мәселе", "күн тәртіб", "қарастыр"],
}
PLANNED = {
    "en": ["will ", "is expected", "are expected", "scheduled", "plans to", "planned",
           "is set to", "upcoming", "is to "],
    "ru": ["встретится", "проведет", "проведёт", "примет участие", "планиру", "ожидает",
           "ожидается", "предполага", "намерен", "состоится", "предстоящ", "будет", "будут",
           "запланир"],
    "kk": ["жоспар", "күтіл", "алдағы", "келесі апта"],
}
# Kazakh intention/future: -мақ/-мек/-бақ/-бек/-пақ/-пек (кездеспек, талқыламақ).
KK_FUTURE = re.compile(r"\w{3,}(?:мақ|мек|бақ|бек|пақ|пек)$")
WINDOW = 3  # a negator negates a tone word up to this many words after it


@dataclass(frozen=True)
class PassageRules:
    pos: float          # cooperative words, negated ones moved to neg, hedged halved
    neg: float          # conflictual words, likewise
    negated: int        # tone words under a negator
    hedged: bool
    reported: bool
    parties: bool       # names a party of the relationship
    agenda: bool = False     # names what was discussed (protocol agenda)
    planned: bool = False    # announces what is planned or expected
    neg_third: float = 0.0   # conflictual words aimed at a third power, not the partner
    neg_partner: float = 0.0  # conflictual words in a passage naming the partner
    neg_outside: float = 0.0  # conflictual words an outside voice (not a party) speaks
    pos_ironic: float = 0.0   # cooperative words in scare quotes or beside a sarcasm marker

    def vector(self) -> list[float]:
        return [self.pos, self.neg, float(self.negated), float(self.hedged),
                float(self.reported), float(self.parties), float(self.agenda),
                float(self.planned), self.neg_third, self.neg_partner, self.neg_outside,
                self.pos_ironic]


RULE_FEATURES = ("pos", "neg", "negated", "hedged", "reported", "parties", "agenda",
                 "planned", "neg_third", "neg_partner", "neg_outside", "pos_ironic")


def _langs(language: str | None) -> tuple[str, ...]:
    return (language,) if language in POSITIVE else tuple(POSITIVE)


@cache
def _words(polarity: str, language: str) -> tuple[str, ...]:
    return tuple((POSITIVE if polarity == "positive" else NEGATIVE)[language])


@cache
def _any(words: tuple[str, ...], whole: bool = False) -> re.Pattern[str]:
    """Any of ``words`` at a word start; short words (and, with ``whole``, every word not
    listed as a stem in HEDGE_STEMS) must also end a word."""
    alts = [re.escape(w.strip()) + (r"\b" if not w.endswith(" ") and (
        len(w) <= 3 or (whole and w not in HEDGE_STEMS)) else "")
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


@cache
def _stems(polarity: str, language: str) -> tuple[str, ...]:
    """The single-word lexicon entries, matched as word starts (one ``str.startswith``)."""
    return tuple(w for w in _words(polarity, language) if " " not in w)


def _polar_hits(tokens: list[str], language: str) -> tuple[int, int, int]:
    """(positive, negative, negated) over tokens; a negated word counts for the other side."""
    pos = neg = negated = 0
    starts = {p: _stems(p, language) for p in ("positive", "negative")}
    for i, tok in enumerate(tokens):
        pol = next((p for p in ("negative", "positive") if tok.startswith(starts[p])), None)
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


def _scare_quoted(text: str) -> list[str]:
    """Short quoted fragments (at most SCARE_WORDS words): the outlet's scare quotes."""
    frags = ["".join(m.groups(default="")) for m in QUOTED.finditer(text)]
    return [f for f in frags if len(f.split()) <= SCARE_WORDS]


def passage_rules(text: str, language: str | None) -> PassageRules:
    """The written rules applied to one passage."""
    tokens = _tokens(text)
    pos = neg = negated = 0
    ironic = 0.0
    hedged = reported = agenda = planned = sarcastic = False
    low = f" {text.lower()} "
    quoted = [_tokens(f) for f in _scare_quoted(text)]
    for lg in _langs(language):
        p, n, g = _polar_hits(tokens, lg)
        pos, neg, negated = pos + p, neg + n, negated + g
        pos += _phrases("positive", lg, low)
        neg += _phrases("negative", lg, low)
        ironic += sum(_polar_hits(q, lg)[0] for q in quoted)
        sarcastic = sarcastic or bool(_any(tuple(SARCASM[lg])).search(low))
        hedged = hedged or bool(_any(tuple(HEDGES[lg]), True).search(low))
        reported = reported or bool(_any(tuple(REPORTED[lg])).search(low))
        agenda = agenda or bool(_any(tuple(AGENDA[lg])).search(low))
        planned = planned or bool(_any(tuple(PLANNED[lg])).search(low)) or (
            lg == "kk" and any(KK_FUTURE.match(t) for t in tokens))
    weight = 0.5 if hedged else 1.0
    partner = bool(PARTNER.search(low))
    third = bool(THIRD.search(low))
    outside = reported and bool(OUTSIDE.search(low))
    neg_w = neg * weight
    # a short quote in reported speech is the speaker's word, not the outlet's scare quote
    ironic = float(pos) if sarcastic else (0.0 if reported else min(ironic, float(pos)))
    return PassageRules((pos - ironic) * weight, neg_w, negated, hedged, reported,
                        bool(PARTIES.search(low)), agenda, planned,
                        neg_w if third and not partner else 0.0,
                        neg_w if partner and not outside else 0.0,
                        neg_w if outside else 0.0, ironic * weight)
