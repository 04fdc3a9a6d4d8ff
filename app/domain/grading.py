"""Grading: the mark of one question of any type from the choices made (`question_mark`), in
whole units (`mark_units`), and an attempt's grade (`grade_attempt`): every question worth one
mark, partial credit kept exact as whole numbers of `content.MARK_UNIT`, an unanswered
question worth nothing."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from fractions import Fraction

from app.domain.content import MARK_UNIT, MULTIPLE, QuestionContent


@dataclass(frozen=True)
class ItemGrade:
    question_id: int
    chosen: frozenset[int]  # the choice ids chosen; empty when unanswered
    correct_choice_id: int | None  # the right choice; None for a multiple-answer question
    mark: int  # units of MARK_UNIT earned, 0 to MARK_UNIT

    @property
    def is_correct(self) -> bool:
        """The whole mark earned."""
        return self.mark == MARK_UNIT

    @property
    def chosen_choice_id(self) -> int | None:
        """The one choice made, when one was (a multiple-answer question's are `chosen`)."""
        return next(iter(self.chosen)) if len(self.chosen) == 1 else None


@dataclass(frozen=True)
class Grade:
    items: tuple[ItemGrade, ...]
    score: int  # questions earning their whole mark
    marks: int  # units of MARK_UNIT earned over all the questions, exact
    max_score: int  # questions, each worth one mark

    @property
    def mark(self) -> Fraction:
        """The marks earned, out of `max_score`."""
        return Fraction(self.marks, MARK_UNIT)


def grade_attempt(answers: Iterable[tuple[int, QuestionContent, Collection[int]]]) -> Grade:
    """Grade each (question id, the content shown, the choice ids chosen) of an attempt."""
    items = tuple(
        ItemGrade(question_id, frozenset(chosen),
                  None if content.type == MULTIPLE else content.correct_choice_id,
                  mark_units(content, chosen))
        for question_id, content, chosen in answers)
    return Grade(items, sum(item.is_correct for item in items),
                 sum(item.mark for item in items), len(items))


def mark_units(content: QuestionContent, chosen: Collection[int]) -> int:
    """`question_mark` in whole units of MARK_UNIT, which every valid question's marks are."""
    units = question_mark(content, chosen) * MARK_UNIT
    if units.denominator != 1:
        raise ValueError("a weight of this question is not a whole number of units")
    return int(units)


@dataclass(frozen=True)
class Verdict:
    """How one answered question went, for review: its mark in units and the words shown."""
    mark: int
    text: str

    @property
    def kind(self) -> str:
        """right (the whole mark), partial (some of it) or wrong (none)."""
        return "right" if self.mark == MARK_UNIT else "partial" if self.mark else "wrong"


def verdict(content: QuestionContent, chosen: Collection[int]) -> Verdict:
    """One question's verdict from the choices made: ✓ Correct, ✗ Incorrect or ✗ Not
    answered; a multiple-answer question not fully right also says how many right options
    were chosen, how many wrong ones, and the mark ("◐ 2 of 3 right: 0.67 of 1 mark")."""
    chosen = set(chosen)
    mark = mark_units(content, chosen)
    if not chosen:
        return Verdict(mark, "✗ Not answered")
    if mark == MARK_UNIT:
        return Verdict(mark, "✓ Correct")
    if content.type != MULTIPLE:
        return Verdict(mark, "✗ Incorrect")
    right = content.right_choice_ids
    wrong = len(chosen - right)
    counts = f"{len(chosen & right)} of {len(right)} right" + (f", {wrong} wrong" if wrong
                                                                else "")
    return Verdict(mark, f"{'◐' if mark else '✗'} {counts}: {mark_text(mark)} of 1 mark")


def mark_text(units: int) -> str:
    """Marks in units as a learner reads them: "1", "0.5", "0.67" (two places at most)."""
    text = f"{units / MARK_UNIT:.2f}".rstrip("0").rstrip(".")
    return text


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
