"""The instructor's pages: the quizzes, a statistics dashboard per quiz, CSV exports."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from sqlalchemy import select

from app.domain.statistics import SELECTORS
from app.extensions import db
from app.forms import QuizSettingsForm
from app.models import Quiz, QuizStat
from app.services import exports
from app.services.results import NoSuchPage, quiz_attempts, quiz_result
from app.services.statistics import dashboard
from app.views.access import rule
from app.views.kept import reviewed
from app.views.quiz import close_expired_attempts

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
    close_expired_attempts(quiz=quiz)
    return render_template("instructor/dashboard.html", view=dashboard(quiz, selector),
                           selectors=SELECTORS)


@bp.get("/quizzes/<slug>/attempts")
@rule("instructor")
def attempts(slug: str):
    quiz = _quiz(slug)
    raw = request.args.get("page", "1")
    if not raw.isdigit():
        abort(400, "The page number must be a whole number.")
    close_expired_attempts(quiz=quiz)
    try:
        listing = quiz_attempts(quiz, int(raw))
    except NoSuchPage:
        abort(404, "There is no such page of attempts.")
    return render_template("instructor/attempts.html", quiz=quiz, listing=listing)


@bp.get("/quizzes/<slug>/attempts/<int:attempt_id>")
@rule("instructor")
def attempt_review(slug: str, attempt_id: int):
    """One learner's submitted attempt, reviewed as they see it."""
    found = quiz_result(_quiz(slug), attempt_id)
    if found is None:
        abort(404, "There is no such submitted attempt of this quiz.")
    view, learner = found
    return render_template("instructor/attempt.html", view=view, learner=learner,
                           reviewed=reviewed(view.items, whose=f"{learner}'s answer"))


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


@bp.route("/quizzes/<slug>/settings", methods=["GET", "POST"])
@rule("instructor")
def settings(slug: str):
    quiz = _quiz(slug)
    form = QuizSettingsForm(obj=quiz, time_limit_minutes=(
        quiz.time_limit_s // 60 if quiz.time_limit_s else None))
    if form.validate_on_submit():
        quiz.questions_per_attempt = form.questions_per_attempt.data
        quiz.is_shuffle_questions = form.is_shuffle_questions.data
        quiz.is_shuffle_choices = form.is_shuffle_choices.data
        minutes = form.time_limit_minutes.data
        quiz.time_limit_s = minutes * 60 if minutes else None
        quiz.attempts_allowed = form.attempts_allowed.data
        quiz.grading_method = form.grading_method.data
        quiz.feedback_mode = form.feedback_mode.data
        quiz.layout = form.layout.data
        db.session.commit()
        flash("Settings saved. They apply to attempts started from now on.")
        return redirect(url_for("instructor.settings", slug=quiz.slug), 303)
    status = 422 if form.errors else 200
    return render_template("instructor/settings.html", quiz=quiz, form=form), status
