"""Export the store's tables as CSV, Parquet, XLSX or Stata (.dta): safely and atomically.

- Atomic: every file is written under a temporary name in a staging folder beside the
  target and moved into place only when all of them are written; a failure is one line
  (:class:`ExportError`) and leaves no partial file.
- Safe for spreadsheets: text cells that a spreadsheet would run as a formula (starting
  with ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe, the
  OWASP rule, in CSV, XLSX and Stata; ``raw=True`` keeps them (an XLSX cell is then still
  stored as text, never as a live formula). Parquet is typed data for programs and is
  written as stored.
- XLSX: control characters XML cannot hold are removed; a cell longer than Excel's 32,767
  characters is cut with a note; sheet names are unique within Excel's 31 characters.
- Stata: column names made valid (letters, digits, ``_``; at most 32 characters; unique)
  with the original name as the variable label, and every type chosen explicitly (text,
  long text as strL, 0/1 for booleans, dates, int32 or double). Each rename and each
  conversion that changes a value is reported in ``notes``.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.holdings import exported_tables, read_table, table_to_parquet
from dyad.errors import DyadError, UsageError
from dyad.store.inspect import table_counts

__all__ = ["FORMATS", "ExportError", "export_tables", "neutralise_cell"]

FORMATS = ("csv", "parquet", "xlsx", "dta")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CELL = 32_767
XLSX_MAX_ROWS = 1_048_576
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STATA_NAME = re.compile(r"[^A-Za-z0-9_]")
_STATA_RESERVED = frozenset({
    "aggregate", "array", "boolean", "break", "byte", "case", "catch", "class", "colvector",
    "complex", "const", "continue", "default", "delegate", "delete", "do", "double", "else",
    "eltypedef", "end", "enum", "explicit", "export", "external", "float", "for", "friend",
    "function", "global", "goto", "if", "inline", "int", "local", "long", "matrix", "pointer",
    "quad", "real", "return", "rowvector", "scalar", "short", "string", "strl", "struct",
    "structdef", "switch", "template", "this", "throw", "transmorphic", "try", "typedef",
    "typename", "union", "unsigned", "using", "vector", "version", "virtual", "void",
    "volatile", "while", "_all", "_b", "_coef", "_cons", "_n", "_N", "_pi", "_pred", "_rc",
    "_skip",
})


class ExportError(DyadError):
    """An export that could not be written (nothing was left behind)."""

    exit_code = 1


def neutralise_cell(value: Any) -> Any:
    """A text value a spreadsheet would run as a formula, with a leading apostrophe
    (OWASP: =, +, -, @, tab, CR); anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_text(s: pd.Series) -> bool:
    """Object or string columns (pandas 3 reads VARCHAR as its ``str`` dtype)."""
    return s.dtype == object or isinstance(s.dtype, pd.StringDtype)


