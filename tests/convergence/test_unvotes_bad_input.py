"""Bad input: unknown vote codes, roll calls without a session, duplicates, encodings."""

from __future__ import annotations

import pytest
from convergence_helpers import (
    DATAVERSE_COLUMNS,
    dataverse_row,
    roll_call,
    unvotes_dir,
    votes_of,
    write_csv,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.sources.unvotes.load import load_unvotes
from dyad.store import LoadError


def _count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def _reasons(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT reason FROM quarantine ORDER BY reason").fetchall()]


def test_unknown_vote_code_is_quarantined_with_its_row(store, tmp_path):
    folder = unvotes_dir(tmp_path / "u", votes_of(1, US="yes", KZ="maybe", RU="no"),
                         [roll_call(1, 50, "1995-12-01")])
    s = load_unvotes(store, folder)
    assert s.votes == 2 and s.quarantined == 1
    reason, field, raw = store.execute(
        "SELECT reason, field, raw FROM quarantine").fetchall()[0]
    assert reason == "unknown vote code" and field == "vote" and "maybe" in raw


def test_roll_call_without_session_is_quarantined(store, tmp_path):
    folder = unvotes_dir(tmp_path / "u", votes_of(1, US="yes") + votes_of(2, US="no"),
                         [roll_call(1, "", "1995-12-01"), roll_call(2, 50, "1995-12-02")])
    s = load_unvotes(store, folder)
    assert s.roll_calls == 1 and s.votes == 1
    # the roll call goes to quarantine, and with it its vote (no roll call to belong to)
    assert sorted(_reasons(store)) == [
        "roll call without a session",
        "vote for a roll call that does not exist (no such rcid in the input or the store)"]
    assert {r for (r,) in store.execute("SELECT record FROM quarantine").fetchall()} == {"1"}


def test_duplicate_and_conflicting_votes(store, tmp_path):
    votes = (votes_of(1, US="yes", KZ="yes") + votes_of(1, KZ="yes")     # identical copy
             + votes_of(2, US="no", KZ="yes") + votes_of(2, KZ="abstain"))  # conflict
    folder = unvotes_dir(tmp_path / "u", votes, [roll_call(1, 50, "1995-12-01"),
                                                 roll_call(2, 50, "1995-12-02")])
    s = load_unvotes(store, folder)
    loaded = store.execute("SELECT rcid, country_iso2, vote FROM votes ORDER BY ALL").fetchall()
    assert loaded == [(1, "KZ", "yes"), (1, "US", "yes"), (2, "US", "no")]
    reasons = _reasons(store)
    assert reasons.count("conflicting votes for one key; none loaded") == 2
    assert reasons.count("duplicate vote (identical copy of a loaded row)") == 1
    assert s.rows_in == 6 + 2 + 0
    assert s.votes + s.quarantined == 6


def test_encoding_error_fails_the_load_and_changes_nothing(store, tmp_path):
    folder = unvotes_dir(tmp_path / "u", votes_of(1, US="yes"), [roll_call(1, 50, "1995-12-01")])
    raw = (folder / "un_votes.csv").read_bytes() + "2,C\xf4te d'Ivoire,CI,yes\n".encode("latin-1")
    (folder / "un_votes.csv").write_bytes(raw)
    with pytest.raises(LoadError, match=r"un_votes.csv, record line 3, field encoding"):
        load_unvotes(store, folder)
    assert _count(store, "votes") == 0 and _count(store, "roll_calls") == 0
    status, error = store.execute(
        "SELECT status, error FROM ingest_runs WHERE source = 'unvotes'").fetchall()[0]
    assert status == "failed" and "UTF-8" in error


def test_rerun_adds_nothing(store, tmp_path):
    folder = unvotes_dir(tmp_path / "u", votes_of(1, US="yes", KZ="no"),
                         [roll_call(1, 50, "1995-12-01", important=1)],
                         [[1, "me", "Palestinian conflict"]])
    first = load_unvotes(store, folder)
    second = load_unvotes(store, folder)
    assert first.votes == 2 and first.roll_call_issues == 1
    assert (second.votes, second.roll_calls, second.roll_call_issues) == (0, 0, 0)
    src, ref = store.execute("SELECT source, source_ref FROM votes WHERE country_iso2 = 'KZ'"
                             ).fetchall()[0]
    assert src == "unvotes" and ref == "u#rcid=1/KZ"


def test_missing_column_is_a_bad_file(store, tmp_path):
    folder = tmp_path / "u"
    folder.mkdir()
    write_csv(folder / "un_votes.csv", ["rcid", "country"], [[1, "United States"]])
    write_csv(folder / "un_roll_calls.csv", ["rcid", "session"], [[1, 50]])
    with pytest.raises(LoadError, match="columns"):
        load_unvotes(store, folder)


def test_dataverse_layout_numeric_codes(store, tmp_path):
    rows = [dataverse_row(10, 60, 1, 2, "12/1/2005", me=1, important=1),   # US yes
            dataverse_row(10, 60, 2, 705, "12/1/2005", me=1, important=1),  # KZ abstain
            dataverse_row(10, 60, 8, 365, "12/1/2005", me=1, important=1),  # RU absent
            dataverse_row(10, 60, 9, 710, "12/1/2005", me=1, important=1),  # CN not a member
            dataverse_row(10, 60, 7, 704, "12/1/2005", me=1, important=1),  # UZ unknown 7
            dataverse_row(10, 60, 1, 999, "12/1/2005", me=1, important=1),  # ccode unknown
            dataverse_row(11, "", 1, 2, "12/2/2005")]                        # no session
    path = write_csv(tmp_path / "UNVotes.csv", DATAVERSE_COLUMNS, rows)
    s = load_unvotes(store, path)
    votes = dict(store.execute("SELECT country_iso2, vote FROM votes WHERE rcid = 10"
                               ).fetchall())
    assert votes == {"US": "yes", "KZ": "abstain", "RU": "absent", "CN": "nonmember"}
    rc = store.execute("SELECT session, date, year, importantvote, source FROM roll_calls"
                       ).fetchall()
    assert len(rc) == 1 and rc[0][0] == 60 and str(rc[0][1]) == "2005-12-01"
    assert rc[0][3] is True and rc[0][4] == "voeten-dataverse"
    assert store.execute("SELECT issue_code FROM roll_call_issues").fetchall() == [("me",)]
    reasons = " | ".join(_reasons(store))
    assert "unknown vote code" in reasons and "COW country code 999" in reasons
    assert "roll call without a session" in reasons
    assert s.rows_in == 7


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from(["US", "KZ", "RU", "cn", "", "X1"]),
                          st.text(max_size=8)), max_size=15))
