"""Spaced repetition with FSRS-6 (the fsrs library), and the rule that turns a multiple-choice
outcome into an FSRS rating.

The rule:
- a wrong answer is Again;
- a right answer is Good, unless the learner, having seen the answer, says it was Hard or Easy;
- a question missed in a quiz (answered wrongly or left unanswered) is due at once (FSRS still
  records the lapse in its stability and difficulty), so "Study the ones you missed" can start
  straight after the result.

Fuzzing is off, so the schedule is a pure function of the reviews and their times."""

from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler, State

SCHEDULER = Scheduler(enable_fuzzing=False)
FELT = {"hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


def rating_for(is_correct: bool, felt: str | None = None) -> Rating:
    if not is_correct:
        return Rating.Again
    if felt is None:
        return Rating.Good
    if felt not in FELT:
        raise ValueError(f"unknown rating {felt!r}")
    return FELT[felt]


@dataclass(frozen=True)
class Scheduled:
    card_json: str
    due_at: datetime  # naive UTC, as the database keeps it
    rating: int
    is_learning: bool


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC)


def review(card_json: str | None, card_id: int, rating: Rating, now: datetime,
           due_at_once: bool = False) -> Scheduled:
    """Review the card (a new one when card_json is None) at `now` (naive UTC)."""
    card = Card(card_id=card_id, due=_aware(now)) if card_json is None else Card.from_json(
        card_json)
    card, _ = SCHEDULER.review_card(card, rating, review_datetime=_aware(now))
    if due_at_once:
        card.due = _aware(now)
    return Scheduled(
        card_json=card.to_json(),
        due_at=card.due.astimezone(UTC).replace(tzinfo=None),
        rating=int(rating),
        is_learning=card.state != State.Review,
    )


def quiz_outcome(card_json: str | None, card_id: int, is_correct: bool,
                 now: datetime) -> Scheduled:
    """A question answered in a quiz: wrong is Again and due at once; right is Good."""
    return review(card_json, card_id, rating_for(is_correct), now, due_at_once=not is_correct)


def retrievability(card_json: str, now: datetime) -> float:
    return SCHEDULER.get_card_retrievability(Card.from_json(card_json), _aware(now))


_UNITS = (("month", 30 * 86400, 60 * 86400), ("week", 7 * 86400, 14 * 86400),
          ("day", 86400, 86400), ("hour", 3600, 3600), ("minute", 60, 60))


def comes_back_in(due_at: datetime, now: datetime) -> str:
    """When a card is due again, in plain words rather than the scheduler's: "in a moment",
    "in 10 minutes", "tomorrow", "in 3 days", "in 2 weeks", "in 4 months"."""
    seconds = max(0.0, (due_at - now).total_seconds())
    for unit, size, least in _UNITS:
        if seconds >= least:
            count = round(seconds / size)
            if unit == "day" and count == 1:
                return "tomorrow"
            return f"in {count} {unit}{'s' if count != 1 else ''}"
    return "in a moment"
