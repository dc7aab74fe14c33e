"""Capture–recapture coverage of the register: the estimators against hand-computed values,
the per-tier table on a store, the CLI and the report block."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from dyad.analysis.coverage import chapman, coverage, loglinear
from dyad.cli import app
from dyad.report.sections import ReportContext
from dyad.report.sections.coverage import render_block


def test_chapman_matches_the_formula():
    # n1 = 30, n2 = 20, m = 10: N = 31*21/11 - 1 = 58.18; var = 31*21*20*10/(11^2*12)
    got = chapman(30, 20, 10)
    assert got["estimate"] == pytest.approx(31 * 21 / 11 - 1)
    assert got["variance"] == pytest.approx(31 * 21 * 20 * 10 / (121 * 12))
    assert 40 <= got["ci_low"] < got["estimate"] < got["ci_high"]


def test_loglinear_independence_recovers_a_known_population():
    # three independent lists with capture probabilities .5, .6, .4 over N = 2000
    rng = np.random.default_rng(7)
    caps = pd.DataFrame({"a": rng.random(2000) < 0.5, "b": rng.random(2000) < 0.6,
                         "c": rng.random(2000) < 0.4})
    seen = caps[caps.any(axis=1)]
    got = loglinear(seen)
    assert got["ci_low"] < 2000 < got["ci_high"]
    assert got["model"] == "independence"
    assert abs(got["estimate"] - 2000) < 100
    alt = got["interaction"]
    assert alt is not None and alt["ci_low"] < alt["estimate"] < alt["ci_high"]


def test_three_lists_in_a_cell_use_the_log_linear_models(store):
    ids = [r[0] for r in store.execute(
        "SELECT contact_id FROM contacts WHERE us_level = 'foreign_minister' AND status ="
        " 'confirmed' ORDER BY date_start").fetchall()]
    store.executemany("INSERT INTO article_contact_links VALUES ('a1', ?, 1.0, 't')",
                      [[c] for c in ids[::2]])
    store.execute("CREATE TABLE event_candidates (contact_id VARCHAR)")
    store.executemany("INSERT INTO event_candidates VALUES (?)", [[c] for c in ids[::3]])
    t = coverage(store, "US-KZ").table
    row = t[(t["tier"] == "Secretary of State") & t["admin"].str.startswith("all")].iloc[0]
    assert row["lists"] == "curated,media,gdelt"
    # here the curated list holds every contact the others catch: nothing bounds the
    # unobserved cell, and the table says so rather than print a number
    assert row["sparse"] and "no identifiable log-linear model" in row["note"]


def test_coverage_on_the_shipped_register_with_a_second_list(store):
    # a fake second list: the media links of half the curated President contacts
    ids = [r[0] for r in store.execute(
        "SELECT contact_id FROM contacts WHERE us_level = 'head_of_state' AND status ="
        " 'confirmed' ORDER BY date_start").fetchall()]
    assert len(ids) > 10
    store.executemany("INSERT INTO article_contact_links (article_id, contact_id, score,"
                      " reason) VALUES ('a1', ?, 1.0, 'test')", [[c] for c in ids[::2]])
    cov = coverage(store, "US-KZ")
    assert cov.lists[-2:] == ["curated", "media"]
    assert len(cov.assumptions) == 3 and "Closed population" in cov.assumptions[0]
    t = cov.table
    assert set(t["tier"]) <= {"President", "Secretary of State", "other cabinet",
                              "deputies/envoys", "Congress"}
    pres = t[(t["tier"] == "President") & t["admin"].str.startswith("all")].iloc[0]
    assert "media" in pres["lists"]
    if not pres["sparse"]:
        assert pres["ci_low"] <= pres["estimate"] <= pres["ci_high"]
    else:
        assert pres["note"]
    sparse = t[t["sparse"]]
    assert (sparse["note"].str.len() > 0).all()
    html = render_block(ReportContext(store, "US-KZ", pd.Timestamp("2026-01-01").date()))
    assert "How complete" in html and "Assumption" in html and "Source:" in html


def test_coverage_cli_json(tmp_path):
    db = tmp_path / "c.duckdb"
    out = CliRunner().invoke(app, ["--db", str(db), "contacts", "coverage", "--pair", "US-KZ",
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["pair"] == "US-KZ" and doc["assumptions"] and "cells" in doc
    bad = CliRunner().invoke(app, ["--db", str(db), "contacts", "coverage", "--pair", "US-XX"])
    assert bad.exit_code != 0 and "choose one of US-KZ" in str(bad.exception)


def test_the_shipped_media_sample_is_not_a_capture_list(store):
    """The shipped articles are a purposive sample (chosen to show coding), so their links to
    contacts would break equal catchability: they never form the 'media' list."""
    from dyad.analysis.coverage import capture_frame

    linked = store.execute("SELECT count(*) FROM article_contact_links l JOIN articles a"
                           " USING (article_id) WHERE a.source = 'shipped'").fetchone()[0]
    assert linked > 0
    assert "media" not in capture_frame(store, "US-KZ").columns
