"""Export the store's tables as CSV, Parquet, XLSX or Stata (.dta)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dyad.analysis.holdings import exported_tables, read_table, table_to_parquet

FORMATS = ("csv", "parquet", "xlsx", "dta")


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


def export_tables(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write every table of the store to ``out_dir`` in one format; return the files."""
    if fmt not in FORMATS:
        from dyad.errors import UsageError

        raise UsageError(f"--format: unknown export format {fmt!r}; valid: {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "xlsx":
        path = out / "dyad.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            for name in exported_tables(con):
                df = _flatten(read_table(con, name))
                for col in df.select_dtypes(include=["datetimetz"]).columns:
                    df[col] = df[col].dt.tz_localize(None)
                df.to_excel(xw, sheet_name=name[:31], index=False)
        return [path]
    for name in exported_tables(con):
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            table_to_parquet(con, name, path)
        elif fmt == "csv":
            _flatten(read_table(con, name)).to_csv(path, index=False)
        else:
            _write_dta(_flatten(read_table(con, name)), path)
        written.append(path)
    return written


def _write_dta(df: pd.DataFrame, path: Path) -> None:
    df = df.copy()
    df.columns = [c[:32] for c in df.columns]
    for col in df.columns:
        if df[col].dtype == object:
            df[col] = df[col].map(lambda v: "" if v is None else str(v)[:2045])
        elif str(df[col].dtype).startswith("datetime"):
            df[col] = pd.to_datetime(df[col]).dt.tz_localize(None) \
                if getattr(df[col].dt, "tz", None) else pd.to_datetime(df[col])
    df.to_stata(path, write_index=False, version=118)
