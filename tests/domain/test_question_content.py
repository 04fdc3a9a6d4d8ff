"""A question's content: its types, their validation, their marks' shares, and its JSON in a
bank file and in a revision, old revisions included."""

import json
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import content
from app.domain.content import (
    BankError,
    QuestionContent,
    bank_question,
    parse_question,
    read_fraction,
)


def raw(kind=None, right=(0,), n=4, **extra):
    question = {"key": "k", "stem": "Which of these?", "topic": "T", "paragraph": 2,
                "choices": [{"text": f"option {i}", "correct": i in right,
                             "rationale": f"why {i}"} for i in range(n)], **extra}
    if kind:
        question["type"] = kind
    return question


def truefalse(answer=True):
    return {"key": "tf", "type": "truefalse", "stem": "The port has robots.",
            "choices": [{"text": "True", "correct": answer, "rationale": "It does."},
                        {"text": "False", "correct": not answer, "rationale": "It has."}]}


def problems(question) -> list[str]:
    with pytest.raises(BankError) as info:
        parse_question(1, question)
    return [p.split(": ", 1)[1] for p in info.value.problems]


OLD_REVISION = (  # a revision as stored before questions had types
    '{"anchor": "the port", "choices": [{"id": 7, "is_correct": false, "rationale": "No.", '
    '"text": "Oslo"}, {"id": 8, "is_correct": true, "rationale": "Yes.", "text": "Kessel"}], '
    '"explanation": "It says so.", "paragraph": 3, "stem": "Which port?", "topic": "Ports"}')


def test_a_revision_stored_before_types_reads_as_single_answer_and_is_written_the_same():
    old = QuestionContent.from_json(OLD_REVISION)
    assert old.type == "single" and old.correct_choice_id == 8
    assert old.fractions == (0, 1) and not old.keeps_order
    assert old.to_json() == OLD_REVISION  # so loading the bank again makes no new revision


@pytest.mark.parametrize("question", [
    raw(), raw("multiple", right=(0, 2)), truefalse(False),
    raw("multiple", right=(1, 3), n=5, choices=[
        {"text": "a", "correct": False, "fraction": "-1"},
        {"text": "b", "correct": True, "fraction": "2/3"},
        {"text": "c", "correct": False, "fraction": 0},
        {"text": "d", "correct": True, "fraction": "33.33333%"},
        {"text": "e", "correct": False, "fraction": -0.5}]),
])
def test_every_type_survives_the_bank_file_and_the_revision(question):
    parsed = parse_question(1, question)
    assert parse_question(1, bank_question(parsed)) == parsed
    stored = replace(parsed, key="", choices=tuple(
        replace(c, id=10 + i) for i, c in enumerate(parsed.choices)))
    assert QuestionContent.from_json(stored.to_json()) == stored
    assert ("type" in json.loads(stored.to_json())) == (parsed.type != "single")


def test_multiple_answer_shares_are_moodles_defaults_unless_given():
    two_of_four = parse_question(1, raw("multiple", right=(0, 2)))
    assert two_of_four.type == "multiple"
    assert two_of_four.fractions == (Fraction(1, 2), Fraction(-1, 2), Fraction(1, 2),
                                     Fraction(-1, 2))
    one_of_three = parse_question(1, raw("multiple", right=(1,), n=3))
    assert one_of_three.fractions == (Fraction(-1, 2), 1, Fraction(-1, 2))
    weighted = raw("multiple", right=(0, 1), n=3)
    for choice, weight in zip(weighted["choices"], ["25%", "75%", "-100%"], strict=True):
        choice["fraction"] = weight
    assert parse_question(1, weighted).fractions == (Fraction(1, 4), Fraction(3, 4), -1)


def test_weights_equal_to_the_defaults_are_the_defaults():
    weighted = raw("multiple", right=(0, 1), n=3)
    for choice, weight in zip(weighted["choices"], ["50%", "1/2", -1], strict=True):
        choice["fraction"] = weight
    assert all(c.fraction is None for c in parse_question(1, weighted).choices)


def test_a_true_false_question_is_true_then_false_with_one_right_never_shuffled():
    question = parse_question(1, truefalse(False))
    assert question.keeps_order and question.fractions == (0, 1)
    swapped = truefalse()
    swapped["choices"].reverse()
    assert problems(swapped) == ['a true/false question has two choices, "True" then "False"']
    both = truefalse()
    both["choices"][1]["correct"] = True
    assert problems(both) == ["more than one correct choice"]
    third = truefalse()
    third["choices"].append({"text": "Maybe", "correct": False})
    assert problems(third) == ['a true/false question has two choices, "True" then "False"']


