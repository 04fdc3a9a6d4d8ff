"""Taking a quiz: the list, a quiz's page, starting, answering, submitting, the result."""

import random
import time
from dataclasses import replace

from flask import (
    Blueprint,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from app import MAX_ROW_ID
from app.domain.attempts import seconds_left
from app.errors import answers_json
from app.extensions import db
from app.forms import ButtonForm, attempt_form, chosen_answers
from app.models import Quiz, utcnow
from app.services import assignments
from app.services import attempts as services
from app.services.articles import excerpts
from app.services.results import own_result
from app.views.access import rule, viewer
from app.views.helpers import close_expired_attempts, viewer_or_new_guest
from app.views.kept import choice_lists, legends, reviewed

bp = Blueprint("quiz", __name__)
MAX_SEQ = 2**62


def _listed_quiz(slug: str) -> Quiz:
    quiz = services.listed_quiz(slug)
    if quiz is None:
        abort(404, "There is no such quiz.")
    return quiz


def _own_attempt(attempt_id: int):
    attempt = services.own_attempt(attempt_id, viewer())
    if attempt is None:
        abort(404, "There is no such attempt among yours.")
    return attempt


def _closed(message: str):
    return render_template("errors/error.html", code=409, title="This attempt is closed",
                           message=message), 409


@bp.get("/")
@rule("public")
def home():
    user = viewer()
    if user is not None:
        close_expired_attempts(user=user)
    return render_template("quiz/home.html", rows=services.quiz_rows(user),
                           classes=assignments.my_classes(user, utcnow()))


@bp.get("/quizzes/<slug>")
@rule("public")
def quiz_page(slug: str):
    quiz = _listed_quiz(slug)
    user = viewer()
    if user is not None:
        close_expired_attempts(user=user)
    row = next(r for r in services.quiz_rows(user) if r.quiz.id == quiz.id)
    used = services.attempts_used(quiz, user) if user is not None else 0
    return render_template("quiz/quiz.html", row=row, form=ButtonForm(), used=used)


@bp.post("/quizzes/<slug>/start")
@rule("public")
def start(slug: str):
    quiz = _listed_quiz(slug)
    user = viewer_or_new_guest()
    try:
        attempt = services.start_attempt(quiz, user, utcnow(), random.Random())
    except services.AttemptRefused as refusal:
        db.session.commit()  # an expired attempt closed on the way stays closed
        return render_template("errors/error.html", code=409, title="No attempts left",
                               message=str(refusal)), 409
    db.session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt.id), 303)


def _page_number(slots, raw) -> int:
    """1-based page in the one-question-per-page layout (always 1 otherwise)."""
    try:
        page = int(raw or 1)
    except ValueError:
        abort(400, "The page number must be a whole number.")
    if not 1 <= page <= len(slots):
        abort(404, "There is no such page in this attempt.")
    return page


def _shown(attempt, slots, page: int):
    return [slots[page - 1]] if attempt.quiz.layout == "one" else slots


def _render_attempt(attempt, slots, page, errors=None, status=200, problem=None):
    """The attempt page, drawn from the stored slots (the form object is only for reading a
    POST); `errors` maps a field name to its messages when a POST was refused."""
    answered = sum(slot.response.choice_id is not None for slot in slots)
    flagged = [slot.response.position for slot in slots if slot.response.is_flagged]
    left = seconds_left(attempt.deadline_at, utcnow())
    shown = _shown(attempt, slots, page)
    return (
        render_template(
            "quiz/attempt.html",
            attempt=attempt,
            slots=slots,
            shown=list(zip(shown, legends(shown, len(slots)), choice_lists(shown), strict=True)),
            page=page,
            errors=errors or {},
            answered=answered,
            unanswered=len(slots) - answered,
            flagged=flagged,
            seconds_left=left,
            seq=time.time_ns() // 1_000_000,
            confirming=request.args.get("confirm") == "1" and (answered < len(slots) or flagged),
            problem=problem,
            excerpts=excerpts([s.response.question_id for s in slots if s.response.checked_at]),
        ),
        status,
    )


