"""Grading a multiple-choice attempt: one mark per question, an unanswered question is wrong."""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemGrade:
    question_id: int
    chosen_choice_id: int | None
    correct_choice_id: int
    is_correct: bool


@dataclass(frozen=True)
class Grade:
    items: tuple[ItemGrade, ...]
    score: int
    max_score: int


def grade_attempt(
    chosen: Mapping[int, int | None], correct: Mapping[int, int]
) -> Grade:
    """Grade the questions in `correct` (question id -> its correct choice id) against
    `chosen` (question id -> the chosen choice id, None or absent when unanswered)."""
    items = tuple(
        ItemGrade(qid, chosen.get(qid), key, chosen.get(qid) == key)
        for qid, key in correct.items()
    )
    return Grade(items, sum(item.is_correct for item in items), len(items))


def percentage(score: float, max_score: int) -> float:
    return 100.0 * score / max_score if max_score else 0.0


GOOD_SCORE = 80.0  # percent: a result at or above it is celebrated on the learner's result page


def is_good_score(percent: float) -> bool:
    return percent >= GOOD_SCORE
