"""Where rows and domain rules meet: load rows, call the domain, add and flush. Views commit."""

import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import selectinload

from app.domain.bank import Bank, BankError
from app.domain.grading import grade_attempt, percentage
from app.domain.history import HistorySummary, ScoreChart, format_duration, score_chart, summarise
from app.extensions import db
from app.models import Article, Attempt, Choice, Question, Quiz, Response, User

# --- the question bank ---------------------------------------------------------------------


@dataclass(frozen=True)
class LoadReport:
    quiz_slug: str
    created: int
    updated: int
    retired: int


def load_bank(bank: Bank) -> LoadReport:
    """Create or update the quiz and its questions in place by key. A question missing from the
    bank is retired, never deleted, so past attempts keep every row they point at."""
    article = db.session.scalar(select(Article).filter_by(slug=bank.quiz_slug))
    if article is None:
        article = Article(slug=bank.quiz_slug)
        db.session.add(article)
    article.title, article.source = bank.article_title or bank.quiz_title, bank.article_source

    quiz = db.session.scalar(select(Quiz).filter_by(slug=bank.quiz_slug))
    if quiz is None:
        quiz = Quiz(slug=bank.quiz_slug)
        db.session.add(quiz)
    quiz.title, quiz.description, quiz.article = bank.quiz_title, bank.quiz_description, article
    db.session.flush()

    existing = {
        q.key: q
        for q in db.session.scalars(
            select(Question).filter_by(quiz_id=quiz.id).options(selectinload(Question.choices))
        )
    }
    created = updated = 0
    for position, spec in enumerate(bank.questions, start=1):
        question = existing.pop(spec.key, None)
        if question is None:
            question = Question(quiz=quiz, key=spec.key, choices=[])
            db.session.add(question)
            created += 1
        else:
            updated += 1
        question.position, question.status = position, "published"
        question.stem, question.explanation = spec.stem, spec.explanation
        question.topic, question.paragraph = spec.topic, spec.paragraph
        question.anchor = spec.anchor
        _replace_choices(question, spec)
    for question in existing.values():
        question.status = "retired"
    db.session.flush()
    return LoadReport(bank.quiz_slug, created, updated, len(existing))


def _replace_choices(question: Question, spec) -> None:
    """Choices are updated in place by position; a surplus choice is removed only when no
    attempt ever chose it or was graded against it."""
    for index, choice_spec in enumerate(spec.choices, start=1):
        if index <= len(question.choices):
            choice = question.choices[index - 1]
        else:
            choice = Choice(position=index)
            question.choices.append(choice)
        choice.text, choice.is_correct = choice_spec.text, choice_spec.is_correct
        choice.rationale = choice_spec.rationale
    for choice in question.choices[len(spec.choices) :]:
        if choice.id is not None and db.session.scalar(
            select(func.count(Response.id)).where(
                or_(Response.choice_id == choice.id, Response.correct_choice_id == choice.id)
            )
        ):
            raise BankError(
                [f'question "{question.key}": choice {choice.position} has been answered in past '
                 "attempts and cannot be removed; retire the question under a new key instead"]
            )
        question.choices.remove(choice)
        db.session.delete(choice)


# --- quizzes and attempts ------------------------------------------------------------------


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    question_count: int
    attempts: int
    best_percentage: float | None
    in_progress_id: int | None


def published_questions(quiz_id: int):
    return select(Question).filter_by(quiz_id=quiz_id, status="published")


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
        .filter(Quiz.is_published)
        .order_by(Quiz.title)
    )
    return [
        QuizRow(quiz, n, attempts or 0, None if best is None else 100 * best, open_id)
        for quiz, n, attempts, best, open_id in rows
    ]


def open_attempt(quiz: Quiz, user: User) -> Attempt | None:
    return db.session.scalar(
        select(Attempt).filter_by(quiz_id=quiz.id, user_id=user.id, submitted_at=None)
    )


