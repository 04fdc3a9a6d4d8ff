"""What a learner sees of their results: one attempt's review, and their whole history."""

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from app.domain.charts import ScoreChart, score_chart
from app.domain.content import ChoiceContent, QuestionContent
from app.domain.grading import percentage
from app.domain.history import HistorySummary, format_duration, overall_grade, summarise
from app.extensions import db
from app.models import Attempt, Question, Quiz, QuizStat, Response, User
from app.services.articles import Excerpt, excerpts
from app.services.attempts import attempt_slots


@dataclass(frozen=True)
class ReviewItem:
    number: int
    content: QuestionContent
    choices: list[ChoiceContent]
    chosen_id: int | None
    correct_id: int | None
    is_correct: bool
    excerpt: Excerpt | None


@dataclass(frozen=True)
class ResultView:
    attempt: Attempt
    percentage: float
    duration: str
    previous_best: float | None
    everyone_average: float | None
    everyone_attempts: int
    items: list[ReviewItem]

    @property
    def missed(self) -> int:
        return sum(not item.is_correct for item in self.items)


def _pct_expr():
    return 100.0 * Attempt.score / Attempt.max_score


def result_view(attempt: Attempt) -> ResultView:
    """The result exactly as at submission: the revisions shown and the grading snapshot."""
    previous_best = db.session.scalar(
        select(func.max(_pct_expr())).where(
            Attempt.user_id == attempt.user_id,
            Attempt.quiz_id == attempt.quiz_id,
            Attempt.submitted_at < attempt.submitted_at,
            Attempt.id != attempt.id,
        )
    )
    # Everyone's average comes from the statistics' kept sums, so this page's cost does not
    # grow with the quiz's attempts; it is exact while every attempt has as many questions
    # as this one (the quiz's settings unchanged).
    kept = db.session.scalar(select(QuizStat).filter_by(quiz_id=attempt.quiz_id,
                                                        selector="all"))
    everyone_attempts = kept.n if kept is not None else 0
    everyone_average = (100.0 * kept.s1 / kept.n / attempt.max_score
                        if everyone_attempts and attempt.max_score else None)
    slots = attempt_slots(attempt)
    found = excerpts([slot.response.question_id for slot in slots])
    items = [
        ReviewItem(
            number=slot.response.position,
            content=slot.content,
            choices=slot.choices,
            chosen_id=slot.response.choice_id,
            correct_id=slot.response.correct_choice_id,
            is_correct=bool(slot.response.is_correct),
            excerpt=found.get(slot.response.question_id),
        )
        for slot in slots
    ]
    return ResultView(
        attempt=attempt,
        percentage=percentage(attempt.score or 0, attempt.max_score),
        duration=format_duration((attempt.submitted_at - attempt.started_at).total_seconds()),
        previous_best=previous_best,
        everyone_average=everyone_average,
        everyone_attempts=everyone_attempts,
        items=items,
    )


@dataclass(frozen=True)
class HistoryRow:
    attempt: Attempt
    percentage: float | None
    duration: str | None


@dataclass(frozen=True)
class QuizGrade:
    quiz: Quiz
    method: str
    grade: float
    attempts: int


@dataclass(frozen=True)
class TopicAccuracy:
    topic: str
    answered: int
    correct: int

    @property
    def percentage(self) -> float:
        return percentage(self.correct, self.answered)


@dataclass(frozen=True)
class MissedQuestion:
    stem: str
    missed: int
    seen: int


@dataclass(frozen=True)
class HistoryView:
    rows: list[HistoryRow]
    summary: HistorySummary | None
    chart: ScoreChart | None
    grades: list[QuizGrade]
    topics: list[TopicAccuracy]
    most_missed: list[MissedQuestion]


def learner_history(user: User | None) -> HistoryView:
    """This learner's attempts, newest first; the summary, chart and grade per quiz of the
    submitted ones; accuracy per topic and the questions missed most often."""
    if user is None:
        return HistoryView([], None, None, [], [], [])
    attempts = db.session.scalars(
        select(Attempt)
        .filter_by(user_id=user.id)
        .options(selectinload(Attempt.quiz))
        .order_by(Attempt.submitted_at.is_(None), Attempt.submitted_at, Attempt.id)
    ).all()
    rows, percentages = [], []
    per_quiz: dict[int, list[float]] = {}
    for attempt in attempts:
        if attempt.is_submitted:
            pct = percentage(attempt.score or 0, attempt.max_score)
            percentages.append(pct)
            per_quiz.setdefault(attempt.quiz_id, []).append(pct)
            seconds = (attempt.submitted_at - attempt.started_at).total_seconds()
            rows.append(HistoryRow(attempt, pct, format_duration(seconds)))
        else:
            rows.append(HistoryRow(attempt, None, None))
    rows.reverse()
    quizzes = {attempt.quiz_id: attempt.quiz for attempt in attempts}
    grades = [
        QuizGrade(quizzes[qid], quizzes[qid].grading_method,
                  overall_grade(pcts, quizzes[qid].grading_method), len(pcts))
        for qid, pcts in per_quiz.items()
    ]
    return HistoryView(
        rows=rows,
        summary=summarise(percentages),
        chart=score_chart(percentages) if percentages else None,
        grades=grades,
        topics=_topic_accuracy(user.id),
        most_missed=_most_missed(user.id),
    )


def _graded_responses(user_id: int):
    return (
        select(Response)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .join(Question, Question.id == Response.question_id)
        .where(Attempt.user_id == user_id, Attempt.submitted_at.is_not(None))
    )


def _topic_accuracy(user_id: int) -> list[TopicAccuracy]:
    correct = func.sum(case((Response.is_correct, 1), else_=0))
    rows = db.session.execute(
        _graded_responses(user_id)
        .with_only_columns(Question.topic, func.count(Response.id), correct)
        .group_by(Question.topic)
        .order_by(Question.topic)
    )
    return [TopicAccuracy(topic or "General", answered, right) for topic, answered, right in rows]


def _most_missed(user_id: int, limit: int = 5) -> list[MissedQuestion]:
    missed = func.sum(case((Response.is_correct, 0), else_=1))
    rows = db.session.execute(
        _graded_responses(user_id)
        .with_only_columns(Question.stem, missed.label("missed"), func.count(Response.id))
        .group_by(Question.id, Question.stem)
        .having(missed > 0)
        .order_by(missed.desc(), Question.position)
        .limit(limit)
    )
    return [MissedQuestion(stem, n_missed, seen) for stem, n_missed, seen in rows]
