"""Register, log in, log out. A guest who registers keeps their row; one who logs in hands
their attempts over to the account."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.forms import LoginForm, RegisterForm
from app.models import utcnow
from app.services import accounts
from app.views.access import rule, viewer

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str:
    """Only a path on this site: anything with a scheme or a host goes home instead."""
    if not target:
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
    if form.validate_on_submit():
        if accounts.find_user(form.username.data):
            form.username.errors.append("That username is taken.")
        else:
            try:
                user = accounts.register(form.username.data, form.password.data, "learner",
                                         current)
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.username.errors.append("That username is taken.")
            else:
                _sign_in(user)
                flash(f"Welcome, {user.username}. Your results are kept in your account.")
                return redirect(safe_next(request.args.get("next")), 303)
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@rule("public")
def login():
    form = LoginForm()
    current = viewer()
    if current is not None and not current.is_guest:
        return redirect(url_for("quiz.home"))
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
            return redirect(safe_next(request.args.get("next")), 303)
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
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("quiz.home"), 303)
