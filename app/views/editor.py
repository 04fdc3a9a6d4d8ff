"""The instructor's editor: import an article, review drafts, write and edit questions,
publish, and exchange questions as GIFT or JSON."""

import json

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from app.domain import gift
from app.domain.articles import ArticleError
from app.domain.content import (
    MAX_CHOICES,
    MULTIPLE,
    TYPE_NAMES,
    TYPES,
    BankError,
    read_gift,
    write_gift,
)
from app.domain.numbers import whole_number
from app.extensions import db, gently, without_write_lock
from app.forms import ArticleImportForm, ButtonForm, GiftImportForm, QuestionForm
from app.models import Question, Quiz, utcnow
from app.services import editing
from app.services.articles import import_article
from app.services.bank import content_of
from app.views.access import rule, viewer
from app.views.helpers import EDIT, VIEW, quiz_or_404

bp = Blueprint("editor", __name__, url_prefix="/instructor")


def _question(quiz: Quiz, question_id: int) -> Question:
    question = editing.question_of(quiz, question_id)
    if question is None:
        abort(404, "There is no such question in this quiz.")
    return question


def _upload_text(form) -> tuple[bytes | str, str | None]:
    upload = form.file.data
    if upload and upload.filename:
        return upload.read(), upload.filename
    return form.text.data or "", None


@bp.route("/articles/new", methods=["GET", "POST"])
@rule("instructor")
def import_page():
    form = ArticleImportForm()
    if form.validate_on_submit():
        raw, filename = _upload_text(form)
        if not raw or not (raw.strip() if isinstance(raw, str) else raw.strip()):
            form.text.errors.append("Paste the article or choose a file.")
        else:
            try:
                result = import_article(raw, filename, utcnow(), viewer())
            except ArticleError as error:
                db.session.rollback()
                form.text.errors.append(str(error))
            else:
                db.session.commit()
                if not result.is_new:
                    flash("This article was imported before; here are its questions.")
                else:
                    flash(f"Imported “{result.article.title}”: {result.drafts} draft questions, "
                          f"{result.rejected} drafts dropped by the checks"
                          + (f", {result.linked} existing questions linked to their sentences"
                             if result.linked else "") + "."
                          + (f" The article is long: its questions were drafted from its "
                             f"first {result.drafted_paragraphs:,} paragraphs; write more "
                             "for the rest in the editor."
                             if result.drafted_paragraphs else ""))
                return redirect(url_for("editor.questions", slug=result.quiz.slug), 303)
    status = 422 if form.errors else 200
    return render_template("editor/import.html", form=form), status


@bp.get("/quizzes/<slug>/questions")
@rule("instructor")
def questions(slug: str):
    return _questions_page(quiz_or_404(slug, EDIT))


def _questions_page(quiz: Quiz, problem: str | None = None, status: int = 200):
    """The question list; a refused change is explained at its top, with its status."""
    return render_template("editor/questions.html", quiz=quiz,
                           groups=editing.quiz_questions(quiz),
                           rejected=editing.rejected_drafts(quiz), problem=problem,
                           type_names=TYPE_NAMES, form=ButtonForm(),
                           gift_form=GiftImportForm()), status


def _refused(quiz: Quiz, problem: str, status: int):
    db.session.rollback()
    return _questions_page(quiz, problem, status)


