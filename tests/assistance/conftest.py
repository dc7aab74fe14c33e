"""Assistance tests: new stores get the shipped assistance series even before the lead adds
``assistance`` to ``SHIPPED_MODULES`` (the patch is a no-op once it is there)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _shipped_assistance(monkeypatch):
    from dyad.sources.shipped import assistance
    from dyad.sources.shipped import load as shipped

    if assistance not in shipped.SHIPPED_MODULES:
        monkeypatch.setattr(shipped, "SHIPPED_MODULES", (*shipped.SHIPPED_MODULES, assistance))
