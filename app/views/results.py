"""A learner's own results."""

from flask import Blueprint, abort, render_template, request

from app.services.results import NoSuchPage, learner_history
from app.views.access import rule, viewer
from app.views.quiz import close_expired_attempts

bp = Blueprint("results", __name__)


@bp.get("/my/results")
@rule("public")
def mine():
    user = viewer()
    raw = request.args.get("page", "1")
    if not raw.isdigit():
        abort(400, "The page number must be a whole number.")
    if user is not None:
        close_expired_attempts(user=user)
    try:
        history = learner_history(user, int(raw))
    except NoSuchPage:
        abort(404, "There is no such page of your results.")
    return render_template("results/mine.html", history=history)
