"""Every limit on how often something may happen, and the rule that applies them: the generic
cell rate algorithm (GCRA), a token bucket kept as one number per key.

A limit admits `burst` events at once, then one more every `every` seconds. Its state for a
key is `until`: the time at which the key's bucket is full again (the "theoretical arrival
time"). An event at `now` moves it to `max(until, now) + every`, and is admitted when that is
at most `burst * every` ahead of now. A refused event moves it too, but never further than
one step past full (`cap`), so a client that keeps trying while refused keeps itself waiting
(at most two steps), and one that waits as told (`wait`) is admitted.

The service keeps `until` in the database (one row per scope and key, written by one
statement: `services.throttle`), so the limits hold across every worker and process."""

import math
from dataclasses import dataclass

# the scopes, each a kind of event and what its key is
LOGIN = "login"                  # a failed login, keyed by account and address together
LOGIN_ADDRESS = "login-address"  # a failed login, keyed by address, whatever the account
REGISTER = "register"            # an account made from the web, keyed by address
GUEST = "guest"                  # a guest made outside a class, keyed by address
CLASS_GUEST = "class-guest"      # a guest made by joining a class, keyed by the assignment
WRONG_CODE = "wrong-code"        # a well-formed class code that names no class, by address
START = "start"                  # a new attempt, keyed by the learner
SUBMIT = "submit"                # a submission that grades an attempt, keyed by the learner


@dataclass(frozen=True)
class Limit:
    burst: int     # events admitted at once
    every: float   # seconds: after the burst, one more each time this passes

    def per_hour(self) -> int:
        return round(3600 / self.every)


# The defaults: none stops a class, though a whole school may reach the app from one address
# (network address translation). `make loadtest` starts 3,000 guests from one address at
# once; a class of 40 may each mistype their password twice; every learner may start and
# submit a handful of attempts in a row. An operator may change any of them in
# instance/config.py (THROTTLES).
LIMITS = {
    LOGIN: Limit(5, 180),              # 5 tries, then one every 3 minutes
    LOGIN_ADDRESS: Limit(300, 12),     # 300, then 300 an hour
    REGISTER: Limit(200, 18),          # 200, then 200 an hour
    GUEST: Limit(5000, 0.72),          # 5,000, then 5,000 an hour
    CLASS_GUEST: Limit(5000, 0.72),    # 5,000 joining one class, then 5,000 an hour
    WRONG_CODE: Limit(300, 12),        # 300, then 300 an hour
    START: Limit(10, 30),              # 10 attempts, then one every 30 seconds
    SUBMIT: Limit(10, 30),             # 10 submissions, then one every 30 seconds
}


def cap(now: float, limit: Limit) -> float:
    """The furthest an event may move `until`: one step past a full burst."""
    return now + (limit.burst + 1) * limit.every


def after(until: float | None, now: float, limit: Limit) -> float:
    """`until` once an event at `now` is counted, admitted or not."""
    return min(max(until or now, now) + limit.every, cap(now, limit))


def admitted(until_after: float, now: float, limit: Limit) -> bool:
    """Whether the event that moved `until` to `until_after` was within the limit."""
    return until_after - now <= limit.burst * limit.every + 1e-6


def wait(until: float | None, now: float, limit: Limit) -> int:
    """Whole seconds before the next event is admitted; 0 when it would be now."""
    if until is None:
        return 0
    return max(0, math.ceil(until - now - (limit.burst - 1) * limit.every - 1e-6))
