"""A learner's own results."""

from flask import Blueprint, render_template

from app import services
from app.views import viewer

bp = Blueprint("results", __name__)


@bp.get("/my/results")
def mine():
    return render_template("results/mine.html", history=services.learner_history(viewer()))
