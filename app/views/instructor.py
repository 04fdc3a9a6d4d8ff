"""The instructor's pages: the quizzes, a statistics dashboard per quiz, CSV exports."""

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from sqlalchemy import select

from app.domain.statistics import SELECTORS
from app.extensions import db
from app.models import Quiz, QuizStat
from app.services import exports
from app.services.statistics import dashboard
from app.views.access import rule

bp = Blueprint("instructor", __name__, url_prefix="/instructor")

DEFAULT_SELECTOR = {"highest": "highest", "first": "first", "last": "last", "average": "all"}


def _quiz(slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
    if quiz is None:
        abort(404, "There is no such quiz.")
    return quiz


@bp.get("/")
@rule("instructor")
def quizzes():
    rows = db.session.execute(
        select(Quiz, QuizStat.n)
        .outerjoin(QuizStat, (QuizStat.quiz_id == Quiz.id) & (QuizStat.selector == "all"))
        .order_by(Quiz.title)
    ).all()
    learners = dict(db.session.execute(
        select(QuizStat.quiz_id, QuizStat.n).filter_by(selector="first")
    ).all())
    return render_template("instructor/quizzes.html", rows=rows, learners=learners)


@bp.get("/quizzes/<slug>")
@rule("instructor")
def quiz_dashboard(slug: str):
    quiz = _quiz(slug)
    selector = request.args.get("attempts", DEFAULT_SELECTOR[quiz.grading_method])
    if selector not in SELECTORS:
        abort(400, f"Choose which attempts count: {', '.join(SELECTORS)}.")
    return render_template("instructor/dashboard.html", view=dashboard(quiz, selector),
                           selectors=SELECTORS)


def _csv(lines, filename: str) -> Response:
    return Response(
        stream_with_context(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/quizzes/<slug>/attempts.csv")
@rule("instructor")
def attempts_csv(slug: str):
    quiz = _quiz(slug)
    return _csv(exports.attempts_csv(quiz), f"{quiz.slug}-attempts.csv")


@bp.get("/quizzes/<slug>/responses.csv")
@rule("instructor")
def responses_csv(slug: str):
    quiz = _quiz(slug)
    return _csv(exports.responses_csv(quiz), f"{quiz.slug}-responses.csv")
