from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.content import ChoiceContent, QuestionContent
from app.domain.grading import grade_attempt, grading_rule, is_good_score, percentage, question_mark


def test_all_right():
    grade = grade_attempt({1: 10, 2: 20}, {1: 10, 2: 20})
    assert (grade.score, grade.max_score) == (2, 2)
    assert all(item.is_correct for item in grade.items)


def test_unanswered_and_absent_questions_are_wrong():
    grade = grade_attempt({1: None}, {1: 10, 2: 20, 3: 30})
    assert (grade.score, grade.max_score) == (0, 3)
    assert [item.chosen_choice_id for item in grade.items] == [None, None, None]


def test_one_mark_per_question_and_each_item_records_the_key():
    grade = grade_attempt({1: 11, 2: 20, 3: 30}, {1: 10, 2: 20, 3: 31})
    assert grade.score == 1
    assert [(i.question_id, i.correct_choice_id, i.is_correct) for i in grade.items] == [
        (1, 10, False), (2, 20, True), (3, 31, False)]


def test_answers_to_questions_not_in_the_attempt_do_not_count():
    grade = grade_attempt({1: 10, 99: 990}, {1: 10})
    assert (grade.score, grade.max_score) == (1, 1)


def test_empty_attempt_and_percentage():
    grade = grade_attempt({}, {})
    assert (grade.score, grade.max_score) == (0, 0)
    assert percentage(0, 0) == 0.0
    assert percentage(3, 4) == 75.0


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
