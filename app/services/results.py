"""Results: one attempt's review, a learner's whole history, and a quiz's attempts for its
instructor."""

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, select

from app.domain.accounts import learner_name
from app.domain.attempts import COUNTED_KINDS
from app.domain.charts import ScoreChart, score_chart
from app.domain.content import MARK_UNIT, ChoiceContent, QuestionContent
from app.domain.grading import is_good_score, percentage
from app.domain.history import HistorySummary, format_duration, overall_grade, summarise
from app.extensions import db
from app.models import Attempt, Question, Quiz, QuizStat, Response, User
from app.services.articles import Excerpt, sentence_excerpts
from app.services.attempts import (
    ATTEMPT_WITH_QUIZ,
    HEADER_COLUMNS,
    AttemptHeader,
    QuizHeader,
    attempt_slots,
    percent_of,
)
from app.services.statistics import WHOLE_QUIZ

ROWS_PER_PAGE = 50
CHART_POINTS = 100


class NoSuchPage(Exception):
    """A page of a list of attempts past its last."""


class ReviewItem(NamedTuple):
    number: int
    revision_id: int
    choice_order: str
    content: QuestionContent
    chosen: frozenset[int]  # the choice ids chosen
    is_correct: bool  # the whole mark earned
    mark: int  # units of content.MARK_UNIT earned
    excerpt: Excerpt | None

    @property
    def choices(self) -> list[ChoiceContent]:
        return self.content.in_order(self.choice_order)


@dataclass(frozen=True)
class ResultView:
    attempt: AttemptHeader
    percentage: float
    duration: str
    previous_best: float | None
    everyone_average: float | None
    everyone_attempts: int
    items: list[ReviewItem]

    @property
    def missed(self) -> int:
        """Questions that did not earn their whole mark (a partly right one among them, to
        retake and study)."""
        return sum(not item.is_correct for item in self.items)

    @property
    def partly_right(self) -> int:
        return sum(bool(item.mark) and not item.is_correct for item in self.items)

    @property
    def is_good(self) -> bool:
        return is_good_score(self.percentage)


# Statements over the tables' columns (Core), as in services.attempts.
_attempt, _user, _quiz_stat = Attempt.__table__, User.__table__, QuizStat.__table__
_prior = _attempt.alias("prior")
_RESULT_COLUMNS = (
    *HEADER_COLUMNS,
    # the learner's previous best
    select(func.max(percent_of(_prior.c.marks, _prior.c.max_score))).where(
        _prior.c.user_id == _attempt.c.user_id,
        _prior.c.quiz_id == _attempt.c.quiz_id,
        _prior.c.kind.in_(COUNTED_KINDS),
        _prior.c.submitted_at < _attempt.c.submitted_at,
        _prior.c.id != _attempt.c.id,
    ).correlate(_attempt).scalar_subquery().label("previous_best"),
    # everyone's attempts and the sum of their marks (in units), as kept by the statistics
    *(select(column).where(_quiz_stat.c.quiz_id == _attempt.c.quiz_id,
                           _quiz_stat.c.scope == WHOLE_QUIZ, _quiz_stat.c.selector == "all")
      .correlate(_attempt).scalar_subquery().label(f"everyone_{column.name}")
      for column in (_quiz_stat.c.n, _quiz_stat.c.s1)),
)
_WITH_LEARNER = ATTEMPT_WITH_QUIZ.join(_user, _user.c.id == _attempt.c.user_id)
_SUBMITTED_RESULT = (
    select(*_RESULT_COLUMNS, _user.c.username, _user.c.given_name)
    .select_from(_WITH_LEARNER)
    .where(_attempt.c.id == bindparam("attempt_id"), _attempt.c.submitted_at.is_not(None))
)
_OWN_RESULT = _SUBMITTED_RESULT.where(_attempt.c.user_id == bindparam("user_id"))
_QUIZ_RESULT = _SUBMITTED_RESULT.where(_attempt.c.quiz_id == bindparam("quiz_id"))


def own_result(attempt_id: int, user: User | None) -> ResultView | None:
    """The result of one of this user's submitted attempts; None for any other attempt."""
    if user is None:
        return None
    row = db.session.execute(_OWN_RESULT, {"attempt_id": attempt_id,
                                           "user_id": user.id}).first()
    return None if row is None else _result_view(row)