def start_attempt(quiz: Quiz, user: User, now: datetime, rng: random.Random) -> Attempt:
    """Resume the learner's open attempt on this quiz, or start one with every published
    question. The choice order is drawn once here and stored, so a reload shows the same page."""
    attempt = open_attempt(quiz, user)
    if attempt is not None:
        return attempt
    questions = db.session.scalars(
        published_questions(quiz.id)
        .order_by(Question.position)
        .options(selectinload(Question.choices))
    ).all()
    attempt = Attempt(quiz=quiz, user=user, started_at=now, max_score=len(questions))
    for position, question in enumerate(questions, start=1):
        order = [choice.id for choice in question.choices]
        if quiz.is_shuffle_choices:
            rng.shuffle(order)
        attempt.responses.append(
            Response(
                question=question, position=position, choice_order=",".join(map(str, order))
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
        .options(
            selectinload(Attempt.responses)
            .selectinload(Response.question)
            .selectinload(Question.choices)
        )
    )


@dataclass(frozen=True)
class Slot:
    response: Response
    question: Question
    choices: list[Choice]


def attempt_slots(attempt: Attempt) -> list[Slot]:
    """Questions in the stored order, each with its choices in the stored order."""
    slots = []
    for response in attempt.responses:
        by_id = {choice.id: choice for choice in response.question.choices}
        choices = [by_id[cid] for cid in response.choice_ids if cid in by_id]
        slots.append(Slot(response, response.question, choices))
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
    """Grade on the server from what is stored. The state change is a conditional UPDATE, so
    an attempt is graded once however many submissions race; returns False if already graded."""
    correct = {
        response.question_id: next(c.id for c in response.question.choices if c.is_correct)
        for response in attempt.responses
    }
    chosen = {response.question_id: response.choice_id for response in attempt.responses}
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
    return True


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    number: int
    question: Question
    choices: list[Choice]
    chosen_id: int | None
    correct_id: int | None
    is_correct: bool


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
    previous_best = db.session.scalar(
        select(func.max(_pct_expr())).where(
            Attempt.user_id == attempt.user_id,
            Attempt.quiz_id == attempt.quiz_id,
            Attempt.submitted_at < attempt.submitted_at,
            Attempt.id != attempt.id,
        )
    )
    everyone_average, everyone_attempts = db.session.execute(
        select(func.avg(_pct_expr()), func.count(Attempt.id)).where(
            Attempt.quiz_id == attempt.quiz_id, Attempt.submitted_at.is_not(None)
        )
    ).one()
    items = [
        ReviewItem(
            number=slot.response.position,
            question=slot.question,
            choices=slot.choices,
            chosen_id=slot.response.choice_id,
            correct_id=slot.response.correct_choice_id,
            is_correct=bool(slot.response.is_correct),
        )
        for slot in attempt_slots(attempt)
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
class HistoryView:
    rows: list[HistoryRow]
    summary: HistorySummary | None
    chart: ScoreChart | None


def learner_history(user: User | None) -> HistoryView:
    """This learner's attempts, newest first, with the summary and chart of the submitted ones."""
    if user is None:
        return HistoryView([], None, None)
    attempts = db.session.scalars(
        select(Attempt)
        .filter_by(user_id=user.id)
        .options(selectinload(Attempt.quiz))
        .order_by(Attempt.submitted_at.is_(None), Attempt.submitted_at, Attempt.id)
    ).all()
    rows, percentages = [], []
    for attempt in attempts:
        if attempt.is_submitted:
            pct = percentage(attempt.score or 0, attempt.max_score)
            percentages.append(pct)
            seconds = (attempt.submitted_at - attempt.started_at).total_seconds()
            rows.append(HistoryRow(attempt, pct, format_duration(seconds)))
        else:
            rows.append(HistoryRow(attempt, None, None))
    rows.reverse()
    chart = score_chart(percentages) if percentages else None
    return HistoryView(rows, summarise(percentages), chart)
