"""What a GIFT import refuses through the editor: a clear 422, and nothing stored."""

import io

import pytest

from app.domain.gift import MAX_QUESTIONS
from tests.conftest import CURATED_COUNT, csrf_token
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


EVERY_TYPE = """::robots-ma::Which two ports have robots? Choose two. {
\t~%50%Kessel#Right: it has many.
\t~%50%Oslo#Right: it has some.
\t~%-50%Bergen#Wrong: it has none.
\t~%-50%Turku
}

::robots-tf::Kessel has no robots. {FALSE#Wrong: it has many.#Right: it has many.}

::robots-weighted::Which ports count? {~%75%Kessel ~%25%Oslo ~%-100%Bergen ~Turku}
"""


def test_every_type_imported_from_gift_is_exported_as_it_came(app, seed_quiz):
    assert post_gift(seed_quiz, EVERY_TYPE.encode()).status_code == 303
    page = seed_quiz.get(f"{URL}/questions").get_data(as_text=True)
    assert "3 questions added, 0 updated" in page
    exported = seed_quiz.get(f"{URL}/export.gift").get_data(as_text=True)
    assert exported.endswith("""$CATEGORY: \n
::robots-ma::Which two ports have robots? Choose two. {
\t~%50%Kessel#Right\\: it has many.
\t~%50%Oslo#Right\\: it has some.
\t~%-50%Bergen#Wrong\\: it has none.
\t~%-50%Turku
}

::robots-tf::Kessel has no robots. {
\tFALSE#Wrong\\: it has many.#Right\\: it has many.
}

::robots-weighted::Which ports count? {
\t~%75%Kessel
\t~%25%Oslo
\t~%-100%Bergen
\t~Turku
}
""")
    assert post_gift(seed_quiz, exported.encode()).status_code == 303
    assert f"0 questions added, {CURATED_COUNT + 3} updated" in seed_quiz.get(
        f"{URL}/questions").get_data(as_text=True)
    questions = seed_quiz.get(f"{URL}/export.json").get_json()["questions"]
    by_key = {q["key"]: q for q in questions}
    assert by_key["robots-ma"]["type"] == "multiple"
    assert "fraction" not in by_key["robots-ma"]["choices"][0]   # Moodle's default shares
    assert [c.get("fraction") for c in by_key["robots-weighted"]["choices"]] == [
        "3/4", "1/4", "-1", "0"]
    assert [(c["text"], c["correct"]) for c in by_key["robots-tf"]["choices"]] == [
        ("True", False), ("False", True)]