@bp.get("/attempts/<int:attempt_id>")
@rule("owner")
def attempt(attempt_id: int):
    close_expired_attempts(user=viewer())  # first: closing one changes what is shown
    attempt = services.own_attempt_header(attempt_id, viewer())
    if attempt is None:
        abort(404, "There is no such attempt among yours.")
    if attempt.is_submitted:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    slots = services.attempt_slots(attempt.id)
    page = _page_number(slots, request.args.get("page"))
    return _render_attempt(attempt, slots, page)


def _seq(raw) -> int:
    """The save's sequence number: milliseconds when the answer was chosen (see
    domain.attempts.is_newer_save); the page's own time when the form carries none."""
    if raw is None or raw == "":
        return time.time_ns() // 1_000_000
    if not raw.isdigit() or int(raw) >= MAX_SEQ:
        abort(400, "The save's sequence number is malformed.")
    return int(raw)


@bp.post("/attempts/<int:attempt_id>")
@rule("owner")
def answer(attempt_id: int):
    """Save the answers in the form, then act: save (stay), prev/next/goto-N (move), check-Q
    (immediate feedback on one question), submit (asking first when some are unanswered or
    flagged), confirm (grade with the unanswered counted wrong). The flags of the questions
    shown are saved with the answers."""
    attempt = _own_attempt(attempt_id)
    action = request.form.get("action", "save")
    now = utcnow()
    if attempt.is_submitted or services.close_if_expired(attempt, now):
        db.session.commit()
        if action in ("submit", "confirm"):
            return redirect(url_for("quiz.result", attempt_id=attempt.id), 303)
        return _closed("This attempt has been submitted or its time is up, so nothing more "
                       "can be saved in it. Your result is ready.")
    slots = services.attempt_slots(attempt.id)
    page = _page_number(slots, request.form.get("page"))
    target = _target_page(action, page, len(slots))
    shown = _shown(attempt, slots, page)
    form = attempt_form(shown)
    if not form.validate_on_submit():
        db.session.rollback()
        return _render_attempt(attempt, slots, page, form.errors, 422)
    services.save_answers(attempt, chosen_answers(form, shown), _seq(request.form.get("seq")),
                          now)
    services.save_flags(attempt.id, [s.response.question_id for s in shown
                                     if not s.response.checked_at],
                        [_whole(raw) for raw in request.form.getlist("flag")])
    slots = services.attempt_slots(attempt.id)  # as saved
    if action.startswith("check-"):
        question_id = _whole(action.removeprefix("check-"))
        try:
            response = services.check_answer(attempt, question_id, now)
        except services.AttemptRefused as refusal:
            db.session.commit()  # the other answers in the form are kept
            return _render_attempt(attempt, slots, page, status=422, problem=str(refusal))
        db.session.commit()
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id, page=page)
                        + f"#question-{response.position}", 303)
    # submitting asks first while some questions are unanswered or flagged for later
    waiting = any(slot.response.choice_id is None or slot.response.is_flagged for slot in slots)
    if action in ("save", "submit") and (action == "save" or waiting):
        db.session.commit()
        args = {"confirm": "1"} if action == "submit" else {}
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id, page=page, **args), 303)
    if target is not None:
        db.session.commit()
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id, page=target), 303)
    services.submit_attempt(attempt, now)
    db.session.commit()
    return redirect(url_for("quiz.result", attempt_id=attempt.id), 303)


def _whole(raw: str) -> int:
    if not raw.isdigit():
        abort(400, "Unknown action.")
    return int(raw)


def _target_page(action: str, page: int, pages: int) -> int | None:
    """Where a navigation action goes; None for the actions that are not navigation."""
    if action in ("save", "submit", "confirm") or action.startswith("check-"):
        return None
    if action == "prev":
        return max(1, page - 1)
    if action == "next":
        return min(pages, page + 1)
    if action.startswith("goto-"):
        return min(max(1, _whole(action.removeprefix("goto-"))), pages)
    abort(400, "Unknown action.")


