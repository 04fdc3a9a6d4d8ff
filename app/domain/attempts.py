"""Rules of an attempt that need no database: what it is for, which questions it draws and
its deadline."""

import random
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

# graded: the learner's attempt; preview: an instructor trying the quiz; practice: a retake
# of the questions a learner missed in an attempt
GRADED, PREVIEW, PRACTICE = "graded", "preview", "practice"
# The one place that says which kinds of attempt count: in the kept statistics, gradebooks,
# a learner's quiz grade, everyone's average, the exports and the instructor's attempts list.
COUNTED_KINDS = (GRADED,)


def draw_questions(
    question_ids: Sequence[int],
    times_seen: Mapping[int, int],
    per_attempt: int | None,
    is_shuffled: bool,
    rng: random.Random,
) -> list[int]:
    """The questions of a new attempt, in the order shown. With a limit, the learner's least
    seen questions come first (ties drawn at random); the draw keeps the bank's order unless
    questions are shuffled."""
    chosen = list(question_ids)
    if per_attempt is not None and per_attempt < len(chosen):
        keyed = sorted(chosen, key=lambda qid: (times_seen.get(qid, 0), rng.random()))
        picked = set(keyed[:per_attempt])
        chosen = [qid for qid in question_ids if qid in picked]
    if is_shuffled:
        rng.shuffle(chosen)
    return chosen


def deadline_for(started_at: datetime, time_limit_s: int | None,
                 closes_at: datetime | None = None) -> datetime | None:
    """An attempt ends at its time limit, or when its assignment closes if that is first."""
    ends = [closes_at] if closes_at is not None else []
    if time_limit_s is not None:
        ends.append(started_at + timedelta(seconds=time_limit_s))
    return min(ends, default=None)


def is_expired(deadline_at: datetime | None, now: datetime) -> bool:
    return deadline_at is not None and now >= deadline_at


def seconds_left(deadline_at: datetime | None, now: datetime) -> int | None:
    if deadline_at is None:
        return None
    return max(0, int((deadline_at - now).total_seconds()))


def chosen_ids(choice_id: int | None, chosen: str | None) -> frozenset[int]:
    """What a response holds as chosen, as a set of choice ids (see `Response.chosen`)."""
    if chosen:
        return frozenset(map(int, chosen.split(",")))
    return frozenset() if choice_id is None else frozenset((choice_id,))


def chosen_text(ids: Iterable[int]) -> str | None:
    """A multiple-answer question's ticked set as `Response.chosen` keeps it."""
    return ",".join(map(str, sorted(ids))) or None
