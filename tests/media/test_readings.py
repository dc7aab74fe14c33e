"""The tone model is fitted to every independent reading of an article's tone (first coder,
second coder, final code): soft targets from the second coding and the adjudication record,
with one-line errors for bad files and the same fit as before when there is one reading."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.api.media import read_readings
from dyad.cli import main
from dyad.coding.evaluate import GoldItem
from dyad.coding.readings import attach_readings, describe, read_adjudication, tone_targets
from dyad.coding.tone_model import class_balance, class_weights, fit_tone, onehot
from dyad.errors import LoadError, UsageError

DATA = Path(__file__).parent / "data"


def _g(i: str, tone: int | None) -> GoldItem:
    return GoldItem(i, f"text {i}", "en", None, ["energy"], tone, {})


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_targets_are_the_mean_of_first_second_and_final():
    gold = [_g("agree", 1), _g("overruled", 0), _g("upheld", -1), _g("ref", 1), _g("alone", 0)]
    second = [_g("agree", 1), _g("overruled", 0), _g("upheld", 0), _g("ref", 0)]
    # "overruled": the first coder said 1, the adjudicator sided with the second (0);
    # "upheld": the first coder's -1 was kept against the second's 0;
    # "ref": a disagreement never adjudicated (a reference code): the final code counts twice.
    first = {"overruled": 1, "upheld": -1}
    items = attach_readings(gold, second, first)
    t = tone_targets(items)
    assert np.allclose(t[0], [0, 0, 1])
    assert np.allclose(t[1], [0, 2 / 3, 1 / 3])
    assert np.allclose(t[2], [2 / 3, 1 / 3, 0])
    assert np.allclose(t[3], [0, 1 / 3, 2 / 3])
    assert np.allclose(t[4], [0, 1, 0]) and items[4].readings == ()
    assert describe(items) == {"targets": describe(items)["targets"], "n_second_coded": 4,
                               "n_disagreements": 3}


def test_one_hot_targets_fit_exactly_as_hard_labels():
    rng = np.random.default_rng(5)
    y = np.array([1] * 20 + [0] * 8 + [-1] * 6)
    x = rng.normal(size=(len(y), 4)) + y[:, None]
    hard = fit_tone(x, y, l2=1.0)
    soft = fit_tone(x, y, l2=1.0, targets=onehot(y))
    assert np.allclose(hard.coef, soft.coef) and hard.temperature == soft.temperature
    # class balance: each class's total weight is alike, with hard or soft targets
    w = class_weights(y)
    assert np.isclose(w[y == 1].sum(), w[y == -1].sum())
    t = onehot(y) * 0.8 + 0.2 / 3
    assert np.allclose((t * class_balance(t)).sum(axis=0), len(y) / 3)
    with pytest.raises(ValueError):
        fit_tone(x, y, l2=1.0, targets=np.ones((len(y), 3)))


def test_a_split_reading_makes_the_model_less_sure():
    rng = np.random.default_rng(2)
    y = np.array([1] * 25 + [0] * 25)
    x = rng.normal(size=(50, 2)) + y[:, None] * 1.5
    t = onehot(y)
    t_soft = t.copy()
    t_soft[:25] = [0, 0.5, 0.5]  # half the positives were read as neutral by another coder
    sure = fit_tone(x, y, 0.1, temperature=False).proba(x[:25])[:, 2].mean()
    unsure = fit_tone(x, y, 0.1, temperature=False, targets=t_soft).proba(x[:25])[:, 2].mean()
    assert unsure < sure


def test_bad_adjudication_lines_are_one_line_errors(tmp_path):
    ok = _write(tmp_path / "adj.jsonl", [{"id": "m1", "first": 1, "second": 0,
                                          "adjudicated": 0}])
    assert read_adjudication(ok) == {"m1": 1}
    neither = _write(tmp_path / "neither.jsonl", [{"id": "m2", "first": 1, "second": -1,
                                                   "adjudicated": 0}])
    assert read_adjudication(neither) == {"m2": 1}  # the adjudicator may choose neither
    cases = [
        ({"id": "m1", "first": 2, "second": 0, "adjudicated": 0}, "first"),
        ({"id": "m1", "first": 1, "second": 0, "adjudicated": "0"}, "adjudicated"),
        ({"first": 1, "second": 0, "adjudicated": 0}, "id"),
        ({"id": "m1", "first": True, "second": 0, "adjudicated": 0}, "first"),
    ]
    for rec, field in cases:
        bad = _write(tmp_path / "bad.jsonl", [rec])
        with pytest.raises(LoadError) as e:
            read_adjudication(bad)
        msg = e.value.describe()
        assert "bad.jsonl" in msg and field in msg and "\n" not in msg
    twice = _write(tmp_path / "twice.jsonl", [{"id": "m1", "first": 1, "second": 0,
                                               "adjudicated": 0}] * 2)
    with pytest.raises(LoadError, match="twice"):
        read_adjudication(twice)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(
    st.text(max_size=40),
    st.fixed_dictionaries({"id": st.text(max_size=5), "first": st.integers(-2, 2),
                           "second": st.integers(-2, 2),
                           "adjudicated": st.integers(-2, 2)}).map(json.dumps)),
    max_size=6))
def test_fuzz_adjudication_reader_fails_only_with_load_errors(tmp_path, lines):
    path = tmp_path / "fuzz.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        out = read_adjudication(path)
    except LoadError as e:
        assert "fuzz.jsonl" in e.describe()
    else:
        assert all(v in (-1, 0, 1) for v in out.values())


def test_read_readings_checks_ids_and_needs_the_second_coding(tmp_path):
    gold = [_g("m1", 1), _g("m2", 0)]
    second = _write(tmp_path / "second.jsonl", [{"id": "m1", "topics": [], "tone": 0}])
    adj = _write(tmp_path / "adj.jsonl", [{"id": "m1", "first": 0, "second": 0,
                                           "adjudicated": 0}])
    other = _write(tmp_path / "other.jsonl", [{"id": "zz", "topics": [], "tone": 0}])
    with pytest.raises(LoadError) as e:  # a second coding of other articles is named
        read_readings(gold, other, None)
    assert "other.jsonl" in e.value.describe() and "in common" in e.value.describe()
    with pytest.raises(UsageError):
        read_readings(gold, None, adj)
    items = read_readings(gold, second, None)
    assert items[0].readings == (1, 0, 1) and items[1].readings == ()
    assert read_readings(gold) is gold


def test_cli_adjudication_without_second_is_one_line(tmp_path, monkeypatch, capsys):
    gold = _write(tmp_path / "gold.jsonl", [{"id": "g1", "language": "en", "text": "x",
                                             "gold": {"topics": ["energy"], "tone": 1}}])
    adj = _write(tmp_path / "adj.jsonl", [{"id": "g1", "first": 1, "second": 0,
                                           "adjudicated": 1}])
    monkeypatch.setattr(sys, "argv", ["dyad", "media", "calibrate", "--gold", str(gold),
                                      "--adjudication", str(adj), "--out",
                                      str(tmp_path / "cal.json")])
    with pytest.raises(SystemExit) as e:
        main()
    err = capsys.readouterr().err
    assert e.value.code != 0 and "--second" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "cal.json").exists()


def test_shipped_records_give_three_readings_to_every_grown_article():
    from dyad.coding.evaluate import read_gold

    grown = read_gold(DATA / "articles-grown.jsonl")
    items = read_readings(grown, DATA / "second_coder.jsonl", DATA / "adjudication.jsonl")
    assert all(len(g.readings) == 3 for g in items)
    first = read_adjudication(DATA / "adjudication.jsonl")
    for g in items:
        assert g.readings[2] == g.tone
        if g.id in first:
            assert g.readings[0] == first[g.id] and len(set(g.readings)) >= 2
        else:  # not adjudicated: the two coders agreed
            assert len(set(g.readings)) == 1


def test_a_gold_line_that_is_not_an_object_is_one_line_error(tmp_path):
    from dyad.coding.evaluate import read_gold

    bad = tmp_path / "gold.jsonl"
    bad.write_text('[1, 2]\n', encoding="utf-8")
    with pytest.raises(LoadError) as e:
        read_gold(bad)
    assert "gold.jsonl" in e.value.describe() and "line 1" in e.value.describe()
