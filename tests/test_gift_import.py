"""What a GIFT import refuses through the editor: a clear 422, and nothing stored."""

import io

import pytest

from app.domain.gift import MAX_QUESTIONS
from tests.conftest import csrf_token
from tests.test_articles import counts

URL = "/instructor/quizzes/deepseek-education"


def post_gift(instructor, content: bytes):
    return instructor.post(f"{URL}/import.gift", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(instructor, f"{URL}/questions"),
        "file": (io.BytesIO(content), "questions.gift")})


@pytest.mark.parametrize(("content", "says"), [
    (b"::a::Fine? {=yes ~no}\n\n::b::Nul\x00here? {=yes ~no}\n",
     "GIFT line 3: a control character (U+0000) where text was expected"),
    (b"::a::Bell\x07? {=yes ~no}\n", "control character (U+0007)"),
    ("".join(f"::q{i}::Question {i}? {{=yes ~no}}\n\n" for i in range(MAX_QUESTIONS + 1))
     .encode(), f"more than {MAX_QUESTIONS:,} questions; one import takes at most"),
])
def test_a_gift_file_with_control_characters_or_too_many_questions_is_refused(
        app, seed_quiz, content, says):
    before = counts(app)
    response = post_gift(seed_quiz, content)
    assert response.status_code == 422
    assert says in response.get_data(as_text=True)
    assert counts(app) == before
