"""Assignments: an instructor hands a quiz to a class; learners join by link or code and take
it within its window of time."""

import random
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, delete, func, select, update

from app.domain.assignments import (
    CLOSED,
    OPEN,
    clean_name,
    new_code,
    normalise_code,
    window_state,
)
from app.domain.attempts import GRADED, deadline_for
from app.domain.throttle import WRONG_CODE
from app.extensions import db
from app.models import (
    Assignment,
    AssignmentMember,
    Attempt,
    Question,
    Quiz,
    User,
)
from app.services import throttle
from app.services.attempts import AttemptRefused, lock_learner, start_attempt

_CODES = secrets.SystemRandom()


@dataclass(frozen=True)
class Window:
    opens_at: datetime | None
    closes_at: datetime | None


# --- the instructor's side ------------------------------------------------------------------


def _unused_code() -> str:
    while True:  # a repeat is vanishingly rare (59 bits), but the column is unique anyway
        code = new_code(_CODES)
        if db.session.scalar(select(Assignment.id).filter_by(code=code)) is None:
            return code


def create(quiz: Quiz, owner: User, name: str, window: Window,
           is_name_required: bool) -> Assignment:
    assignment = Assignment(quiz_id=quiz.id, owner_id=owner.id, name=name.strip(),
                            code=_unused_code(), opens_at=window.opens_at,
                            closes_at=window.closes_at, is_name_required=is_name_required)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def update_assignment(assignment: Assignment, name: str, window: Window,
                      is_name_required: bool, now: datetime) -> None:
    """Change the assignment; an attempt in progress ends at the new closing time (or, if
    the closing time moved later, at its time limit or the new closing time)."""
    assignment.name = name.strip()
    assignment.opens_at, assignment.closes_at = window.opens_at, window.closes_at
    assignment.is_name_required = is_name_required
    time_limit = db.session.scalar(select(Quiz.time_limit_s).filter_by(id=assignment.quiz_id))
    in_progress = db.session.scalars(select(Attempt).where(
        Attempt.assignment_id == assignment.id, Attempt.submitted_at.is_(None),
        (Attempt.deadline_at.is_(None)) | (Attempt.deadline_at > now)))
    for attempt in in_progress:
        ends = deadline_for(attempt.started_at, time_limit, window.closes_at)
        attempt.deadline_at = None if ends is None else max(ends, now)
    db.session.flush()


def close_now(assignment: Assignment, now: datetime) -> None:
    """No new attempt from now on; those in progress are closed and graded as time-limited
    ones are, on what they saved."""
    update_assignment(assignment, assignment.name, Window(
        None if assignment.opens_at and assignment.opens_at > now else assignment.opens_at,
        now), assignment.is_name_required, now)


def replace_code(assignment: Assignment) -> None:
    """The old code and link stop working at once; those who joined keep their place."""
    assignment.code = _unused_code()
    db.session.flush()


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    members: int
    state: str


def of_quiz(quiz: Quiz, owner: User, now: datetime) -> list[AssignmentRow]:
    """This instructor's assignments of the quiz, newest first, with how many joined."""
    members = (select(AssignmentMember.assignment_id, func.count().label("n"))
               .group_by(AssignmentMember.assignment_id).subquery())
    rows = db.session.execute(
        select(Assignment, func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.assignment_id == Assignment.id)
        .filter_by(quiz_id=quiz.id, owner_id=owner.id)
        .order_by(Assignment.id.desc()))
    return [AssignmentRow(a, n, window_state(a.opens_at, a.closes_at, now)) for a, n in rows]


def owned(quiz: Quiz, owner: User, assignment_id: int) -> Assignment | None:
    """One of this instructor's assignments of this quiz; anyone else's is as good as
    missing."""
    return db.session.scalar(select(Assignment).filter_by(
        id=assignment_id, quiz_id=quiz.id, owner_id=owner.id))


# --- joining --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeLookup:
    assignment: Assignment | None
    problem: str = ""
    status: int = 200
    retry_after: int = 0


def find_by_code(raw: str, address: str, now: datetime) -> CodeLookup:
    """The assignment a typed code names. A right code is never refused. A wrong one counts
    against the address it came from (the WRONG_CODE throttle); past its limit, wrong codes
    from that address get 429 until it admits one again. A string that cannot be a code at
    all is a typo, not a guess, and is not counted."""
    code = normalise_code(raw)
    if code is None:
        return CodeLookup(None, "A class code has twelve letters and digits, like "
                                "K7QM-X2PD-RHWT. Check it with your teacher.", 422)
    assignment = db.session.scalar(select(Assignment).filter_by(code=code))
    if assignment is not None:
        return CodeLookup(assignment)
    wait = throttle.spend(WRONG_CODE, address, now)
    throttle.prune(now)
    if wait:
        return CodeLookup(None, "Too many wrong codes have come from your network. Try "
                                f"again in {-(-wait // 60)} minutes, or use the link your "
                                "teacher shared.", 429, wait)
    return CodeLookup(None, "No class has that code. Check it with your teacher: it may "
                            "have been replaced with a new one.", 404)


