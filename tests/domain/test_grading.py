from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.content import MARK_UNIT, ChoiceContent, QuestionContent
from app.domain.grading import (
    grade_attempt,
    grading_rule,
    is_good_score,
    mark_text,
    percentage,
    question_mark,
    verdict,
)


def single(*ids, right):
    """A single-answer question with these choice ids, `right` the right one."""
    return QuestionContent(stem="Which?", choices=tuple(
        ChoiceContent(id=i, text=f"option {i}", is_correct=i == right) for i in ids))


def test_all_right():
    grade = grade_attempt([(1, single(10, 11, right=10), {10}),
                           (2, single(20, 21, right=20), {20})])
    assert (grade.score, grade.max_score, grade.mark) == (2, 2, 2)
    assert all(item.is_correct for item in grade.items)


def test_unanswered_questions_are_wrong():
    grade = grade_attempt([(q, single(10 * q, 10 * q + 1, right=10 * q), set())
                           for q in (1, 2, 3)])
    assert (grade.score, grade.marks, grade.max_score) == (0, 0, 3)
    assert [item.chosen_choice_id for item in grade.items] == [None, None, None]


def test_one_mark_per_question_and_each_item_records_the_key():
    grade = grade_attempt([(1, single(10, 11, right=10), {11}),
                           (2, single(20, 21, right=20), {20}),
                           (3, single(30, 31, right=31), {30})])
    assert grade.score == 1 and grade.marks == MARK_UNIT
    assert [(i.question_id, i.correct_choice_id, i.is_correct) for i in grade.items] == [
        (1, 10, False), (2, 20, True), (3, 31, False)]


def test_empty_attempt_and_percentage():
    grade = grade_attempt([])
    assert (grade.score, grade.marks, grade.max_score) == (0, 0, 0)
    assert percentage(0, 0) == 0.0
    assert percentage(3, 4) == 75.0


