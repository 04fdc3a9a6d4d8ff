"""Quizzes and attempts: listing, starting, answering and submitting."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Row, and_, bindparam, case, exists, func, insert, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.domain.attempts import (
    GRADED,
    PRACTICE,
    PREVIEW,
    chosen_ids,
    chosen_text,
    deadline_for,
    draw_questions,
    is_expired,
)
from app.domain.content import MARK_UNIT, MULTIPLE, ChoiceContent, QuestionContent
from app.domain.grading import grade_attempt, percentage
from app.domain.numbers import whole_number
from app.domain.throttle import START
from app.extensions import db
from app.models import Assignment, Attempt, Question, Quiz, Response, User
from app.services import statistics, study, throttle
from app.services.bank import latest_revisions, revision_contents
from app.services.writes import insert_rows


class AttemptRefused(Exception):
    """A request the attempt's state does not allow (answered with 409 and the message)."""


def percent_of(marks, max_score):
    """In SQL, an attempt's marks (in units) as a percentage of what it could score."""
    return 100.0 * marks / (MARK_UNIT * max_score)


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
            func.max(case((submitted, percent_of(Attempt.marks, Attempt.max_score))))
            .label("best"),
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
        QuizRow(quiz, n, attempts or 0, None if best is None else float(best), open_id)
        for quiz, n, attempts, best, open_id in rows
    ]


@dataclass(frozen=True)
class PreviewState:
    question_count: int
    open_id: int | None
    done: list[Row]  # the instructor's latest submitted previews: id, submitted_at, marks, max


def preview_state(quiz: Quiz, user: User, latest: int = 10) -> PreviewState:
    """What the preview page shows an instructor: the live questions, their open preview and
    their latest submitted ones."""
    count = db.session.scalar(select(func.count(Question.id))
                              .filter_by(quiz_id=quiz.id, status="published"))
    open_one = open_attempt(quiz, user, PREVIEW)
    done = db.session.execute(
        select(Attempt.id, Attempt.submitted_at, Attempt.marks, Attempt.max_score)
        .filter_by(quiz_id=quiz.id, user_id=user.id, kind=PREVIEW)
        .where(Attempt.submitted_at.is_not(None))
        .order_by(Attempt.submitted_at.desc()).limit(latest)).all()
    return PreviewState(count, open_one.id if open_one else None, done)


_LISTED_QUIZ = select(Quiz).filter_by(is_published=True, is_listed=True).where(
    Quiz.slug == bindparam("slug"))


def listed_quiz(slug: str) -> Quiz | None:
    """A quiz anyone may take from the home page; an unlisted one is reached only through
    its assignments."""
    return db.session.scalar(_LISTED_QUIZ, {"slug": slug})


def _in_place(statement, through_assignment: bool):
    """Narrowed to the quiz's own page (no assignment) or to one assignment."""
    return statement.where(Attempt.assignment_id == bindparam("assignment_id")
                           if through_assignment else Attempt.assignment_id.is_(None))


_MINE = (Attempt.quiz_id == bindparam("quiz_id"), Attempt.user_id == bindparam("user_id"))
# each built once, for the quiz's own page (False) and for an assignment (True)
_OPEN_ATTEMPT = {through: _in_place(select(Attempt).where(
    *_MINE, Attempt.kind == bindparam("kind"), Attempt.submitted_at.is_(None))
    .order_by(Attempt.id.desc()).limit(1), through) for through in (False, True)}
_ATTEMPTS_USED = {through: _in_place(select(func.count(Attempt.id)).where(
    *_MINE, Attempt.kind == GRADED), through) for through in (False, True)}


def open_attempt(quiz: Quiz, user: User, kind: str = GRADED,
                 assignment_id: int | None = None) -> Attempt | None:
    """The learner's attempt in progress of this kind, on the quiz's own page or through one
    assignment (each is a separate place to take the quiz)."""
    return db.session.scalar(_OPEN_ATTEMPT[assignment_id is not None], {
        "quiz_id": quiz.id, "user_id": user.id, "kind": kind, "assignment_id": assignment_id})


def attempts_used(quiz: Quiz, user: User, assignment_id: int | None = None) -> int:
    """The graded attempts this learner has started on the quiz's own page (or through one
    assignment), for the attempts allowed."""
    return db.session.scalar(_ATTEMPTS_USED[assignment_id is not None], {
        "quiz_id": quiz.id, "user_id": user.id, "assignment_id": assignment_id})