def is_member(assignment: Assignment, user: User | None) -> bool:
    return user is not None and db.session.scalar(select(AssignmentMember.id).filter_by(
        assignment_id=assignment.id, user_id=user.id)) is not None


def join(assignment: Assignment, user: User, given_name: str | None, now: datetime) -> None:
    """The learner joins (again: nothing changes but the name). A guest's name is kept on
    their own row, so every list shows it; an account is known by its username."""
    if given_name is not None and user.is_guest:
        user.given_name = clean_name(given_name)
    if not is_member(assignment, user):
        db.session.add(AssignmentMember(assignment_id=assignment.id, user_id=user.id,
                                        joined_at=now))
    db.session.flush()


def hand_over(guest: User, account: User) -> None:
    """A guest who logs into an account brings the classes they joined."""
    joined = set(db.session.scalars(select(AssignmentMember.assignment_id)
                                    .filter_by(user_id=account.id)))
    db.session.execute(delete(AssignmentMember).where(
        AssignmentMember.user_id == guest.id, AssignmentMember.assignment_id.in_(joined)))
    db.session.execute(update(AssignmentMember).where(AssignmentMember.user_id == guest.id)
                       .values(user_id=account.id).execution_options(synchronize_session=False))


# --- the learner's side ---------------------------------------------------------------------


def member_assignment(assignment_id: int, user: User | None) -> Assignment | None:
    """An assignment the learner joined; anyone else's is as good as missing."""
    if user is None:
        return None
    return db.session.scalar(
        select(Assignment).join(AssignmentMember, AssignmentMember.assignment_id
                                == Assignment.id)
        .where(Assignment.id == assignment_id, AssignmentMember.user_id == user.id))


@dataclass(frozen=True)
class LearnerView:
    assignment: Assignment
    state: str
    question_count: int
    used: int
    open_id: int | None
    submitted: list[Row]  # id, submitted_at, marks, max_score, oldest first


def learner_view(assignment: Assignment, user: User, now: datetime) -> LearnerView:
    """The assignment as its learner sees it: whether attempts may start, and theirs."""
    count = db.session.scalar(select(func.count(Question.id)).filter_by(
        quiz_id=assignment.quiz_id, status="published"))
    mine = db.session.execute(
        select(Attempt.id, Attempt.submitted_at, Attempt.marks, Attempt.max_score)
        .filter_by(assignment_id=assignment.id, user_id=user.id, kind=GRADED)
        .order_by(Attempt.id)).all()
    return LearnerView(assignment, window_state(assignment.opens_at, assignment.closes_at, now),
                       count, len(mine), next((a.id for a in mine if a.submitted_at is None),
                                             None),
                       [a for a in mine if a.submitted_at is not None])


def start(assignment: Assignment, user: User, now: datetime, rng: random.Random) -> Attempt:
    """Start (or resume) the learner's attempt through the assignment, within its window."""
    lock_learner(user.id)
    state = window_state(assignment.opens_at, assignment.closes_at, now)
    if state != OPEN:
        raise AttemptRefused(window_message(assignment, state))
    if not assignment.quiz.is_published:
        raise AttemptRefused("The quiz is not ready yet: your teacher has not published it.")
    return start_attempt(assignment.quiz, user, now, rng, assignment=assignment)


def state_of(assignment: Assignment, now: datetime) -> str:
    return window_state(assignment.opens_at, assignment.closes_at, now)


def window_message(assignment: Assignment, state: str) -> str:
    if state == OPEN:
        return ""
    if state == CLOSED:
        return (f"This assignment closed on {assignment.closes_at:%d %b %Y at %H:%M} UTC, so "
                "no new attempt can start. Your results stay here.")
    return (f"This assignment opens on {assignment.opens_at:%d %b %Y at %H:%M} UTC; you can "
            "start then.")


@dataclass(frozen=True)
class ClassRow:
    assignment: Assignment
    state: str


def my_classes(user: User | None, now: datetime) -> list[ClassRow]:
    """The assignments a learner joined, newest first, for their home page."""
    if user is None:
        return []
    rows = db.session.scalars(
        select(Assignment).join(AssignmentMember,
                                AssignmentMember.assignment_id == Assignment.id)
        .where(AssignmentMember.user_id == user.id).order_by(AssignmentMember.id.desc()))
    return [ClassRow(a, window_state(a.opens_at, a.closes_at, now)) for a in rows]
