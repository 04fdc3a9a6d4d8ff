"""Join codes, an assignment's window of time, and names given on joining."""

import math
import random
from datetime import datetime, timedelta

import pytest

from app.domain.accounts import learner_name
from app.domain.assignments import (
    CLOSED,
    CODE_ALPHABET,
    CODE_LENGTH,
    NOT_OPEN,
    OPEN,
    clean_name,
    format_code,
    name_problem,
    new_code,
    normalise_code,
    window_problem,
    window_state,
)
from app.domain.attempts import deadline_for

T = datetime(2026, 3, 2, 9, 0)


def test_codes_avoid_symbols_that_read_alike_and_carry_enough_entropy():
    assert not set("0O1IlL") & set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) == 31
    bits = CODE_LENGTH * math.log2(len(CODE_ALPHABET))
    assert bits > 59  # docs/SECURITY.md works out what this means for guessing
    rng = random.Random(7)
    codes = {new_code(rng) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)


def test_a_code_is_shown_in_groups_and_read_back_however_it_is_typed():
    code = "K7QMX2PDRHWT"
    assert format_code(code) == "K7QM-X2PD-RHWT"
    for typed in ("K7QM-X2PD-RHWT", "k7qm x2pd rhwt", " k7qmx2pdrhwt ", "K7QM–X2PD—RHWT",
                  "ｋ７ｑｍｘ２ｐｄｒｈｗｔ"):
        assert normalise_code(typed) == code, typed
    for wrong in ("", "K7QM-X2PD-RH", "K7QM-X2PD-RHWTA", "K7QM-X2PD-RHW0", "K7QM-X2PD-RHWl"):
        assert normalise_code(wrong) is None, wrong


def test_the_window_opens_and_closes_at_its_times():
    assert window_state(None, None, T) == OPEN
    assert window_state(T, None, T - timedelta(seconds=1)) == NOT_OPEN
    assert window_state(T, None, T) == OPEN
    assert window_state(None, T, T - timedelta(seconds=1)) == OPEN
    assert window_state(None, T, T) == CLOSED
    assert window_problem(T, T) and window_problem(T, T - timedelta(1))
    assert window_problem(T, T + timedelta(minutes=1)) is None
    assert window_problem(None, T) is None and window_problem(T, None) is None


@pytest.mark.parametrize(("limit", "closes", "ends"), [
    (None, None, None),
    (600, None, T + timedelta(minutes=10)),
    (None, T + timedelta(hours=1), T + timedelta(hours=1)),
    (600, T + timedelta(minutes=5), T + timedelta(minutes=5)),  # the class closes first
    (600, T + timedelta(hours=1), T + timedelta(minutes=10)),   # the time limit comes first
])
def test_an_attempt_ends_at_its_time_limit_or_when_its_class_closes(limit, closes, ends):
    assert deadline_for(T, limit, closes) == ends


def test_names_given_on_joining():
    assert clean_name("  Ada   Lovelace ") == "Ada Lovelace"
    assert name_problem("   ") and name_problem("x" * 81) and name_problem("Ada\x00")
    assert name_problem("Zoë 李") is None
    assert learner_name("ada", "Ada L.", 3) == "ada"      # an account by its username
    assert learner_name(None, "Ada L.", 3) == "Ada L."    # a guest by the name given
    assert learner_name(None, None, 3) == "Guest 3"