@pytest.mark.parametrize(("question", "says"), [
    (raw("multiple", right=()), ["no correct choice"]),
    (raw("multiple", right=(0, 1, 2, 3)), [
        "no wrong choice (a multiple-answer question needs one, or ticking every box would "
        "always be right)"]),
    (raw("several"), ["type must be one of single, multiple, truefalse"]),
    (raw(right=(0, 1)), ["more than one correct choice"]),
])
def test_the_right_choices_each_type_needs(question, says):
    assert problems(question) == says


WEIGHT_RULE = ("choice 1's weight must be a share of the mark from -100% to 100% that is a "
               "whole number of 12600ths, as every share Moodle offers is (such as 50%, "
               "12.5%, 33.33333% or a fraction such as 1/7)")


def weighted(*weights, right=(0, 1), kind="multiple"):
    question = raw(kind, right=right, n=len(weights))
    for choice, weight in zip(question["choices"], weights, strict=True):
        if weight is not None:
            choice["fraction"] = weight
    return question


@pytest.mark.parametrize(("question", "says"), [
    (weighted("100%", "0%", right=(0,), kind=None),
     ["weights are for multiple-answer questions only"]),
    (weighted("50%", None, "-50%"), ["give every choice a weight, or none (each right one then "
                                     "earns an equal share and each wrong one takes an equal "
                                     "share away)"]),
    (weighted("50%", "-50%", "-50%"), ["choice 2 is right, so its weight must be above 0%"]),
    (weighted("50%", "50%", "10%"), ["choice 3 is wrong, so its weight must be 0% or below"]),
    (weighted("40%", "50%", "-100%"), ["the right choices' weights add up to 90%, not 100%"]),
    (weighted("33%", "33%", "33%", "-1", right=(0, 1, 2)),
     ["the right choices' weights add up to 99%, not 100%"]),
    (weighted("33.3%", "2/3", "-1"), [WEIGHT_RULE]),  # 0.1% is no whole unit
    (weighted("150%", "-50%", "-1", right=(0,)),
     [WEIGHT_RULE]),
    (weighted("1/3001", "2/3", "-1"),
     [WEIGHT_RULE]),
    (weighted("half", "50%", "-1"),
     [WEIGHT_RULE]),
])
def test_weights_are_checked_as_moodle_checks_them(question, says):
    assert problems(question) == says


@pytest.mark.parametrize(("value", "share"), [
    (0.5, Fraction(1, 2)), (-1, -1), (0, 0), ("1/3", Fraction(1, 3)),
    ("-2/3", Fraction(-2, 3)), ("50%", Fraction(1, 2)), ("33.33333%", Fraction(1, 3)),
    ("-14.28571 %", Fraction(-1, 7)), ("12.5%", Fraction(1, 8)), (0.3333333333333333,
                                                                  Fraction(1, 3)),
    ("33.3%", Fraction(333, 1000)), ("−50%", Fraction(-1, 2)),
    ("0.12345%", Fraction(2469, 2000000)),
    ("3333333/10000000", Fraction(1, 3)), ("1/3001", Fraction(1, 3001)),
    (True, None), (2, None), (float("nan"), None), (float("inf"), None), ("1e5", None),
    ("1/0", None), ("", None), ("50 %%", None), ([], None), ("9" * 50, None),
])
def test_a_share_is_read_exactly_from_a_number_a_ratio_or_a_percentage(value, share):
    assert read_fraction(value) == share


@given(st.integers(-content.MARK_UNIT, content.MARK_UNIT).map(
    lambda n: Fraction(n, content.MARK_UNIT)))
def test_every_weight_is_written_as_a_percentage_and_read_back_exactly(share):
    assert content.is_weight(share)
    assert read_fraction(content.percent_text(share) + "%") == share


@pytest.mark.parametrize(("share", "text"), [
    (Fraction(1, 2), "50"), (Fraction(-1), "-100"), (Fraction(1, 3), "33.33333"),
    (Fraction(-1, 7), "-14.28571"), (Fraction(1, 8), "12.5"), (Fraction(0), "0"),
    (Fraction(-1, 10**9), "0"),
])
def test_a_share_is_written_as_a_percentage_that_reads_back(share, text):
    assert content.percent_text(share) == text
    if share.denominator <= 100:
        assert read_fraction(text + "%") == share
