"""Written tone rules added for Russian/Kazakh errors: agenda, announcements, conflict target;
the per-feature penalty of the tone model; and the grown development set's integrity."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from dyad.coding.evaluate import read_gold
from dyad.coding.tone_model import RULE_L2_SHARE, _penalty, n_rule_features
from dyad.coding.tone_rules import RULE_FEATURES, passage_rules

DATA = Path(__file__).parent / "data"


def test_agenda_and_announcement_rules_in_three_languages():
    assert passage_rules("Стороны обсудили вопросы сотрудничества.", "ru").agenda
    assert passage_rules("They discussed cooperation in energy.", "en").agenda
    assert passage_rules("Екі жақ ынтымақтастық мәселелерін талқылады.", "kk").agenda
    assert not passage_rules("США высоко оценили сотрудничество.", "ru").agenda
    assert passage_rules("Госсекретарь встретится с президентом.", "ru").planned
    assert passage_rules("Blinken will meet the foreign minister.", "en").planned
    assert passage_rules("Мемлекеттік хатшы министрмен кездеспек.", "kk").planned
    assert not passage_rules("Госсекретарь встретился с президентом.", "ru").planned


def test_conflict_target_third_power_or_partner():
    third = passage_rules("США ввели санкции против России.", "ru")
    assert third.neg == 1 and third.neg_third == 1 and third.neg_partner == 0
    partner = passage_rules("США предупредили казахстанские банки о санкциях.", "ru")
    assert partner.neg_partner == partner.neg > 0 and partner.neg_third == 0
    both = passage_rules("АҚШ Қазақстанға Ресейге көмектессе санкция салатынын ескертті.", "kk")
    assert both.neg_partner > 0 and both.neg_third == 0
    hedged = passage_rules("Washington may impose sanctions on Kazakh banks.", "en")
    assert hedged.neg_partner == 0.5
    assert len(passage_rules("x", "en").vector()) == len(RULE_FEATURES)


def test_rule_columns_are_penalised_less_than_the_embedding():
    tail = n_rule_features()
    pen = _penalty(tail + 384, 30.0)
    assert np.all(pen[:384] == 30.0) and np.allclose(pen[384:], 30.0 * RULE_L2_SHARE)
    assert np.all(_penalty(tail, 3.0) == 3.0)  # rules-only model: one penalty


def test_grown_set_is_valid_and_distinct():
    path = DATA / "articles-grown.jsonl"
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(read_gold(path)) == len(rows) >= 85
    ids = [r["id"] for r in rows]
    assert ids == [f"m{i}" for i in range(1, len(rows) + 1)]
    urls = [r["url"] for r in rows[42:]]
    assert len(set(urls)) == len(urls)
    assert {r["text_kind"] for r in rows} == {"paraphrase"}
    assert {r["language"] for r in rows} == {"en", "ru", "kk"}
    assert all(r["gold"]["coder_notes"] for r in rows)
    clusters = json.loads((DATA / "event_clusters.json").read_text("utf-8"))
    members = [i for k, v in clusters.items() if not k.startswith("_") for i in v]
    assert len(members) == len(set(members))
    assert {i for i in members if i.startswith("m")} <= set(ids)


def test_outside_voice_is_kept_apart_from_the_partners_column():
    lavrov = passage_rules("Лавров заявил, что США оказывают давление на Казахстан.", "ru")
    assert lavrov.neg_outside == 1 and lavrov.neg_partner == 0
    own = passage_rules("США оказывают давление на Казахстан.", "ru")
    assert own.neg_partner == 1 and own.neg_outside == 0
    kk = passage_rules("Сарапшының пікірінше, АҚШ Қазақстанға қысым жасайды, деді ол.", "kk")
    assert kk.neg_outside > 0 and kk.neg_partner == 0


def test_irony_scare_quotes_and_sarcasm_markers_but_not_a_partys_quote():
    scare = passage_rules("Вашингтон учит Казахстан «партнёрству» и «сотрудничеству».", "ru")
    assert scare.pos_ironic == 2 and scare.pos == 0
    marker = passage_rules("Так называемое партнёрство США и Казахстана.", "ru")
    assert marker.pos_ironic == 1 and marker.pos == 0
    quote = passage_rules("Госсекретарь назвал Казахстан «ценным партнёром».", "ru")
    assert quote.pos == 1 and quote.pos_ironic == 0
    assert passage_rules("The so-called partnership with Kazakhstan.", "en").pos_ironic == 1


def test_hedges_match_whole_words():
    assert not passage_rules("США открывают Казахстану новые возможности.", "ru").hedged
    assert passage_rules("Возможно, США введут санкции.", "ru").hedged
    assert passage_rules("Не исключено, что санкции введут.", "ru").hedged
