"""Human coding: export a coding sheet (CSV or XLSX), import it back, measure reliability.

The sheet has one row per sampled article (its text and metadata), one column per topic
key (enter 1 for a topic the article has, leave empty or 0 otherwise), ``tone`` (-1, 0,
1) and ``coder``. Imported codes are stored beside the machine coders' as coder
``human:NAME``. Reliability is Krippendorff's alpha across all chosen coders (nominal
per topic, ordinal for tone), as MAXQDA and quanteda report it, with the disagreements
listed. Cells that a spreadsheet would run as a formula (= + - @) are exported quoted.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyad.coding.evaluate import alpha
from dyad.reference.files import topic_keys
from dyad.store.provenance import LoadError, ingest_run

META = ["article_id", "external_id", "outlet", "outlet_country", "language", "published",
        "title", "text"]
TRUE = {"1", "x", "yes", "true", "1.0"}
FALSE = {"", "0", "no", "false", "0.0", "nan", "none"}


def _safe_cell(v: Any) -> Any:
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def export_sheet(con: duckdb.DuckDBPyConnection, path: Path, *, n: int = 50,
                 seed: int = 1) -> int:
    """Write a coding sheet for a random sample of ``n`` articles (stratified by outlet
    country); CSV or XLSX by the file suffix. Returns the number of rows."""
    df = con.execute(f"SELECT {', '.join(META)} FROM articles ORDER BY article_id").df()
    if len(df) > n:
        frac = n / len(df)
        df = (df.groupby("outlet_country", group_keys=False)
              .apply(lambda g: g.sample(max(1, round(len(g) * frac)), random_state=seed))
              .head(n))
    sheet = df.copy()
    for k in topic_keys():
        sheet[k] = ""
    sheet["tone"] = ""
    sheet["coder"] = ""
    sheet = sheet.map(_safe_cell)
    if path.suffix.lower() == ".xlsx":
        sheet.to_excel(path, index=False)
    else:
        sheet.to_csv(path, index=False)
    return len(sheet)


def _read(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".xlsx":
            return pd.read_excel(path, dtype=str).fillna("")
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as e:
        raise LoadError(f"cannot read coding sheet: {e}", file=str(path)) from None


def import_sheet(con: duckdb.DuckDBPyConnection, path: Path, coder: str | None = None) -> int:
    """Store a filled sheet's codes as ``human:NAME``; bad rows are quarantined."""
    df = _read(path)
    keys = topic_keys()
    need = {"article_id", "tone", *keys}
    if missing := sorted(need - set(df.columns)):
        raise LoadError(f"coding sheet lacks columns {missing}", file=str(path))
    known = {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()}
    with ingest_run(con, source="coding_sheet", source_ref=str(path)) as run:
        for i, rec in enumerate(df.to_dict("records"), start=2):
            run.rows_in += 1
            ref = str(rec.get("article_id") or f"row {i}")
            name = (coder or str(rec.get("coder") or "")).strip()
            try:
                topics, tone = _parse_row(rec, keys)
                if ref not in known:
                    raise ValueError("article_id is not in the store")
                if not name:
                    raise ValueError("no coder name (column coder or --coder)")
            except ValueError as e:
                field = "tone" if "tone" in str(e) else None
                run.quarantine(LoadError(str(e), file=str(path), record=ref, field=field,
                                         raw=rec))
                continue
            con.execute(
                "INSERT OR REPLACE INTO article_codes (article_id, coder, coder_version, topics,"
                " tone, coded_at, ingest_run) VALUES (?, ?, ?, ?, ?, current_timestamp, ?)",
                [ref, f"human:{name}", f"sheet:{path.name}", topics, tone, run.run_id])
            run.rows_loaded += 1
        return run.rows_loaded


def _parse_row(rec: dict[Any, Any], keys: list[str]) -> tuple[list[str], int | None]:
    topics = []
    for k in keys:
        cell = str(rec.get(k, "")).strip().lower()
        if cell in TRUE:
            topics.append(k)
        elif cell not in FALSE:
            raise ValueError(f"topic cell {k} = {cell!r} is not 1/x or empty/0")
    tone_cell = str(rec.get("tone", "")).strip()
    if tone_cell in ("", "nan"):
        return topics, None
    try:
        tone = int(float(tone_cell))
    except ValueError:
        raise ValueError(f"tone {tone_cell!r} is not -1, 0 or 1") from None
    if tone not in (-1, 0, 1):
        raise ValueError(f"tone {tone_cell!r} is not -1, 0 or 1")
    return topics, tone


def reliability(con: duckdb.DuckDBPyConnection, coders: list[str] | None = None
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(alpha per measure, disagreements) over articles coded by at least two coders.

    Default coders: every human coder plus ``auto``."""
    codes = con.execute("SELECT article_id, coder, topics, tone FROM article_codes").df()
    if coders is None:
        coders = sorted(c for c in codes["coder"].unique() if c.startswith("human:"))
        coders += ["auto"] if (codes["coder"] == "auto").any() else []
    codes = codes[codes["coder"].isin(coders)]
    counts = codes.groupby("article_id")["coder"].nunique()
    units = sorted(counts[counts >= 2].index)
    by: dict[tuple[str, str], Any] = {
        (str(r.article_id), str(r.coder)): r for r in codes.itertuples(index=False)}
    rows = []
    disagreements = []
    measures: list[tuple[str, str]] = [("tone", "ordinal")] + [(k, "nominal") for k in topic_keys()]
    for measure, level in measures:
        matrix: list[list[float | None]] = []
        for c in coders:
            row: list[float | None] = []
            for u in units:
                r = by.get((u, c))
                if r is None:
                    row.append(None)
                elif measure == "tone":
                    row.append(None if r.tone is None or _nan(r.tone) else float(r.tone))
                else:
                    row.append(1.0 if measure in list(r.topics) else 0.0)
            matrix.append(row)
        rows.append({"measure": measure, "level": level, "units": len(units),
                     "coders": len(coders), "alpha": alpha(matrix, level) if units else math.nan})
        for j, u in enumerate(units):
            vals = {c: matrix[i][j] for i, c in enumerate(coders) if matrix[i][j] is not None}
            if len(set(vals.values())) > 1:
                disagreements.append({"article_id": u, "measure": measure,
                                      **{c: vals.get(c) for c in coders}})
    return pd.DataFrame(rows), pd.DataFrame(disagreements)


def _nan(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False
