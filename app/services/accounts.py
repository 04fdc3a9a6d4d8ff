"""Accounts: registering (a guest keeps their row and history), logging in with throttling,
and handing a guest's attempts to the account they log into."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from app.domain.accounts import USERNAME_MAX, lookalike_key, normalise_username
from app.domain.throttle import CLASS_GUEST, GUEST, LOGIN, LOGIN_ADDRESS, REGISTER
from app.extensions import db
from app.models import Assignment, Attempt, User
from app.services import assignments, statistics, study, throttle
from app.services.attempts import has_expired_of, lock_learner


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    """Checked against when the username is unknown, so both paths cost one hash. Made on
    the first login, not at import: a hash costs about 0.2 s of CPU, which every worker
    start paid."""
    return generate_password_hash("not-a-real-password", method=method)


# Built once: every request of a signed-in visitor runs one of them.
_SIGNED_IN = select(User).where(User.session_token == bindparam("token"))
_SIGNED_IN_FOR_PAGE = _SIGNED_IN.add_columns(
    study.due_count_of(User.id, bindparam("now")).label("due_cards"),
    has_expired_of(User.id, bindparam("now")).label("has_expired"),
)


def signed_in(session_token: str, now: datetime, for_page: bool) -> User | None:
    """The user a session belongs to; for a page, with what every page shows of them in the
    same statement: `due_cards` (study cards due now) and `has_expired` (an open attempt
    past its deadline, to be closed before anything is shown)."""
    if not for_page:
        return db.session.scalar(_SIGNED_IN, {"token": session_token})
    row = db.session.execute(_SIGNED_IN_FOR_PAGE, {"token": session_token, "now": now}).first()
    if row is None:
        return None
    user, user.due_cards, user.has_expired = row.User, row.due_cards, bool(row.has_expired)
    return user


def due_cards(user_id: int, now: datetime) -> int:
    """The count of a learner's study cards due now."""
    return db.session.scalar(select(study.due_count_of(user_id, now)))


def new_guest(address: str, assignment: Assignment | None, now: datetime) -> User:
    """A guest, counted against its class (joining one) or else its address."""
    if assignment is not None:
        throttle.take(CLASS_GUEST, str(assignment.id), now)
    else:
        throttle.take(GUEST, address, now)
    user = User(role="guest")
    db.session.add(user)
    db.session.flush()
    return user


def find_user(username: str) -> User | None:
    return db.session.scalar(select(User).filter_by(username_key=normalise_username(username)))


def find_lookalike(username: str) -> str | None:
    """An account's username that looks like this one on screen (`lookalike_key`), so that
    nobody can pass for someone else. Every account's name is read: a look-alike can differ
    in length ("rn" and "m"), so no index narrows it: about 30 ms at 10,000 accounts and
    0.45 s at 100,000 (guests are not read); past that, keep the key in an indexed column."""
    key = lookalike_key(username)
    names = db.session.scalars(select(User.username).where(User.username_key.is_not(None)))
    return next((name for name in names if lookalike_key(name) == key), None)


def register(username: str, password: str, role: str, guest: User | None,
             address: str | None = None, now: datetime | None = None) -> User:
    """Make an account; a guest's own row becomes it, so their attempts are already theirs.
    An account made from the web (`address` and `now` given) counts towards that address's
    limit."""
    user = guest if guest is not None and guest.is_guest else User()
    user.username = username.strip()
    user.username_key = normalise_username(username)
    user.password_hash = _hash(password)
    user.role = role
    db.session.add(user)
    if address is not None and now is not None:
        throttle.spend(REGISTER, address, now)
        throttle.prune(now)
    db.session.flush()
    return user


def registration_wait(address: str, now: datetime) -> int:
    """Seconds this address must wait before making another account (0: none)."""
    return throttle.wait(REGISTER, address, now)


def check_password(user: User, password: str) -> bool:
    return bool(user.password_hash) and check_password_hash(user.password_hash, password)


def set_password(user: User, password: str) -> None:
    user.password_hash = _hash(password)
    user.revoke_sessions()
    db.session.flush()


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    retry_after: int


def _pair(username_key: str, address: str) -> str:
    """The key of one account tried from one address (no username is longer than
    USERNAME_MAX, so a longer typed one is cut without joining two real accounts)."""
    return f"{address} {username_key[:2 * USERNAME_MAX]}"


def authenticate(username: str, password: str, address: str, now: datetime) -> LoginOutcome:
    """Check the password unless this account must wait at this address, or this address
    must wait for any account; a failure counts for both and never says whether the
    username exists. An account tried from one address is never locked at another, so
    nobody can lock a victim out of their own sign-in; one address's failures across
    accounts are limited far more loosely, so a school sharing one address is never stopped
    by one person in it."""
    key = normalise_username(username)
    wait = max(throttle.wait(LOGIN, _pair(key, address), now),
               throttle.wait(LOGIN_ADDRESS, address, now))
    if wait:
        return LoginOutcome(None, wait)
    user = db.session.scalar(select(User).filter_by(username_key=key))
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash(
        current_app.config["PASSWORD_HASH_METHOD"])
    if check_password_hash(stored, password) and user is not None and user.password_hash:
        throttle.clear(LOGIN, _pair(key, address))
        return LoginOutcome(user, 0)
    throttle.spend(LOGIN, _pair(key, address), now)
    throttle.spend(LOGIN_ADDRESS, address, now)
    throttle.prune(now)
    db.session.flush()
    return LoginOutcome(None, 0)


def hand_over(guest: User, account: User) -> int:
    """Move a guest's attempts and study cards to the account they logged into, keeping the
    statistics' counted attempts right, then remove the empty guest. Returns how many
    attempts moved."""
    for user_id in sorted((guest.id, account.id)):
        lock_learner(user_id)
    # every scope the guest's attempts count in: each quiz, and each assignment of it
    scopes = {(quiz_id, scope) for quiz_id, assignment_id in db.session.execute(
        select(Attempt.quiz_id, Attempt.assignment_id).filter_by(user_id=guest.id).distinct())
        for scope in statistics.scopes_of(assignment_id)}
    before = {key: statistics.histories(key[0], [guest.id, account.id], key[1])
              for key in scopes}
    moved = db.session.execute(
        update(Attempt).where(Attempt.user_id == guest.id).values(user_id=account.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    statistics.recount([
        statistics.Change(quiz_id, scope, before[(quiz_id, scope)],
                          statistics.histories(quiz_id, [account.id], scope))
        for quiz_id, scope in scopes])
    study.hand_over(guest, account)
    assignments.hand_over(guest, account)
    db.session.delete(guest)
    db.session.flush()
    return moved
