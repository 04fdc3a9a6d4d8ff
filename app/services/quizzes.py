"""Quizzes as their instructors see them: whose quiz it is and what they may do with it, the
list, and saving its settings."""

from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Quiz, QuizStat, User
from app.services.statistics import WHOLE_QUIZ

VIEW, EDIT = "view", "edit"  # what an instructor asks a quiz for


class NotEditable(Exception):
    """The quiz may be seen but not changed from the web (answered with 403)."""


def find(slug: str, instructor: User, purpose: str) -> Quiz | None:
    """The quiz, for this instructor and this purpose. Their own quiz serves any purpose;
    another instructor's is as good as missing (None, a 404), so nobody learns it exists; one
    that belongs to no one (the curated quiz) every instructor may view and assign, but its
    questions, settings and title come from its bank file, so editing raises NotEditable."""
    quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
    if quiz is None or quiz.owner_id not in (None, instructor.id):
        return None
    if purpose == EDIT and quiz.owner_id is None:
        raise NotEditable("This quiz is loaded from its question bank file, so it is edited "
                          "there, not from the web. You can still assign it and see its "
                          "results.")
    return quiz


def may_edit(quiz: Quiz, instructor: User) -> bool:
    return quiz.owner_id == instructor.id


@dataclass(frozen=True)
class QuizListRow:
    quiz: Quiz
    attempts: int
    learners: int


@dataclass(frozen=True)
class InstructorQuizzes:
    own: list[QuizListRow]
    shared: list[QuizListRow]  # published quizzes that belong to no one


def instructor_quizzes(instructor: User) -> InstructorQuizzes:
    """The instructor's own quizzes and the shared ones, each with its counted attempts and
    learners as the statistics keep them."""
    quizzes = db.session.scalars(
        select(Quiz).where((Quiz.owner_id == instructor.id)
                           | (Quiz.owner_id.is_(None) & Quiz.is_published))
        .order_by(Quiz.title)).all()
    kept = {(quiz_id, selector): n for quiz_id, selector, n in db.session.execute(
        select(QuizStat.quiz_id, QuizStat.selector, QuizStat.n)
        .where(QuizStat.quiz_id.in_([q.id for q in quizzes]), QuizStat.scope == WHOLE_QUIZ,
               QuizStat.selector.in_(("all", "first"))))}
    rows = [QuizListRow(q, kept.get((q.id, "all"), 0), kept.get((q.id, "first"), 0))
            for q in quizzes]
    return InstructorQuizzes([r for r in rows if r.quiz.owner_id is not None],
                             [r for r in rows if r.quiz.owner_id is None])


@dataclass(frozen=True)
class Settings:
    title: str
    description: str
    questions_per_attempt: int | None
    is_shuffle_questions: bool
    is_shuffle_choices: bool
    time_limit_s: int | None
    attempts_allowed: int | None
    grading_method: str
    feedback_mode: str
    layout: str


def set_listed(quiz: Quiz, is_listed: bool) -> None:
    quiz.is_listed = is_listed
    db.session.flush()


def save_settings(quiz: Quiz, settings: Settings) -> None:
    """Settings apply to attempts started after they are saved; the slug never changes, so
    links already shared keep working."""
    for name, value in vars(settings).items():
        setattr(quiz, name, value)
    db.session.flush()
