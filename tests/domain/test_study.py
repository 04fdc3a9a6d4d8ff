"""The scheduling rule with a fixed clock."""

import json
from datetime import datetime, timedelta

import pytest
from fsrs import Rating

from app.domain.study import quiz_outcome, rating_for, retrievability, review

NOW = datetime(2026, 3, 1, 9, 0, 0)


def test_outcome_to_rating():
    assert rating_for(False) == Rating.Again
    assert rating_for(False, "easy") == Rating.Again     # a wrong answer is never easy
    assert rating_for(True) == Rating.Good
    assert rating_for(True, "hard") == Rating.Hard
    assert rating_for(True, "easy") == Rating.Easy
    with pytest.raises(ValueError):
        rating_for(True, "trivial")


def test_a_question_missed_in_a_quiz_is_due_at_once():
    missed = quiz_outcome(None, 7, False, NOW)
    assert missed.due_at == NOW and missed.rating == Rating.Again
    card = json.loads(missed.card_json)
    assert card["card_id"] == 7 and card["last_review"].startswith("2026-03-01T09:00")


def test_a_question_answered_right_comes_back_after_the_learning_step():
    right = quiz_outcome(None, 7, True, NOW)
    assert right.due_at == NOW + timedelta(minutes=10) and right.is_learning


def test_reviews_space_out_and_a_lapse_brings_the_card_back():
    first = review(None, 1, Rating.Good, NOW)                      # learning, 10 min
    second = review(first.card_json, 1, Rating.Good, first.due_at)  # graduates to review
    assert not second.is_learning
    assert second.due_at - first.due_at >= timedelta(days=1)
    third = review(second.card_json, 1, Rating.Good, second.due_at)
    assert third.due_at - second.due_at > second.due_at - first.due_at   # intervals grow
    lapse = review(third.card_json, 1, Rating.Again, third.due_at)
    assert lapse.due_at - third.due_at == timedelta(minutes=10)          # relearning step
    assert retrievability(third.card_json, third.due_at) == pytest.approx(0.9, abs=0.02)


def test_easy_goes_further_than_good_and_hard_less_far():
    due = {felt: review(None, 1, rating_for(True, felt), NOW).due_at
           for felt in ("hard", "good", "easy")}
    assert due["hard"] <= due["good"] < due["easy"]


def test_the_schedule_is_a_pure_function_of_the_reviews():
    a = review(review(None, 1, Rating.Good, NOW).card_json, 1, Rating.Good,
               NOW + timedelta(minutes=10))
    b = review(review(None, 1, Rating.Good, NOW).card_json, 1, Rating.Good,
               NOW + timedelta(minutes=10))
    assert a == b


def test_when_a_card_comes_back_is_said_in_plain_words():
    from datetime import datetime, timedelta

    from app.domain.study import comes_back_in
    now = datetime(2026, 1, 1, 12)
    said = {delta: comes_back_in(now + delta, now) for delta in (
        timedelta(seconds=20), timedelta(minutes=1), timedelta(minutes=10),
        timedelta(hours=3), timedelta(days=1), timedelta(days=3), timedelta(days=16),
        timedelta(days=130), timedelta(days=-2))}
    assert list(said.values()) == ["in a moment", "in 1 minute", "in 10 minutes",
                                   "in 3 hours", "tomorrow", "in 3 days", "in 2 weeks",
                                   "in 4 months", "in a moment"]
