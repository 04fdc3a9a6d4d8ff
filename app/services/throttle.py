"""The one throttle: every limit on how often something may happen (failed logins, accounts,
guests, wrong class codes, attempts started and submitted) counted in the database, so it
holds across every gunicorn worker and every process, with no other server to run.

Each check is one statement on one row: reading the key's `until` (`wait`), or moving it and
reading it back in the same upsert (`spend`, `take`); the arithmetic is `domain.throttle`'s."""

from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import bindparam, case, delete, select

from app.domain import throttle as rules
from app.extensions import db
from app.models import Throttle
from app.services.writes import in_dialect, upsert


class Throttled(Exception):
    """Past a limit: the request is refused with 429 and `Retry-After: wait` (errors.py),
    and nothing it did is kept."""

    def __init__(self, scope: str, wait: int):
        super().__init__(scope)
        self.scope, self.wait = scope, wait


def limit_of(scope: str) -> rules.Limit:
    return current_app.config["THROTTLES"][scope]


def seconds(now: datetime) -> float:
    return now.replace(tzinfo=UTC).timestamp()


def wait(scope: str, key: str, now: datetime) -> int:
    """Seconds before one more event of this scope and key is admitted (0: now), without
    counting one."""
    until = db.session.scalar(select(Throttle.until).filter_by(scope=scope, key=key))
    return rules.wait(until, seconds(now), limit_of(scope))


# domain.throttle.after, in SQL: max(until, now) + every, at most the cap; built once
_throttle = Throttle.__table__
_moved = case((_throttle.c.until > bindparam("at"), _throttle.c.until),
              else_=bindparam("at")) + bindparam("every")
_SPEND = upsert(_throttle, ["scope", "key"], {
    "until": lambda _, __: case((_moved > bindparam("cap"), bindparam("cap")), else_=_moved)},
    _throttle.c.until)


def spend(scope: str, key: str, now: datetime) -> int:
    """Count one event; the seconds to wait if it was past the limit (0: it was within)."""
    limit, at = limit_of(scope), seconds(now)
    until = db.session.execute(in_dialect(_SPEND), {
        "scope": scope, "key": key, "until": at + limit.every, "at": at,
        "every": limit.every, "cap": rules.cap(at, limit)}).scalar_one()
    return 0 if rules.admitted(until, at, limit) else max(1, rules.wait(until, at, limit))


def take(scope: str, key: str, now: datetime) -> None:
    """Count one event, refusing it (Throttled) past the limit."""
    if waited := spend(scope, key, now):
        raise Throttled(scope, waited)


def clear(scope: str, key: str) -> None:
    """Start this key afresh (a right password after a few wrong ones)."""
    db.session.execute(delete(Throttle).filter_by(scope=scope, key=key))


def prune(now: datetime) -> None:
    """Remove the rows whose bucket is full again; run on the rarer paths (a failed login, an
    account made, a wrong code), so the table holds only keys that are still counting."""
    db.session.execute(delete(Throttle).where(Throttle.until < seconds(now)))
