"""A learner's own results."""

from flask import Blueprint, render_template

from app.services.results import learner_history
from app.views.access import rule, viewer
from app.views.quiz import close_expired_attempts

bp = Blueprint("results", __name__)


@bp.get("/my/results")
@rule("public")
def mine():
    user = viewer()
    if user is not None:
        close_expired_attempts(user=user)
    return render_template("results/mine.html", history=learner_history(user))
