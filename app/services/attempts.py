"""Quizzes and attempts: listing, starting, answering and submitting."""

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Row, and_, bindparam, case, exists, func, select, update
from sqlalchemy.orm import joinedload

from app.domain.attempts import GRADED, PRACTICE, PREVIEW, deadline_for, draw_questions, is_expired
from app.domain.content import ChoiceContent, QuestionContent
from app.domain.grading import grade_attempt
from app.extensions import db, execute_core
from app.models import Assignment, Attempt, Question, QuestionRevision, Quiz, Response, User
from app.services import statistics, study
from app.services.bank import latest_revisions


class AttemptRefused(Exception):
    """A request the attempt's state does not allow (answered with 409 and the message)."""


@dataclass(frozen=True)
class QuizRow:
    quiz: Quiz
    question_count: int
    attempts: int
    best_percentage: float | None
    in_progress_id: int | None


def _quiz_rows_statement():
    counts = (
        select(Question.quiz_id, func.count(Question.id).label("n"))
        .where(Question.status == "published")
        .group_by(Question.quiz_id)
        .subquery()
    )
    submitted = Attempt.submitted_at.is_not(None)
    mine = (
        select(
            Attempt.quiz_id,
            func.count(Attempt.id).filter(submitted).label("attempts"),
            func.max(case((submitted, 1.0 * Attempt.score / Attempt.max_score))).label("best"),
            func.max(case((~submitted, Attempt.id))).label("open_id"),
        )
        .where(Attempt.user_id == bindparam("user_id"), Attempt.kind == GRADED,
               Attempt.assignment_id.is_(None))
        .group_by(Attempt.quiz_id)
        .subquery()
    )
    return (
        select(Quiz, counts.c.n, mine.c.attempts, mine.c.best, mine.c.open_id)
        .join(counts, counts.c.quiz_id == Quiz.id)
        .outerjoin(mine, mine.c.quiz_id == Quiz.id)
        .where(Quiz.is_published, Quiz.is_listed)
        .order_by(Quiz.title)
    )


_QUIZ_ROWS = _quiz_rows_statement()


def quiz_rows(user: User | None) -> list[QuizRow]:
    """Every quiz on the home page (published and listed) with its question count and, for
    this learner, attempts and best."""
    rows = db.session.execute(_QUIZ_ROWS, {"user_id": user.id if user is not None else -1})
    return [
        QuizRow(quiz, n, attempts or 0, None if best is None else 100 * best, open_id)
        for quiz, n, attempts, best, open_id in rows
    ]


@dataclass(frozen=True)
class PreviewState:
    question_count: int
    open_id: int | None
    done: list[Row]  # the instructor's latest submitted previews: id, submitted_at, score, max


def preview_state(quiz: Quiz, user: User, latest: int = 10) -> PreviewState:
    """What the preview page shows an instructor: the live questions, their open preview and
    their latest submitted ones."""
    count = db.session.scalar(select(func.count(Question.id))
                              .filter_by(quiz_id=quiz.id, status="published"))
    open_one = open_attempt(quiz, user, PREVIEW)
    done = db.session.execute(
        select(Attempt.id, Attempt.submitted_at, Attempt.score, Attempt.max_score)
        .filter_by(quiz_id=quiz.id, user_id=user.id, kind=PREVIEW)
        .where(Attempt.submitted_at.is_not(None))
        .order_by(Attempt.submitted_at.desc()).limit(latest)).all()
    return PreviewState(count, open_one.id if open_one else None, done)


def listed_quiz(slug: str) -> Quiz | None:
    """A quiz anyone may take from the home page; an unlisted one is reached only through
    its assignments."""
    return db.session.scalar(select(Quiz).filter_by(slug=slug, is_published=True,
                                                    is_listed=True))


def open_attempt(quiz: Quiz, user: User, kind: str = GRADED,
                 assignment_id: int | None = None) -> Attempt | None:
    """The learner's attempt in progress of this kind, on the quiz's own page or through one
    assignment (each is a separate place to take the quiz)."""
    return db.session.scalar(
        select(Attempt)
        .filter_by(quiz_id=quiz.id, user_id=user.id, kind=kind, submitted_at=None,
                   assignment_id=assignment_id)
        .order_by(Attempt.id.desc())
        .limit(1)
    )


