"""The shipped data as a source: reference tables, the curated register and the dataset
modules of this package, loaded into a store once per version (by checksum)."""

from __future__ import annotations

import hashlib

import duckdb

from dyad.reference import files
from dyad.sources.register.load import (
    load_register,
    load_sweeps,
    shipped_actor_files,
    shipped_register_files,
    shipped_sweep_files,
)
from dyad.sources.shipped import (
    assistance,
    documents_profiles,
    idealpoints,
    kz_partners,
    media_sample,
    trade,
    unga_agreement,
)
from dyad.store.provenance import ingest_run

# Dataset modules: each defines NAME, FILES (paths under dyad/data) and load(con, run).
SHIPPED_MODULES = (trade, idealpoints, assistance, kz_partners, media_sample,
                   documents_profiles, unga_agreement)
REFERENCE_FILES = ("countries.yaml", "administrations.yaml", "codebook.yaml")


def _loaded_checksum(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute("SELECT checksum FROM reference_versions WHERE name = ?", [name]).fetchone()
    return str(row[0]) if row else None


def _mark(con: duckdb.DuckDBPyConnection, name: str, checksum: str) -> None:
    con.execute(
        "INSERT OR REPLACE INTO reference_versions (name, checksum, loaded_at)"
        " VALUES (?, ?, current_timestamp)",
        [name, checksum],
    )


def _load_reference_tables(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("DELETE FROM countries")
    con.execute("DELETE FROM country_names")
    con.execute("DELETE FROM administrations")
    con.execute("DELETE FROM topics")
    n = 0
    for c in files.countries():
        con.execute(
            "INSERT INTO countries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [c["iso2"], c["iso3"], c["name"], c.get("census_cty_code"), c.get("cow_code"),
             c.get("un_m49"), bool(c.get("is_c5")), None],
        )
        for v in {str(x).lower() for x in c["names"]}:
            con.execute("INSERT OR IGNORE INTO country_names VALUES (?, ?)", [v, c["iso2"]])
        n += 1
    for a in files.administrations():
        con.execute(
            "INSERT INTO administrations VALUES (?, ?, ?, ?, ?, ?, ?)",
            [a["key"], a["country"], a["president"], a.get("party"), a["start_date"],
             a.get("end_date"), a["source_url"]],
        )
        n += 1
    for key, t in files.codebook().items():
        con.execute(
            "INSERT INTO topics VALUES (?, ?, ?, ?)",
            [key, t["vector"], t["label"], t["definition"]],
        )
        n += 1
    return n


def register_checksum() -> str:
    """One checksum over the offices, actors, register and sweep-log files shipped."""
    digest = hashlib.sha256(files.data_text("offices.yaml").encode("utf-8"))
    for path in [*shipped_actor_files(), *shipped_register_files(), *shipped_sweep_files()]:
        digest.update(str(path.relative_to(path.parents[1])).encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_shipped_data(con: duckdb.DuckDBPyConnection) -> None:
    """Load shipped files whose checksum the store does not hold yet."""
    ref_sum = "".join(files.checksum(n) for n in REFERENCE_FILES)
    if _loaded_checksum(con, "reference") != ref_sum:
        with ingest_run(con, source="reference", source_ref="dyad/data") as run:
            run.rows_in = run.rows_loaded = _load_reference_tables(con)
            _mark(con, "reference", ref_sum)
    reg_sum = register_checksum()
    if _loaded_checksum(con, "register") != reg_sum:
        with ingest_run(con, source="curated", source_ref="dyad/data/register") as run:
            load_register(con, shipped_register_files(), run)
            load_sweeps(con, shipped_sweep_files())
            _mark(con, "register", reg_sum)
    _ensure_shipped_modules(con)


def _ensure_shipped_modules(con: duckdb.DuckDBPyConnection) -> None:
    """Load each shipped dataset module whose files changed."""
    for module in SHIPPED_MODULES:
        name = f"shipped:{module.NAME}"
        checksum = "".join(files.checksum(f) for f in module.FILES)
        if _loaded_checksum(con, name) == checksum:
            continue
        with ingest_run(con, source=name, source_ref="dyad/data/" + ",".join(module.FILES)) as run:
            module.load(con, run)
            _mark(con, name, checksum)
