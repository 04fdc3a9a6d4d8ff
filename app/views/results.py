"""A learner's own results."""

from flask import Blueprint, abort, render_template

from app.services.results import NoSuchPage, learner_history
from app.views.access import rule, viewer
from app.views.helpers import close_expired_attempts, page_number

bp = Blueprint("results", __name__)


@bp.get("/my/results")
@rule("public")
def mine():
    user = viewer()
    page = page_number()
    if user is not None:
        close_expired_attempts(user=user)
    try:
        history = learner_history(user, page)
    except NoSuchPage:
        abort(404, "There is no such page of your results.")
    return render_template("results/mine.html", history=history)
