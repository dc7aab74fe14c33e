"""dyad.api habits: docstrings everywhere, datetime64 dates, lists as lists, an admin column,
public addresses for Historian sources."""

from __future__ import annotations

import inspect

import pandas as pd

import dyad.api as api


def test_every_public_function_has_a_docstring():
    missing = []
    for name in api.__all__:
        obj = getattr(api, name)
        if (inspect.isfunction(obj) or inspect.isclass(obj)) and not (obj.__doc__ or "").strip():
            missing.append(name)
    assert sorted(missing) == []
    assert "open_store" in api.__all__ and "build_pdf" in api.__all__


def test_contacts_have_datetime64_dates_lists_and_admin(store):
    df = api.list_contacts(store, "US-KZ")
    assert pd.api.types.is_datetime64_any_dtype(df["date_start"])
    assert "admin" in df.columns and df["admin"].notna().all()
    for col in ("topics", "sources", "us_participants", "source_tiers"):
        assert all(isinstance(v, list) for v in df[col]), col
    dels = api.deliverables(store, "US-KZ")
    assert pd.api.types.is_datetime64_any_dtype(dels["date_start"])


def test_historian_paths_become_public_urls():
    assert api.historian_url("president-travels/obama.xml#t1").startswith(
        "https://history.state.gov/departmenthistory/travels/president")
    assert api.historian_url("visits/kazakhstan.xml#v3").endswith("/visits")
    assert api.historian_url("https://example.org/a") == "https://example.org/a"
