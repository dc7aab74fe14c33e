"""The media section says what the installed coder is worth, from the out-of-sample figures
its calibration stores, and never quotes in-sample ones."""

from __future__ import annotations

from dyad.coding.coders import load_calibration
from dyad.report.sections.media import validation_note


def _row(lang: str, n: int, alpha: float, f1: float) -> dict:
    return {"language": lang, "n": n, "tone_alpha_nominal": alpha, "nominal_95ci": "[0.1, 0.9]",
            "micro_f1": f1}


def test_note_quotes_leave_one_out_and_grouped_per_language_never_in_sample():
    cal = {"n_articles": 40, "metrics": {
        "auto leave-one-out": [_row("all", 40, 0.61, 0.8), _row("ru", 20, 0.52, 0.7)],
        "auto grouped CV (9 groups)": [_row("all", 40, 0.44, 0.78)],
        "auto in-sample (not a validation)": [_row("all", 40, 0.99, 0.95)],
        "embedding leave-one-out": [_row("all", 40, 0.2, 0.6)]}}
    text = validation_note(cal)
    assert "leave-one-out: all (n = 40): tone α 0.61 [0.1, 0.9], topic F1 0.80" in text
    assert "ru (n = 20): tone α 0.52" in text
    assert "grouped CV (9 groups): all (n = 40): tone α 0.44" in text
    assert "0.99" not in text and "0.95" not in text  # in-sample never quoted
    assert "0.20" not in text                           # another coder's figures neither


def test_a_calibration_without_figures_says_so():
    assert "no out-of-sample figures" in validation_note({"n_articles": 5})


def test_the_shipped_calibration_carries_grouped_figures_per_language():
    cal = load_calibration()
    grouped = [k for k in cal["metrics"] if k.startswith("auto grouped")]
    assert grouped, "refit with dyad media calibrate --groups ... --force"
    langs = {r["language"] for r in cal["metrics"][grouped[0]]}
    assert langs == {"all", "en", "ru", "kk"}
    assert "grouped CV" in validation_note(cal)
