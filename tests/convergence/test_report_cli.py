"""The report section and the CLI contract."""

from __future__ import annotations

import io
import json

import pandas as pd
from convergence_helpers import roll_call, unvotes_dir, votes_of
from typer.testing import CliRunner

from dyad.cli import app
from dyad.report.sections import ReportContext
from dyad.report.sections.convergence import render
from dyad.sources.unvotes.load import load_unvotes


def _small(tmp_path):
    votes, rcs = [], []
    cycle = ["yes", "no", "abstain"]
    for rcid in range(1, 31):
        session = 71 + rcid % 2
        rcs.append(roll_call(rcid, session, f"{2015 + session - 70}-12-0{1 + rcid % 5}",
                             important=int(rcid % 4 == 0)))
        votes += votes_of(rcid, US=cycle[rcid % 3], KZ=cycle[(rcid // 2) % 3],
                          RU=cycle[(rcid // 3) % 3], CN="yes")
    issues = [[r, ["me", "hr", "ec"][r % 3], "x"] for r in range(1, 31)]
    return unvotes_dir(tmp_path / "u", votes, rcs, issues)


def test_section_says_what_is_missing(store):
    import datetime as dt

    sec = render(ReportContext(con=store, pair="US-KZ", as_of=dt.date(2025, 1, 1)))
    assert "dyad import unvotes DIR" in str(sec.body)
    # documents ship as metadata and derived codes: the section says what they can bear
    assert "metadata and derived topic codes only" in str(sec.body)
    # without votes, agreement comes from the shipped derived series, which the section names
    assert "unga_agreement_voeten_1992_2019.csv" in str(sec.body)
    assert sec.missing == []


def test_section_with_votes_and_documents(store, tmp_path):
    import datetime as dt

    from dyad.coding.dictionary import DictionaryCoder
    from dyad.sources.documents.load import import_document

    load_unvotes(store, _small(tmp_path))
    p = tmp_path / "s.txt"
    p.write_text("TITLE: <script>x</script>\nISSUER: The White House\n-----\n"
                 "Energy and trade.\n", encoding="utf-8")
    import_document(store, str(p), coder=DictionaryCoder())
    sec = render(ReportContext(con=store, pair="US-KZ", as_of=dt.date(2025, 1, 1)))
    body = str(sec.body)
    assert body.count("<svg") >= 4 and sec.missing == []
    assert "Agreement by US administration that the data gives" in body
    assert "<script>x" not in body


def test_cli_unga_contract(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "c.duckdb")
    r = runner.invoke(app, ["--db", db, "import", "unvotes", str(_small(tmp_path)),
                            "--format", "json"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--pair", "US-KZ",
                            "--format", "csv"])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(io.StringIO(r.output))
    assert list(df.columns) == ["session", "year", "joint_votes", "agreement", "coincidence",
                                "votes", "series"]
    assert set(df["series"]) == {"store"}
    assert set(df["votes"]) == {"resolutions"}  # the default, echoed
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--votes", "all", "--format",
                            "csv"])
    assert set(pd.read_csv(io.StringIO(r.output))["votes"]) == {"all"}
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--pair", "US-KZ", "--others",
                            "RU,CN", "--by-issue", "--format", "csv"])
    df = pd.read_csv(io.StringIO(r.output))
    assert list(df.columns) == ["pair", "session", "year", "issue", "joint_votes",
                                "agreement", "coincidence", "votes", "series"]
    assert set(df["pair"]) == {"US-KZ", "RU-KZ", "CN-KZ"}
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--pair", "US-KZ", "--by",
                            "admin", "--intervals", "100", "--format", "json"])
    rows = json.loads(r.output)
    assert rows and {"admin", "agreement_lo", "agreement_hi"} <= set(rows[0])
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--pair", "US-KZ", "--issue",
                            "zz"])
    assert r.exit_code == 1 and "unknown issue code" in r.output


def test_cli_errors_name_the_file(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "c.duckdb")
    r = runner.invoke(app, ["--db", db, "convergence", "unga", "--important"])
    assert r.exit_code == 1 and "dyad import unvotes" in r.output  # not in the shipped series
    r = runner.invoke(app, ["--db", db, "import", "unvotes", str(tmp_path / "nope")])
    assert r.exit_code == 1 and "nope" in r.output
    doc = tmp_path / "d.txt"
    doc.write_text("Plain text without a header.\n", encoding="utf-8")
    r = runner.invoke(app, ["--db", db, "documents", "import", str(doc), "--format", "csv"])
    assert r.exit_code == 1 and "--issuer" in r.output
    r = runner.invoke(app, ["--db", db, "documents", "import", str(doc), "--issuer",
                            "Akorda, President of Kazakhstan", "--format", "csv"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["--db", db, "convergence", "documents", "--show", "list",
                            "--format", "json"])
    assert "KZ" in {d["issuer_group"] for d in json.loads(r.output)}
