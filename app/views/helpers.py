"""What the views share: the quiz an instructor asks for (or 404), the page number of a list,
and grading the expired attempts a page is about to show."""

from flask import abort, request, session
from flask_login import current_user, login_user

from app.domain.numbers import MAX_ROW_ID, whole_number
from app.extensions import write_transaction
from app.models import Assignment, Quiz, User, utcnow
from app.services import accounts, assignments, attempts, quizzes
from app.services.quizzes import EDIT, VIEW
from app.views.access import viewer

__all__ = ["EDIT", "VIEW", "assignment_or_404", "close_expired_attempts", "narrowed_to",
           "page_number", "quiz_or_404", "quiz_tabs", "viewer_or_new_guest", "whole_or_400"]

# Each quiz's pages, in the order of its navigation, and whether the tab needs the right to edit.
TABS = (
    ("editor.questions", "Questions", EDIT),
    ("instructor.settings", "Settings", EDIT),
    ("instructor.share", "Share", VIEW),
    ("instructor.quiz_dashboard", "Results", VIEW),
    ("instructor.gradebook", "Gradebook", VIEW),
    ("instructor.attempts", "Attempts", VIEW),
    ("instructor.preview", "Preview", VIEW),
)
# pages that are part of another tab
TAB_OF = {"editor.edit": "editor.questions", "instructor.attempt_review": "instructor.attempts"}


def quiz_or_404(slug: str, purpose: str) -> Quiz:
    """The quiz the signed-in instructor asks for, for `purpose` (VIEW or EDIT): another
    instructor's quiz is a 404, a quiz nobody may edit from the web a 403 when asked to edit."""
    try:
        quiz = quizzes.find(slug, viewer(), purpose)
    except quizzes.NotEditable as refusal:
        abort(403, str(refusal))
    if quiz is None:
        abort(404, "There is no such quiz.")
    return quiz


def assignment_or_404(quiz: Quiz, assignment_id: int) -> Assignment:
    """One of the signed-in instructor's assignments of this quiz; anyone else's is a 404."""
    assignment = assignments.owned(quiz, viewer(), assignment_id)
    if assignment is None:
        abort(404, "There is no such assignment of yours.")
    return assignment


def narrowed_to(quiz: Quiz) -> Assignment | None:
    """The assignment a results page is narrowed to (`?assignment=ID`), or None for the
    whole quiz."""
    raw = request.args.get("assignment", "")
    if not raw:
        return None
    return assignment_or_404(quiz, whole_or_400(raw, "Choose one of your assignments, or "
                                                      "everyone."))


MAX_PAGE = 1_000_000  # far past any list's end, and its offset far inside SQL's integers


def whole_or_400(raw: str | None, message: str, maximum: int = MAX_ROW_ID) -> int:
    """A whole number a visitor sent (URL, form or script), read by `whole_number`: its
    length is bounded before `int()` sees it, so anything but 0 to `maximum` in ASCII digits
    is a 400 with `message`, never Python's 4,300-digit error or an integer SQL cannot hold."""
    number = whole_number(raw, maximum)
    if number is None:
        abort(400, message)
    return number


def page_number() -> int:
    """The `page` of a paged list (1 when absent); 400 when it is not a whole number."""
    return whole_or_400(request.args.get("page", "1"), "The page number must be a whole number.",
                        MAX_PAGE)


def close_expired_attempts(user=None, quiz=None) -> None:
    """Grade the expired attempts a GET is about to show (the learner's, or the quiz's), in a
    transaction of their own that takes the write lock. Most GETs find none and never write;
    whether the signed-in learner has any came with their user row."""
    now = utcnow()
    if user is not None:
        if user.has_expired:
            with write_transaction():
                attempts.close_expired(now, user=user)
            user.has_expired = False
    elif attempts.any_expired(now, quiz=quiz):
        with write_transaction():
            attempts.close_expired(now, quiz=quiz)


def quiz_tabs(quiz: Quiz) -> list[tuple[str, str, bool]]:
    """The quiz's navigation for the signed-in instructor: (endpoint, label, is current), the
    tabs for editing left out of a quiz they may not edit."""
    editable = quizzes.may_edit(quiz, current_user)
    current = TAB_OF.get(request.endpoint, request.endpoint)
    return [(endpoint, label, endpoint == current) for endpoint, label, purpose in TABS
            if purpose == VIEW or editable]


def viewer_or_new_guest(assignment: Assignment | None = None) -> User:
    """The signed-in user, or a new guest identity kept in this browser's session (the first
    attempt, or joining a class, needs no sign-up). New guests are limited: per address
    outside a class, per class when joining one (`assignment`), since a whole school may
    share one address."""
    user = viewer()
    if user is None:
        user = accounts.new_guest(request.remote_addr or "unknown", assignment, utcnow())
        session.permanent = True
        login_user(user)
    return user
