"""Taking a quiz: the list, a quiz's page, starting, answering, submitting, the result."""

import random
import time
from dataclasses import replace
from typing import NamedTuple

from flask import (
    Blueprint,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from app.domain.attempts import is_expired, seconds_left
from app.domain.content import MULTIPLE
from app.domain.numbers import whole_number
from app.domain.throttle import SUBMIT
from app.errors import answers_json
from app.extensions import db
from app.forms import ButtonForm
from app.models import Quiz, utcnow
from app.services import assignments, study, throttle
from app.services import attempts as services
from app.services.articles import excerpts
from app.services.results import own_result
from app.views.access import rule, viewer
from app.views.helpers import close_expired_attempts, viewer_or_new_guest, whole_or_400
from app.views.kept import choice_list_arguments, choice_lists, legends, reviewed

bp = Blueprint("quiz", __name__)
MAX_SEQ = 2**62


def _listed_quiz(slug: str) -> Quiz:
    quiz = services.listed_quiz(slug)
    if quiz is None:
        abort(404, "There is no such quiz.")
    return quiz


def _own_attempt_header(attempt_id: int):
    attempt = services.own_attempt_header(attempt_id, viewer())
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
    attempt_id = attempt.id  # read before the commit expires it: no reload
    db.session.commit()
    return redirect(url_for("quiz.attempt", attempt_id=attempt_id), 303)


def _page_number(slots, raw) -> int:
    """1-based page in the one-question-per-page layout (always 1 otherwise)."""
    page = whole_or_400(raw or "1", "The page number must be a whole number.")
    if not 1 <= page <= len(slots):
        abort(404, "There is no such page in this attempt.")
    return page


def _shown(attempt, slots, page: int):
    return [slots[page - 1]] if attempt.quiz.layout == "one" else slots


def _render_attempt(attempt, slots, page, errors=None, status=200, problem=None):
    """The attempt page, drawn from the stored slots (the form object is only for reading a
    POST); `errors` maps a field name to its messages when a POST was refused."""
    answered = sum(bool(slot.chosen) for slot in slots)
    flagged = [slot.response.position for slot in slots if slot.response.is_flagged]
    left = seconds_left(attempt.deadline_at, utcnow())
    shown = _shown(attempt, slots, page)
    return (
        render_template(
            "quiz/attempt.html",
            attempt=attempt,
            slots=slots,
            shown=list(zip(shown, legends(shown, len(slots)), choice_lists(shown), strict=True)),
            choice_list_arguments=choice_list_arguments,
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
    attempt = _own_attempt_header(attempt_id)
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
    return whole_or_400(raw, "The save's sequence number is malformed.", MAX_SEQ - 1)


# The attempt form's buttons, each named for what it does: save, move (prev, next, goto a
# page), check one question (immediate feedback), finish (asking first when some questions are
# unanswered) and confirm (grade with the unanswered counted wrong). goto carries a page number
# and check a question id. A form sent without a button (Enter in a field) saves. "finish",
# not "submit": a control named submit would hide the form's submit() from scripts.
BUTTONS = ("save", "prev", "next", "goto", "check", "finish", "confirm")


class Pressed(NamedTuple):
    button: str
    number: int | None = None  # goto's page, check's question


def _pressed(form) -> Pressed:
    pressed = [name for name in BUTTONS if name in form]
    if len(pressed) > 1:
        abort(400, "Press one button at a time.")
    button = pressed[0] if pressed else "save"
    if button in ("goto", "check"):
        return Pressed(button, whole_or_400(form[button],
                                            "That button carries no page or question."))
    return Pressed(button)


# a save from an older copy of the page (another window, another device, a page kept open)
OVERRULED = "a newer answer, chosen in another window or on another device, is kept"


def _flags(shown) -> dict[int, bool]:
    """Of the questions the form showed (and not locked by a check), which are flagged: a
    ticked box sends `fQUESTION`, an unticked one nothing."""
    return {slot.response.question_id: f"f{slot.response.question_id}" in request.form
            for slot in shown if not slot.response.checked_at}


@bp.post("/attempts/<int:attempt_id>")
@rule("owner")
def answer(attempt_id: int):
    """Save the answers in the form, and the flags ("Flag for later") of the questions it
    shows, then do what the pressed button says (see BUTTONS); finishing asks first while
    some questions are unanswered or flagged."""
    user = viewer()
    attempt = _own_attempt_header(attempt_id)
    pressed = _pressed(request.form)
    now = utcnow()
    if attempt.is_submitted or _close_if_expired(attempt, now):
        return _closed_form(pressed)
    slots = services.attempt_slots(attempt.id)
    page = _page_number(slots, request.form.get("page"))
    shown = _shown(attempt, slots, page)
    # a multiple-answer question's boxes share its name, so its values are read as a list
    chosen = {slot.response.question_id: request.form.getlist(name)
              if slot.content.type == MULTIPLE else request.form[name]
              for slot in shown for name in (f"q{slot.response.question_id}",)
              if name in request.form}
    if pressed.button in ("finish", "confirm"):
        # PostgreSQL: the learner's row before the attempt's (which the save locks), the order
        # submit_attempt takes them in; the other way two submissions of one attempt deadlock
        services.lock_learner(user.id)
    try:
        saved = services.save_answers(attempt.id, user.id, chosen,
                                      _seq(request.form.get("seq")), now, _flags(shown))
    except services.AnswersRefused as refusal:
        db.session.rollback()
        errors = {f"q{qid}": [problem] for qid, problem in refusal.problems.items()}
        return _render_attempt(attempt, slots, page, errors, 422)
    except services.AttemptClosed:  # submitted by another request since it was read
        db.session.rollback()
        return _closed_form(pressed)
    if saved.overruled:  # an older copy of the page: the rest is saved, the learner is told
        db.session.commit()
        slots = services.attempt_slots(attempt.id)
        numbers = [str(slot.response.position) for slot in slots
                   if slot.response.question_id in saved.overruled]
        return _render_attempt(attempt, slots, page, status=409, problem=(
            f"{'Questions' if len(numbers) > 1 else 'Question'} {', '.join(numbers)}: "
            f"{OVERRULED}. It is shown below; choose again and save to replace it."))
    if pressed.button == "check":
        try:
            position = services.check_answer(services.own_attempt(attempt.id, user),
                                             pressed.number, now).position
        except services.AttemptRefused as refusal:
            db.session.commit()  # the other answers in the form are kept
            return _render_attempt(attempt, services.attempt_slots(attempt.id), page,
                                   status=422, problem=str(refusal))
        db.session.commit()
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id, page=page)
                        + f"#question-{position}", 303)
    waiting = saved.total - saved.answered or saved.flagged
    if pressed.button == "save" or pressed.button == "finish" and waiting:
        db.session.commit()
        args = {"confirm": "1"} if pressed.button == "finish" else {}
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id, page=page, **args), 303)
    if pressed.button in ("prev", "next", "goto"):
        db.session.commit()
        target = {"prev": page - 1, "next": page + 1}.get(pressed.button, pressed.number)
        return redirect(url_for("quiz.attempt", attempt_id=attempt.id,
                                page=min(max(1, target), len(slots))), 303)
    if services.submit_attempt(services.own_attempt(attempt.id, user), now):
        throttle.take(SUBMIT, str(user.id), now)  # graded now, by this request: it counts
    db.session.commit()
    return redirect(url_for("quiz.result", attempt_id=attempt.id), 303)


