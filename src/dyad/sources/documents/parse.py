"""Parse strategy documents and joint statements: header block, paragraphs, issuer, language.

A file may start with a header block of ``KEY: value`` lines (TITLE, ISSUER, DATE, URL,
COMPLETENESS, NOTE, ...) closed by a line of dashes or equals signs; without one, the
caller supplies title, issuer and date. Paragraphs are blank-line separated blocks; inside
a block each line is its own paragraph unless it continues a hard-wrapped sentence (the
previous line does not end a sentence and this one starts in lower case). Separator lines,
``--- label ---`` lines (where an excerpt came from) and ``[excerpt ends]`` markers are
not text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from dyad.reference.files import countries
from dyad.store.provenance import LoadError

HEADER_KEY = re.compile(r"^([A-Z][A-Z_ ]{1,30}):\s*(.*)$")
SEPARATOR = re.compile(r"^\s*[-=_*]{5,}\s*$")
LABEL = re.compile(r"^\s*---\s.*\s---\s*$")
EXCERPT_END = re.compile(r"\[excerpt ends\]", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?:;)\]\"”»]\s*$")
DATE_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
EXTRA_US = ("white house", "department of state", "state department", "u.s.")
KAZAKH_LETTERS = set("әғқңөұүһі")


@dataclass
class ParsedDocument:
    title: str
    issuer: str
    date: dt.date | None
    date_text: str | None
    url: str | None
    header: dict[str, str] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)
    language: str = "en"

    @property
    def completeness(self) -> str | None:
        return self.header.get("COMPLETENESS")

    @property
    def note(self) -> str | None:
        return self.header.get("NOTE")


def decode(data: bytes, file: str, encoding: str = "utf-8") -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LoadError(
            f"not valid {encoding} (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "re-save as UTF-8 or pass --encoding", file=file, record=f"line {line}",
            field="encoding") from e
    except LookupError as e:
        raise LoadError(f"unknown encoding {encoding!r}", file=file, field="encoding") from e


def parse_date(text: str | None) -> dt.date | None:
    """The leading YYYY[-MM[-DD]] of a date field (month or year only: its first day)."""
    if not text:
        return None
    m = DATE_PREFIX.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def split_header(text: str) -> tuple[dict[str, str], str]:
    """A leading ``KEY: value`` block closed by a separator line; a line without a key
    continues the previous value. No separator within 60 lines: no header."""
    lines = text.splitlines()
    header: dict[str, str] = {}
    last = None
    for i, line in enumerate(lines[:60]):
        if SEPARATOR.match(line) and header:
            return header, "\n".join(lines[i + 1:])
        m = HEADER_KEY.match(line)
        if m:
            last = m.group(1).strip()
            header[last] = m.group(2).strip()
        elif last is not None and line.strip():
            header[last] = (header[last] + " " + line.strip()).strip()
        elif last is None:
            break
    return {}, text


def paragraphs(body: str) -> list[str]:
    out: list[str] = []
    for block in re.split(r"\n\s*\n", body):
        current: list[str] = []
        for raw in block.splitlines():
            if SEPARATOR.match(raw) or LABEL.match(raw):
                continue
            line = EXCERPT_END.sub("", raw).strip()
            if not line:
                continue
            if current and not SENTENCE_END.search(current[-1]) and line[:1].islower():
                current[-1] = current[-1] + " " + line
            else:
                current.append(line)
        out.extend(current)
    return [p for p in out if re.search(r"\w", p)]


def language_of(text: str) -> str:
    letters = [c for c in text.lower() if c.isalpha()]
    cyr = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    if len(cyr) < 0.3 * max(len(letters), 1):
        return "en"
    return "kk" if sum(c in KAZAKH_LETTERS for c in cyr) > 0.01 * len(cyr) else "ru"


def _mentions(text: str) -> set[str]:
    low = text.lower()
    found = set()
    for c in countries():
        names = [str(n).lower() for n in c["names"]] + [c["name"].lower()]
        if c["iso2"] == "US":
            names += list(EXTRA_US)
        for n in names:
            if re.search(r"(?<![\w.])" + re.escape(n) + r"(?!\w)", low):
                found.add(str(c["iso2"]))
                break
    return found


def issuer_group(issuer: str, title: str = "") -> str:
    """Who speaks: US, KZ, US-KZ (joint), C5+1, ...

    States named inside parentheses count only for joint statements (issuer or title says
    "joint"), so "U.S. Department of State (... visit to Kazakhstan ...)" is the US alone.
    """
    joint = "joint" in (issuer + " " + title).lower() or "c5+1" in issuer.lower()
    text = issuer if joint else re.sub(r"\([^)]*\)", " ", issuer)
    found = _mentions(text)
    c5 = {str(c["iso2"]) for c in countries() if c.get("is_c5")}
    if "US" in found and (c5 <= found or "c5+1" in issuer.lower()):
        return "C5+1"
    if not found:
        return "other"
    if "US" in found and len(found) > 1:
        return "-".join(["US"] + sorted(found - {"US"}))
    return "-".join(sorted(found))


def parse_document(text: str, file: str, *, title: str | None = None,
                   issuer: str | None = None, date: str | None = None,
                   url: str | None = None) -> ParsedDocument:
    """Header block (or the given metadata) and paragraphs; options override the header."""
    header, body = split_header(text)
    t = title or header.get("TITLE") or Path(file).stem.replace("-", " ").replace("_", " ")
    who = issuer or header.get("ISSUER")
    if not who:
        raise LoadError("no issuer: the file has no ISSUER: header line; pass --issuer",
                        file=file, field="ISSUER")
    date_text = date or header.get("DATE")
    when = parse_date(date_text)
    if date_text and when is None:
        raise LoadError(f"date {date_text!r} does not start with YYYY, YYYY-MM or YYYY-MM-DD",
                        file=file, field="DATE")
    paras = paragraphs(body)
    if not paras:
        raise LoadError("no text after the header", file=file, field="text")
    u = url or header.get("URL")
    u = u.split()[0] if u and u.startswith(("http://", "https://")) else None
    return ParsedDocument(title=t, issuer=who, date=when, date_text=date_text, url=u,
                          header=header, paragraphs=paras,
                          language=language_of(" ".join(paras)))


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s[:80] or "document"