def attempts_used(quiz: Quiz, user: User, assignment_id: int | None = None) -> int:
    """The graded attempts this learner has started on the quiz's own page (or through one
    assignment), for the attempts allowed."""
    return db.session.scalar(
        select(func.count(Attempt.id)).filter_by(quiz_id=quiz.id, user_id=user.id, kind=GRADED,
                                                  assignment_id=assignment_id)
    )


def lock_learner(user_id: int) -> None:
    """Serialise one learner's starts and submissions, so a race can neither pass the
    attempts allowed nor count a submission twice. On PostgreSQL this is a row lock; on SQLite
    every writer already holds the database's write lock (BEGIN IMMEDIATE) and FOR UPDATE is
    left out."""
    db.session.execute(select(User.id).where(User.id == user_id).with_for_update())


def start_attempt(quiz: Quiz, user: User, now: datetime, rng: random.Random,
                  kind: str = GRADED, assignment: Assignment | None = None) -> Attempt:
    """Resume the learner's open attempt of this kind on this quiz, or start one: the questions
    drawn by the quiz's settings, each at its newest revision, with the question and choice
    order drawn once and stored, so a reload shows the same page; the deadline fixed from the
    time limit, or the assignment's closing time if that comes first. A preview is an
    instructor trying the quiz exactly as a learner would: the attempts allowed do not limit
    it, and it never counts."""
    lock_learner(user.id)
    assignment_id = assignment.id if assignment is not None else None
    attempt = open_attempt(quiz, user, kind, assignment_id)
    if attempt is not None and close_if_expired(attempt, now):
        attempt = None
    if attempt is not None:
        return attempt
    if kind == GRADED and quiz.attempts_allowed is not None \
            and attempts_used(quiz, user, assignment_id) >= quiz.attempts_allowed:
        raise AttemptRefused(
            f"You have used all {quiz.attempts_allowed} attempts allowed on this quiz."
        )
    revisions = latest_revisions(quiz.id)
    if not revisions:
        raise AttemptRefused("This quiz has no live questions yet: accept or write some first.")
    question_ids = db.session.scalars(
        select(Question.id)
        .where(Question.quiz_id == quiz.id, Question.status == "published")
        .order_by(Question.position)
    ).all()
    seen = dict(db.session.execute(
        select(Response.question_id, func.count(Response.id))
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Attempt.user_id == user.id, Attempt.quiz_id == quiz.id)
        .group_by(Response.question_id)
    ).all())
    drawn = draw_questions(question_ids, seen, quiz.questions_per_attempt,
                           quiz.is_shuffle_questions, rng)
    return _new_attempt(quiz, user, kind, drawn, revisions, rng, now, deadline_for(
        now, quiz.time_limit_s, assignment.closes_at if assignment is not None else None),
        assignment_id)


def start_practice(source: "AttemptHeader", user: User, now: datetime,
                   rng: random.Random) -> Attempt:
    """Retake the missed questions: a practice attempt of exactly the questions missed in
    `source` (a submitted attempt of this learner's), in the order they were asked, each at
    its newest revision; no time limit, and it never counts (domain.attempts.COUNTED_KINDS).
    An open practice of the same questions is resumed."""
    lock_learner(user.id)
    missed = db.session.scalars(
        select(Response.question_id)
        .where(Response.attempt_id == source.id, Response.is_correct.is_not(True))
        .order_by(Response.position)).all()
    quiz = db.session.get(Quiz, source.quiz_id)
    revisions = latest_revisions(quiz.id)
    drawn = [question_id for question_id in missed if question_id in revisions]
    if not drawn:
        raise AttemptRefused("There is nothing to retake: you missed no question still in "
                             "this quiz.")
    attempt = open_attempt(quiz, user, PRACTICE)
    if attempt is not None and [r.question_id for r in attempt.responses] == drawn:
        return attempt
    return _new_attempt(quiz, user, PRACTICE, drawn, revisions, rng, now, None, None)


