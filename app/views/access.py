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

RULES = ("public", "owner", "account", "instructor")


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
