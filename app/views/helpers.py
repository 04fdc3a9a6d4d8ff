"""What the views share: the quiz an instructor asks for (or 404), the page number of a list,
and grading the expired attempts a page is about to show."""

from flask import abort, request

from app.extensions import write_transaction
from app.models import Quiz, utcnow
from app.services import attempts, quizzes
from app.services.quizzes import EDIT, VIEW
from app.views.access import viewer

__all__ = ["EDIT", "VIEW", "close_expired_attempts", "page_number", "quiz_or_404"]


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


def page_number() -> int:
    """The `page` of a paged list (1 when absent); 400 when it is not a whole number."""
    raw = request.args.get("page", "1")
    if not raw.isdigit():
        abort(400, "The page number must be a whole number.")
    return int(raw)


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