def _new_attempt(quiz: Quiz, user: User, kind: str, drawn: list[int], revisions, rng,
                 now: datetime, deadline_at: datetime | None,
                 assignment_id: int | None) -> Attempt:
    """An attempt of the questions `drawn`, in that order, each at the revision given, its
    choices shuffled if the quiz says so; the order is stored, so a reload shows the same."""
    attempt = Attempt(quiz=quiz, user=user, kind=kind, assignment_id=assignment_id,
                      started_at=now, max_score=len(drawn), deadline_at=deadline_at)
    for position, question_id in enumerate(drawn, start=1):
        revision = revisions[question_id]
        order = list(content(revision.id, revision.content).choice_ids)
        if quiz.is_shuffle_choices:
            rng.shuffle(order)
        attempt.responses.append(
            Response(
                question_id=question_id,
                revision=revision,
                position=position,
                choice_order=",".join(map(str, order)),
            )
        )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def close_if_expired(attempt: Attempt, now: datetime) -> bool:
    """An open attempt past its deadline is graded on what was saved in time; True if so."""
    if attempt.is_submitted or not is_expired(attempt.deadline_at, now):
        return False
    return submit_attempt(attempt, now)


def _expired(now: datetime, user: User | None, quiz: Quiz | None):
    query = select(Attempt).where(
        Attempt.submitted_at.is_(None), Attempt.deadline_at.is_not(None),
        Attempt.deadline_at <= now,
    )
    if user is not None:
        query = query.where(Attempt.user_id == user.id)
    if quiz is not None:
        query = query.where(Attempt.quiz_id == quiz.id)
    return query


def has_expired_of(user_id, now):
    """Whether a learner has an open attempt past its deadline, as an SQL expression (loaded
    with the signed-in user, so a page need not ask)."""
    return exists().where(Attempt.user_id == user_id, Attempt.submitted_at.is_(None),
                          Attempt.deadline_at <= now)


def any_expired(now: datetime, quiz: Quiz) -> bool:
    """Whether close_expired has work to do on a quiz (a read, so a GET need not take the
    write lock; a learner's own expired attempts are known from `User.has_expired`)."""
    return db.session.scalar(_expired(now, None, quiz).limit(1)) is not None


def close_expired(now: datetime, user: User | None = None, quiz: Quiz | None = None) -> int:
    """Close every expired open attempt of this learner (or of this quiz): the next time anyone
    looks at one, it is graded."""
    return sum(submit_attempt(a, now) for a in db.session.scalars(_expired(now, user, quiz)))


_OWN_ATTEMPT = (
    select(Attempt)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
    .options(joinedload(Attempt.quiz))
)


def own_attempt(attempt_id: int, user: User | None) -> Attempt | None:
    """The attempt (with its quiz) if it belongs to this user; another learner's is as good
    as missing."""
    if user is None:
        return None
    return db.session.scalar(_OWN_ATTEMPT, {"attempt_id": attempt_id, "user_id": user.id})


class QuizHeader(NamedTuple):
    id: int
    slug: str
    title: str
    layout: str
    feedback_mode: str
    grading_method: str
    is_listed: bool


class AttemptHeader(NamedTuple):
    """An attempt as its pages show it, read as a row with its quiz's settings (the requests
    that change an attempt load the Attempt itself, with own_attempt)."""
    id: int
    user_id: int
    quiz_id: int
    started_at: datetime
    deadline_at: datetime | None
    submitted_at: datetime | None
    score: int | None
    max_score: int
    kind: str
    assignment_id: int | None
    quiz: QuizHeader

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_preview(self) -> bool:
        return self.kind == PREVIEW

    @property
    def is_practice(self) -> bool:
        return self.kind == PRACTICE

    @classmethod
    def of(cls, row) -> "AttemptHeader":
        """From a row that starts with HEADER_COLUMNS."""
        return cls(*row[:10], QuizHeader(*row[10:len(HEADER_COLUMNS)]))


HEADER_COLUMNS = (Attempt.id, Attempt.user_id, Attempt.quiz_id, Attempt.started_at,
                  Attempt.deadline_at, Attempt.submitted_at, Attempt.score, Attempt.max_score,
                  Attempt.kind, Attempt.assignment_id, Quiz.id, Quiz.slug, Quiz.title,
                  Quiz.layout, Quiz.feedback_mode, Quiz.grading_method, Quiz.is_listed)