def quiz_result(quiz: Quiz, attempt_id: int) -> tuple[ResultView, str] | None:
    """A submitted attempt of this quiz and its learner's name, for the quiz's instructor."""
    row = db.session.execute(_QUIZ_RESULT, {"attempt_id": attempt_id,
                                            "quiz_id": quiz.id}).first()
    if row is None:
        return None
    view = _result_view(row)
    return view, learner_name(row.username, row.given_name, view.attempt.user_id)


def _result_view(row) -> ResultView:
    """The result exactly as at submission: the revisions shown and the grading snapshot."""
    attempt = AttemptHeader.of(row)
    previous_best, kept_n, kept_s1 = row.previous_best, row.everyone_n, row.everyone_s1
    # Everyone's average comes from the statistics' kept sums, so this page's cost does not
    # grow with the quiz's attempts; it is exact while every attempt has as many questions
    # as this one (the quiz's settings unchanged).
    everyone_attempts = kept_n or 0
    everyone_average = (percentage(kept_s1 / kept_n / MARK_UNIT, attempt.max_score)
                        if everyone_attempts else None)
    slots = attempt_slots(attempt.id, with_sources=True)
    found = sentence_excerpts({slot.response.sentence_id for slot in slots})
    items = [
        ReviewItem(slot.response.position, slot.response.revision_id,
                   slot.response.choice_order, slot.content, slot.chosen,
                   slot.response.mark == MARK_UNIT, slot.response.mark or 0,
                   found.get(slot.response.sentence_id))
        for slot in slots
    ]
    return ResultView(
        attempt=attempt,
        percentage=attempt.percentage,
        duration=format_duration((attempt.submitted_at - attempt.started_at).total_seconds()),
        previous_best=previous_best,
        everyone_average=everyone_average,
        everyone_attempts=everyone_attempts,
        items=items,
    )


@dataclass(frozen=True)
class QuizAttemptRow:
    attempt: AttemptHeader
    learner: str
    percentage: float
    duration: str


@dataclass(frozen=True)
class QuizAttempts:
    rows: list[QuizAttemptRow]  # this page's, newest first
    total: int
    page: int
    pages: int


