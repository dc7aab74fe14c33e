"""Forecast tests build their own histories: a store without the shipped data around them."""

from __future__ import annotations

import pytest

from dyad_testing import SHIPPED_ROWS

# contract tables of other areas that these tests fill in their own, minimal shape
OWN_SHAPE = ("article_contact_links", "article_codes", "articles")


@pytest.fixture
def store(store):
    for table in SHIPPED_ROWS:
        store.execute(f"DELETE FROM {table}")
    for table in OWN_SHAPE:
        store.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    return store