_LOCK_LEARNER = select(User.id).where(User.id == bindparam("user_id")).with_for_update()


def lock_learner(user_id: int) -> None:
    """Serialise one learner's starts and submissions, so a race can neither pass the
    attempts allowed nor count a submission twice. On PostgreSQL this is a row lock; on SQLite
    every writer already holds the database's write lock (BEGIN IMMEDIATE) and FOR UPDATE is
    left out."""
    db.session.execute(_LOCK_LEARNER, {"user_id": user_id})


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
    revisions = latest_revisions(quiz.id)  # in the questions' order
    if not revisions:
        raise AttemptRefused("This quiz has no live questions yet: accept or write some first.")
    throttle.take(START, str(user.id), now)
    seen = dict(db.session.execute(_SEEN, {"user_id": user.id, "quiz_id": quiz.id}).all())
    drawn = draw_questions(list(revisions), seen, quiz.questions_per_attempt,
                           quiz.is_shuffle_questions, rng)
    return _new_attempt(quiz, user, kind, drawn, revisions, rng, now, deadline_for(
        now, quiz.time_limit_s, assignment.closes_at if assignment is not None else None),
        assignment_id)


_SEEN = (select(Response.question_id, func.count(Response.id))
         .join(Attempt, Attempt.id == Response.attempt_id).where(*_MINE)
         .group_by(Response.question_id))


