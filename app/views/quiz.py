"""Taking a quiz: the list, a quiz's page, starting, answering, submitting, the result."""

import random

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import login_user
from sqlalchemy import select

from app.extensions import db
from app.forms import ButtonForm, attempt_form, chosen_answers
from app.models import Quiz, User, utcnow
from app.services import attempts as services
from app.services.results import result_view
from app.views.access import rule, viewer

bp = Blueprint("quiz", __name__)


def _published_quiz(slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).filter_by(slug=slug, is_published=True))
    if quiz is None:
        abort(404, "There is no such quiz.")
    return quiz


def _own_attempt(attempt_id: int):
    attempt = services.own_attempt(attempt_id, viewer())
    if attempt is None:
        abort(404, "There is no such attempt among yours.")
    return attempt


@bp.get("/")
@rule("public")
def home():
    return render_template("quiz/home.html", rows=services.quiz_rows(viewer()))


@bp.get("/quizzes/<slug>")
@rule("public")
def quiz_page(slug: str):
    quiz = _published_quiz(slug)
    row = next(r for r in services.quiz_rows(viewer()) if r.quiz.id == quiz.id)
    return render_template("quiz/quiz.html", row=row, form=ButtonForm())


@bp.post("/quizzes/<slug>/start")
@rule("public")
def start(slug: str):
    quiz = _published_quiz(slug)
    user = viewer()
    if user is None:
        user = User(role="guest")
        db.session.add(user)
        db.session.flush()
        session.permanent = True
        login_user(user)
    attempt = services.start_attempt(quiz, user, utcnow(), random.Random())
    db.session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id), 303)


def _render_attempt(attempt, slots, form, status=200):
    answered = sum(slot.response.choice_id is not None for slot in slots)
    return (
        render_template(
            "quiz/attempt.html",
            attempt=attempt,
            slots=slots,
            form=form,
            answered=answered,
            unanswered=len(slots) - answered,
            confirming=request.args.get("confirm") == "1" and answered < len(slots),
        ),
        status,
    )


@bp.get("/attempts/<int:attempt_id>")
@rule("owner")
def attempt(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.is_submitted:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    slots = services.attempt_slots(attempt)
    return _render_attempt(attempt, slots, attempt_form(slots))


@bp.post("/attempts/<int:attempt_id>")
@rule("owner")
def answer(attempt_id: int):
    """Save the answers in the form; with action=submit, grade (asking first when some are
    unanswered); with action=confirm, grade whatever is unanswered as wrong."""
    attempt = _own_attempt(attempt_id)
    if attempt.is_submitted:
        return redirect(url_for("quiz.result", attempt_id=attempt.id), 303)
    action = request.form.get("action", "save")
    if action not in ("save", "submit", "confirm"):
        abort(400, "Unknown action.")
    slots = services.attempt_slots(attempt)
    form = attempt_form(slots)
    if not form.validate_on_submit():
        db.session.rollback()
        return _render_attempt(attempt, slots, form, 422)
    now = utcnow()
    services.save_answers(attempt, chosen_answers(form, slots), now)
    unanswered = sum(slot.response.choice_id is None for slot in slots)
    if action == "save" or (action == "submit" and unanswered):
        db.session.commit()
        args = {"confirm": "1"} if action == "submit" else {}
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id, **args), 303)
    services.submit_attempt(attempt, now)
    db.session.commit()
    return redirect(url_for("quiz.result", attempt_id=attempt.id), 303)


@bp.get("/attempts/<int:attempt_id>/result")
@rule("owner")
def result(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if not attempt.is_submitted:
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id))
    return render_template("quiz/result.html", view=result_view(attempt))
