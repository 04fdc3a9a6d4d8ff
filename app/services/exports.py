"""The instructor's CSV exports, streamed page by page: each page is an ordinary query over a
range of attempt ids, so memory stays flat however many attempts there are, on any database."""

from collections.abc import Iterator

from sqlalchemy import select

from app.domain.accounts import learner_name
from app.domain.attempts import COUNTED_KINDS, chosen_ids
from app.domain.content import MARK_UNIT
from app.domain.export import csv_lines
from app.domain.grading import mark_text
from app.extensions import db
from app.models import Attempt, Question, Quiz, Response, User
from app.services.bank import revision_contents

PAGE = 1000


def _iso(value) -> str:
    return value.isoformat(sep=" ", timespec="seconds") + " UTC" if value else ""


def _attempt_pages(quiz: Quiz) -> Iterator[list]:
    """The quiz's counted submitted attempts in id order, PAGE at a time (keyset pagination)."""
    last = 0
    while True:
        rows = db.session.execute(
            select(Attempt.id, User.username, User.given_name, Attempt.user_id,
                   Attempt.started_at,
                   Attempt.submitted_at, Attempt.marks, Attempt.max_score)
            .join(User, User.id == Attempt.user_id)
            .where(Attempt.quiz_id == quiz.id, Attempt.submitted_at.is_not(None),
                   Attempt.kind.in_(COUNTED_KINDS), Attempt.id > last)
            .order_by(Attempt.id)
            .limit(PAGE)
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def attempts_csv(quiz: Quiz) -> Iterator[str]:
    return csv_lines(
        ["attempt", "learner", "started", "submitted", "score", "max score"],
        ([attempt_id, learner_name(name, given, uid), _iso(started), _iso(submitted),
          mark_text(marks), max_score]
         for page in _attempt_pages(quiz)
         for attempt_id, name, given, uid, started, submitted, marks, max_score in page),
    )


def responses_csv(quiz: Quiz) -> Iterator[str]:
    def lines():
        for page in _attempt_pages(quiz):
            learners = {row.id: learner_name(row.username, row.given_name, row.user_id)
                        for row in page}
            rows = db.session.execute(
                select(Response.attempt_id, Question.key, Response.choice_id,
                       Response.chosen, Response.mark, Response.revision_id)
                .join(Question, Question.id == Response.question_id)
                .where(Response.attempt_id.in_(list(learners)))
                .order_by(Response.attempt_id, Response.position)
            ).all()
            contents = revision_contents({row.revision_id for row in rows})
            for attempt_id, key, choice_id, chosen, mark, revision_id in rows:
                ids = chosen_ids(choice_id, chosen)  # a multiple-answer question's several
                shown = contents[revision_id]
                picked = [c.text for c in shown.choices if c.id in ids]
                yield [attempt_id, learners[attempt_id], key, shown.stem, "; ".join(picked),
                       "yes" if mark == MARK_UNIT else "partly" if mark else "no",
                       mark_text(mark or 0)]

    return csv_lines(["attempt", "learner", "question", "question text", "chosen choice",
                      "correct", "mark"], lines())
