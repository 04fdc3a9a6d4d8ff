"""The throttle's rule (GCRA): a burst at once, then one event every so often; a client that
waits as told is admitted, one that keeps trying while refused keeps itself waiting."""

from hypothesis import given
from hypothesis import strategies as st

from app.domain.throttle import LIMITS, START, Limit, admitted, after, wait

FIVE = Limit(burst=5, every=180)


def run(times: list[float], limit: Limit = FIVE) -> list[bool]:
    """Each event's outcome, in order, with `until` kept as the database keeps it."""
    until, outcomes = None, []
    for now in times:
        until = after(until, now, limit)
        outcomes.append(admitted(until, now, limit))
    return outcomes


def test_a_burst_is_admitted_then_one_every_step():
    assert run([0, 1, 2, 3, 4, 5]) == [True] * 5 + [False]
    # after a refusal, the wait it gives is enough, and not a second more
    until = None
    for now in (0, 1, 2, 3, 4, 5):
        until = after(until, now, FIVE)
    told = wait(until, 5, FIVE)
    assert 0 < told <= 2 * FIVE.every
    assert not admitted(after(until, 5 + told - 1, FIVE), 5 + told - 1, FIVE)
    assert admitted(after(until, 5 + told, FIVE), 5 + told, FIVE)


def test_a_quiet_key_is_full_again():
    assert run([0, 1, 2, 3, 4, 10_000, 10_001, 10_002, 10_003, 10_004, 10_005]) == \
        [True] * 10 + [False]
    assert wait(None, 0, FIVE) == 0


@given(st.lists(st.floats(0, 5_000, allow_nan=False), min_size=1, max_size=60))
def test_never_more_than_the_burst_and_the_rate_allow(gaps):
    """In any stretch of time T, at most burst + T / every events are admitted."""
    times, now = [], 0.0
    for gap in gaps:
        now += gap
        times.append(now)
    outcomes = run(times)
    kept = [t for t, ok in zip(times, outcomes, strict=True) if ok]
    for i, first in enumerate(kept):
        for j in range(i, len(kept)):
            assert j - i + 1 <= FIVE.burst + (kept[j] - first) / FIVE.every + 1e-9


def test_the_defaults_never_stop_a_class():
    """A school behind one address: 3,000 guests at once (make loadtest), 40 learners each
    mistyping a password twice, 40 accounts made in one lesson; a learner retrying a quiz."""
    assert LIMITS["guest"].burst >= 3000 and LIMITS["class-guest"].burst >= 3000
    assert LIMITS["login-address"].burst >= 80 and LIMITS["register"].burst >= 40
    assert LIMITS[START].burst >= 5 and LIMITS[START].per_hour() >= 100
