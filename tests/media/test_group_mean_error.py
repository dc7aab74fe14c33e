"""The error of a mean tone over a held-out group (what the report prints per administration
and outlet country), beside the per-article alpha: worked by hand on small groups."""

from __future__ import annotations

import math

import pytest

from dyad.coding.evaluate import GoldItem
from dyad.coding.validation import MEAN_ERROR, group_mean_error
from dyad.report.sections.media import validation_note


def _gold(tones: list[int], lang: str = "en", start: int = 0) -> list[GoldItem]:
    return [GoldItem(f"g{start + i}", "text", lang, None, [], t, {})
            for i, t in enumerate(tones)]


def _row(table, lang: str) -> dict:
    return table.set_index("language").loc[lang].to_dict()


def test_each_group_mean_is_compared_and_small_groups_are_left_out():
    # group a: gold mean 0.5 (10 articles), coder mean 0.3 -> error -0.2
    # group b: gold mean 0.0 (10 articles), coder mean 0.4 -> error +0.4
    # group c: 3 articles only -> not scored
    gold = _gold([1] * 5 + [0] * 5, "en") + _gold([0] * 10, "ru", 10) + _gold([1] * 3, "en", 20)
    tones = [1] * 3 + [0] * 7 + [1] * 4 + [0] * 6 + [-1] * 3
    groups = ["a"] * 10 + ["b"] * 10 + ["c"] * 3
    t = group_mean_error(gold, tones, groups, boot=50)
    row = _row(t, "all")
    assert row["groups"] == 2 and row["articles"] == 20
    assert row["mean_abs_error"] == pytest.approx(0.3)
    assert row["max_abs_error"] == pytest.approx(0.4)
    assert row["bias"] == pytest.approx(0.1)
    assert row["mae_95ci"] == "n too small"  # fewer than five groups: no interval
    # baseline: group a guessed as the mean of the other 13 articles (b's ten 0s, c's three
    # 1s: 3/13), off by 0.5 - 3/13; group b guessed as a's and c's (8/13), off by 8/13
    assert row["baseline_mae"] == pytest.approx(((0.5 - 3 / 13) + 8 / 13) / 2)
    assert _row(t, "en")["groups"] == 1 and _row(t, "en")["bias"] == pytest.approx(-0.2)
    assert _row(t, "ru")["bias"] == pytest.approx(0.4)
    assert _row(t, "kk")["groups"] == 0 and math.isnan(_row(t, "kk")["mean_abs_error"])


def test_uncoded_articles_do_not_count_and_a_perfect_coder_is_off_by_nothing():
    gold = _gold([1, 0, -1, 0, 1] * 12)
    groups = [f"w{i // 10}" for i in range(60)]
    t = group_mean_error(gold, [g.tone for g in gold], groups, boot=200)
    row = _row(t, "all")
    assert row["groups"] == 6 and row["mean_abs_error"] == 0.0 and row["mae_95ci"] == "[0.00, 0.00]"
    tones: list[int | None] = [g.tone for g in gold]
    tones[:5] = [None] * 5   # group w0 keeps 5 coded articles: below 10, not scored
    assert _row(group_mean_error(gold, tones, groups, boot=50), "all")["groups"] == 5


def test_the_interval_brackets_the_estimate_over_groups():
    gold = _gold([0] * 80)
    tones = ([1] * 2 + [0] * 8) * 4 + ([-1] * 5 + [0] * 5) * 4   # errors 0.2 x4, -0.5 x4
    groups = [f"w{i // 10}" for i in range(80)]
    row = _row(group_mean_error(gold, tones, groups, boot=500), "all")
    assert row["mean_abs_error"] == pytest.approx(0.35) and row["bias"] == pytest.approx(-0.15)
    lo, hi = (float(v) for v in row["mae_95ci"].strip("[]").split(","))
    assert 0.2 <= lo <= 0.35 <= hi <= 0.5


def test_the_report_quotes_the_group_error_beside_alpha():
    table = [{"language": "all", "groups": 19, "articles": 780, "mean_abs_error": 0.11,
              "mae_95ci": "[0.08, 0.14]", "max_abs_error": 0.3, "bias": -0.05,
              "baseline_mae": 0.2}]
    cal = {"n_articles": 791, "metrics": {
        "auto leave-one-out": [{"language": "all", "n": 791, "tone_alpha_nominal": 0.59,
                                "nominal_95ci": "[0.54, 0.63]", "micro_f1": 0.78}],
        f"{MEAN_ERROR} grouped CV: writer_groups (19 groups)": table}}
    text = validation_note(cal)
    assert ("writer_groups (19 groups): off by 0.11 on average [0.08, 0.14] over the 19 groups "
            "with at least 10 articles") in text
    assert "at most 0.30, bias -0.05 (guessing the other groups' mean: off by 0.20)" in text
    table[0]["baseline_mae"] = None   # an older table, or no other group to guess from
    assert "bias -0.05." in validation_note(cal) and "guessing" not in validation_note(cal)
    table[0]["groups"] = 0            # no group large enough: nothing quoted
    assert "off by" not in validation_note(cal)


def test_the_shipped_calibration_carries_the_group_error_per_language():
    from dyad.coding.coders import load_calibration

    metrics = load_calibration()["metrics"]
    kinds = [k for k in metrics if k.startswith(MEAN_ERROR)]
    assert kinds, "refit with dyad media calibrate --groups ... --force"
    for k in kinds:
        assert {r["language"] for r in metrics[k]} == {"all", "en", "ru", "kk"}
    assert "off by" in validation_note(load_calibration())


def test_evaluate_with_groups_prints_the_group_error(tmp_path, monkeypatch):
    """`dyad media evaluate --groups` prints the held-out groups' mean-tone error beside the
    figures (hashing encoder: the numbers do not matter here, the contract does)."""
    import json

    from typer.testing import CliRunner

    from dyad.cli import app
    from dyad.coding import encoder as encoder_module
    from dyad.coding.encoder import HashingEncoder

    enc = HashingEncoder(dim=256)
    monkeypatch.setattr(encoder_module, "default_encoder", lambda: enc)
    texts = {-1: "The United States imposed sanctions on Kazakhstan and threatened tariffs.",
             0: "The ministry of Kazakhstan published the schedule of the working group.",
             1: "Kazakhstan and the United States signed a strategic partnership agreement."}
    lines, groups = [], {}
    for i in range(30):
        tone = (-1, 0, 1)[i % 3]
        lines.append(json.dumps({"id": f"g{i}", "language": "en", "text": texts[tone] + f" {i}",
                                 "gold": {"topics": ["diplomacy_general"], "tone": tone}}))
        groups.setdefault(f"w{i // 10}", []).append(f"g{i}")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", "utf-8")
    gpath = tmp_path / "writers.json"
    gpath.write_text(json.dumps(groups), "utf-8")
    out = CliRunner().invoke(app, ["media", "evaluate", "--gold", str(gold), "--groups",
                                   str(gpath), "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert "mean_abs_error" in out.stdout and "baseline_mae" in out.stdout