def start_practice(source: "AttemptHeader", user: User, now: datetime,
                   rng: random.Random) -> Attempt:
    """Retake the missed questions: a practice attempt of exactly the questions missed in
    `source` (a submitted attempt of this learner's), in the order they were asked, each at
    its newest revision; no time limit, and it never counts (domain.attempts.COUNTED_KINDS).
    An open practice of the same questions is resumed."""
    lock_learner(user.id)
    missed = db.session.scalars(
        select(Response.question_id)
        .where(Response.attempt_id == source.id,
               func.coalesce(Response.mark, 0) < MARK_UNIT)
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
    db.session.add(attempt)
    db.session.flush()
    contents = revision_contents(revisions[question_id] for question_id in drawn)
    slots = []
    for position, question_id in enumerate(drawn, start=1):
        revision_id = revisions[question_id]
        order = list(contents[revision_id].choice_ids)
        if quiz.is_shuffle_choices and not contents[revision_id].keeps_order:
            rng.shuffle(order)
        slots.append({"attempt_id": attempt.id, "question_id": question_id,
                      "revision_id": revision_id, "position": position,
                      "choice_order": ",".join(map(str, order))})
    insert_rows(_NEW_RESPONSES, slots)  # one statement for them all
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
    score: int | None  # questions earning their whole mark
    marks: int | None  # marks earned, in units of content.MARK_UNIT
    max_score: int
    kind: str
    assignment_id: int | None
    quiz: QuizHeader

    @property
    def percentage(self) -> float:
        """The marks earned as a percentage of the attempt's (0 before it is graded)."""
        return percentage((self.marks or 0) / MARK_UNIT, self.max_score)

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
        """From a row holding HEADER_COLUMNS, read by name."""
        columns = row._mapping
        return cls(*(columns[name] for name in _ATTEMPT_FIELDS),
                   QuizHeader(columns["quiz_id"],
                              *(columns[f"quiz_{name}"] for name in _QUIZ_FIELDS)))


_ATTEMPT_FIELDS = AttemptHeader._fields[:-1]
_QUIZ_FIELDS = QuizHeader._fields[1:]  # its id is the attempt's quiz_id
# Statements that return columns are written over the tables' columns (Core), not the mapped
# classes: the session then runs them without its ORM work per statement.
_attempt, _quiz, _response = Attempt.__table__, Quiz.__table__, Response.__table__
_NEW_RESPONSES = insert(_response).returning(_response.c.id)

# an AttemptHeader's columns: the attempt's by their names, its quiz's as quiz_<name>
HEADER_COLUMNS = (*(_attempt.c[name] for name in _ATTEMPT_FIELDS),
                  *(_quiz.c[name].label(f"quiz_{name}") for name in _QUIZ_FIELDS))
ATTEMPT_WITH_QUIZ = _attempt.join(_quiz, _quiz.c.id == _attempt.c.quiz_id)
OWN_ATTEMPT_HEADER = (
    select(*HEADER_COLUMNS).select_from(ATTEMPT_WITH_QUIZ)
    .where(_attempt.c.id == bindparam("attempt_id"), _attempt.c.user_id == bindparam("user_id"))
)


def own_attempt_header(attempt_id: int, user: User | None) -> AttemptHeader | None:
    """The attempt as its page shows it, if it belongs to this user."""
    if user is None:
        return None
    row = db.session.execute(OWN_ATTEMPT_HEADER, {"attempt_id": attempt_id,
                                                  "user_id": user.id}).first()
    return None if row is None else AttemptHeader.of(row)


class Slot(NamedTuple):
    response: Row  # the stored columns of a Response: read, never changed through it
    content: QuestionContent

    @property
    def choices(self) -> list[ChoiceContent]:
        """The revision's choices in the order this attempt shows them."""
        return self.content.in_order(self.response.choice_order)

    @property
    def chosen(self) -> frozenset[int]:
        """The choice ids chosen: a multiple-answer question's ticked set, another's one
        choice; empty when unanswered."""
        return chosen_ids(self.response.choice_id, self.response.chosen)


_RESPONSES = (
    select(_response.c.id, _response.c.question_id, _response.c.revision_id,
           _response.c.position, _response.c.choice_order, _response.c.choice_id,
           _response.c.chosen, _response.c.checked_at, _response.c.correct_choice_id,
           _response.c.is_correct, _response.c.mark, _response.c.is_flagged)
    .where(_response.c.attempt_id == bindparam("attempt_id"))
    .order_by(_response.c.position)
)
_question = Question.__table__
_RESPONSES_WITH_SOURCES = (_RESPONSES.add_columns(_question.c.sentence_id)
                           .join(_question, _question.c.id == _response.c.question_id))


def attempt_slots(attempt_id: int, with_sources: bool = False) -> list[Slot]:
    """Questions in the stored order, as the revision shown, with choices in the stored order,
    read as they are now stored (plain rows: the pages that show them only read); with each
    question's source sentence (`sentence_id`) if asked."""
    db.session.flush()  # ORM changes made before are read back
    responses = db.session.execute(_RESPONSES_WITH_SOURCES if with_sources else _RESPONSES,
                                   {"attempt_id": attempt_id}).all()
    contents = revision_contents({r.revision_id for r in responses})
    return [Slot(response, contents[response.revision_id]) for response in responses]


NOT_A_CHOICE = "That choice does not belong to this question."
ONE_ANSWER = "This question takes one answer."
NOT_IN_ATTEMPT = "That question is not in this attempt."


class AttemptClosed(AttemptRefused):
    """The attempt was submitted, or its time is up: it takes no more answers (409)."""

    def __init__(self, is_expired: bool):
        super().__init__("This attempt is closed; nothing more can be saved in it.")
        self.is_expired = is_expired  # past its deadline, not yet graded


class AnswersRefused(AttemptRefused):
    """Answers that are not choices of their questions, or questions not in the attempt
    (422): `problems` maps each question id to what is wrong. Nothing was stored."""

    def __init__(self, problems: dict[int, str]):
        super().__init__(next(iter(problems.values())))
        self.problems = problems


@dataclass(frozen=True)
class Saved:
    stored: frozenset[int]  # the questions whose choice was stored
    locked: frozenset[int]  # questions checked under immediate feedback: their answer stays
    # questions whose stored answer differs from the one sent and is newer (chosen later,
    # in another window or on another device): it is kept, and the learner must be told
    overruled: frozenset[int]
    answered: int  # questions of the attempt answered, after the save
    total: int
    flagged: int = 0  # questions of the attempt flagged for later, after the save
    version: int = 0  # the attempt's saves, this one included: their order of commit


# The first statement of a save takes the attempt's row (PostgreSQL: locked until the commit;
# SQLite: every writer holds the write lock already) and counts the save, so the saves of one
# attempt, and its submission, which updates the row, run one after another. What is read
# next is read after every earlier save committed: the counts are exact, whatever the order
# concurrent saves arrive in, and the version orders their replies.
_COUNT_SAVE = (
    update(_attempt)
    .where(_attempt.c.id == bindparam("of_attempt"), _attempt.c.user_id == bindparam("of_user"))
    .values(saves=_attempt.c.saves + 1)
    .returning(_attempt.c.submitted_at, _attempt.c.deadline_at, _attempt.c.saves)
)
_answered = func.count(_response.c.choice_id) + func.count(_response.c.chosen)
_SAVE_TARGETS = (
    select(_response.c.id, _response.c.question_id, _response.c.revision_id,
           _response.c.choice_id, _response.c.chosen, _response.c.checked_at,
           _response.c.is_flagged,
           select(_answered).where(_response.c.attempt_id == _attempt.c.id)
           .correlate(_attempt).scalar_subquery().label("answered"),
           select(func.count()).where(_response.c.attempt_id == _attempt.c.id,
                                      _response.c.is_flagged)
           .correlate(_attempt).scalar_subquery().label("flagged"),
           select(func.count()).where(_response.c.attempt_id == _attempt.c.id)
           .correlate(_attempt).scalar_subquery().label("total"))
    .select_from(_attempt.outerjoin(_response, and_(
        _response.c.attempt_id == _attempt.c.id,
        _response.c.question_id.in_(bindparam("question_ids", expanding=True)))))
    .where(_attempt.c.id == bindparam("attempt_id"))
)


_SAVE_FLAGS = (
    update(_response)
    .where(_response.c.attempt_id == bindparam("of_attempt"),
           _response.c.question_id.in_(bindparam("shown", expanding=True)),
           _response.c.flag_seq < bindparam("seq"))
    .values(is_flagged=_response.c.question_id.in_(bindparam("flagged", expanding=True)),
            flag_seq=bindparam("seq"))
    .returning(_response.c.question_id)
)


def save_answers(attempt_id: int, user_id: int, chosen: Mapping[int, int | str | list[str]],
                 seq: int, now: datetime, flags: Mapping[int, bool] | None = None
                 ) -> Saved | None:
    """Store the choices made in this user's attempt, in one statement whatever their number;
    None if the attempt is not theirs. `chosen` maps a question id to the choice id as sent,
    or for a multiple-answer question to the list of ticked ids as sent (empty strings, which
    a form sends to say the group was shown, are dropped; an empty set clears the answer).
    The one place that checks a choice is one of its question's: any that is not, a list for
    a question taking one answer, or a question not in the attempt, refuses them all
    (AnswersRefused), and a closed attempt refuses any (AttemptClosed). A save carries a
    sequence number that grows with the moment the answer was chosen (milliseconds on the
    server's clock) and wins only over an older one, so a late, repeated or out-of-order
    request never overwrites a newer answer; an answer checked under immediate feedback is
    locked. The saves of one attempt run one after another (`_COUNT_SAVE`), each counted in
    the attempt's `saves`, so the answered count returned is the one this save commits and
    its version orders it among the others. `flags` (question id -> flagged or not: "Flag
    for later") are stored with them, in one more UPDATE whatever their number, each only
    over an older flag save (its own sequence number, as an answer's)."""
    flags = flags or {}
    head = db.session.execute(_COUNT_SAVE, {"of_attempt": attempt_id, "of_user": user_id}
                              ).one_or_none()
    if head is None:
        return None
    if head.submitted_at is not None or is_expired(head.deadline_at, now):
        raise AttemptClosed(head.submitted_at is None)
    rows = db.session.execute(_SAVE_TARGETS, {
        "attempt_id": attempt_id, "question_ids": list(chosen.keys() | flags.keys())}).all()
    counts = rows[0]
    slots = {row.question_id: row for row in rows if row.id is not None}
    contents = revision_contents({row.revision_id for row in slots.values()})
    problems, choices, sets = {}, {}, {}
    for question_id, raw in chosen.items():
        slot = slots.get(question_id)
        content = slot and contents[slot.revision_id]
        if slot is None:
            problems[question_id] = NOT_IN_ATTEMPT
        elif content.type == MULTIPLE:
            ticked = [whole_number(str(value))
                      for value in (raw if isinstance(raw, list) else [raw]) if value != ""]
            if not all(value in content.choice_ids for value in ticked):
                problems[question_id] = NOT_A_CHOICE  # None, for what is no whole number
            else:
                sets[slot.id] = chosen_text(set(ticked))
        elif isinstance(raw, list):
            problems[question_id] = ONE_ANSWER
        elif (choice := whole_number(str(raw))) not in content.choice_ids:
            problems[question_id] = NOT_A_CHOICE  # None, for what is no whole number, is none
        else:
            choices[slot.id] = choice
    problems.update({q: NOT_IN_ATTEMPT for q in flags if q not in slots})
    if problems:
        raise AnswersRefused(problems)
    locked = frozenset(q for q, slot in slots.items() if slot.checked_at is not None)
    stored: frozenset[int] = frozenset()
    if choices or sets:
        values = {}
        if choices:
            values["choice_id"] = case(choices, value=_response.c.id,
                                       else_=_response.c.choice_id)
        if sets:
            values["chosen"] = case(sets, value=_response.c.id, else_=_response.c.chosen)
        stored = frozenset(db.session.scalars(
            update(_response)
            .where(_response.c.id.in_([*choices, *sets]), _response.c.checked_at.is_(None),
                   _response.c.saved_seq < seq)
            .values(**values, saved_at=now, saved_seq=seq)
            .returning(_response.c.question_id)))
    flagged_now = frozenset(db.session.scalars(_SAVE_FLAGS, {
        "of_attempt": attempt_id, "shown": list(flags), "seq": seq,
        "flagged": [q for q, on in flags.items() if on]})) if flags else frozenset()
    sent = {**choices, **sets}  # slot id -> the choice id or the ticked set's text
    answered = {slot_id: value is not None for slot_id, value in sent.items()}
    change = sum(answered[slots[q].id] - (slots[q].choice_id is not None
                                          or slots[q].chosen is not None) for q in stored)
    # what was read is what is stored, no save running between: an answer sent, not stored
    # and not locked lost to a newer one; overruled unless that one is the same
    overruled = frozenset(q for q, slot in slots.items() if slot.id in sent
                          and q not in stored and q not in locked
                          and sent[slot.id] != (slot.chosen if slot.id in sets
                                                else slot.choice_id))
    flagged = counts.flagged + sum(flags[q] - slots[q].is_flagged for q in flagged_now)
    return Saved(stored, locked, overruled, counts.answered + change, counts.total, flagged,
                 head.saves)


def check_answer(attempt: Attempt, question_id: int, now: datetime) -> Response:
    """Immediate feedback: the answer to one question is checked and then locked."""
    response = next((r for r in attempt.responses if r.question_id == question_id), None)
    if response is None:
        raise AttemptRefused("That question is not in this attempt.")
    if response.choice_id is None and response.chosen is None:
        raise AttemptRefused("Choose an answer before checking it.")
    if response.checked_at is None:
        response.checked_at = now
    db.session.flush()
    return response


def submit_attempt(attempt: Attempt, now: datetime) -> bool:
    """Grade on the server from what is stored, against the revisions shown. The state change
    is a conditional UPDATE, so an attempt is graded once however many submissions race;
    returns False if it was already graded. Each answer's mark is then stored, the kept
    statistics updated and each question feeds the learner's study cards: a number of
    statements that does not grow with the number of questions."""
    lock_learner(attempt.user_id)
    slots = attempt_slots(attempt.id)
    grade = grade_attempt((slot.response.question_id, slot.content, slot.chosen)
                          for slot in slots)
    if attempt.deadline_at is not None:
        now = min(now, attempt.deadline_at)  # a late submission closes at the deadline
    result = db.session.execute(
        update(_attempt)
        .where(_attempt.c.id == attempt.id, _attempt.c.submitted_at.is_(None))
        .values(submitted_at=now, score=grade.score, marks=grade.marks,
                max_score=grade.max_score)
    )
    if result.rowcount != 1:
        return False
    by_question = _response.c.question_id
    db.session.execute(
        update(_response).where(_response.c.attempt_id == attempt.id)
        .values(correct_choice_id=case({i.question_id: i.correct_choice_id for i in grade.items},
                                       value=by_question),
                is_correct=case({i.question_id: i.is_correct for i in grade.items},
                                value=by_question),
                mark=case({i.question_id: i.mark for i in grade.items}, value=by_question))
    )
    # the objects this session holds say what was just written, without reading it back
    for name, value in (("submitted_at", now), ("score", grade.score), ("marks", grade.marks),
                        ("max_score", grade.max_score)):
        set_committed_value(attempt, name, value)
    items = {item.question_id: item for item in grade.items}
    for response in attempt.__dict__.get("responses", ()):
        item = items[response.question_id]
        for name in ("correct_choice_id", "is_correct", "mark"):
            set_committed_value(response, name, getattr(item, name))
    if attempt.kind != PREVIEW:  # an instructor's try leaves no study cards behind
        study.record_quiz(attempt.user_id, [
            (s.response.question_id, items[s.response.question_id].is_correct,
             s.response.choice_id, s.response.chosen) for s in slots], now)
    # last: every submission of the quiz writes the same rows of sums, which PostgreSQL keeps
    # locked until the commit, so they are held for as short a time as can be
    statistics.record_submission(attempt)
    return True