@bp.post("/attempts/<int:attempt_id>/answers")
@answers_json
@rule("owner")
def autosave(attempt_id: int):
    """One answer saved the moment it is chosen, by the page's script (JSON in reply): one
    read of the slot, one conditional UPDATE and one count. With `flag` (1 or 0) instead of a
    choice, the question is flagged for later or not."""
    now = utcnow()
    question_id, choice_id = request.form.get("question", ""), request.form.get("choice", "")
    flag = request.form.get("flag")
    if flag is not None and not choice_id:
        choice_id = "0"  # no choice is made: only the flag is saved
    in_range = question_id.isdigit() and int(question_id) <= MAX_ROW_ID
    target = services.answer_target(attempt_id, viewer(), int(question_id) if in_range else 0,
                                    now)
    if target is None:
        abort(404, "There is no such attempt among yours.")
    if not question_id.isdigit() or not choice_id.isdigit():
        return jsonify(error="Send a question and a choice."), 400
    if not in_range:
        return jsonify(error="That question is not in this attempt."), 422
    seq = _seq(request.form.get("seq"))
    if not target.is_open:
        services.close_if_expired(services.own_attempt(attempt_id, viewer()), now)
        db.session.commit()
        return jsonify(error="This attempt is closed; nothing more can be saved in it."), 409
    if target.response_id is None:
        return jsonify(error="That question is not in this attempt."), 422
    if flag is not None:
        if flag not in ("0", "1"):
            return jsonify(error="A flag is 1 or 0."), 400
        services.save_flags(attempt_id, [int(question_id)], [int(question_id)] * (flag == "1"))
        db.session.commit()
        return jsonify(flagged=flag == "1")
    shown = services.revision_contents({target.revision_id})[target.revision_id]
    if int(choice_id) not in shown.choice_ids:
        return jsonify(error="That choice does not belong to this question."), 422
    if target.is_locked:
        return jsonify(error="This answer was checked and is locked."), 409
    saved = services.save_choice(target.response_id, int(choice_id), seq, now)
    answered, total = services.answered_count(attempt_id)
    db.session.commit()
    return jsonify(saved=saved, answered=answered, total=total)


@bp.get("/attempts/<int:attempt_id>/result")
@rule("owner")
def result(attempt_id: int):
    """The result and its review: all the questions, or `?only=missed`. The ones answered
    right are folded (templates/_macros.html, review_list)."""
    close_expired_attempts(user=viewer())  # first: closing one makes its result
    only = request.args.get("only", "all")
    if only not in ("all", "missed"):
        abort(400, "Show all the questions (only=all) or only the ones missed (only=missed).")
    view = own_result(attempt_id, viewer())
    if view is None:  # not theirs, or not submitted yet
        if services.own_attempt_header(attempt_id, viewer()) is None:
            abort(404, "There is no such attempt among yours.")
        return redirect(url_for("quiz.attempt", attempt_id=attempt_id))
    # the heaviest learner page: each missed question quotes its sentence alone (study and
    # immediate feedback show some of the paragraph around it)
    items = [item._replace(excerpt=item.excerpt and replace(item.excerpt, before="", after=""))
             for item in view.items if only == "all" or not item.is_correct]
    return render_template("quiz/result.html", view=view, only=only, reviewed=reviewed(items),
                           shown={item.number for item in items}, form=ButtonForm())


@bp.post("/attempts/<int:attempt_id>/retake")
@rule("owner")
def retake(attempt_id: int):
    """Retake the missed questions of a submitted attempt, as practice that never counts."""
    source = services.own_attempt_header(attempt_id, viewer())
    if source is None:
        abort(404, "There is no such attempt among yours.")
    try:
        if not source.is_submitted or source.is_preview:
            raise services.AttemptRefused("Only the missed questions of a submitted attempt "
                                          "can be retaken: submit it first.")
        practice = services.start_practice(source, viewer(), utcnow(), random.Random())
    except services.AttemptRefused as refusal:
        db.session.rollback()
        return render_template("errors/error.html", code=409, title="Nothing to retake",
                               message=str(refusal)), 409
    db.session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=practice.id), 303)
