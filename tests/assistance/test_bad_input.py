"""Bad input to the country-file loader: clear errors naming file, row and field; nothing
lost (bad records are quarantined with their raw text); re-import adds nothing. The files are
small samples written in the country file's documented layout (made-up figures)."""

from __future__ import annotations

import pytest
from assistance_helpers import COUNTRY_HEADER, country_row, write_csv

from dyad.errors import LoadError
from dyad.sources.foreign_assistance.load import load_foreign_assistance


def _sample(tmp_path):
    rows = [
        country_row("KAZ", "Kazakhstan", "2", "2010", "1000", "1300"),
        country_row("KAZ", "Kazakhstan", "3", "2010", "-250", "-320"),        # kept: negative
        country_row("KAZ", "Kazakhstan", "2", "1976tq", "10", "40"),         # transition quarter
        country_row("KAZ", "Kazakhstan", "2", "2150", "5", "5"),             # FY out of range
        country_row("K@Z", "Kazakhstan", "2", "2011", "5", "5"),             # unknown code
        country_row("KAZ", "Kazakhstan", "2", "2010", "1000", "1300"),       # duplicate
        country_row("UZB", "Uzbekistan", "2", "2010", "abc", "5"),           # bad amount
        country_row("UZB", "Uzbekistan", "9", "2010", "5", "5"),             # unknown type
        country_row("TJK", "Tajikistan", "2", "2010", "7", ""),              # constant missing
    ]
    rows[7][7] = "Grants"
    return write_csv(tmp_path / "country.csv", COUNTRY_HEADER, rows)


def test_bad_records_are_quarantined_with_file_row_and_field(bare_store, tmp_path):
    path = _sample(tmp_path)
    s = load_foreign_assistance(bare_store, path)
    assert (s.rows_in, s.rows_loaded, s.rows_quarantined) == (9, 4, 5)
    q = bare_store.execute("SELECT record, field, reason, raw FROM quarantine ORDER BY record"
                           ).fetchall()
    by_row = {r[0]: r for r in q}
    assert by_row["row 5"][1] == "Fiscal Year" and "out of range" in by_row["row 5"][2]
    assert by_row["row 6"][1] == "Country Code" and "unknown country code" in by_row["row 6"][2]
    assert "duplicate row" in by_row["row 7"][2] and "row 2" in by_row["row 7"][2]
    assert by_row["row 8"][1] == "current_amount"
    assert by_row["row 9"][1] == "Transaction Type ID"
    assert all(r[3] for r in q)                     # the raw record is kept: nothing lost
    stored = dict(bare_store.execute(
        "SELECT transaction_type || fiscal_year || transition_quarter, current_usd"
        " FROM assistance").fetchall())
    assert stored["disbursements2010false"] == -250
    assert stored["obligations1976true"] == 10
    again = load_foreign_assistance(bare_store, path)
    assert again.rows_loaded == 0
    n = bare_store.execute("SELECT count(*) FROM assistance").fetchone()
    assert n is not None and n[0] == 4


def test_a_revised_amount_replaces_the_row(bare_store, tmp_path):
    one = write_csv(tmp_path / "a.csv", COUNTRY_HEADER,
                    [country_row("KAZ", "Kazakhstan", "2", "2010", "1000", "1300")])
    load_foreign_assistance(bare_store, one)
    two = write_csv(tmp_path / "b.csv", COUNTRY_HEADER,
                    [country_row("KAZ", "Kazakhstan", "2", "2010", "1100", "1400")])
    assert load_foreign_assistance(bare_store, two).rows_loaded == 1
    assert bare_store.execute("SELECT current_usd FROM assistance").fetchall() == [(1100.0,)]


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty"),
    ('"Country Code","Country Name"\n"KAZ","Kazakhstan"\n', "missing columns"),
    ("\xff\xfe\x00garbage", "not a readable CSV"),
])
def test_bad_files_raise_and_leave_the_store_as_it_was(bare_store, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(LoadError, match=message) as e:
        load_foreign_assistance(bare_store, path)
    assert str(path) in str(e.value)
    n = bare_store.execute("SELECT count(*) FROM assistance").fetchone()
    assert n is not None and n[0] == 0


def test_truncated_file_rolls_back(bare_store, tmp_path):
    path = write_csv(tmp_path / "t.csv", COUNTRY_HEADER,
                     [country_row("KAZ", "Kazakhstan", "2", "2010", "1000", "1300")])
    with path.open("a", encoding="utf-8") as f:
        f.write('"KAZ","Kazakhstan","4"\n')
    with pytest.raises(LoadError, match="row 3"):
        load_foreign_assistance(bare_store, path)
    n = bare_store.execute("SELECT count(*) FROM assistance").fetchone()
    assert n is not None and n[0] == 0
    failed = bare_store.execute("SELECT status FROM ingest_runs ORDER BY run_id DESC LIMIT 1"
                                ).fetchone()
    assert failed == ("failed",)


@pytest.mark.parametrize(("args", "message", "code"), [
    (["assistance", "table", "--country", "XX"], "unknown country code 'XX'", 2),
    (["assistance", "compare", "--admins", "nixon"], "unknown administration nixon", 2),
    (["assistance", "compare", "--rule", "spent"], "unknown attribution rule", 2),
    (["assistance", "table", "--types", "grants"], "unknown transaction type grants", 2),
    (["import", "foreign-assistance", "/nonexistent.csv"], "no such file", 1),
])
def test_cli_errors_are_one_line(tmp_path, _store_template, monkeypatch, capsys, args, message,
                                 code):
    import shutil

    from dyad.cli import main

    shutil.copyfile(_store_template, tmp_path / "s.duckdb")
    monkeypatch.setattr("sys.argv", ["dyad", "--db", str(tmp_path / "s.duckdb"), *args])
    with pytest.raises(SystemExit) as e:
        main()
    err = capsys.readouterr().err
    assert e.value.code == code
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
