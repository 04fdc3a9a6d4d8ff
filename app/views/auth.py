"""Register, log in, log out. A guest who registers keeps their row; one who logs in hands
their attempts over to the account."""

import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.forms import LoginForm, PasswordForm, RegisterForm
from app.models import utcnow
from app.services import accounts
from app.views.access import rule, viewer

bp = Blueprint("auth", __name__)

LOOKALIKE = ("That username looks like one already taken (letters from another alphabet, "
             "or I, l and 1, O and 0, rn and m, look alike on screen); choose another.")

# control, format, surrogate, private-use and unassigned characters; line and paragraph breaks
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def safe_next(target: str | None) -> str:
    """Only a path on this site: anything with a scheme or a host, or with a control or
    format character (a line break would make the redirect's Location header invalid), goes
    home instead. Called before anything commits, so no value of `next` can fail a request
    whose work is done."""
    if not target or any(unicodedata.category(c) in _UNSEEN for c in target):
        return url_for("quiz.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("quiz.home")
    return target


def _sign_in(user, remember: bool = False) -> None:
    """A fresh session for the account: nothing planted before login survives it."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True


@bp.route("/register", methods=["GET", "POST"])
@rule("public")
def register():
    form = RegisterForm()
    current = viewer()
    if current is not None and not current.is_guest:
        return redirect(url_for("quiz.home"))
    target = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        wait = accounts.registration_wait(request.remote_addr or "unknown", utcnow())
        if wait:
            minutes = -(-wait // 60)
            form.username.errors.append(
                f"Too many accounts were made from this address. Try again in {minutes} "
                f"minute{'s' if minutes != 1 else ''}.")
            return (render_template("auth/register.html", form=form), 429,
                    {"Retry-After": str(wait)})
        if accounts.find_user(form.username.data):
            form.username.errors.append("That username is taken.")
        elif accounts.find_lookalike(form.username.data):
            form.username.errors.append(LOOKALIKE)
        else:
            try:
                user = accounts.register(form.username.data, form.password.data, "learner",
                                         current, request.remote_addr or "unknown", utcnow())
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.username.errors.append("That username is taken.")
            else:
                _sign_in(user)
                flash(f"Welcome, {user.username}. Your results are kept in your account.")
                return redirect(target, 303)
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@rule("public")
def login():
    form = LoginForm()
    current = viewer()
    if current is not None and not current.is_guest:
        return redirect(url_for("quiz.home"))
    target = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        address = request.remote_addr or "unknown"
        outcome = accounts.authenticate(form.username.data, form.password.data, address,
                                        utcnow())
        if outcome.user is not None:
            moved = 0
            if current is not None and current.id != outcome.user.id:
                moved = accounts.hand_over(current, outcome.user)
            db.session.commit()
            _sign_in(outcome.user, remember=form.remember.data)
            if moved:
                flash(f"{moved} attempt{'s' if moved != 1 else ''} you made as a guest "
                      f"{'are' if moved != 1 else 'is'} now in your account.")
            return redirect(target, 303)
        db.session.commit()
        if outcome.retry_after:
            minutes = -(-outcome.retry_after // 60)
            message = (f"Too many failed attempts. Try again in {minutes} minute"
                       f"{'s' if minutes != 1 else ''}.")
            response = render_template("auth/login.html", form=form, error=message)
            return response, 429, {"Retry-After": str(outcome.retry_after)}
        error = "That username and password do not match an account."
        return render_template("auth/login.html", form=form, error=error), 401
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form, error=None), status


@bp.post("/logout")
@rule("public")
def logout():
    """Logging out revokes the session for real: the user's session token is rotated, so a
    copy of the old cookie (or a remember cookie) is refused from now on."""
    user = viewer()
    if user is not None and not user.is_guest:
        user.revoke_sessions()
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("quiz.home"), 303)


@bp.route("/account/password", methods=["GET", "POST"])
@rule("account")
def change_password():
    """A new password revokes every other session of the account; this one starts afresh."""
    user = viewer()
    form = PasswordForm()
    if form.validate_on_submit():
        if not accounts.check_password(user, form.current.data):
            form.current.errors.append("That is not your current password.")
        else:
            accounts.set_password(user, form.password.data)
            db.session.commit()
            _sign_in(user)
            flash("Your password is changed; other devices are signed out.")
            return redirect(url_for("results.mine"), 303)
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status
