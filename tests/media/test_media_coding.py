"""Coders, metrics and the CLI contract (import / code / codes / evaluate)."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
from media_helpers import fast_encoder  # noqa: F401  (fixture)
from typer.testing import CliRunner

from dyad.cli import app
from dyad.coding.dictionary import DictionaryCoder, code_topics
from dyad.coding.evaluate import alpha, tone_scores, topic_scores
from dyad.coding.logistic import fit_logistic
from dyad.coding.sentences import is_list_mention, split_sentences, windows

RU = ("Стороны обсудили введение вторичных санкций против казахстанских компаний. "
      "Санкции могут затронуть банки.")
KK = "Екі ел арасындағы саудасы өсті. Саудадағы тауар айналымы екі есе артты."
ARTICLES = [
    {"id": "x1", "url": "https://e.kz/1", "outlet": "E", "outlet_country": "KZ", "language": "ru",
     "published": "2023-04-10", "title": "Санкции", "text": RU},
    {"id": "x2", "url": "https://e.kz/2", "outlet": "E", "outlet_country": "KZ", "language": "kk",
     "published": "2023-04-11", "title": None, "text": KK},
    {"id": "x3", "url": "https://e.us/3", "outlet": "W", "outlet_country": "US", "language": "en",
     "published": "2023-04-12", "title": "Talks",
     "text": "Secretary Blinken met President Tokayev in Astana. They discussed the Middle "
             "Corridor and rail transit across the Caspian Sea at length."},
]


def test_russian_and_kazakh_word_forms():
    assert "great_power_balance" in DictionaryCoder().code(RU, "ru")
    assert "trade_investment" in DictionaryCoder().code(KK, "kk")
    assert code_topics(RU, "ru") == DictionaryCoder().code(RU, "ru")


def test_list_items_are_not_topics():
    text = ("The ministers met in Astana. They touched on trade, energy, education and "
            "health in passing.")
    coded = DictionaryCoder().code(text, "en")
    assert "energy" not in coded and "health_environment" not in coded
    assert is_list_mention("trade, energy, education and health", 4, 1)
    assert not is_list_mention("Oil exports grew; oil prices rose.", 1, 2)


def test_sentence_split_keeps_abbreviations():
    sents = split_sentences("The U.S. Secretary arrived on Monday. He met Mr. Tileuberdi.\nNext.")
    assert sents == ["The U.S. Secretary arrived on Monday.", "He met Mr. Tileuberdi.", "Next."]


def test_windows_join_sentences_up_to_a_cap():
    sents = ["a" * 100, "b" * 100, "c" * 100, "d" * 400, "e" * 10]
    got = windows(sents, max_chars=320)
    assert got == [" ".join(sents[:3]), sents[3], sents[4]]
    assert " ".join(got).split() == " ".join(sents).split()


def test_metrics_on_a_constructed_case():
    gold = [["energy"], ["energy", "trade_investment"], []]
    pred = [["energy"], ["trade_investment"], ["energy"]]
    df = topic_scores(gold, pred).set_index("topic")
    assert (df.loc["energy", "tp"], df.loc["energy", "fp"], df.loc["energy", "fn"]) == (1, 1, 1)
    assert math.isclose(df.loc["micro", "f1"], 2 * 2 / (2 * 2 + 1 + 1))
    assert alpha([[1, 0, -1, 1], [1, 0, -1, 1]], "ordinal") == 1.0
    assert tone_scores([1, 0, -1], [1, 0, -1])["tone_accuracy"] == 1.0


def test_logistic_separates_a_linear_rule():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 2))
    y = (x[:, 0] - x[:, 1] > 0).astype(float)
    model = fit_logistic(x, y, l2=0.1)
    assert ((model.proba(x) > 0.5) == (y == 1)).mean() > 0.95


def test_cli_contract(tmp_path, fast_encoder):  # noqa: F811
    src = tmp_path / "a.jsonl"
    src.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ARTICLES), "utf-8")
    db = str(tmp_path / "s.duckdb")
    runner = CliRunner()
    out = runner.invoke(app, ["--db", db, "media", "import", str(src)])
    assert out.exit_code == 0, out.output
    assert "3 loaded" in out.output
    for coder in ("auto", "dictionary", "embedding"):
        out = runner.invoke(app, ["--db", db, "media", "code", "--coder", coder])
        assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["--db", db, "media", "codes", "--coder", "auto", "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["external_id", "coder", "topics", "tone"]
    assert sorted(r["external_id"] for r in rows) == ["x1", "x2", "x3"]
    assert all(r["coder"] == "auto" and r["tone"] in {"-1", "0", "1"} for r in rows)
    x3 = [t.strip() for t in next(r for r in rows if r["external_id"] == "x3")["topics"]
          .split(";")]
    assert "transport_connectivity" in x3
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({**a, "gold": {"topics": ["great_power_balance"],
                                                          "tone": -1}}, ensure_ascii=False)
                              for a in ARTICLES), "utf-8")
    out = runner.invoke(app, ["media", "evaluate", "--gold", str(gold), "--coder", "dictionary",
                              "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert "micro" in out.stdout and "tone_alpha_ordinal" in out.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "b", "gold": {"topics": ["nope"], "tone": 0}}\n', "utf-8")
    out = runner.invoke(app, ["media", "evaluate", "--gold", str(bad)])
    assert out.exit_code == 1
    assert "record b" in out.output and "nope" in out.output
