"""`dyad contacts candidates` and `accept ID --into-register` (into a temp copy of the
register, never the package). Records are written here after the Historian's schemas."""

from __future__ import annotations

import shutil

import yaml
from statehist_xml import trip, write_folder
from typer.testing import CliRunner

from dyad.api import open_store, shipped_register_dir
from dyad.cli import app
from dyad.sources.register.actors import read_actor_files
from dyad.sources.register.load import read_register, shipped_actor_files

runner = CliRunner()


def _setup(tmp_path):
    db = tmp_path / "store.duckdb"
    open_store(db).close()
    folder = write_folder(tmp_path / "hsg", trips={"kerry.xml": [
        trip(7001, "2015-06-01", "2015-06-01", "france", "France", who="kerry-john-forbes",
             name="John Forbes Kerry", locale="Paris",
             remarks="Discussed Kazakhstan's accession to the WTO with French officials."),
        trip(7002, "1999-03-01", "1999-03-01", "france", "France",
             who="albright-madeleine-korbel", name="Madeleine Korbel Albright",
             locale="Paris", remarks="Discussed Uzbekistan with French officials."),
    ]})
    out = runner.invoke(app, ["--db", str(db), "import", "statehist", str(folder)])
    assert out.exit_code == 0, out.output
    reg = tmp_path / "register"
    shutil.copytree(shipped_register_dir(), reg)
    return db, reg


def test_candidates_accept_into_register_and_refuse_an_unknown_participant(tmp_path):
    db, reg = _setup(tmp_path)
    listed = runner.invoke(app, ["--db", str(db), "contacts", "candidates", "--pair", "US-KZ",
                                 "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = yaml.safe_load(listed.output)
    assert [r["contact_id"] for r in rows] == ["statehist:trip-7001"]
    assert "do not say the Secretary of State met" in rows[0]["reason"]
    uz = runner.invoke(app, ["--db", str(db), "contacts", "candidates", "--pair", "US-UZ",
                             "--format", "json"])
    assert [r["contact_id"] for r in yaml.safe_load(uz.output)] == ["statehist:trip-7002"]

    before = (reg / "us_kz" / "2015.yaml").read_text("utf-8")
    ok = runner.invoke(app, ["--db", str(db), "contacts", "accept", "statehist:trip-7001",
                             "--into-register", "--register-dir", str(reg)])
    assert ok.exit_code == 0, ok.output
    after = (reg / "us_kz" / "2015.yaml").read_text("utf-8")
    # round trip: every line of the file is kept, in order, and only the entry is added
    old_lines, new_lines = before.splitlines(), after.splitlines()
    it = iter(new_lines)
    assert all(line in it for line in old_lines)
    assert len(new_lines) > len(old_lines)
    actors = read_actor_files(shipped_actor_files())
    parsed = list(read_register(reg / "us_kz" / "2015.yaml", actors))
    assert not [p for p in parsed if isinstance(p, Exception)]
    new = [p for p in parsed if p.record_id == "2015-06-01-kerry-paris"]
    assert len(new) == 1 and new[0].us_actors[0].actor == "john-kerry"
    assert new[0].sources[0].tier == "official"
    dates = [p.date_start for p in parsed]
    assert dates == sorted(dates)
    twice = runner.invoke(app, ["--db", str(db), "contacts", "accept", "statehist:trip-7001",
                                "--into-register", "--register-dir", str(reg)])
    assert twice.exit_code == 1 and "already has an entry" in twice.output

    albright = runner.invoke(app, ["--db", str(db), "contacts", "accept",
                                   "statehist:trip-7002", "--into-register",
                                   "--register-dir", str(reg)])
    assert albright.exit_code == 1
    assert len(albright.output.strip().splitlines()) == 1
    assert "us_participants" in albright.output and "data/actors" in albright.output
    assert not (reg / "us_uz" / "1999.yaml").exists()
