"""The instructor's pages: the quizzes, a statistics dashboard per quiz, CSV exports, the
settings and previews."""

import random

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

from app.domain.attempts import PREVIEW
from app.domain.statistics import SELECTORS
from app.extensions import db
from app.forms import AssignmentForm, ButtonForm, QuizSettingsForm
from app.models import utcnow
from app.services import assignments, exports, quizzes
from app.services import attempts as attempt_service
from app.services import gradebook as grades
from app.services.results import NoSuchPage, quiz_attempts, quiz_result
from app.services.statistics import dashboard
from app.views.access import rule, viewer
from app.views.helpers import (
    EDIT,
    VIEW,
    assignment_or_404,
    close_expired_attempts,
    narrowed_to,
    page_number,
    quiz_or_404,
)
from app.views.kept import reviewed

bp = Blueprint("instructor", __name__, url_prefix="/instructor")

DEFAULT_SELECTOR = {"highest": "highest", "first": "first", "last": "last", "average": "all"}


@bp.get("/")
@rule("instructor")
def home():
    return render_template("instructor/quizzes.html",
                           quizzes=quizzes.instructor_quizzes(viewer()))


@bp.get("/quizzes/<slug>")
@rule("instructor")
def quiz_dashboard(slug: str):
    quiz = quiz_or_404(slug, VIEW)
    selector = request.args.get("attempts", DEFAULT_SELECTOR[quiz.grading_method])
    if selector not in SELECTORS:
        abort(400, f"Choose which attempts count: {', '.join(SELECTORS)}.")
    assignment = narrowed_to(quiz)
    close_expired_attempts(quiz=quiz)
    return render_template("instructor/dashboard.html",
                           view=dashboard(quiz, selector, assignment), selectors=SELECTORS,
                           classes=assignments.of_quiz(quiz, viewer(), utcnow()))


@bp.get("/quizzes/<slug>/gradebook")
@rule("instructor")
def gradebook(slug: str):
    """One row per learner with their grade, for the whole quiz or one assignment; sorted by
    name or grade through links, so no script is needed."""
    quiz = quiz_or_404(slug, VIEW)
    assignment = narrowed_to(quiz)
    sort, order = request.args.get("sort", "name"), request.args.get("order", "asc")
    if sort not in grades.SORTS or order not in grades.ORDERS:
        abort(400, "Sort by name or grade, ascending or descending.")
    page = page_number()
    close_expired_attempts(quiz=quiz)
    try:
        book = grades.gradebook(quiz, assignment, sort, order, page)
    except NoSuchPage:
        abort(404, "There is no such page of the gradebook.")
    return render_template("instructor/gradebook.html", quiz=quiz, book=book,
                           classes=assignments.of_quiz(quiz, viewer(), utcnow()))


@bp.get("/quizzes/<slug>/gradebook.csv")
@rule("instructor")
def gradebook_csv(slug: str):
    quiz = quiz_or_404(slug, VIEW)
    assignment = narrowed_to(quiz)
    close_expired_attempts(quiz=quiz)
    name = f"{quiz.slug}-{f'assignment-{assignment.id}' if assignment else 'all'}-gradebook.csv"
    return _csv(grades.gradebook_csv(quiz, assignment), name)


@bp.get("/quizzes/<slug>/attempts")
@rule("instructor")
def attempts(slug: str):
    quiz = quiz_or_404(slug, VIEW)
    page = page_number()
    close_expired_attempts(quiz=quiz)
    try:
        listing = quiz_attempts(quiz, page)
    except NoSuchPage:
        abort(404, "There is no such page of attempts.")
    return render_template("instructor/attempts.html", quiz=quiz, listing=listing)


