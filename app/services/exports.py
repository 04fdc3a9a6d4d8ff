"""The instructor's CSV exports, streamed row by row."""

from collections.abc import Iterator

from sqlalchemy import select

from app.domain.export import csv_lines
from app.extensions import db
from app.models import Attempt, Question, QuestionRevision, Quiz, Response, User
from app.services.attempts import content


def _learner(username: str | None, user_id: int) -> str:
    return username or f"Guest {user_id}"


def _iso(value) -> str:
    return value.isoformat(sep=" ", timespec="seconds") + " UTC" if value else ""


def attempts_csv(quiz: Quiz) -> Iterator[str]:
    rows = db.session.execute(
        select(Attempt.id, User.username, User.id, Attempt.started_at, Attempt.submitted_at,
               Attempt.score, Attempt.max_score)
        .join(User, User.id == Attempt.user_id)
        .where(Attempt.quiz_id == quiz.id, Attempt.submitted_at.is_not(None))
        .order_by(Attempt.submitted_at, Attempt.id)
        .execution_options(yield_per=1000)
    )
    return csv_lines(
        ["attempt", "learner", "started", "submitted", "score", "max score"],
        ([attempt_id, _learner(name, uid), _iso(started), _iso(submitted), score, max_score]
         for attempt_id, name, uid, started, submitted, score, max_score in rows),
    )


def responses_csv(quiz: Quiz) -> Iterator[str]:
    rows = db.session.execute(
        select(Response.attempt_id, User.username, User.id, Question.key, Response.choice_id,
               Response.is_correct, QuestionRevision.id, QuestionRevision.content)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .join(Question, Question.id == Response.question_id)
        .join(QuestionRevision, QuestionRevision.id == Response.revision_id)
        .where(Attempt.quiz_id == quiz.id, Attempt.submitted_at.is_not(None))
        .order_by(Attempt.submitted_at, Attempt.id, Response.position)
        .execution_options(yield_per=1000)
    )

    def lines():
        for attempt_id, name, uid, key, choice_id, is_correct, revision_id, text in rows:
            shown = {c.id: c.text for c in content(revision_id, text).choices}
            chosen = shown.get(choice_id, "") if choice_id else ""
            yield [attempt_id, _learner(name, uid), key, chosen,
                   "yes" if is_correct else "no"]

    return csv_lines(["attempt", "learner", "question", "chosen choice", "correct"], lines())
