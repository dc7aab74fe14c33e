"""Synthetic GDELT 2.0 exports in exactly the real format, for scale tests and benchmarks.

Rows are drawn from a real export (the template): each synthetic row copies one real row's
fields (so event codes, QuadClass, Goldstein, mentions, geography and their joint
distribution are the real file's), with new event ids, dates spread over a period (the
lag between SQLDATE and DATEADDED drawn from the template's own lags), tone jittered,
and Central Asian actors injected: with probability ``ca_rate`` one side becomes KAZ, UZB,
KGZ, TJK or TKM (weights ``C5_WEIGHTS``) and the other the United States, Russia, China
or the template's own actor (``OTHER_WEIGHTS``). ``ca_rate`` defaults to 0.3 %, an
assumption of the order of the five states' share of GDELT events, not a measurement.
Rows sampled twice in one file share their SOURCEURL, so GDELT's repeated coding of one
article occurs as it does in the real stream. Lines are joined with Arrow kernels.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from dyad.sources.gdelt_events.schema import V2

C5_WEIGHTS = {"KAZ": 0.4, "UZB": 0.25, "KGZ": 0.15, "TJK": 0.1, "TKM": 0.1}
OTHER_WEIGHTS = {"USA": 0.35, "RUS": 0.25, "CHN": 0.2, "": 0.2}   # "" keeps the template's
NAMES = {"KAZ": "KAZAKHSTAN", "UZB": "UZBEKISTAN", "KGZ": "KYRGYZSTAN", "TJK": "TAJIKISTAN",
         "TKM": "TURKMENISTAN", "USA": "UNITED STATES", "RUS": "RUSSIA", "CHN": "CHINA"}


def read_template(path: Path) -> dict[str, np.ndarray]:
    """The template export's fields as strings, by column (61-column files only)."""
    rows = [line.rstrip("\r").split("\t")
            for line in path.read_text("utf-8").splitlines() if line]
    rows = [r for r in rows if len(r) == len(V2)]
    if not rows:
        raise ValueError(f"{path} has no 61-column GDELT 2.0 rows to sample from")
    cols = list(zip(*rows, strict=True))
    return {c: np.array(v, dtype=object) for c, v in zip(V2, cols, strict=True)}


def _lags(tpl: dict[str, np.ndarray]) -> np.ndarray:
    day = [dt.datetime.strptime(s, "%Y%m%d").date() for s in tpl["SQLDATE"]]
    added = [dt.datetime.strptime(s[:8], "%Y%m%d").date() for s in tpl["DATEADDED"]]
    return np.array([(a - d).days for a, d in zip(added, day, strict=True)], dtype=np.int64)


def generate(template: Path, out_dir: Path, *, rows: int, rows_per_file: int = 200_000,
             start: dt.date = dt.date(2015, 1, 1), end: dt.date = dt.date(2024, 12, 31),
             seed: int = 0, ca_rate: float = 0.003, zipped: bool = False) -> list[Path]:
    """Write ``rows`` synthetic rows as GDELT 2.0 export files; return their paths."""
    tpl = read_template(template)
    lags = _lags(tpl)
    rng = np.random.default_rng(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    n_files = max(1, -(-rows // rows_per_file))
    span = (end - start).days
    paths = []
    next_id = 1_000_000_000
    for k in range(n_files):
        n = min(rows_per_file, rows - k * rows_per_file)
        added = dt.datetime.combine(start, dt.time()) + dt.timedelta(
            days=span * k / max(1, n_files - 1) if n_files > 1 else 0)
        added = added.replace(minute=(added.minute // 15) * 15, second=0, microsecond=0)
        name = added.strftime("%Y%m%d%H%M%S") + ".export.CSV"
        data = _file_bytes(tpl, lags, rng, n, next_id, added, ca_rate, name)
        next_id += n
        path = out_dir / name
        if zipped:
            path = out_dir / (name + ".zip")
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(name, data)
        else:
            path.write_bytes(data)
        paths.append(path)
    return paths


def _file_bytes(tpl: dict[str, np.ndarray], lags: np.ndarray, rng: np.random.Generator,
                n: int, first_id: int, added: dt.datetime, ca_rate: float, name: str) -> bytes:
    t_rows = len(tpl["GLOBALEVENTID"])
    idx = rng.integers(0, t_rows, n)
    cols = {c: tpl[c][idx] for c in V2}
    cols["GLOBALEVENTID"] = np.arange(first_id, first_id + n).astype(str).astype(object)
    day = np.datetime64(added.date()) - lags[idx].astype("timedelta64[D]")
    ymd = np.char.replace(np.datetime_as_string(day, unit="D"), "-", "")
    cols["SQLDATE"] = ymd.astype(object)
    cols["MonthYear"] = np.char.ljust(ymd, 6).astype("U6").astype(object)
    cols["Year"] = ymd.astype("U4").astype(object)
    doy = (day - day.astype("datetime64[Y]")).astype(int)
    frac = day.astype("datetime64[Y]").astype(int) + 1970 + doy / 365.0
    cols["FractionDate"] = np.char.mod("%.4f", frac).astype(object)
    cols["DATEADDED"] = np.full(n, added.strftime("%Y%m%d%H%M%S"), dtype=object)
    tone = np.array([float(x) if x else 0.0 for x in cols["AvgTone"]])
    cols["AvgTone"] = np.char.mod("%.14g", tone + rng.normal(0, 0.5, n)).astype(object)
    cols["SOURCEURL"] = np.char.add(f"https://news.example/{name[:14]}/",
                                    idx.astype(str)).astype(object)
    _inject(cols, rng, n, ca_rate)
    arrays = [pa.array(cols[c], pa.string()) for c in V2]
    line = pc.binary_join_element_wise(*arrays, "\t")
    line = pc.binary_join_element_wise(line, pa.array(np.full(n, "", dtype=object),
                                                      pa.string()), "\n")
    return "".join(line.to_pylist()).encode("utf-8") if n < 1000 else _concat(line)


def _concat(arr: pa.Array) -> bytes:
    arr = pa.concat_arrays([arr]) if isinstance(arr, pa.ChunkedArray) else arr
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset:arr.offset + len(arr) + 1]
    return bytes(memoryview(arr.buffers()[2])[offsets[0]:offsets[-1]])


def _inject(cols: dict[str, np.ndarray], rng: np.random.Generator, n: int,
            ca_rate: float) -> None:
    hit = np.flatnonzero(rng.random(n) < ca_rate)
    if not len(hit):
        return
    c5 = rng.choice(list(C5_WEIGHTS), len(hit), p=list(C5_WEIGHTS.values()))
    other = rng.choice(list(OTHER_WEIGHTS), len(hit), p=list(OTHER_WEIGHTS.values()))
    c5_side = rng.integers(1, 3, len(hit))
    gov = rng.random((len(hit), 2)) < 0.5
    for j, i in enumerate(hit):
        sides = {int(c5_side[j]): str(c5[j]), 3 - int(c5_side[j]): str(other[j])}
        for s, code in sides.items():
            if not code:
                continue
            is_gov = bool(gov[j, s - 1])
            cols[f"Actor{s}Code"][i] = code + ("GOV" if is_gov else "")
            cols[f"Actor{s}Name"][i] = NAMES[code]
            cols[f"Actor{s}CountryCode"][i] = code
            cols[f"Actor{s}Type1Code"][i] = "GOV" if is_gov else ""
