"""Quizzes as their instructors see them: the list, finding one, and saving its settings."""

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Quiz, QuizStat


def find(slug: str) -> Quiz | None:
    return db.session.scalar(select(Quiz).filter_by(slug=slug))


@dataclass(frozen=True)
class QuizListRow:
    quiz: Quiz
    attempts: int
    learners: int


def instructor_quizzes() -> list[QuizListRow]:
    """Every quiz with its counted attempts and learners, as the statistics keep them."""
    kept = {(quiz_id, selector): n for quiz_id, selector, n in db.session.execute(
        select(QuizStat.quiz_id, QuizStat.selector, QuizStat.n)
        .where(QuizStat.selector.in_(("all", "first"))))}
    return [QuizListRow(quiz, kept.get((quiz.id, "all"), 0), kept.get((quiz.id, "first"), 0))
            for quiz in db.session.scalars(select(Quiz).order_by(Quiz.title))]


@dataclass(frozen=True)
class Settings:
    questions_per_attempt: int | None
    is_shuffle_questions: bool
    is_shuffle_choices: bool
    time_limit_s: int | None
    attempts_allowed: int | None
    grading_method: str
    feedback_mode: str
    layout: str


def save_settings(quiz: Quiz, settings: Settings) -> None:
    """Settings apply to attempts started after they are saved."""
    for name, value in vars(settings).items():
        setattr(quiz, name, value)
    db.session.flush()