def test_any_votes_file_is_loaded_or_quarantined(store, tmp_path_factory, rows):
    folder = unvotes_dir(tmp_path_factory.mktemp("h"),
                         [[r, "", c, v] for r, c, v in rows],
                         [roll_call(i, 50, "1995-12-01") for i in range(1, 5)])
    before = _count(store, "votes")
    s = load_unvotes(store, folder)
    assert s.rows_in == len(rows) + 4
    # a vote row is new, or quarantined, or already in the store from an earlier example
    assert _count(store, "votes") - before == s.votes
    assert s.votes + s.quarantined <= len(rows)
    assert set(v for (v,) in store.execute("SELECT DISTINCT vote FROM votes").fetchall()) <= {
        "yes", "no", "abstain", "absent", "nonmember"}


def test_dataverse_rdata_file(store, tmp_path):
    rdata = pytest.importorskip("rdata", reason="optional extra dyad[rdata] not installed")
    import numpy as np
    import pandas as pd

    # Voeten's raw file stores numbers as doubles and the date as M/D/YYYY text
    df = pd.DataFrame({"rcid": [10.0, 10.0, 10.0], "session": [60.0] * 3,
                       "vote": [1.0, 3.0, np.nan], "ccode": [2.0, 705.0, 365.0],
                       "importantvote": [1.0] * 3, "me": [1.0] * 3, "year": [2005.0] * 3})
    df["date"] = pd.Series(["12/1/2005"] * 3, dtype=object)
    df["unres"] = pd.Series(["R/60/10"] * 3, dtype=object)
    path = tmp_path / "UNVotesPublished.RData"
    rdata.write_rda(str(path), {"x": df})
    s = load_unvotes(store, path)
    assert dict(store.execute("SELECT country_iso2, vote FROM votes").fetchall()) == {
        "US": "yes", "KZ": "no"}
    assert s.quarantined == 1 and _reasons(store) == ["unknown vote code"]
    assert str(store.execute("SELECT date FROM roll_calls").fetchall()[0][0]) == "2005-12-01"


def test_rdata_reader_rejects_a_corrupt_file(store, tmp_path):
    pytest.importorskip("rdata", reason="optional extra dyad[rdata] not installed")
    path = tmp_path / "broken.RData"
    path.write_bytes(b"RDX2\nnot really")
    with pytest.raises(LoadError, match="broken.RData"):
        load_unvotes(store, path)