def _close_if_expired(attempt, now) -> bool:
    """Grade an open attempt past its deadline; True if it was."""
    return services.close_if_expired(services.own_attempt(attempt.id, viewer()), now) \
        if is_expired(attempt.deadline_at, now) else False


def _closed_form(pressed: Pressed):
    """The form of an attempt that is closed: a submission goes to the result."""
    db.session.commit()  # an expired attempt graded on the way stays graded
    if pressed.button in ("finish", "confirm"):
        return redirect(url_for("quiz.result", attempt_id=request.view_args["attempt_id"]),
                        303)
    return _closed("This attempt has been submitted or its time is up, so nothing more "
                   "can be saved in it. Your result is ready.")


@bp.post("/attempts/<int:attempt_id>/answers")
@answers_json
@rule("owner")
def autosave(attempt_id: int):
    """One answer saved the moment it is chosen, or a question flagged for later (`flag`, 1
    or 0) the moment it is ticked, by the page's script (JSON in reply), through the form's
    own way of saving: the attempt's row counting the save, one read of its slot, one
    UPDATE."""
    now = utcnow()
    # a multiple-answer question's ticked set comes as `choices` (one value a box, and an
    # empty one so that a set with nothing ticked is sent too); another's one `choice`
    question = whole_number(request.form.get("question"))
    raw_choice = request.form.get("choice")
    choice = (request.form.getlist("choices") if "choices" in request.form
              else whole_number(raw_choice) if raw_choice else None)
    flag = request.form.get("flag")  # "Flag for later" ticked (1) or not (0), with no choice
    if question is None or choice is None and (raw_choice or flag not in ("0", "1")):
        _own_attempt_header(attempt_id)
        return jsonify(error="Send a question and a choice, each a whole number, or a flag "
                             "(1 or 0)."), 400
    seq = _seq(request.form.get("seq"))
    chosen = {question: choice} if choice is not None else {}
    flags = {question: flag == "1"} if flag in ("0", "1") else {}
    try:
        saved = services.save_answers(attempt_id, viewer().id, chosen, seq, now, flags)
    except services.AttemptClosed as closed:
        db.session.rollback()
        if closed.is_expired:
            _close_if_expired(_own_attempt_header(attempt_id), now)
            db.session.commit()
        return jsonify(error=str(closed)), 409
    except services.AnswersRefused as refusal:
        return jsonify(error=str(refusal)), 422
    if saved is None:
        abort(404, "There is no such attempt among yours.")
    if question in saved.overruled:  # not an error of the request: the page's script says why
        return jsonify(saved=False, error=OVERRULED, answered=saved.answered, total=saved.total)
    if chosen and question in saved.locked:
        return jsonify(error="This answer was checked and is locked."), 409
    db.session.commit()
    # `version` orders the replies: the script shows the count of the newest it has seen
    return jsonify(saved=question in saved.stored, answered=saved.answered,
                   total=saved.total, version=saved.version)


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
                           shown={item.number for item in items}, form=ButtonForm(),
                           missed_due=view.missed and study.due_missed(viewer(), attempt_id,
                                                                       utcnow()))


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
