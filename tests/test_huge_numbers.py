"""Numbers from the instructor far past any sensible value (a thousand digits, past 2^63)
get a clear 422 on the page where they were typed, and nothing is stored."""

import pytest
from sqlalchemy import select

from app.domain.content import MAX_PARAGRAPH
from app.extensions import db
from app.models import Quiz
from tests.conftest import csrf_token
from tests.test_articles import CURATED, counts, edit_data
from tests.test_gift_import import post_gift

HUGE = [str(2**63), "9" * 1000, "9" * 5000]
SETTINGS = f"/instructor/quizzes/{CURATED}/settings"


def quiz_settings(app):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=CURATED))
        return (quiz.questions_per_attempt, quiz.time_limit_s, quiz.attempts_allowed)


@pytest.mark.parametrize("huge", HUGE)
@pytest.mark.parametrize(("field", "says"), [
    ("questions_per_attempt", "Use 1 to 500."),
    ("time_limit_minutes", "Use 1 to 600."),
    ("attempts_allowed", "Use 1 to 100."),
])
def test_a_quiz_setting_of_a_thousand_digits_is_refused_on_the_page(app, seed_quiz, field,
                                                                    says, huge):
    before = quiz_settings(app)
    data = {"csrf_token": csrf_token(seed_quiz, SETTINGS), "questions_per_attempt": "20",
            "time_limit_minutes": "15", "attempts_allowed": "3", "grading_method": "last",
            "feedback_mode": "deferred", "layout": "all", field: huge}
    response = seed_quiz.post(SETTINGS, data=data)
    assert response.status_code == 422
    assert says in response.get_data(as_text=True)
    assert quiz_settings(app) == before


@pytest.mark.parametrize("huge", HUGE)
def test_a_paragraph_past_any_article_is_refused_in_the_editor(app, seed_quiz, huge):
    url = f"/instructor/quizzes/{CURATED}/questions/new"
    before = counts(app)
    response = edit_data(seed_quiz, url, paragraph=huge)
    assert response.status_code == 422
    assert f"Use 1 to {MAX_PARAGRAPH:,}." in response.get_data(as_text=True)
    assert counts(app) == before


@pytest.mark.parametrize("huge", HUGE)
def test_a_paragraph_past_any_article_is_refused_in_gift(app, seed_quiz, huge):
    before = counts(app)
    gift = f"::fine::Fine? {{=yes ~no}}\n\n// aq-paragraph: {huge}\n::big::Where? {{=a ~b}}\n"
    response = post_gift(seed_quiz, gift.encode())
    assert response.status_code == 422
    assert (f"GIFT line 4: aq-paragraph must be a whole number from 1 to {MAX_PARAGRAPH:,}"
            in response.get_data(as_text=True))
    assert counts(app) == before
