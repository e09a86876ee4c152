"""Precision and recall of the English passive-voice rule on labelled sentences."""

import pytest

from templates_app.tone.passive import find_passives
from tests.templates_app.passive_sentences import LABELLED


def scores() -> tuple[float, float, list[str]]:
    true_pos = false_pos = false_neg = 0
    wrong = []
    for sentence, passive in LABELLED:
        flagged = bool(find_passives(sentence))
        true_pos += flagged and passive
        false_pos += flagged and not passive
        false_neg += passive and not flagged
        if flagged != passive:
            wrong.append(sentence)
    return true_pos / (true_pos + false_pos), true_pos / (true_pos + false_neg), wrong


def test_the_labelled_set_is_big_enough_and_balanced():
    assert len(LABELLED) >= 40
    assert 0.4 <= sum(passive for _s, passive in LABELLED) / len(LABELLED) <= 0.6


def test_passive_voice_precision_and_recall():
    precision, recall, wrong = scores()
    print(f"passive-voice: precision {precision:.2f}, recall {recall:.2f}, misjudged: {wrong}")
    assert precision >= 0.9, wrong
    assert recall >= 0.9, wrong


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("Your complaint is being investigated.", "is being investigated"),
        ("It has not yet been sent.", "been sent"),
        ("The parcel's been delivered.", "'s been delivered"),
    ],
)
def test_the_finding_spans_the_verb_phrase(sentence, phrase):
    found = find_passives(sentence)
    assert [sentence[f.start : f.end] for f in found] == [phrase]
