"""Forecast tests build their own histories: a store without the shipped data around them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

# Test modules here import `shared_path` from "conftest", which resolves to this file:
# re-export the root conftest's helpers.
_spec = importlib.util.spec_from_file_location(
    "dyad_tests_root_conftest", Path(__file__).resolve().parents[1] / "conftest.py")
assert _spec and _spec.loader
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
shared_path = _root.shared_path

SHIPPED_ROWS = ("contacts", "contact_partners", "contact_sources", "deliverables",
                "contact_conflicts", "trade_flows")
# contract tables of other areas that these tests fill in their own, minimal shape
OWN_SHAPE = ("votes", "roll_calls", "roll_call_issues", "article_contact_links",
             "article_codes", "articles")


@pytest.fixture
def store(store):
    for table in SHIPPED_ROWS:
        store.execute(f"DELETE FROM {table}")
    for table in OWN_SHAPE:
        store.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    return store
