"""Read UN General Assembly voting data in its two public layouts into typed frames.

Layouts:

* **unvotes** (R package ``unvotes``, Voeten data): three tables ``un_votes``
  (rcid, country, country_code ISO2, vote yes/abstain/no), ``un_roll_calls`` (rcid,
  session, importantvote, date, unres, amend, para, short, descr) and
  ``un_roll_call_issues`` (rcid, short_name, issue), as CSV.
* **dataverse** (Erik Voeten, Harvard Dataverse hdl:1902.1/12379): one long table, one row
  per state and roll call: rcid, session, vote (1 yes, 2 abstain, 3 no, 8 absent, 9 not a
  member), ccode (Correlates of War), importantvote, date, unres, me nu di hr co ec
  (issue flags), year, and in newer releases short/descr/Country/Countryname. Read from CSV
  or, with the optional ``rdata`` package, from the published ``.RData`` file.

Every reader returns raw string-ish frames plus the file name; validation lives in
:mod:`dyad.sources.unvotes.load`.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from dyad.store.provenance import LoadError

ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
VOTE_CODES = {"1": "yes", "2": "abstain", "3": "no", "8": "absent", "9": "nonmember"}
VOTE_WORDS = {
    "yes": "yes", "y": "yes", "abstain": "abstain", "abstention": "abstain", "a": "abstain",
    "no": "no", "n": "no", "absent": "absent", "nonmember": "nonmember",
    "not a member": "nonmember", "non-member": "nonmember",
}
UNVOTES_FILES = ("un_votes", "un_roll_calls", "un_roll_call_issues")
DATAVERSE_REQUIRED = {"rcid", "session", "vote", "ccode"}


def read_text_csv(path: Path) -> pd.DataFrame:
    """A CSV as strings; a byte sequence that is not UTF-8 is a bad file (line named)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise LoadError(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "re-save the file as UTF-8",
            file=str(path), record=f"line {line}", field="encoding") from e
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                           na_values=[], low_memory=False)
    except pd.errors.ParserError as e:
        raise LoadError(f"not a readable CSV: {e}", file=str(path)) from e
    except pd.errors.EmptyDataError as e:
        raise LoadError("empty file", file=str(path)) from e


def read_rdata(path: Path) -> pd.DataFrame:
    """The one data frame in a Voeten ``.RData``/``.rda`` file (needs the ``rdata`` extra)."""
    try:
        import rdata
    except ImportError as e:
        raise LoadError("reading .RData needs the optional package 'rdata' "
                        "(pip install 'dyad[rdata]'); or convert the file to CSV",
                        file=str(path)) from e
    try:
        parsed = rdata.read_rda(str(path))
    except Exception as e:  # the reader raises many kinds on a corrupt file
        raise LoadError(f"not a readable R data file: {type(e).__name__}: {e}",
                        file=str(path)) from e
    frames = [v for v in parsed.values() if isinstance(v, pd.DataFrame)]
    if len(frames) != 1:
        raise LoadError(f"expected one data frame in the file, found {len(frames)}",
                        file=str(path))
    df = frames[0].reset_index(drop=True)
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_float_dtype(s):
            # R stores integer codes as doubles: write 1.0 as "1".
            whole = s.isna() | (s == s.round())
            if bool(whole.all()):
                out[col] = s.astype("Int64").astype("string").fillna("").astype(str)
            else:
                out[col] = s.astype("string").fillna("").astype(str)
        else:
            out[col] = s.astype("string").fillna("").astype(str)
    return out


def read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() in (".rdata", ".rda"):
        return read_rdata(path)
    return read_text_csv(path)


def find_inputs(path: Path) -> tuple[str, dict[str, Path]]:
    """Which layout a folder or file holds, and its files.

    A folder with ``un_votes.csv`` and ``un_roll_calls.csv`` is the unvotes layout (its
    subfolders are ignored); otherwise every ``*.csv``/``*.RData`` in it whose columns
    include rcid, session, vote and ccode is a Dataverse file.
    """
    if path.is_dir():
        named = {p.stem.lower(): p for p in sorted(path.iterdir())
                 if p.suffix.lower() == ".csv"}
        if "un_votes" in named and "un_roll_calls" in named:
            return "unvotes", {k: named[k] for k in UNVOTES_FILES if k in named}
        files = {p.name: p for p in sorted(path.iterdir())
                 if p.suffix.lower() in (".csv", ".rdata", ".rda")}
        if not files:
            raise LoadError("no un_votes.csv/un_roll_calls.csv and no Dataverse CSV or "
                            "RData file in the folder", file=str(path))
        return "dataverse", files
    if not path.exists():
        raise LoadError("no such file or folder", file=str(path))
    stem = path.stem.lower()
    if stem in UNVOTES_FILES:
        return "unvotes", {stem: path}
    return "dataverse", {path.name: path}