def _flatten(df: pd.DataFrame) -> pd.DataFrame:
    """Lists become ';'-joined text (for CSV, XLSX and Stata)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype != object:
            continue
        if out[col].map(lambda v: isinstance(v, list | tuple | np.ndarray)).any():
            out[col] = out[col].map(
                lambda v: ";".join(map(str, v)) if isinstance(v, list | tuple | np.ndarray)
                else v)
    return out


def _map_text(df: pd.DataFrame, fn: Callable[[str], Any]) -> pd.DataFrame:
    for col in df.columns:
        if _is_text(df[col]):
            df[col] = df[col].map(lambda v: fn(v) if isinstance(v, str) else v)
    return df


def _prepared(con: duckdb.DuckDBPyConnection, name: str, raw: bool) -> pd.DataFrame:
    df = _flatten(read_table(con, name))
    return df if raw else _map_text(df, neutralise_cell)


def export_tables(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: str | Path, *,
                  raw: bool = False, notes: list[str] | None = None) -> list[Path]:
    """Write every table of the store to ``out_dir`` in one format; return the files.

    All files are moved into place together once every one is written; on any failure
    none is (ExportError, one line). ``raw``: keep formula-like text as it is (see the
    module's docstring). ``notes``, if given, receives one line per renamed column or
    changed value.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot create the export folder {out}: {e.strerror or e}") from None
    said: list[str] = notes if notes is not None else []
    stage = Path(tempfile.mkdtemp(prefix=".dyad-export-", dir=out))
    current = ""
    try:
        staged: list[Path] = []
        if fmt == "xlsx":
            current = "dyad.xlsx"
            staged.append(_write_xlsx(con, stage / "dyad.xlsx", raw, said))
        for name in exported_tables(con) if fmt != "xlsx" else []:
            current = name
            path = stage / f"{name}.{fmt}"
            if fmt == "parquet":
                table_to_parquet(con, name, path)
            elif fmt == "csv":
                # every text field quoted: a CR inside one survives the round trip
                _prepared(con, name, raw).to_csv(path, index=False,
                                                 quoting=csv.QUOTE_NONNUMERIC)
            else:
                _write_dta(_prepared(con, name, raw), path, name, said)
            staged.append(path)
        written = []
        for path in staged:
            target = out / path.name
            os.replace(path, target)
            written.append(target)
        return written
    except DyadError:
        raise
    except Exception as e:  # noqa: BLE001  (any failure: one line, nothing left behind)
        first = (str(e).splitlines() or [""])[0]
        first = first if len(first) <= 160 else first[:157] + "..."
        raise ExportError(f"{fmt} export failed at {current or 'start'}: "
                          f"{type(e).__name__}: {first}; no file was written") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


# ---- xlsx ------------------------------------------------------------------------------

def _xlsx_text(value: str, where: str, cut: list[str]) -> str:
    value = _XML_ILLEGAL.sub("", value)
    if len(value) > XLSX_MAX_CELL:
        cut.append(where)
        value = value[: XLSX_MAX_CELL - 1] + "…"
    return value


def _clean_xlsx(df: pd.DataFrame, table: str, notes: list[str]) -> None:
    cut: list[str] = []
    for col in df.columns:
        if _is_text(df[col]):
            where = f"{table}.{col}"
            df[col] = df[col].map(
                lambda v, w=where: _xlsx_text(v, w, cut) if isinstance(v, str) else v)
    if cut:
        notes.append(f"xlsx: {len(cut)} cell(s) of {table} longer than {XLSX_MAX_CELL:,} "
                     f"characters were cut (first: {cut[0]})")


def _sheet_names(names: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
        candidate, i = base, 1
        while candidate.lower() in used:
            i += 1
            candidate = f"{base[: 31 - len(str(i)) - 1]}~{i}"
        used.add(candidate.lower())
        out[name] = candidate
    return out


def _write_xlsx(con: duckdb.DuckDBPyConnection, path: Path, raw: bool,
                notes: list[str]) -> Path:
    names = exported_tables(con)
    sheets = _sheet_names(names)
    counts = table_counts(con)
    for name in names:
        if counts.get(name, 0) >= XLSX_MAX_ROWS:
            raise UsageError(f"table {name} has {counts[name]:,} rows, more than an xlsx "
                             f"sheet holds; export it as csv or parquet")
    # xlsxwriter: fast, and told never to turn text into formulas or links
    options = {"strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with pd.ExcelWriter(path, engine="xlsxwriter",
                        engine_kwargs={"options": options}) as xw:
        for name in names:
            df = _prepared(con, name, raw)
            for col in df.select_dtypes(include=["datetimetz"]).columns:
                df[col] = df[col].dt.tz_localize(None)
            _clean_xlsx(df, name, notes)
            if sheets[name] != name:
                notes.append(f"xlsx: table {name} is sheet {sheets[name]}")
            df.to_excel(xw, sheet_name=sheets[name], index=False)
    return path


# ---- Stata -----------------------------------------------------------------------------

def _stata_names(columns: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for col in columns:
        name = _STATA_NAME.sub("_", str(col)) or "v"
        if name[0].isdigit():
            name = "_" + name
        if name in _STATA_RESERVED:
            name += "_"
        name = name[:32]
        base, i = name, 1
        while name.lower() in used:
            i += 1
            name = f"{base[: 32 - len(str(i)) - 1]}_{i}"
        used.add(name.lower())
        out[str(col)] = name
    return out


def _write_dta(df: pd.DataFrame, path: Path, table: str, notes: list[str]) -> None:
    df = df.copy()
    names = _stata_names([str(c) for c in df.columns])
    for old, new in names.items():
        if old != new:
            notes.append(f"dta: {table}.{old} renamed {new}")
    df.columns = [names[str(c)] for c in df.columns]
    strl: list[str] = []
    for col in df.columns:
        s = df[col]
        kind = str(s.dtype)
        if kind == "bool" or kind == "boolean":
            df[col] = s.astype("float64") if s.isna().any() else s.astype("int8")
        elif kind.startswith("datetime"):
            s = pd.to_datetime(s)
            df[col] = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) else s
        elif kind in ("Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32",
                      "UInt64", "int64", "uint64", "uint32"):
            vals = s.astype("float64")
            fits = vals.dropna().between(-2_147_483_647, 2_147_483_620).all()
            if fits and not s.isna().any():
                df[col] = s.astype("int32")
            elif vals.dropna().abs().gt(2**53).any():
                df[col] = s.map(lambda v: "" if pd.isna(v) else str(int(v)))
                notes.append(f"dta: {table}.{col} holds integers beyond 2^53 "
                             f"(Stata's exact range), stored as text")
            else:
                df[col] = vals
        elif kind == "object" and s.dropna().map(
                lambda v: isinstance(v, dt.date)).all() and s.notna().any():
            df[col] = pd.to_datetime(s)
        elif _is_text(s):
            if s.map(lambda v: isinstance(v, str) or v is None or v != v).all():
                df[col] = s.map(lambda v: "" if v is None or v != v else v)
            else:
                df[col] = s.map(_dta_text)
            if len(df) and df[col].map(lambda v: len(v.encode("utf-8"))).max() > 2045:
                strl.append(col)
    labels = {new: old[:80] for old, new in names.items()}
    df.to_stata(path, write_index=False, version=118, convert_strl=strl,
                variable_labels=labels, data_label=f"dyad table {table}"[:80])


def _dta_text(v: Any) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if hasattr(v, "isoformat"):
        return str(v.isoformat())
    return str(v)
