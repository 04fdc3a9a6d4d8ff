import random
from datetime import datetime, timedelta

from app.domain.attempts import (
    deadline_for,
    draw_questions,
    is_expired,
    seconds_left,
)

BANK = list(range(1, 11))


def test_without_a_limit_every_question_in_bank_order():
    assert draw_questions(BANK, {}, None, False, random.Random(1)) == BANK
    assert draw_questions(BANK, {}, 50, False, random.Random(1)) == BANK


def test_a_limit_draws_the_least_seen_first_and_keeps_bank_order():
    seen = {q: 1 for q in BANK} | {3: 0, 7: 0, 9: 0}
    drawn = draw_questions(BANK, seen, 4, False, random.Random(5))
    assert drawn[:] == sorted(drawn) and len(drawn) == 4
    assert {3, 7, 9} <= set(drawn)


def test_ties_are_drawn_at_random():
    draws = {tuple(draw_questions(BANK, {}, 3, False, random.Random(seed))) for seed in range(20)}
    assert len(draws) > 5


def test_shuffling_changes_the_order_not_the_draw():
    drawn = draw_questions(BANK, {}, None, True, random.Random(3))
    assert sorted(drawn) == BANK and drawn != BANK


def test_deadlines():
    start = datetime(2026, 1, 1, 10, 0, 0)
    deadline = deadline_for(start, 90)
    assert deadline == start + timedelta(seconds=90)
    assert deadline_for(start, None) is None
    assert not is_expired(deadline, start + timedelta(seconds=89))
    assert is_expired(deadline, deadline)
    assert not is_expired(None, start + timedelta(days=999))
    assert seconds_left(deadline, start + timedelta(seconds=30)) == 60
    assert seconds_left(deadline, start + timedelta(seconds=300)) == 0
    assert seconds_left(None, start) is None