def test_partial_credit_adds_up_exactly_in_whole_units():
    """Three multiple-answer questions of three right options out of five, one right option
    ticked in each: a third of a mark three times is exactly one mark (0.333… + 0.333… +
    0.333… in floats is not), and one fully right question counts in `score`."""
    three_of_five = question("multiple", 1, 2, 3, n=5)
    grade = grade_attempt([(q, three_of_five, {1}) for q in (1, 2, 3)]
                          + [(4, three_of_five, {1, 2, 3})])
    assert [item.mark for item in grade.items] == [MARK_UNIT // 3] * 3 + [MARK_UNIT]
    assert grade.mark == 2 and grade.marks == 2 * MARK_UNIT
    assert (grade.score, grade.max_score) == (1, 4)
    assert grade.items[0].correct_choice_id is None and not grade.items[0].is_correct


def test_a_wrong_tick_takes_away_but_never_below_zero():
    two_of_four = question("multiple", 1, 2)  # right 1/2 each, wrong -1/2 each
    marks = [item.mark for item in grade_attempt(
        [(1, two_of_four, {1, 3}), (2, two_of_four, {3, 4}), (3, two_of_four, {1, 2, 3}),
         (4, two_of_four, {1, 2, 3, 4})]).items]
    assert marks == [0, 0, MARK_UNIT // 2, 0]


@given(st.lists(st.tuples(st.integers(2, 10), st.data()), max_size=12))
def test_an_attempts_marks_are_the_exact_sum_of_its_questions_marks(shapes):
    answers = []
    for number, (n, data) in enumerate(shapes):
        right = data.draw(st.sets(st.integers(1, n), min_size=1, max_size=n - 1))
        chosen = data.draw(st.sets(st.integers(1, n)))
        answers.append((number, question("multiple", *right, n=n), chosen))
    grade = grade_attempt(answers)
    exact = sum((question_mark(content, chosen) for _, content, chosen in answers), Fraction(0))
    assert grade.mark == exact
    assert all(0 <= item.mark <= MARK_UNIT for item in grade.items)


# --- one question of any type -----------------------------------------------------------------

def question(kind, *right, weights=None, n=4):
    """Choices with ids 1..n, those in `right` right, each with its weight when given."""
    texts = ("True", "False") if kind == "truefalse" else [f"option {i}" for i in range(1, n + 1)]
    return QuestionContent(stem="Which?", type=kind, choices=tuple(
        ChoiceContent(id=i, text=text, is_correct=i in right,
                      fraction=Fraction(weights[i - 1]) if weights else None)
        for i, text in enumerate(texts, start=1)))


@pytest.mark.parametrize("kind", ["single", "truefalse"])
def test_single_answer_and_true_false_earn_the_mark_for_the_right_choice_alone(kind):
    q = question(kind, 2)
    assert question_mark(q, {2}) == 1
    assert question_mark(q, {1}) == 0
    assert question_mark(q, set()) == 0
    assert question_mark(q, {1, 2}) == 0


def test_multiple_answer_earns_a_share_per_right_choice_and_loses_one_per_wrong():
    q = question("multiple", 1, 3)  # 2 right of 4: each right +1/2, each wrong -1/2
    assert question_mark(q, {1, 3}) == 1
    assert question_mark(q, {1}) == Fraction(1, 2)
    assert question_mark(q, {1, 3, 4}) == Fraction(1, 2)
    assert question_mark(q, {1, 2}) == 0
    assert question_mark(q, {1, 2, 3, 4}) == 0        # ticking every box earns nothing
    one_of_three = question("multiple", 2, n=3)       # the right +1, each wrong -1/2
    assert question_mark(one_of_three, {2, 3}) == Fraction(1, 2)


def test_a_multiple_answer_mark_is_never_below_zero():
    q = question("multiple", 1, 3)
    assert question_mark(q, {2}) == 0                 # -1/2, kept at 0
    assert question_mark(q, {2, 4}) == 0              # -1, kept at 0
    assert question_mark(q, set()) == 0


def test_explicit_weights_are_added_and_kept_between_nothing_and_the_whole_mark():
    q = question("multiple", 1, 2, weights=["2/3", "1/3", "-1", "0"])
    assert question_mark(q, {1}) == Fraction(2, 3)
    assert question_mark(q, {1, 2, 4}) == 1
    assert question_mark(q, {1, 3}) == 0              # 2/3 - 1, kept at 0
    assert question_mark(q, {2, 4}) == Fraction(1, 3)  # a wrong choice weighted 0 costs nothing


@given(st.sets(st.integers(1, 6)), st.sets(st.integers(1, 6), min_size=1, max_size=5))
def test_every_mark_is_an_exact_share_from_nothing_to_the_whole(chosen, right):
    q = question("multiple", *right, n=6)
    mark = question_mark(q, chosen)
    assert isinstance(mark, Fraction) and 0 <= mark <= 1
    assert (mark == 1) == (chosen == right)


def test_a_choice_of_another_question_is_refused():
    with pytest.raises(ValueError, match="not one of this question's choices"):
        question_mark(question("single", 1), {9})


def test_the_rule_is_told_with_the_questions_own_shares():
    assert "earns 50% of the mark, each wrong one ticked takes 50% away" in grading_rule(
        question("multiple", 1, 3))
    assert "earns 100% of the mark, each wrong one ticked takes 33.33% away" in grading_rule(
        question("multiple", 1))
    assert "“option 1” 66.67%; “option 2” 33.33%; “option 3” -100%; “option 4” 0%" in \
        grading_rule(question("multiple", 1, 2, weights=["2/3", "1/3", "-1", "0"]))
    assert "never below 0" in grading_rule()


def test_a_good_score_is_eighty_percent_or_more():
    assert is_good_score(percentage(24, 30)) and is_good_score(100.0)
    assert not is_good_score(percentage(23, 30)) and not is_good_score(0.0)


@pytest.mark.parametrize(("kind", "right", "chosen", "text", "verdict_kind"), [
    ("single", (2,), {2}, "✓ Correct", "right"),
    ("single", (2,), {1}, "✗ Incorrect", "wrong"),
    ("truefalse", (1,), set(), "✗ Not answered", "wrong"),
    ("multiple", (1, 2, 3), {1, 2}, "◐ 2 of 3 right: 0.67 of 1 mark", "partial"),
    ("multiple", (1, 2), {1, 3}, "◐ 1 of 2 right, 1 wrong: 0.17 of 1 mark", "partial"),
    ("multiple", (1, 2, 3, 4), {1, 5}, "✗ 1 of 4 right, 1 wrong: 0 of 1 mark", "wrong"),
    ("multiple", (1, 2), {1, 2}, "✓ Correct", "right"),
    ("multiple", (1, 2, 3), {1, 2, 3, 4}, "◐ 3 of 3 right, 1 wrong: 0.5 of 1 mark", "partial"),
])
def test_a_verdict_says_how_a_question_went_and_what_part_of_the_mark_it_earned(
        kind, right, chosen, text, verdict_kind):
    # five choices to a multiple-answer question: each wrong one ticked takes 1/(5 - right)
    found = verdict(question(kind, *right, n=5 if kind == "multiple" else 4), chosen)
    assert (found.text, found.kind) == (text, verdict_kind)


@pytest.mark.parametrize(("units", "text"), [
    (0, "0"), (MARK_UNIT, "1"), (MARK_UNIT // 2, "0.5"), (MARK_UNIT // 3, "0.33"),
    (2 * MARK_UNIT // 3, "0.67"), (55 * MARK_UNIT + MARK_UNIT // 4, "55.25")])
def test_marks_read_as_a_learner_reads_them(units, text):
    assert mark_text(units) == text
