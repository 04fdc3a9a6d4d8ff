"""Grading: the mark of one question of any type from the choices made (`question_mark`), and
an attempt of single-answer questions, one mark each, an unanswered question wrong
(`grade_attempt`)."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

from app.domain.content import MULTIPLE, QuestionContent


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


def question_mark(content: QuestionContent, chosen: Collection[int]) -> Fraction:
    """The share of a question's mark (0 to 1, exact) that the chosen choice ids earn. A
    single-answer or true/false question: 1 for its right choice chosen alone, else 0. A
    multiple-answer question, as Moodle marks one: the sum of the chosen choices' fractions
    (`QuestionContent.fractions`), never below 0 nor above 1. Nothing chosen earns 0."""
    chosen = set(chosen)
    if not chosen <= set(content.choice_ids):
        raise ValueError("a chosen id is not one of this question's choices")
    if content.type != MULTIPLE:
        return Fraction(chosen == content.right_choice_ids)
    earned = sum((fraction for choice, fraction in zip(content.choices, content.fractions,
                                                        strict=True) if choice.id in chosen),
                 Fraction(0))
    return min(max(earned, Fraction(0)), Fraction(1))


def grading_rule(content: QuestionContent | None = None) -> str:
    """How a multiple-answer question is marked, in words for whoever writes it: with this
    question's shares when it is given, else the rule itself."""
    if content is None:
        return ("Partial credit, as Moodle marks multiple answers: each right option a "
                "learner ticks earns an equal share of the mark, each wrong one ticked takes "
                "an equal share away, and the mark is never below 0.")
    right = [f for c, f in zip(content.choices, content.fractions, strict=True) if c.is_correct]
    wrong = [f for c, f in zip(content.choices, content.fractions, strict=True)
             if not c.is_correct]
    if all(c.fraction is None for c in content.choices):
        return (f"Partial credit, as Moodle marks multiple answers: each right option a "
                f"learner ticks earns {_share(right[0])} of the mark, each wrong one ticked "
                f"takes {_share(-wrong[0])} away, and the mark is never below 0 (ticking "
                f"every option earns 0).")
    weights = "; ".join(f"“{c.text}” {_share(f)}"
                        for c, f in zip(content.choices, content.fractions, strict=True))
    return (f"Partial credit by the weights given, added up for the options a learner "
            f"ticks, the total never below 0 nor above 100%: {weights}.")


def _share(fraction: Fraction) -> str:
    return f"{float(fraction * 100):.4g}%"


GOOD_SCORE = 80.0  # percent: a result at or above it is celebrated on the learner's result page


def is_good_score(percent: float) -> bool:
    return percent >= GOOD_SCORE
