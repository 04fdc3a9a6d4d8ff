"""The gradebook: one row per learner (everyone who joined an assignment, or everyone who took
the quiz), with their status, attempts and grade under the quiz's grading method, sorted and
paged in SQL."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from app.domain.accounts import learner_name
from app.domain.attempts import COUNTED_KINDS
from app.domain.content import MARK_UNIT
from app.domain.export import csv_lines
from app.extensions import db
from app.models import Assignment, AssignmentMember, Attempt, Quiz, User
from app.services.attempts import percent_of
from app.services.results import NoSuchPage

ROWS_PER_PAGE = 50
SORTS = ("name", "grade")
ORDERS = ("asc", "desc")
NOT_STARTED, IN_PROGRESS, SUBMITTED = "not started", "in progress", "submitted"


@dataclass(frozen=True)
class GradebookRow:
    user_id: int
    name: str
    status: str
    attempts: int  # submitted
    score: float | None  # the grade in marks: one attempt's, or the average's
    max_score: float | None
    percentage: float | None
    last_at: datetime | None
    reviews: tuple[int, ...]  # the submitted attempts' ids, oldest first

    @property
    def grade(self) -> str:
        """"7 / 10", "7.5 / 10" with partial credit or averaged (two places at most); empty
        before any submission."""
        if self.score is None:
            return ""
        return f"{_marks(self.score)} / {_marks(self.max_score)}"


def _number(value) -> float | None:
    """A float from an average (PostgreSQL averages are Decimals), or None."""
    return None if value is None else float(value)


def _marks(value: float) -> str:
    return f"{round(value, 2):g}"


@dataclass(frozen=True)
class Gradebook:
    quiz: Quiz
    assignment: Assignment | None
    rows: list[GradebookRow]
    total: int
    page: int
    pages: int
    sort: str
    order: str


def _rows_statement(quiz: Quiz, assignment: Assignment | None):
    """One row per learner: the counted attempts in scope, aggregated, and the grade under
    the quiz's grading method (one attempt's marks picked by a window function, or the
    average)."""
    in_scope = [Attempt.quiz_id == quiz.id, Attempt.kind.in_(COUNTED_KINDS)]
    if assignment is not None:
        in_scope.append(Attempt.assignment_id == assignment.id)
    submitted = Attempt.submitted_at.is_not(None)
    share = percent_of(Attempt.marks, Attempt.max_score)
    marks = 1.0 * Attempt.marks / MARK_UNIT
    per_user = (
        select(Attempt.user_id,
               func.count(Attempt.id).filter(submitted).label("attempts"),
               func.count(Attempt.id).filter(~submitted).label("open"),
               func.max(func.coalesce(Attempt.submitted_at, Attempt.started_at))
               .label("last_at"),
               func.avg(marks).filter(submitted).label("avg_score"),
               func.avg(Attempt.max_score).filter(submitted).label("avg_max"),
               func.avg(share).filter(submitted).label("avg_pct"))
        .where(*in_scope).group_by(Attempt.user_id).subquery())
    order = {"highest": (share.desc(), Attempt.submitted_at, Attempt.id),
             "first": (Attempt.submitted_at, Attempt.id),
             "last": (Attempt.submitted_at.desc(), Attempt.id.desc()),
             "average": (Attempt.id,)}[quiz.grading_method]
    ranked = (select(Attempt.user_id, marks.label("score"), Attempt.max_score,
                     func.row_number().over(partition_by=Attempt.user_id, order_by=order)
                     .label("rank"))
              .where(*in_scope, submitted).subquery())
    if quiz.grading_method == "average":
        score, max_score, pct = per_user.c.avg_score, per_user.c.avg_max, per_user.c.avg_pct
    else:
        score, max_score = ranked.c.score, ranked.c.max_score
        pct = 100.0 * ranked.c.score / ranked.c.max_score
    if assignment is not None:  # everyone who joined, whether they started or not
        learners = (select(AssignmentMember.user_id)
                    .where(AssignmentMember.assignment_id == assignment.id).subquery())
        base = select(learners.c.user_id.label("user_id")).subquery()
    else:
        base = select(per_user.c.user_id).subquery()
    name = func.lower(func.coalesce(User.username, User.given_name))
    statement = (
        select(User.id, User.username, User.given_name,
               func.coalesce(per_user.c.attempts, 0), func.coalesce(per_user.c.open, 0),
               per_user.c.last_at, score, max_score, pct)
        .select_from(base)
        .join(User, User.id == base.c.user_id)
        .outerjoin(per_user, per_user.c.user_id == base.c.user_id)
        .outerjoin(ranked, (ranked.c.user_id == base.c.user_id) & (ranked.c.rank == 1))
    )
    return statement, base, name, pct


def gradebook(quiz: Quiz, assignment: Assignment | None, sort: str = "name",
              order: str = "asc", page: int = 1) -> Gradebook:
    """A page of the gradebook. Learners with no name yet (guests who gave none) sort after
    the named ones, and learners with no grade yet after the graded, whichever the order."""
    statement, base, name, pct = _rows_statement(quiz, assignment)
    total = db.session.scalar(select(func.count()).select_from(base))
    pages = max(1, -(-total // ROWS_PER_PAGE))
    if not 1 <= page <= pages:
        raise NoSuchPage
    by_name = (case((name.is_(None), 1), else_=0), name.desc() if order == "desc" else name,
               User.id)
    by_grade = (case((pct.is_(None), 1), else_=0), pct.desc() if order == "desc" else pct)
    keys = (*by_grade, *by_name) if sort == "grade" else by_name
    rows = db.session.execute(statement.order_by(*keys).limit(ROWS_PER_PAGE)
                              .offset((page - 1) * ROWS_PER_PAGE)).all()
    return Gradebook(quiz, assignment, _rows(quiz, assignment, rows), total, page, pages, sort,
                     order)


def _rows(quiz: Quiz, assignment: Assignment | None, rows,
          with_reviews: bool = True) -> list[GradebookRow]:
    """The rows as the gradebook shows them, with the ids of each learner's submitted
    attempts (for links to their reviews) when asked."""
    reviews: dict[int, list[int]] = {}
    if rows and with_reviews:
        query = (select(Attempt.user_id, Attempt.id)
                 .where(Attempt.quiz_id == quiz.id, Attempt.kind.in_(COUNTED_KINDS),
                        Attempt.submitted_at.is_not(None),
                        Attempt.user_id.in_([row.id for row in rows]))
                 .order_by(Attempt.submitted_at, Attempt.id))
        if assignment is not None:
            query = query.where(Attempt.assignment_id == assignment.id)
        for user_id, attempt_id in db.session.execute(query):
            reviews.setdefault(user_id, []).append(attempt_id)
    return [
        GradebookRow(user_id, learner_name(username, given, user_id),
                     IN_PROGRESS if open_ else SUBMITTED if attempts else NOT_STARTED,
                     attempts, _number(score), _number(max_score), _number(pct), last_at,
                     tuple(reviews.get(user_id, ())))
        for user_id, username, given, attempts, open_, last_at, score, max_score, pct in rows
    ]


def gradebook_csv(quiz: Quiz, assignment: Assignment | None) -> Iterator[str]:
    """The same rows as the page, all of them, sorted by name."""
    statement, _, name, _ = _rows_statement(quiz, assignment)
    rows = db.session.execute(statement.order_by(case((name.is_(None), 1), else_=0), name,
                                                 User.id)).all()
    return csv_lines(
        ["learner", "status", "attempts", "grade", "out of", "percent", "last attempt"],
        ([row.name, row.status, row.attempts,
          "" if row.score is None else _marks(row.score),
          "" if row.max_score is None else _marks(row.max_score),
          "" if row.percentage is None else f"{row.percentage:.1f}",
          row.last_at.isoformat(sep=" ", timespec="seconds") + " UTC" if row.last_at else ""]
         for row in _rows(quiz, assignment, rows, with_reviews=False)))
