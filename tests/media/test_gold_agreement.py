"""Inter-coder reliability of the gold: a second coder's blind codes against the first
coding (`dyad media agreement`), on small hand-made files and on the shipped second coding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.api.media import gold_agreement
from dyad.cli import app
from dyad.coding.evaluate import alpha

DATA = Path(__file__).parent / "data"
SHARED_GOLD = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "articles-dev" \
    / "articles.jsonl"


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _gold(i: int, lang: str, tone: int, topics: list[str]) -> dict:
    return {"id": f"g{i}", "language": lang, "text": f"article {i}",
            "gold": {"topics": topics, "tone": tone}}


def test_agreement_matches_krippendorff_and_names_unmatched_ids(tmp_path):
    first_tones = [1, 1, 0, 0, -1, -1, 1, 0, -1, 1, 0, -1]
    second_tones = [1, 0, 0, 0, -1, -1, 1, 1, -1, 1, 0, 0]
    gold = _write(tmp_path / "gold.jsonl", [
        _gold(i, "ru" if i % 2 else "en", t, ["energy"]) for i, t in enumerate(first_tones)])
    second = _write(tmp_path / "second.jsonl", [
        {"id": f"g{i}", "topics": ["energy"] if i % 3 else ["security_defense"], "tone": t}
        for i, t in enumerate(second_tones)] + [{"id": "x9", "topics": [], "tone": 0}])
    res = gold_agreement([gold], second, boot=200)
    allrow = res["summary"].set_index("language").loc["all"]
    assert allrow["n"] == 12
    assert allrow["tone_alpha_nominal"] == pytest.approx(alpha([first_tones, second_tones]))
    assert allrow["tone_accuracy"] == pytest.approx(9 / 12)
    assert allrow["micro_f1"] == pytest.approx(8 / 12)  # 8 of 12 topic sets agree
    assert res["only_second"] == ["x9"] and res["only_first"] == []
    assert int(res["tones"].to_numpy().sum()) == 12
    assert set(res["summary"]["language"]) == {"all", "en", "ru"}


def test_cli_reports_a_bad_second_file_in_one_line(tmp_path):
    gold = _write(tmp_path / "gold.jsonl", [_gold(1, "en", 1, ["energy"])])
    bad = tmp_path / "second.jsonl"
    bad.write_text('{"id": "g1", "topics": ["energy"], "tone": 5}\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["media", "agreement", "--gold", str(gold), "--second",
                                 str(bad)])
    assert r.exit_code != 0
    assert "second.jsonl" in r.output and "tone" in r.output and "Traceback" not in r.output
    none = _write(tmp_path / "none.jsonl", [{"id": "zz", "topics": [], "tone": 0}])
    r = CliRunner().invoke(app, ["media", "agreement", "--gold", str(gold), "--second",
                                 str(none)])
    assert r.exit_code != 0 and "no article id in common" in r.output


@pytest.mark.skipif(not SHARED_GOLD.exists(),
                    reason="../shared/data/articles-dev is not on this machine")
def test_shipped_second_coding_covers_every_gold_article():
    res = gold_agreement([SHARED_GOLD, DATA / "articles-grown.jsonl"],
                         DATA / "second_coder.jsonl", boot=200)
    assert res["only_second"] == [] and res["only_first"] == []
    summary = res["summary"].set_index("language")
    assert summary.loc["all", "n"] >= 231
    assert summary.loc[["en", "ru", "kk"], "n"].sum() == summary.loc["all", "n"]
    # the interval brackets the estimate, per language
    for lang in ("all", "en", "ru", "kk"):
        lo, hi = (float(x) for x in summary.loc[lang, "nominal_95ci"].strip("[]").split(","))
        assert lo <= summary.loc[lang, "tone_alpha_nominal"] <= hi


def test_adjudication_record_matches_the_gold_and_both_codings():
    """Every adjudicated tone is a tone (one of the two independent codes, or rarely
    neither), the gold file holds it, and the first coder's original tone is kept, so the
    reliability measured before adjudication stays reproducible."""
    gold = {json.loads(line)["id"]: json.loads(line)
            for line in (DATA / "articles-grown.jsonl").read_text("utf-8").splitlines()}
    second = {json.loads(line)["id"]: json.loads(line)["tone"]
              for line in (DATA / "second_coder.jsonl").read_text("utf-8").splitlines()}
    rows = [json.loads(line) for line in
            (DATA / "adjudication.jsonl").read_text("utf-8").splitlines()]
    assert rows, "the adjudication record is empty"
    # the adjudicator sides with one of the two coders almost always
    assert sum(r["adjudicated"] in (r["first"], r["second"]) for r in rows) >= 0.95 * len(rows)
    seen = set()
    for r in rows:
        assert r["id"] not in seen
        seen.add(r["id"])
        assert r["first"] != r["second"], r["id"]
        assert r["second"] == second[r["id"]], r["id"]
        assert r["adjudicated"] in (-1, 0, 1), r["id"]
        assert gold[r["id"]]["gold"]["tone"] == r["adjudicated"], r["id"]
        assert r["rule"] and r["language"] == gold[r["id"]]["language"]
    # every grown article on which the two codings still disagree was adjudicated
    for i, art in gold.items():
        if i not in seen and i in second:
            assert art["gold"]["tone"] == second[i], f"{i}: disagreement not adjudicated"