OWN_ATTEMPT_HEADER = (
    select(*HEADER_COLUMNS)
    .join(Quiz, Quiz.id == Attempt.quiz_id)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
)


def own_attempt_header(attempt_id: int, user: User | None) -> AttemptHeader | None:
    """The attempt as its page shows it, if it belongs to this user."""
    if user is None:
        return None
    row = execute_core(OWN_ATTEMPT_HEADER, {"attempt_id": attempt_id, "user_id": user.id}
                       ).first()
    return None if row is None else AttemptHeader.of(row)


class AnswerTarget(NamedTuple):
    """What saving one answer needs to know, read in one statement."""
    is_open: bool  # neither submitted nor past its deadline
    response_id: int | None  # None: the question is not in this attempt
    revision_id: int | None
    is_locked: bool  # checked under immediate feedback


_ANSWER_TARGET = (
    select(Attempt.submitted_at, Attempt.deadline_at, Response.id, Response.revision_id,
           Response.checked_at)
    .outerjoin(Response, and_(Response.attempt_id == Attempt.id,
                              Response.question_id == bindparam("question_id")))
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
)


def answer_target(attempt_id: int, user: User | None, question_id: int,
                  now: datetime) -> AnswerTarget | None:
    """The slot of `question_id` in this user's attempt; None if the attempt is not theirs."""
    if user is None:
        return None
    row = execute_core(_ANSWER_TARGET, {"attempt_id": attempt_id, "user_id": user.id,
                                        "question_id": question_id}).first()
    if row is None:
        return None
    submitted_at, deadline_at, response_id, revision_id, checked_at = row
    return AnswerTarget(submitted_at is None and not is_expired(deadline_at, now),
                        response_id, revision_id, checked_at is not None)


_ANSWERED = (select(func.count(Response.choice_id), func.count(Response.id))
             .where(Response.attempt_id == bindparam("attempt_id")))


def answered_count(attempt_id: int) -> tuple[int, int]:
    """(questions answered, questions) of an attempt, counted in SQL."""
    answered, total = execute_core(_ANSWERED, {"attempt_id": attempt_id}).one()
    return answered, total


@lru_cache(maxsize=4096)
def content(revision_id: int, text: str) -> QuestionContent:
    """Revisions never change once stored, so their parsed content can be shared."""
    return QuestionContent.from_json(text)


CACHED_REVISIONS = 20_000


def revision_contents(revision_ids: set[int]) -> dict[int, QuestionContent]:
    """Parsed revisions by id. A revision never changes once stored, so each app keeps the
    ones it has read (they hold no learner's data) and only the others are fetched."""
    cache = current_app.extensions.setdefault("revision_contents", {})
    missing = [rid for rid in revision_ids if rid not in cache]
    if missing:
        if len(cache) + len(missing) > CACHED_REVISIONS:
            cache.clear()
        rows = db.session.execute(select(QuestionRevision.id, QuestionRevision.content)
                                  .where(QuestionRevision.id.in_(missing)))
        for rid, text in rows:
            cache[rid] = QuestionContent.from_json(text)
    return {rid: cache[rid] for rid in revision_ids}


class Slot(NamedTuple):
    response: Row  # the stored columns of a Response: read, never changed through it
    content: QuestionContent

    @property
    def choices(self) -> list[ChoiceContent]:
        """The revision's choices in the order this attempt shows them."""
        return self.content.in_order(self.response.choice_order)


_RESPONSES = (
    select(Response.id, Response.question_id, Response.revision_id, Response.position,
           Response.choice_order, Response.choice_id, Response.checked_at,
           Response.correct_choice_id, Response.is_correct, Response.is_flagged)
    .where(Response.attempt_id == bindparam("attempt_id"))
    .order_by(Response.position)
)


_RESPONSES_WITH_SOURCES = (_RESPONSES.add_columns(Question.sentence_id)
                           .join(Question, Question.id == Response.question_id))


