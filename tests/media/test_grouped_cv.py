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
