"""Who may see what. Every view declares its rule with @rule, and a test walks every route
for every kind of visitor.

- public: anyone.
- owner: anyone may ask, but the view only finds the visitor's own rows (others get 404).
- account: a signed-in visitor with an account (not a guest); others are sent to log in.
- instructor: instructors only; visitors without an account are sent to log in, learners 403.
"""

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.models import utcnow
from app.services import accounts

RULES = ("public", "owner", "account", "instructor")


def load_user(session_token: str):
    """Flask-Login's user loader. Sessions carry the user's session token, not their id:
    rotating it (log out, password change) makes every copy of an old cookie worthless. A GET
    loads what every page shows of the user in the same statement; other requests mostly
    redirect or answer JSON, and load that only if they render a page (`due_cards`)."""
    return accounts.signed_in(session_token, utcnow(), for_page=request.method == "GET")


def due_cards(user) -> int:
    """The study cards due for the navigation's badge (0 for a visitor), read now if the
    request did not load them with the user."""
    if user is None:
        return 0
    if user.due_cards is None:
        user.due_cards = accounts.due_cards(user.id, utcnow())
    return user.due_cards


def viewer():
    """The signed-in user (a guest counts), or None for a visitor who has not started yet."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def rule(name: str):
    if name not in RULES:
        raise ValueError(f"unknown access rule {name!r}")

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            user = viewer()
            if name in ("account", "instructor") and (user is None or user.is_guest):
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if name == "instructor" and not user.is_instructor:
                abort(403, "Only instructors can see this page.")
            return view(*args, **kwargs)

        guarded.access_rule = name
        return guarded

    return decorate
