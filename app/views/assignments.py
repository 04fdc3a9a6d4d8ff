"""Joining a class by its link or code, and taking its quiz within the assignment's window."""

import random

from flask import Blueprint, abort, redirect, render_template, request, url_for

from app.domain.assignments import format_code
from app.extensions import db, write_transaction
from app.forms import ButtonForm, JoinForm
from app.models import Assignment, utcnow
from app.services import assignments
from app.services.assignments import CodeLookup
from app.services.attempts import AttemptRefused
from app.views.access import rule, viewer
from app.views.helpers import close_expired_attempts, viewer_or_new_guest

bp = Blueprint("assignments", __name__)


def _address() -> str:
    return request.remote_addr or "unknown"


def _refused_code(raw: str, found: CodeLookup):
    """The code page again, saying what was wrong with the code, with its status."""
    headers = {"Retry-After": str(found.retry_after)} if found.retry_after else {}
    return render_template("assignments/enter.html", code=raw, problem=found.problem), \
        found.status, headers


@bp.get("/join")
@rule("public")
def enter_code():
    """The field for a class code; a code typed in it leads to its class."""
    raw = request.args.get("code")
    if raw is None:
        return render_template("assignments/enter.html", code="", problem=None)
    with write_transaction():  # a wrong code is counted
        found = assignments.find_by_code(raw, _address(), utcnow())
    if found.assignment is None:
        return _refused_code(raw, found)
    return redirect(url_for("assignments.join", code=format_code(found.assignment.code)), 303)


def _join_page(assignment: Assignment, form: JoinForm, status: int = 200):
    user = viewer()
    return render_template(
        "assignments/join.html", assignment=assignment, form=form,
        asks_name=_asks_name(assignment), user=user,
        state=assignments.window_message(assignment, assignments.state_of(assignment,
                                                                          utcnow()))), status


def _asks_name(assignment: Assignment) -> bool:
    user = viewer()
    return assignment.is_name_required and (user is None or user.is_guest)


@bp.get("/join/<code>")
@rule("public")
def join(code: str):
    """The class a link or code names, and the button to join it (asking a guest's name when
    the assignment wants one); someone who joined already goes straight to it."""
    with write_transaction():
        found = assignments.find_by_code(code, _address(), utcnow())
    if found.assignment is None:
        return _refused_code(code, found)
    user = viewer()
    if assignments.is_member(found.assignment, user):
        return redirect(url_for("assignments.page", assignment_id=found.assignment.id), 303)
    return _join_page(found.assignment, JoinForm(name=user.given_name if user else None))


@bp.post("/join/<code>")
@rule("public")
def join_post(code: str):
    found = assignments.find_by_code(code, _address(), utcnow())
    if found.assignment is None:
        db.session.commit()  # the wrong code is counted
        return _refused_code(code, found)
    assignment = found.assignment
    form = JoinForm()
    asks_name = _asks_name(assignment)
    if asks_name and not form.validate():
        db.session.rollback()
        return _join_page(assignment, form, 422)
    user = viewer_or_new_guest(assignment)
    assignments.join(assignment, user, form.name.data if asks_name else None, utcnow())
    db.session.commit()
    return redirect(url_for("assignments.page", assignment_id=assignment.id), 303)


def _member_assignment(assignment_id: int) -> Assignment:
    assignment = assignments.member_assignment(assignment_id, viewer())
    if assignment is None:
        abort(404, "There is no such class among the ones you joined.")
    return assignment


def _page(assignment: Assignment, problem: str | None = None, status: int = 200):
    view = assignments.learner_view(assignment, viewer(), utcnow())
    return render_template("assignments/page.html", view=view, quiz=assignment.quiz,
                           form=ButtonForm(), problem=problem,
                           state_message=assignments.window_message(assignment, view.state)
                           ), status


@bp.get("/assignments/<int:assignment_id>")
@rule("owner")
def page(assignment_id: int):
    """A class's quiz as its learner sees it: when it opens or closes, their attempts."""
    close_expired_attempts(user=viewer())
    return _page(_member_assignment(assignment_id))


@bp.post("/assignments/<int:assignment_id>/start")
@rule("owner")
def start(assignment_id: int):
    assignment = _member_assignment(assignment_id)
    try:
        attempt = assignments.start(assignment, viewer(), utcnow(), random.Random())
    except AttemptRefused as refusal:
        db.session.commit()  # an expired attempt closed on the way stays closed
        return _page(assignment, str(refusal), 409)
    attempt_id = attempt.id  # read before the commit expires it: no reload
    db.session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id), 303)