def attempt_slots(attempt_id: int, with_sources: bool = False) -> list[Slot]:
    """Questions in the stored order, as the revision shown, with choices in the stored order,
    read as they are now stored (plain rows: the pages that show them only read); with each
    question's source sentence (`sentence_id`) if asked."""
    responses = execute_core(_RESPONSES_WITH_SOURCES if with_sources else _RESPONSES,
                             {"attempt_id": attempt_id}).all()
    contents = revision_contents({r.revision_id for r in responses})
    return [Slot(response, contents[response.revision_id]) for response in responses]


def save_answers(attempt: Attempt, chosen: dict[int, int], seq: int, now: datetime) -> int:
    """Store the choices made (question id -> choice id); returns how many changed."""
    changed = 0
    for response in attempt.responses:
        choice_id = chosen.get(response.question_id)
        if choice_id is not None and save_choice(response.id, choice_id, seq, now):
            changed += choice_id != response.choice_id
    db.session.flush()
    for response in attempt.responses:
        if response.question_id in chosen:
            db.session.refresh(response)
    return changed


_response = Response.__table__
_SAVE_CHOICE = (
    update(_response)
    .where(_response.c.id == bindparam("response_id"), _response.c.checked_at.is_(None),
           _response.c.saved_seq < bindparam("seq"))
    .values(choice_id=bindparam("new_choice"), saved_at=bindparam("now"),
            saved_seq=bindparam("seq"))
)


def save_choice(response_id: int, choice_id: int, seq: int, now: datetime) -> bool:
    """Store one choice unless a newer save of the same answer is already stored or the
    answer was checked and locked. A save carries a sequence number that grows with the
    moment the answer was chosen (milliseconds on the server's clock) and wins only over an
    older one, so a late, repeated or out-of-order request never overwrites a newer answer.
    It is one conditional UPDATE, so concurrent saves keep the newest whatever order they
    commit in. Returns whether it was stored."""
    result = execute_core(_SAVE_CHOICE, {"response_id": response_id, "new_choice": choice_id,
                                         "seq": seq, "now": now})
    return bool(result.rowcount)


_SAVE_FLAGS = (
    update(_response)
    .where(_response.c.attempt_id == bindparam("of_attempt"),
           _response.c.question_id.in_(bindparam("shown", expanding=True)))
    .values(is_flagged=_response.c.question_id.in_(bindparam("flagged", expanding=True)))
)


def save_flags(attempt_id: int, shown: Iterable[int], flagged: Iterable[int]) -> None:
    """"Flag for later", saved like an answer: of the questions `shown` (their ids), the ones
    in `flagged` are flagged and the others not, in one UPDATE however many there are."""
    shown = list(shown)
    if shown:
        execute_core(_SAVE_FLAGS, {"of_attempt": attempt_id, "shown": shown,
                                   "flagged": [qid for qid in flagged if qid in shown]})


def check_answer(attempt: Attempt, question_id: int, now: datetime) -> Response:
    """Immediate feedback: the answer to one question is checked and then locked."""
    response = next((r for r in attempt.responses if r.question_id == question_id), None)
    if response is None:
        raise AttemptRefused("That question is not in this attempt.")
    if response.choice_id is None:
        raise AttemptRefused("Choose an answer before checking it.")
    if response.checked_at is None:
        response.checked_at = now
    db.session.flush()
    return response


def submit_attempt(attempt: Attempt, now: datetime) -> bool:
    """Grade on the server from what is stored, against the revisions shown. The state change
    is a conditional UPDATE, so an attempt is graded once however many submissions race;
    returns False if it was already graded. Each answered question then feeds the learner's
    study cards."""
    lock_learner(attempt.user_id)
    slots = attempt_slots(attempt.id)
    correct = {slot.response.question_id: slot.content.correct_choice_id for slot in slots}
    chosen = {slot.response.question_id: slot.response.choice_id for slot in slots}
    grade = grade_attempt(chosen, correct)
    if attempt.deadline_at is not None:
        now = min(now, attempt.deadline_at)  # a late submission closes at the deadline
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
    if attempt.kind != PREVIEW:  # an instructor's try leaves no study cards behind
        study.record_quiz(attempt)
    return True
