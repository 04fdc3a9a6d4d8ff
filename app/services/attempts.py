"""Quizzes and attempts: listing, starting, answering and submitting."""

import random
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import selectinload

from app.domain.content import ChoiceContent, QuestionContent
from app.domain.grading import grade_attempt
from app.extensions import db
from app.models import Attempt, Question, Quiz, Response, User
from app.services import statistics
from app.services.bank import latest_revisions


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    question_count: int
    attempts: int
    best_percentage: float | None
    in_progress_id: int | None


def quiz_rows(user: User | None) -> list[QuizRow]:
    """Every published quiz with its question count and, for this learner, attempts and best."""
    counts = (
        select(Question.quiz_id, func.count(Question.id).label("n"))
        .where(Question.status == "published")
        .group_by(Question.quiz_id)
        .subquery()
    )
    user_id = user.id if user is not None else -1
    submitted = Attempt.submitted_at.is_not(None)
    mine = (
        select(
            Attempt.quiz_id,
            func.count(Attempt.id).filter(submitted).label("attempts"),
            func.max(case((submitted, 1.0 * Attempt.score / Attempt.max_score))).label("best"),
            func.max(case((~submitted, Attempt.id))).label("open_id"),
        )
        .where(Attempt.user_id == user_id)
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Quiz, counts.c.n, mine.c.attempts, mine.c.best, mine.c.open_id)
        .join(counts, counts.c.quiz_id == Quiz.id)
        .outerjoin(mine, mine.c.quiz_id == Quiz.id)
        .where(Quiz.is_published)
        .order_by(Quiz.title)
    )
    return [
        QuizRow(quiz, n, attempts or 0, None if best is None else 100 * best, open_id)
        for quiz, n, attempts, best, open_id in rows
    ]


def open_attempt(quiz: Quiz, user: User) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .filter_by(quiz_id=quiz.id, user_id=user.id, submitted_at=None)
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def start_attempt(quiz: Quiz, user: User, now: datetime, rng: random.Random) -> Attempt:
    """Resume the learner's open attempt on this quiz, or start one with every published
    question at its newest revision. The choice order is drawn once here and stored, so a
    reload shows the same page."""
    attempt = open_attempt(quiz, user)
    if attempt is not None:
        return attempt
    revisions = latest_revisions(quiz.id)
    questions = db.session.scalars(
        select(Question)
        .where(Question.quiz_id == quiz.id, Question.status == "published")
        .order_by(Question.position)
    ).all()
    attempt = Attempt(quiz=quiz, user=user, started_at=now, max_score=len(questions))
    for position, question in enumerate(questions, start=1):
        revision = revisions[question.id]
        order = list(content(revision.id, revision.content).choice_ids)
        if quiz.is_shuffle_choices:
            rng.shuffle(order)
        attempt.responses.append(
            Response(
                question=question,
                revision=revision,
                position=position,
                choice_order=",".join(map(str, order)),
            )
        )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def own_attempt(attempt_id: int, user: User | None) -> Attempt | None:
    """The attempt if it belongs to this user; another learner's is as good as missing."""
    if user is None:
        return None
    return db.session.scalar(
        select(Attempt)
        .filter_by(id=attempt_id, user_id=user.id)
        .options(selectinload(Attempt.responses).selectinload(Response.revision))
    )


@lru_cache(maxsize=4096)
def content(revision_id: int, text: str) -> QuestionContent:
    """Revisions never change once stored, so their parsed content can be shared."""
    return QuestionContent.from_json(text)


@dataclass(frozen=True)
class Slot:
    response: Response
    content: QuestionContent
    choices: list[ChoiceContent]


def attempt_slots(attempt: Attempt) -> list[Slot]:
    """Questions in the stored order, as the revision shown, with choices in the stored order."""
    slots = []
    for response in attempt.responses:
        shown = content(response.revision_id, response.revision.content)
        by_id = {choice.id: choice for choice in shown.choices}
        slots.append(Slot(response, shown, [by_id[cid] for cid in response.choice_ids]))
    return slots


def save_answers(attempt: Attempt, chosen: dict[int, int], now: datetime) -> int:
    """Store the choices made (question id -> choice id); returns how many changed."""
    changed = 0
    for response in attempt.responses:
        choice_id = chosen.get(response.question_id)
        if choice_id is not None and choice_id != response.choice_id:
            response.choice_id, response.saved_at = choice_id, now
            changed += 1
    db.session.flush()
    return changed


def submit_attempt(attempt: Attempt, now: datetime) -> bool:
    """Grade on the server from what is stored, against the revisions shown. The state change
    is a conditional UPDATE, so an attempt is graded once however many submissions race;
    returns False if it was already graded."""
    slots = attempt_slots(attempt)
    correct = {slot.response.question_id: slot.content.correct_choice_id for slot in slots}
    chosen = {slot.response.question_id: slot.response.choice_id for slot in slots}
    grade = grade_attempt(chosen, correct)
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.submitted_at.is_(None))
        .values(submitted_at=now, score=grade.score, max_score=grade.max_score)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    by_question = {item.question_id: item for item in grade.items}
    for response in attempt.responses:
        item = by_question[response.question_id]
        response.correct_choice_id, response.is_correct = item.correct_choice_id, item.is_correct
    db.session.flush()
    db.session.refresh(attempt)
    statistics.record_submission(attempt)
    return True
