"""Grouped cross-validation: articles on one event are held out together (leave-one-out
keeps an event's other articles in training and overstates agreement)."""

from __future__ import annotations

import json

import pytest

from dyad.api.media import read_groups
from dyad.coding.calibrate import group_folds
from dyad.coding.evaluate import GoldItem
from dyad.errors import LoadError


def _gold(*ids: str) -> list[GoldItem]:
    return [GoldItem(i, "text", "en", None, [], 0, {}) for i in ids]


def test_a_group_is_one_fold_and_the_rest_stand_alone(tmp_path):
    path = tmp_path / "groups.json"
    path.write_text(json.dumps({"_about": "comment", "tariffs": ["a2", "a4"]}))
    labels = read_groups(path, _gold("a1", "a2", "a3", "a4"))
    assert labels[1] == labels[3] == "tariffs" and len(set(labels)) == 3
    folds = [sorted(map(int, f)) for f in group_folds(labels)]
    assert folds == [[0], [1, 3], [2]]


def test_an_article_in_two_groups_is_one_clear_error(tmp_path):
    path = tmp_path / "groups.json"
    path.write_text(json.dumps({"x": ["a1"], "y": ["a1"]}))
    with pytest.raises(LoadError, match="two groups"):
        read_groups(path, _gold("a1"))
    path.write_text("[1, 2]")
    with pytest.raises(LoadError, match="object"):
        read_groups(path, _gold("a1"))


def test_the_project_clusters_cover_only_known_articles():
    """tests/media/data/event_clusters.json names articles of the two gold files only."""
    from pathlib import Path

    doc = json.loads((Path(__file__).parent / "data" / "event_clusters.json").read_text())
    ids = [i for k, v in doc.items() if not k.startswith("_") for i in v]
    assert ids and all(i[0] in "am" and i[1:].isdigit() for i in ids)
    assert len(ids) == len(set(ids))


def _gold_line(i: str, tone: int = 0) -> str:
    return json.dumps({"id": i, "text": "Kazakhstan and the United States met.", "language": "en",
                       "gold": {"topics": [], "tone": tone}})


def test_several_gold_files_are_read_in_order_and_a_repeated_id_is_one_error(tmp_path):
    from dyad.api.media import read_gold_files

    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(_gold_line("a1") + "\n" + _gold_line("a2", 1) + "\n")
    two.write_text(_gold_line("m1", -1) + "\n")
    assert [(g.id, g.tone) for g in read_gold_files([one, two])] == [
        ("a1", 0), ("a2", 1), ("m1", -1)]
    assert [g.id for g in read_gold_files(one)] == ["a1", "a2"]
    two.write_text(_gold_line("a2") + "\n")
    with pytest.raises(LoadError) as e:
        read_gold_files([one, two])
    assert "two.jsonl" in e.value.describe() and "a2" in e.value.describe()


def test_the_writer_groups_put_every_gold_article_in_exactly_one_writer():
    """tests/media/data/writer_groups.json: one group per writer/coder, so that
    `--groups writer_groups.json` holds out a writer the coder never saw. Every article of
    the project's grown file is in it once (the shared set's ids too, when it is present)."""
    from pathlib import Path

    data = Path(__file__).parent / "data"
    doc = json.loads((data / "writer_groups.json").read_text())
    ids = [i for k, v in doc.items() if not k.startswith("_") for i in v]
    assert len(ids) == len(set(ids))
    grown = [json.loads(line)["id"] for line in
             (data / "articles-grown.jsonl").read_text().splitlines() if line.strip()]
    assert set(grown) <= set(ids)
    assert {i for i in ids if i.startswith("m")} == set(grown)
