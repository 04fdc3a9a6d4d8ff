"""A learner's own results."""

from flask import Blueprint, render_template

from app.services.results import learner_history
from app.views.access import rule, viewer

bp = Blueprint("results", __name__)


@bp.get("/my/results")
@rule("public")
def mine():
    return render_template("results/mine.html", history=learner_history(viewer()))
