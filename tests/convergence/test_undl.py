"""The UN Digital Library voting CSV importer and its reconciliation with the Voeten votes.

The sample (tests/sources/samples/undl_votes.csv) is written by hand from the library's
documented column layout (undl_id, ms_code, ms_name, ms_vote Y/N/A/X, date, session,
resolution, ..., undl_link); its record ids are invented and no library data is copied.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.errors import LoadError
from dyad.sources.undl.parse import parse_record, read_records, resolution_key

SAMPLE = Path(__file__).resolve().parents[1] / "sources" / "samples" / "undl_votes.csv"
UNVOTES = Path(__file__).resolve().parents[1] / "sources" / "samples" / "unvotes"


def test_import_maps_codes_and_is_idempotent(store) -> None:
    from dyad.api import import_undl_votes

    r = import_undl_votes(store, SAMPLE)
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined) == (8, 8, 0)
    again = import_undl_votes(store, SAMPLE)
    assert again.rows_loaded == 0
    votes = dict(store.execute("SELECT country_iso2 || ':' || resolution, vote FROM undl_votes")
                 .fetchall())
    assert votes["KZ:A/RES/78/2"] == "abstain" and votes["RU:A/RES/78/2"] == "absent"
    assert votes["US:A/RES/77/1"] == "no"


def test_bad_vote_code_is_quarantined_nothing_lost(store, tmp_path: Path) -> None:
    from dyad.api import import_undl_votes

    bad = tmp_path / "bad.csv"
    bad.write_text(SAMPLE.read_text().replace("KAZAKHSTAN,Y,", "KAZAKHSTAN,Q,", 1))
    r = import_undl_votes(store, bad)
    assert (r.rows_loaded, r.rows_quarantined) == (7, 1)
    q = store.execute("SELECT field, reason FROM quarantine").fetchall()
    assert q[0][0] == "ms_vote" and "Y, N, A, X" in q[0][1]


def test_moved_header_fails_the_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="header lacks"):
        read_records(b"id,code,vote\n1,KAZ,Y\n", "x.csv")


def test_resolution_keys_match_across_sources() -> None:
    assert resolution_key("A/RES/70/5") == resolution_key("R/70/5") == "70/5"
    assert resolution_key("") is None


def test_reconciliation_on_common_sessions(store) -> None:
    from dyad.api import import_undl_votes, import_unvotes, reconcile_undl_voeten

    import_unvotes(store, UNVOTES)
    import_undl_votes(store, SAMPLE)
    rec = reconcile_undl_voeten(store)
    assert not rec.by_session.empty
    assert set(rec.by_session["session"]) <= {77, 78}
    assert (rec.by_session["share_identical"].dropna().between(0, 1)).all()
    # every mismatch names both votes
    assert rec.mismatches.columns.tolist() == ["session", "resolution", "country_iso2",
                                               "undl_vote", "voeten_vote"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["undl_id", "ms_code", "ms_vote", "date", "session",
                                        "resolution"]), st.text(max_size=12)))
def test_fuzz_parse_record_raises_only_load_errors(rec: dict[str, str]) -> None:
    with contextlib.suppress(LoadError):
        parse_record(rec, "fuzz.csv", 2)
