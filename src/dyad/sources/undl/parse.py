"""Parse the UN Digital Library General Assembly voting CSV (no store access here).

Documented columns: undl_id, ms_code, ms_name, ms_vote, date, session, resolution, draft,
committee_report, meeting, title, agenda_title, subjects, vote_note, total_yes, total_no,
total_abstentions, total_non_voting, total_ms, undl_link; ``ms_vote`` is Y, N, A or X
(X: non-voting). One row per resolution and member state.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from dyad.errors import LoadError

COLUMNS = ("undl_id", "ms_code", "ms_name", "ms_vote", "date", "session", "resolution", "draft",
           "committee_report", "meeting", "title", "agenda_title", "subjects", "vote_note",
           "total_yes", "total_no", "total_abstentions", "total_non_voting", "total_ms",
           "undl_link")
REQUIRED = ("undl_id", "ms_code", "ms_vote", "date", "resolution")
VOTES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}
URL = "https://digitallibrary.un.org/"


@dataclass(frozen=True)
class UndlVote:
    undl_id: str
    ms_code: str
    ms_name: str
    ms_vote: str
    vote: str
    date: dt.date
    session: int | None
    resolution: str
    draft: str
    title: str
    undl_link: str


def read_records(data: bytes, file: str) -> list[dict[str, str]]:
    """The file's records; a missing documented column is a bad file (LoadError)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise LoadError("not UTF-8 text", file=file) from e
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as e:
        raise LoadError(f"not a readable CSV: {e}", file=file, record="header") from e
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LoadError(f"not the UN Digital Library voting layout: header lacks "
                        f"{', '.join(missing)} (expected {', '.join(COLUMNS)})",
                        file=file, record="header")
    try:
        return [{(k or "").strip(): (v or "").strip() if isinstance(v, str) else ""
                 for k, v in r.items()} for r in reader]
    except csv.Error as e:
        raise LoadError(f"not a readable CSV: {e}", file=file,
                        record=f"line {reader.line_num}") from e


def parse_record(r: dict[str, str], file: str, line: int) -> UndlVote:
    """One vote; a bad record raises LoadError naming the field (the loader quarantines it)."""
    rec = f"line {line}"
    for f in REQUIRED:
        if not r.get(f):
            raise LoadError(f"{f} is empty", file=file, record=rec, field=f, raw=str(r))
    code = r["ms_vote"].upper()
    if code not in VOTES:
        raise LoadError(f"ms_vote must be one of Y, N, A, X, got {r['ms_vote']!r}", file=file,
                        record=rec, field="ms_vote", raw=str(r))
    try:
        date = dt.date.fromisoformat(r["date"][:10])
    except ValueError as e:
        raise LoadError(f"date is not YYYY-MM-DD: {r['date']!r}", file=file, record=rec,
                        field="date", raw=str(r)) from e
    session = None
    if r.get("session"):
        digits = "".join(ch for ch in r["session"] if ch.isdigit())
        if not digits:
            raise LoadError(f"session is not a number: {r['session']!r}", file=file,
                            record=rec, field="session", raw=str(r))
        session = int(digits)
    return UndlVote(r["undl_id"], r["ms_code"].upper(), r.get("ms_name", ""), code, VOTES[code],
                    date, session, r["resolution"], r.get("draft", ""), r.get("title", ""),
                    r.get("undl_link", ""))


def resolution_key(code: str | None) -> str | None:
    """'A/RES/70/5' and Voeten's 'R/70/5' both -> '70/5' (session/number); else None."""
    if not code:
        return None
    parts = [p for p in str(code).replace(" ", "").split("/") if p]
    nums = [p for p in parts if p[:1].isdigit()]
    if len(nums) < 2:
        return None
    sess = "".join(ch for ch in nums[-2] if ch.isdigit())
    num = "".join(ch for ch in nums[-1] if ch.isalnum())
    return f"{int(sess)}/{num.upper()}" if sess else None
