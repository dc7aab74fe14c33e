"""Shipped datasets beyond the core reference files, loaded into every new store.

Each module here defines ``NAME`` (a key for ``reference_versions``), ``FILES`` (paths
under ``dyad/data``) and ``load(con, run)``, which loads them inside the given ingest run.
The store loads a module's data again only when the files' checksum changes.
"""
