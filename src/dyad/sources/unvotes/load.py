"""Load UN General Assembly roll calls, votes and issue codes into the store.

``load_unvotes(con, path)`` takes a folder or file in either layout of
:mod:`dyad.sources.unvotes.parse`, validates every record, quarantines bad ones with a
reason (unknown vote code, roll call without a session, duplicate or conflicting votes of
one state in one roll call, a state that cannot be mapped to ISO2) and upserts the rest in
one ingest run. Range checks: rcid 1-10^9, session 1-100, dates and years 1945-2100; a vote
for a roll call that is neither in the input nor in the store is quarantined. A file that
cannot be read (not UTF-8, not CSV) fails the whole load, which leaves the store as it was.
Re-running a load adds nothing: rows are keyed on rcid and (rcid, country). Where two
sources hold the same key the first loaded is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from dyad.errors import LoadError
from dyad.reference.files import countries, country_by_name
from dyad.sources.result import LoadResult
from dyad.sources.unvotes.parse import (
    DATAVERSE_REQUIRED,
    ISSUES,
    VOTE_CODES,
    VOTE_WORDS,
    find_inputs,
    read_table,
)
from dyad.store.provenance import IngestRun, ingest_run

ROW_QUARANTINE_CAP = 500  # beyond this many rows of one reason, one summary record
MAX_RCID = 10**9
SESSIONS = (1, 100)
YEARS = (1945, 2100)


@dataclass
class Parsed:
    roll_calls: pd.DataFrame
    votes: pd.DataFrame
    issues: pd.DataFrame


def _int(s: pd.Series) -> pd.Series:
    """Whole numbers of modest size (|n| < 10^12); anything else is NA."""
    num = pd.to_numeric(s.str.strip().str.slice(0, 20), errors="coerce")
    ok = num.notna() & (num == num.round()) & (num.abs() < 1e12)
    return num.where(ok).astype("Int64")


def _quarantine(run: IngestRun, bad: pd.DataFrame, reason: str, *, file: str,
                field: str, key: list[str], group: str | None = None) -> None:
    """Quarantine rows one by one up to a cap (the rest as one summary record); with
    ``group``, one record per value of that column (e.g. per unmapped country)."""
    if bad.empty:
        return
    if group is not None and group in bad:
        for value, g in bad.groupby(group, sort=True):
            run.quarantine(LoadError(
                f"{reason} ({len(g)} rows)", file=file, record=f"{group}={value}",
                field=field, raw={"rows": len(g), "first": g.iloc[0].to_dict(),
                                  "rcids": [str(x) for x in g["rcid"].head(20)]}))
            run.rows_quarantined += len(g) - 1
        return
    for i, (_, row) in enumerate(bad.iterrows()):
        if i >= ROW_QUARANTINE_CAP:
            rest = bad.iloc[ROW_QUARANTINE_CAP:]
            run.quarantine(LoadError(
                f"{reason} ({len(rest)} more rows like this; see the file)",
                file=file, record=f"{len(rest)} rows", field=field,
                raw={"rows": len(rest), "first": rest.iloc[0].to_dict()}))
            run.rows_quarantined += len(rest) - 1
            return
        rec = "/".join(str(row[k]) for k in key)
        run.quarantine(LoadError(reason, file=file, record=rec, field=field,
                                 raw=row.to_dict()))


def _dedupe(run: IngestRun, df: pd.DataFrame, key: list[str], value: list[str], *,
            file: str, what: str) -> pd.DataFrame:
    """Identical repeats: keep one, quarantine the copies. Conflicts: quarantine all."""
    dup_all = df.duplicated(key, keep=False)
    if not dup_all.any():
        return df
    groups = df[dup_all]
    n_distinct = groups.groupby(key, dropna=False)[value].nunique(dropna=False).max(axis=1)
    conflict_keys = n_distinct[n_distinct > 1].index
    idx = groups.set_index(key).index
    conflicting = groups[idx.isin(conflict_keys)]
    copies = groups[~idx.isin(conflict_keys)]
    extra = copies[copies.duplicated(key, keep="first")]
    _quarantine(run, conflicting.drop(columns=["_line"], errors="ignore"),
                f"conflicting {what}s for one key; none loaded", file=file,
                field="+".join(key), key=key)
    _quarantine(run, extra.drop(columns=["_line"], errors="ignore"),
                f"duplicate {what} (identical copy of a loaded row)", file=file,
                field="+".join(key), key=key)
    drop = conflicting.index.union(extra.index)
    return df.drop(index=drop)


def _roll_calls(run: IngestRun, raw: pd.DataFrame, file: str) -> pd.DataFrame:
    df = pd.DataFrame({"rcid": _int(raw["rcid"]),
                       "session": _int(raw["session"]) if "session" in raw else pd.NA})
    date_text = raw["date"].str.strip() if "date" in raw else pd.Series("", index=raw.index)
    dates = pd.to_datetime(date_text, format="%Y-%m-%d", errors="coerce").fillna(
        pd.to_datetime(date_text, format="%m/%d/%Y", errors="coerce"))  # Voeten raw
    df["date"] = dates.dt.date
    year_col = _int(raw["year"]) if "year" in raw else pd.Series(pd.NA, index=raw.index)
    df["year"] = pd.Series(dates.dt.year, index=raw.index).astype("Int64").fillna(year_col)
    imp = raw["importantvote"].str.strip().str.lower() if "importantvote" in raw else None
    df["importantvote"] = (imp.map({"1": True, "0": False, "true": True, "false": False})
                           if imp is not None else pd.NA)
    for col in ("amend", "para"):  # coded 1/0 in some releases and sessions; else NULL
        flag = raw[col].str.strip().str.lower() if col in raw else None
        df[col] = (flag.map({"1": True, "1.0": True, "0": False, "0.0": False, "true": True,
                             "false": False}) if flag is not None else pd.NA)
    for col in ("unres", "short", "descr"):
        df[col] = raw[col].where(raw[col].str.strip() != "") if col in raw else None
    year = df["year"].astype("Float64")
    checks = [
        (df["rcid"].isna(), "roll call id (rcid) missing or not an integer", "rcid"),
        (~df["rcid"].astype("Float64").between(1, MAX_RCID).fillna(False),
         f"roll call id (rcid) outside 1-{MAX_RCID}", "rcid"),
        (df["session"].isna(), "roll call without a session", "session"),
        (~df["session"].astype("Float64").between(*SESSIONS).fillna(False),
         f"session outside {SESSIONS[0]}-{SESSIONS[1]}", "session"),
        ((date_text != "") & dates.isna(), "date is neither YYYY-MM-DD nor M/D/YYYY "
         "(or an impossible day)", "date"),
        (year.notna() & ~year.between(*YEARS).fillna(False),
         f"date or year outside {YEARS[0]}-{YEARS[1]}", "date"),
    ]
    bad = pd.Series(False, index=df.index)
    for mask, reason, field in checks:
        mask = mask & ~bad
        _quarantine(run, raw[mask], reason, file=file, field=field, key=["rcid"])
        bad |= mask
    df = df[~bad]
    return _dedupe(run, df, ["rcid"], ["session", "date", "unres"], file=file,
                   what="roll call")


def _country_map_cow() -> dict[str, str]:
    return {str(c["cow_code"]): str(c["iso2"]) for c in countries() if c.get("cow_code")}


def _votes_unvotes(run: IngestRun, raw: pd.DataFrame, file: str) -> pd.DataFrame:
    code = raw["country_code"].str.strip().str.upper() if "country_code" in raw else \
        pd.Series("", index=raw.index)
    missing = code == ""
    if missing.any() and "country" in raw:
        names = raw.loc[missing, "country"].drop_duplicates()
        by_name = {n: country_by_name(n) or "" for n in names}
        code[missing] = raw.loc[missing, "country"].map(by_name)
    vote = raw["vote"].str.strip().str.lower().map(VOTE_WORDS)
    return _votes_checked(run, raw, pd.DataFrame(
        {"rcid": _int(raw["rcid"]), "country_iso2": code, "vote": vote}), file)


def _votes_checked(run: IngestRun, raw: pd.DataFrame, df: pd.DataFrame,
                   file: str) -> pd.DataFrame:
    checks = [
        (df["rcid"].isna(), "roll call id (rcid) missing or not an integer", "rcid"),
        (~df["rcid"].astype("Float64").between(1, MAX_RCID).fillna(False),
         f"roll call id (rcid) outside 1-{MAX_RCID}", "rcid"),
        (~df["country_iso2"].fillna("").str.fullmatch(r"[A-Z]{2}"),
         "country has no ISO2 code (and its name is not in countries.yaml)", "country_code"),
        (df["vote"].isna(), "unknown vote code", "vote"),
    ]
    bad = pd.Series(False, index=df.index)
    for mask, reason, field in checks:
        mask = mask & ~bad
        _quarantine(run, raw[mask], reason, file=file, field=field, key=["rcid"],
                    group="country" if field == "country_code" else None)
        bad |= mask
    return _dedupe(run, df[~bad], ["rcid", "country_iso2"], ["vote"], file=file,
                   what="vote")


def _issues_unvotes(run: IngestRun, raw: pd.DataFrame, file: str) -> pd.DataFrame:
    code = raw["short_name"].str.strip().str.lower()
    df = pd.DataFrame({"rcid": _int(raw["rcid"]), "issue_code": code,
                       "issue": raw["issue"].where(raw["issue"] != "") if "issue" in raw
                       else code.map(ISSUES)})
    bad = df["rcid"].isna() | ~code.isin(list(ISSUES))
    _quarantine(run, raw[bad], f"unknown issue code (expected one of {' '.join(ISSUES)}) "
                "or rcid not an integer", file=file, field="short_name", key=["rcid"])
    return _dedupe(run, df[~bad], ["rcid", "issue_code"], ["issue"], file=file,
                   what="issue code")


def _parse_dataverse(run: IngestRun, raw: pd.DataFrame, file: str) -> Parsed:
    missing = DATAVERSE_REQUIRED - set(raw.columns)
    if missing:
        raise LoadError(f"not a Voeten Dataverse table: columns {sorted(missing)} missing",
                        file=file)
    run.rows_in += len(raw)
    first = raw.drop_duplicates("rcid")
    roll_calls = _roll_calls(run, first, file)
    cow = _country_map_cow()
    ccode = raw["ccode"].str.strip().str.replace(r"\.0$", "", regex=True)
    iso2 = ccode.map(cow)
    for col in ("country_code", "iso2"):  # a release that carries ISO2 itself
        if col in raw:
            iso2 = iso2.fillna(raw[col].str.strip().str.upper().where(raw[col] != ""))
    unmapped = iso2.isna() & ccode.ne("")
    for c, n in ccode[unmapped].value_counts().items():
        run.quarantine(LoadError(
            f"COW country code {c} is not in countries.yaml ({n} votes); add the state "
            "there (cow_code, iso2) to load its votes", file=file, record=f"ccode {c}",
            field="ccode", raw={"ccode": c, "rows": int(n)}))
        run.rows_quarantined += int(n) - 1
    keep = ~unmapped
    vote = raw["vote"].str.strip().str.replace(r"\.0$", "", regex=True).map(VOTE_CODES)
    votes = _votes_checked(run, raw[keep], pd.DataFrame(
        {"rcid": _int(raw["rcid"]), "country_iso2": iso2, "vote": vote})[keep], file)
    flags = []
    for code, name in ISSUES.items():
        if code in first:
            hit = first[first[code].str.strip().isin(["1", "1.0", "TRUE", "true"])]
            flags.append(pd.DataFrame({"rcid": _int(hit["rcid"]), "issue_code": code,
                                       "issue": name}))
    issues = pd.concat(flags) if flags else pd.DataFrame(columns=["rcid", "issue_code", "issue"])
    return Parsed(roll_calls, votes, issues.dropna(subset=["rcid"]))


def parse(run: IngestRun, path: Path) -> tuple[str, Parsed]:
    layout, files = find_inputs(path)
    if layout == "unvotes":
        out = Parsed(*(pd.DataFrame() for _ in range(3)))
        for stem, f in files.items():
            raw = read_table(f)
            need = {"un_votes": {"rcid", "vote"}, "un_roll_calls": {"rcid", "session"},
                    "un_roll_call_issues": {"rcid", "short_name"}}[stem]
            if need - set(raw.columns):
                raise LoadError(f"columns {sorted(need - set(raw.columns))} missing",
                                file=str(f))
            run.rows_in += len(raw)
            if stem == "un_votes":
                out.votes = _votes_unvotes(run, raw, f.name)
            elif stem == "un_roll_calls":
                out.roll_calls = _roll_calls(run, raw, f.name)
            else:
                out.issues = _issues_unvotes(run, raw, f.name)
        return "unvotes", out
    parts = [_parse_dataverse(run, read_table(f), f.name) for f in files.values()]
    return "voeten-dataverse", Parsed(*(pd.concat([getattr(p, a) for p in parts])
                                        for a in ("roll_calls", "votes", "issues")))


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame, cols: list[str],
            ref: str, *, source: str, file_ref: str, run_id: int) -> int:
    if df.empty:
        return 0
    before = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    frame = df[cols].reset_index(drop=True)
    con.register("_incoming", frame)
    try:
        con.execute(
            f"INSERT OR IGNORE INTO {table} ({', '.join(cols)}, source, source_ref, ingest_run)"
            f" SELECT {', '.join(cols)}, ?, ? || {ref}, ? FROM _incoming",
            [source, file_ref + "#", run_id])
    finally:
        con.unregister("_incoming")
    after = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return int(after) - int(before)


def _orphans(run: IngestRun, con: duckdb.DuckDBPyConnection, parsed: Parsed,
             file: str) -> None:
    """Votes and issue codes of roll calls neither loaded now nor in the store: quarantined."""
    known = set(con.execute("SELECT rcid FROM roll_calls").fetchnumpy()["rcid"].tolist())
    if not parsed.roll_calls.empty:
        known |= {int(x) for x in parsed.roll_calls["rcid"].dropna()}
    for attr, what in (("votes", "vote"), ("issues", "issue code")):
        df = getattr(parsed, attr)
        if df.empty:
            continue
        orphan = ~df["rcid"].astype("Int64").isin(known)
        _quarantine(run, df[orphan], f"{what} for a roll call that does not exist (no such "
                    "rcid in the input or the store)", file=file, field="rcid", key=["rcid"])
        setattr(parsed, attr, df[~orphan])


def load_unvotes(con: duckdb.DuckDBPyConnection, path: str | Path) -> LoadResult:
    """Load a folder or file of UN votes in one run. ``details``: layout and the rows new
    in roll_calls, votes and roll_call_issues."""
    path = Path(path)
    with ingest_run(con, source="unvotes", source_ref=str(path)) as run:
        source, parsed = parse(run, path)
        ref = path.name
        _orphans(run, con, parsed, ref)
        loaded = {
            "roll_calls": _insert(
                con, "roll_calls", parsed.roll_calls,
                ["rcid", "session", "date", "year", "importantvote", "amend", "para", "unres",
                 "short", "descr"],
                "'rcid=' || rcid", source=source, file_ref=ref, run_id=run.run_id),
            "votes": _insert(
                con, "votes", parsed.votes, ["rcid", "country_iso2", "vote"],
                "'rcid=' || rcid || '/' || country_iso2", source=source, file_ref=ref,
                run_id=run.run_id),
            "roll_call_issues": _insert(
                con, "roll_call_issues", parsed.issues, ["rcid", "issue_code", "issue"],
                "'rcid=' || rcid || '/' || issue_code", source=source, file_ref=ref,
                run_id=run.run_id),
        }
        run.rows_loaded = sum(loaded.values())
    return LoadResult.of(run, layout=source, **loaded)