def quiz_attempts(quiz: Quiz, page: int = 1) -> QuizAttempts:
    """Every submitted attempt of a quiz, newest first, ROWS_PER_PAGE to a page, with who made
    it: for an instructor to open any one of them."""
    submitted = and_(Attempt.quiz_id == quiz.id, Attempt.submitted_at.is_not(None),
                     Attempt.kind.in_(COUNTED_KINDS))
    total = db.session.scalar(select(func.count(Attempt.id)).where(submitted))
    pages = max(1, -(-total // ROWS_PER_PAGE))
    if not 1 <= page <= pages:
        raise NoSuchPage
    rows = db.session.execute(
        select(*HEADER_COLUMNS, _user.c.username, _user.c.given_name)
        .select_from(_WITH_LEARNER)
        .where(_attempt.c.quiz_id == quiz.id, _attempt.c.submitted_at.is_not(None),
               _attempt.c.kind.in_(COUNTED_KINDS))
        .order_by(_attempt.c.submitted_at.desc(), _attempt.c.id.desc())
        .limit(ROWS_PER_PAGE).offset((page - 1) * ROWS_PER_PAGE))
    headers = [(AttemptHeader.of(row), (row.username, row.given_name)) for row in rows]
    return QuizAttempts(
        [QuizAttemptRow(attempt, learner_name(*names, attempt.user_id),
                        attempt.percentage,
                        format_duration((attempt.submitted_at - attempt.started_at)
                                        .total_seconds()))
         for attempt, names in headers],
        total, page, pages)


@dataclass(frozen=True)
class HistoryRow:
    attempt: AttemptHeader
    percentage: float | None
    duration: str | None


@dataclass(frozen=True)
class QuizGrade:
    quiz: QuizHeader
    method: str
    grade: float
    attempts: int


@dataclass(frozen=True)
class TopicAccuracy:
    topic: str
    answered: int
    marks: int  # earned, in units of content.MARK_UNIT

    @property
    def percentage(self) -> float:
        return percentage(self.marks / MARK_UNIT, self.answered)


@dataclass(frozen=True)
class MissedQuestion:
    stem: str
    missed: int
    seen: int


@dataclass(frozen=True)
class HistoryView:
    rows: list[HistoryRow]  # this page's
    summary: HistorySummary | None
    chart: ScoreChart | None
    grades: list[QuizGrade]
    topics: list[TopicAccuracy]
    most_missed: list[MissedQuestion]
    page: int = 1
    pages: int = 1
    charted: int = 0  # attempts on the chart: the latest CHART_POINTS



_ATTEMPTS = (
    select(*HEADER_COLUMNS).select_from(ATTEMPT_WITH_QUIZ)
    .where(_attempt.c.user_id == bindparam("user_id"))
    .order_by(_attempt.c.submitted_at.is_(None), _attempt.c.submitted_at, _attempt.c.id)
)


def learner_history(user: User | None, page: int = 1) -> HistoryView:
    """This learner's attempts, newest first, ROWS_PER_PAGE to a page; the summary and the
    grade per quiz of all the submitted ones that count, the chart of the latest; accuracy
    per topic and the questions missed most often."""
    if user is None:
        if page != 1:
            raise NoSuchPage
        return HistoryView([], None, None, [], [], [])
    attempts = [AttemptHeader.of(row)
                for row in db.session.execute(_ATTEMPTS, {"user_id": user.id})]
    pages = max(1, -(-len(attempts) // ROWS_PER_PAGE))
    if not 1 <= page <= pages:
        raise NoSuchPage
    newest = len(attempts) - (page - 1) * ROWS_PER_PAGE
    on_page = set(range(max(0, newest - ROWS_PER_PAGE), newest))
    rows, percentages = [], []
    per_quiz: dict[int, list[float]] = {}
    for index, attempt in enumerate(attempts):
        pct = None
        if attempt.is_submitted:
            pct = attempt.percentage
            if attempt.kind in COUNTED_KINDS:
                percentages.append(pct)
                per_quiz.setdefault(attempt.quiz_id, []).append(pct)
        if index in on_page:
            seconds = (attempt.submitted_at - attempt.started_at).total_seconds() \
                if attempt.is_submitted else None
            rows.append(HistoryRow(attempt, pct, None if seconds is None
                                   else format_duration(seconds)))
    rows.reverse()
    quizzes = {attempt.quiz_id: attempt.quiz for attempt in attempts}
    topics, most_missed = _accuracy(user.id)
    grades = [
        QuizGrade(quizzes[qid], quizzes[qid].grading_method,
                  overall_grade(pcts, quizzes[qid].grading_method), len(pcts))
        for qid, pcts in per_quiz.items()
    ]
    charted = percentages[-CHART_POINTS:]
    return HistoryView(
        rows=rows,
        summary=summarise(percentages),
        chart=score_chart(charted) if charted else None,
        grades=grades,
        topics=topics,
        most_missed=most_missed,
        page=page,
        pages=pages,
        charted=len(charted),
    )


_question, _response = Question.__table__, Response.__table__
_PER_QUESTION = (
    select(_question.c.topic, _question.c.stem, func.count(_response.c.id),
           func.coalesce(func.sum(_response.c.mark), 0),
           func.count().filter(_response.c.mark == MARK_UNIT))
    .select_from(_question.join(_response, _response.c.question_id == _question.c.id)
                 .join(_attempt, _attempt.c.id == _response.c.attempt_id))
    .where(_attempt.c.user_id == bindparam("user_id"), _attempt.c.submitted_at.is_not(None),
           _attempt.c.kind.in_(COUNTED_KINDS))
    .group_by(_question.c.id)
    .order_by(_question.c.position)
)


def _accuracy(user_id: int, most_missed: int = 5
              ) -> tuple[list[TopicAccuracy], list[MissedQuestion]]:
    """Accuracy per topic (the marks earned of the questions answered, partial credit
    counted), and the questions missed (not earning their whole mark) most often (ties in quiz
    order), from one count per question the learner has been graded on."""
    topics: dict[str, list[int]] = {}
    missed = []
    for topic, stem, seen, marks, right in db.session.execute(_PER_QUESTION,
                                                              {"user_id": user_id}):
        totals = topics.setdefault(topic or "General", [0, 0])
        totals[0] += seen
        totals[1] += marks
        if right < seen:
            missed.append(MissedQuestion(stem, seen - right, seen))
    missed.sort(key=lambda m: -m.missed)  # stable: quiz order among equals
    return ([TopicAccuracy(topic, seen, marks) for topic, (seen, marks) in sorted(topics.items())],
            missed[:most_missed])