@bp.route("/quizzes/<slug>/questions/new", methods=["GET", "POST"])
@bp.route("/quizzes/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@rule("instructor")
def edit(slug: str, question_id: int | None = None):
    quiz = quiz_or_404(slug, EDIT)
    question = _question(quiz, question_id) if question_id is not None else None
    form = QuestionForm()
    problems: list[str] = []
    adding = "more" in request.form  # "Add a choice": one more row, nothing saved
    # another type chosen than the form showed: the form redrawn for it, what was written
    # kept, nothing saved (a save would not have the new type's answers)
    shown = request.form.get("shown")
    retyped = TYPE_NAMES.get(form.type.data, "").lower() if (
        shown in TYPES and form.type.data != shown) else ""
    if not adding and not retyped and form.validate_on_submit():
        try:
            saved = editing.save_question(quiz, question, form.to_data())
            if request.form.get("then") == "accept":
                editing.set_status(saved, "published")
        except BankError as error:
            db.session.rollback()
            problems = [p.split(": ", 1)[-1] for p in error.problems]
        except editing.EditRefused as refusal:
            db.session.rollback()
            problems = [str(refusal)]
        else:
            db.session.commit()
            flash(f"Saved “{saved.stem[:60]}”" + (" and accepted it." if request.form.get(
                "then") == "accept" else "."))
            return redirect(url_for("editor.questions", slug=quiz.slug) + f"#q-{saved.id}", 303)
    elif request.method == "GET":
        if question is not None:
            form.fill(content_of(question))
        if request.args.get("type") in TYPES:  # "Show this type"
            form.type.data = request.args["type"]
    status = 422 if problems or form.errors else 200
    kind = form.type.data
    return render_template(
        "editor/question_form.html", quiz=quiz, question=question, form=form,
        problems=problems, rows=form.row_count(add=adding), added=adding, retyped=retyped,
        max_choices=MAX_CHOICES,
        grading=editing.grading_note(form.to_data()) if kind == MULTIPLE else None), status


@bp.post("/quizzes/<slug>/questions/<int:question_id>/<any(accept, retire, restore, discard):act>")
@rule("instructor")
def change(slug: str, question_id: int, act: str):
    quiz = quiz_or_404(slug, EDIT)
    question = _question(quiz, question_id)
    try:
        if act == "discard":
            editing.discard(question)
        else:
            editing.set_status(question, "retired" if act == "retire" else "published")
    except editing.EditRefused as refusal:
        return _refused(quiz, str(refusal), 409)
    db.session.commit()
    return redirect(url_for("editor.questions", slug=quiz.slug), 303)


@bp.post("/quizzes/<slug>/drafts")
@rule("instructor")
def drafts(slug: str):
    """Accept or discard the drafts ticked on the question list, all with one button."""
    quiz = quiz_or_404(slug, EDIT)
    act = request.form.get("act")
    if act not in ("accept", "discard"):
        abort(400, "Choose to accept or to discard the selected drafts.")
    chosen = {number for raw in request.form.getlist("question")
              if (number := whole_number(raw)) is not None}
    if not chosen:
        return _refused(quiz, "Select at least one draft first: tick the box on each draft "
                              "you want to " + act + ".", 422)
    changed = (editing.accept_drafts if act == "accept" else editing.discard_drafts)(
        quiz, chosen)
    db.session.commit()
    flash(f"{'Accepted' if act == 'accept' else 'Discarded'} {changed} draft"
          f"{'s' if changed != 1 else ''}.")
    return redirect(url_for("editor.questions", slug=quiz.slug), 303)


@bp.post("/quizzes/<slug>/<any(publish, unpublish):act>")
@rule("instructor")
def publish(slug: str, act: str):
    quiz = quiz_or_404(slug, EDIT)
    try:
        editing.publish(quiz, act == "publish")
    except editing.EditRefused as refusal:
        return _refused(quiz, str(refusal), 409)
    db.session.commit()
    if act == "unpublish":
        flash("The quiz is hidden from learners.")
    elif quiz.is_listed:
        flash("The quiz is published: learners see it on the home page.")
    else:
        flash("The quiz is published. Hand it to a class from Share, or list it there for "
              "everyone.")
    return redirect(url_for("editor.questions", slug=quiz.slug), 303)


@bp.get("/quizzes/<slug>/export.gift")
@rule("instructor")
def export_gift(slug: str):
    quiz = quiz_or_404(slug, VIEW)
    return Response(write_gift(editing.live_contents(quiz), quiz.title), mimetype="text/plain",
                    headers={"Content-Disposition": f'attachment; filename="{quiz.slug}.gift"'})


@bp.get("/quizzes/<slug>/export.json")
@rule("instructor")
def export_json(slug: str):
    quiz = quiz_or_404(slug, VIEW)
    return Response(json.dumps(editing.bank_data(quiz), ensure_ascii=False, indent=2),
                    mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{quiz.slug}.json"'})


@bp.post("/quizzes/<slug>/import.gift")
@rule("instructor")
def import_gift(slug: str):
    quiz = quiz_or_404(slug, EDIT)
    form = GiftImportForm()
    raw, _ = _upload_text(form) if form.validate_on_submit() else ("", None)
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        with without_write_lock():  # reading and checking every question holds no lock
            contents = gently(read_gift, text)
        created, updated = editing.import_contents(quiz, contents)
    except UnicodeDecodeError:
        return _refused(quiz, "The GIFT file is not UTF-8 text; nothing was imported.", 422)
    except gift.GiftError as error:
        return _refused(quiz, f"Nothing was imported. GIFT {error}.", 422)
    db.session.commit()
    flash(f"GIFT imported: {created} questions added, {updated} updated.")
    return redirect(url_for("editor.questions", slug=quiz.slug), 303)