@bp.get("/quizzes/<slug>/attempts/<int:attempt_id>")
@rule("instructor")
def attempt_review(slug: str, attempt_id: int):
    """One learner's submitted attempt, reviewed as they see it."""
    quiz = quiz_or_404(slug, VIEW)
    found = quiz_result(quiz, attempt_id)
    if found is None:
        abort(404, "There is no such submitted attempt of this quiz.")
    view, learner = found
    return render_template("instructor/attempt.html", quiz=quiz, view=view, learner=learner,
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
    quiz = quiz_or_404(slug, VIEW)
    return _csv(exports.attempts_csv(quiz), f"{quiz.slug}-attempts.csv")


@bp.get("/quizzes/<slug>/responses.csv")
@rule("instructor")
def responses_csv(slug: str):
    quiz = quiz_or_404(slug, VIEW)
    return _csv(exports.responses_csv(quiz), f"{quiz.slug}-responses.csv")


@bp.route("/quizzes/<slug>/settings", methods=["GET", "POST"])
@rule("instructor")
def settings(slug: str):
    quiz = quiz_or_404(slug, EDIT)
    form = QuizSettingsForm(obj=quiz, time_limit_minutes=(
        quiz.time_limit_s // 60 if quiz.time_limit_s else None))
    if form.validate_on_submit():
        minutes = form.time_limit_minutes.data
        quizzes.save_settings(quiz, quizzes.Settings(
            title=form.title.data,
            description=form.description.data or "",
            questions_per_attempt=form.questions_per_attempt.data,
            is_shuffle_questions=form.is_shuffle_questions.data,
            is_shuffle_choices=form.is_shuffle_choices.data,
            time_limit_s=minutes * 60 if minutes else None,
            attempts_allowed=form.attempts_allowed.data,
            grading_method=form.grading_method.data,
            feedback_mode=form.feedback_mode.data,
            layout=form.layout.data))
        db.session.commit()
        flash("Settings saved. They apply to attempts started from now on.")
        return redirect(url_for("instructor.settings", slug=quiz.slug), 303)
    status = 422 if form.errors else 200
    return render_template("instructor/settings.html", quiz=quiz, form=form), status


@bp.get("/quizzes/<slug>/preview")
@rule("instructor")
def preview(slug: str):
    """The quiz as a learner sees it before starting, and the instructor's previews."""
    quiz = quiz_or_404(slug, VIEW)
    return render_template("instructor/preview.html", quiz=quiz, form=ButtonForm(),
                           state=attempt_service.preview_state(quiz, viewer()))


@bp.post("/quizzes/<slug>/preview")
@rule("instructor")
def start_preview(slug: str):
    """Take the quiz exactly as a learner would, published or not; it never counts."""
    quiz = quiz_or_404(slug, VIEW)
    try:
        attempt = attempt_service.start_attempt(quiz, viewer(), utcnow(), random.Random(),
                                         kind=PREVIEW)
    except attempt_service.AttemptRefused as refusal:
        db.session.rollback()
        return render_template("instructor/preview.html", quiz=quiz, form=ButtonForm(),
                               state=attempt_service.preview_state(quiz, viewer()),
                               problem=str(refusal)), 409
    db.session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id), 303)


def _share_page(quiz, form: AssignmentForm | None = None, status: int = 200):
    return render_template(
        "instructor/share.html", quiz=quiz, form=ButtonForm(),
        new_form=form or AssignmentForm(), editable=quizzes.may_edit(quiz, viewer()),
        assignments=assignments.of_quiz(quiz, viewer(), utcnow())), status


@bp.get("/quizzes/<slug>/share")
@rule("instructor")
def share(slug: str):
    """Who can take the quiz (anyone from the home page, or only through assignments), the
    instructor's assignments of it with their links and codes, and a new one."""
    return _share_page(quiz_or_404(slug, VIEW))


@bp.post("/quizzes/<slug>/assignments")
@rule("instructor")
def new_assignment(slug: str):
    """Hand the quiz to a class. Any quiz an instructor may view may be assigned: the
    assignment, and its gradebook, are theirs."""
    quiz = quiz_or_404(slug, VIEW)
    form = AssignmentForm()
    if not form.validate_on_submit():
        return _share_page(quiz, form, 422)
    assignment = assignments.create(quiz, viewer(), form.name.data, _window(form),
                                    form.is_name_required.data)
    db.session.commit()
    flash(f"“{assignment.name}” is ready: share its link or read its code aloud.")
    return redirect(url_for("instructor.share", slug=quiz.slug)
                    + f"#assignment-{assignment.id}", 303)


def _window(form: AssignmentForm) -> assignments.Window:
    return assignments.Window(form.opens_at.data, form.closes_at.data)


@bp.route("/quizzes/<slug>/assignments/<int:assignment_id>", methods=["GET", "POST"])
@rule("instructor")
def edit_assignment(slug: str, assignment_id: int):
    quiz = quiz_or_404(slug, VIEW)
    assignment = assignment_or_404(quiz, assignment_id)
    form = AssignmentForm(obj=assignment)
    if form.validate_on_submit():
        assignments.update_assignment(assignment, form.name.data, _window(form),
                                      form.is_name_required.data, utcnow())
        db.session.commit()
        flash(f"“{assignment.name}” saved.")
        return redirect(url_for("instructor.share", slug=quiz.slug)
                        + f"#assignment-{assignment.id}", 303)
    status = 422 if form.errors else 200
    return render_template("instructor/assignment.html", quiz=quiz, assignment=assignment,
                           form=form, buttons=ButtonForm()), status


@bp.post("/quizzes/<slug>/assignments/<int:assignment_id>/<any(code, close):act>")
@rule("instructor")
def change_assignment(slug: str, assignment_id: int, act: str):
    """A new code (the old code and link stop working) or closing at once."""
    quiz = quiz_or_404(slug, VIEW)
    assignment = assignment_or_404(quiz, assignment_id)
    if act == "code":
        assignments.replace_code(assignment)
        flash(f"“{assignment.name}” has a new code; the old code and link no longer work.")
    else:
        assignments.close_now(assignment, utcnow())
        flash(f"“{assignment.name}” is closed: no new attempts; those in progress were "
              "closed and graded.")
    db.session.commit()
    return redirect(url_for("instructor.share", slug=quiz.slug)
                    + f"#assignment-{assignment.id}", 303)


@bp.post("/quizzes/<slug>/listing")
@rule("instructor")
def listing(slug: str):
    quiz = quiz_or_404(slug, EDIT)
    choice = request.form.get("listing")
    if choice not in ("listed", "unlisted"):
        abort(400, "Choose whether the quiz is listed on the home page.")
    quizzes.set_listed(quiz, choice == "listed")
    db.session.commit()
    flash("Anyone can now take the quiz from the home page." if quiz.is_listed else
          "The quiz is off the home page: learners reach it through its assignments.")
    return redirect(url_for("instructor.share", slug=quiz.slug), 303)
