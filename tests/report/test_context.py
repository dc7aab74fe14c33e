"""The report's shared per-build results: the contacts frame is queried once and no section can
change what the next one reads; the ideal-point table is computed once per section."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dyad.analysis.convergence_idealpoints import admin_means, by_admin, distance_frame
from dyad.report.sections import ReportContext
from dyad.report.sections import contacts as contacts_section


def test_contacts_are_shared_but_a_caller_cannot_change_them(store):
    ctx = ReportContext(store, "US-KZ", dt.date(2026, 1, 1))
    first = ctx.contacts()
    before = first.copy()
    assert len(first) > 50
    first["scratch"] = "changed"             # what a section does to its own frame
    first.loc[first.index[0], "kind"] = "changed"
    again = ctx.contacts()
    assert "scratch" not in again.columns
    pd.testing.assert_frame_equal(again, before)
    # a whole section build (it adds columns to its frame) leaves the shared frame as it was
    contacts_section.render(ctx)
    pd.testing.assert_frame_equal(ctx.contacts(), before)
    assert sum(1 for k in ctx.memo if k[0] == "contacts") == 1


def test_admin_means_from_one_distance_frame_equals_by_admin(store):
    pairs = [("US", "KZ"), ("RU", "KZ")]
    yearly, draws = distance_frame(store, pairs)
    pd.testing.assert_frame_equal(admin_means(yearly, draws, pairs), by_admin(store, pairs))
