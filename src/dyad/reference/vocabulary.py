"""The one vocabulary: the five states, pairs, administrations and names, defined once.

Every layer imports these; none defines its own. Facts (dates, codes) come from the
shipped files in ``dyad/data`` through :mod:`dyad.reference.files`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyad.errors import UsageError
from dyad.reference.files import administrations

if TYPE_CHECKING:
    import pandas as pd

# The five Central Asian states, ISO2, alphabetical (countries.yaml marks them is_c5).
C5: tuple[str, ...] = ("KG", "KZ", "TJ", "TM", "UZ")
PAIRS: tuple[str, ...] = ("US-KZ", "US-UZ", "US-KG", "US-TJ", "US-TM", "US-C5")
PAIR_HELP = "US-KZ, US-UZ, US-KG, US-TJ, US-TM, or US-C5 (the five together)"
# The administrations a comparison shows when the user names none.
DEFAULT_ADMINS: tuple[str, ...] = ("obama", "trump1", "biden", "trump2")


@dataclass(frozen=True)
class Pair:
    """A dyad: the US side and one partner (or the five, for US-C5)."""

    key: str
    us: str
    partners: tuple[str, ...]

    @property
    def partner(self) -> str:
        """The partner's code: ISO2, or 'C5'."""
        return self.key.split("-", 1)[1]


def parse_pair(pair: str | None) -> Pair:
    """'US-KZ' -> Pair(us='US', partners=('KZ',)); 'US-C5' -> the five. Unknown: UsageError."""
    key = (pair or "US-KZ").strip().upper()
    if key not in PAIRS:
        raise UsageError(f"unknown pair {pair!r}; choose one of {', '.join(PAIRS)}")
    side = key.split("-", 1)[1]
    return Pair(key, "US", C5 if side == "C5" else (side,))


def partners_of(pair: str) -> list[str]:
    """'US-KZ' -> ['KZ']; 'US-C5' -> all five."""
    return list(parse_pair(pair).partners)


def dyads(pair: str, others: Sequence[str] = ()) -> list[tuple[str, str]]:
    """``US-KZ`` with others RU,CN -> (US,KZ), (RU,KZ), (CN,KZ); ``US-C5`` -> five pairs each."""
    parts = (pair or "").strip().upper().split("-")
    if len(parts) != 2 or not all(len(x) == 2 and x.isalnum() for x in parts):
        raise UsageError(f"pair must look like US-KZ (two ISO2 codes), not {pair!r}")
    first, side = parts
    partners = C5 if side == "C5" else (side,)
    out = [(first, x) for x in partners]
    for o in others:
        o = o.strip().upper()
        if len(o) != 2 or not o.isalpha():
            raise UsageError(f"other state must be an ISO2 code such as RU or CN, not {o!r}")
        out += [(o, x) for x in partners if (o, x) not in out]
    return out


def admin_keys(country: str = "US") -> list[str]:
    """Administration keys in office order (US: bush41 ... trump2)."""
    return [str(a["key"]) for a in administrations(country)]


def check_admins(keys: Iterable[str] | str | None) -> list[str]:
    """Validated US administration keys (comma-separated string or list); default four."""
    if keys is None:
        return list(DEFAULT_ADMINS)
    items = [k.strip() for k in keys.split(",")] if isinstance(keys, str) else list(keys)
    items = [k for k in items if k]
    known = admin_keys("US")
    bad = [k for k in items if k not in known]
    if bad or not items:
        raise UsageError(
            f"unknown administration {', '.join(bad) or '(none)'}; choose from {', '.join(known)}")
    return items


def admin_on(day: dt.date) -> str | None:
    """The US administration in office on a day (inauguration day: the new one), or None."""
    for a in administrations("US"):
        end = a["end_date"] or dt.date.max
        if a["start_date"] <= day < end:
            return str(a["key"])
    return None


def admins_of(dates: pd.Series) -> pd.Series:
    """US administration key for each date in a series (NA where none)."""
    import pandas as pd

    out = pd.Series(pd.NA, index=dates.index, dtype="object")
    d = pd.to_datetime(dates)
    for adm in administrations("US"):
        end = pd.Timestamp(adm["end_date"]) if adm["end_date"] else pd.Timestamp.max
        out[(d >= pd.Timestamp(adm["start_date"])) & (d < end)] = adm["key"]
    return out


def admin_span(key: str) -> tuple[dt.date, dt.date | None]:
    """Start and end (None while in office) of an administration."""
    for a in administrations():
        if a["key"] == key:
            return a["start_date"], a.get("end_date")
    raise UsageError(f"unknown administration {key!r}; choose from {', '.join(admin_keys())}")


# Words that are titles, not names, in 'Secretary of State Antony J. Blinken'-style strings.
TITLE_WORDS = frozenset({
    "president", "secretary", "minister", "deputy", "state", "of", "foreign", "affairs",
    "the", "mr", "mrs", "ms", "dr", "special", "envoy", "prime", "vice", "senator",
    "under", "assistant", "ambassador", "acting", "first", "jr", "sr", "u.s.", "us", "fm",
    "mr.", "ms.", "dr.", "representative", "rep", "sen", "chairman", "chair",
})


# words that end a gloss after a comma ("..., head of the U.S. delegation", "..., Co-Chairman,
# Commission on Security and Cooperation in Europe"), never a family name
GLOSS_WORDS = frozenset({
    "delegation", "commission", "committee", "caucus", "council", "europe", "osce", "nations",
    "states", "america", "kazakhstan", "uzbekistan", "kyrgyzstan", "tajikistan",
    "turkmenistan", "ministry", "department", "government", "republic", "house", "senate",
    "congress", "co-chairman", "co-chair", "head", "member", "members", "commissioner",
    "delegate", "samoa", "office", "bureau", "agency", "administration", "staff", "chief",
    "advisor", "adviser", "counselor", "security", "energy", "defense", "defence",
    "commerce", "treasury", "trade", "host",
})


def surname(name: str) -> str | None:
    """The family name in a participant string, lower-cased; a parenthetical is a gloss."""
    bare = re.sub(r"\([^)]*\)", " ", str(name))
    tokens = [t.strip(".") for t in re.split(r"[^\w\-'.]+", bare.lower()) if t]
    tokens = [t for t in tokens if len(t) > 1 and t not in TITLE_WORDS]
    return tokens[-1] if tokens else None


def surnames(names: Iterable[str] | None) -> set[str]:
    """Lower-cased family names of participant strings. A comma may separate a name from a
    gloss in either order ("Secretary X, head of the delegation"; "Chairman of the OSCE,
    Minister Y"), so each comma clause is read and gloss words are dropped."""
    out = set()
    for n in names or []:
        for clause in re.sub(r"\([^)]*\)", " ", str(n)).split(","):
            s = surname(clause)
            if s and s not in GLOSS_WORDS:
                out.add(s)
    return out
