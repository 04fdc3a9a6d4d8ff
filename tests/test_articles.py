"""Importing articles, the reading view, the editor, publishing, and GIFT/JSON exchange."""

import io
import json
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Article, Attempt, Question, Quiz, RejectedDraft, Sentence
from tests.conftest import CURATED_COUNT, csrf_token
from tests.learner import Learner
from tests.seed import SEED_DIR, seed_text

SEED_FILE = sorted(SEED_DIR.glob("*.txt"))[0]
CURATED = "deepseek-education"


def post_import(client, *, text=None, upload=None):
    data = {"csrf_token": csrf_token(client, "/instructor/articles/new")}
    if text is not None:
        data["text"] = text
    if upload is not None:
        data["file"] = upload
    return client.post("/instructor/articles/new", data=data,
                       content_type="multipart/form-data")


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(model))
                     for model in (Article, Sentence, Quiz, Question, RejectedDraft))


@pytest.fixture
def imported(app, instructor):
    response = post_import(instructor, upload=(io.BytesIO(SEED_FILE.read_bytes()),
                                               SEED_FILE.name))
    assert response.status_code == 303
    slug = response.location.rsplit("/", 2)[-2]
    return slug


# --- import -------------------------------------------------------------------------------


def test_importing_the_seed_drafts_a_quiz_and_links_the_curated_questions(app, instructor,
                                                                          imported):
    page = instructor.get(f"/instructor/quizzes/{imported}/questions").get_data(as_text=True)
    assert re.search(r"Imported “.+”: (\d+) draft questions", page)
    drafts = int(re.search(r"Drafts to review \((\d+)\)", page).group(1))
    assert drafts >= 4
    assert "Drafts the checks dropped" in page and "already asks about this sentence" in page
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=imported))
        assert not quiz.is_published
        curated = db.session.scalar(select(Quiz).filter_by(slug=CURATED))
        assert curated.article_id == quiz.article_id      # linked by content
        article = db.session.get(Article, quiz.article_id)
        live = [q for q in curated.questions if q.status == "published"]
        assert live and all(q.sentence_id is not None for q in live)
        # the closing credit line is furniture, kept out of the article's paragraphs
        assert "contributed analysis" not in article.text
        assert article.content_hash and len(article.text) > 5000
        assert "Leave a Reply" not in article.text


def test_importing_the_same_article_again_changes_nothing(app, instructor, imported):
    before = counts(app)
    response = post_import(instructor, text=seed_text())
    assert response.status_code == 303
    assert counts(app) == before
    assert "imported before" in instructor.get(response.location).get_data(as_text=True)


def test_review_shows_the_exact_sentence_in_context_with_a_link(app, client, imported):
    learner = Learner(app, client)
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, False), action="confirm")
    html = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    marks = re.findall(r'<mark>(.*?)</mark>', html)
    assert len(marks) == CURATED_COUNT  # every question missed quotes its sentence, highlighted
    again = learner.start()
    learner.post(again, learner.choices(again, True), action="confirm")
    folded = client.get(f"/attempts/{again}/result").get_data(as_text=True)
    assert "<mark>" not in folded  # the ones right are folded to the answer, why and a link
    assert folded.count('<a class="source" href="/articles/') == CURATED_COUNT
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(key="durov-reform-warning"))
        sentence = question.sentence
        text = sentence.article.text[sentence.start:sentence.end]
    assert question.anchor in text
    link = f'/articles/{sentence.article.slug}#{sentence.anchor_id}'
    assert f'href="{link}"' in html
    reading = client.get(link.split("#")[0]).get_data(as_text=True)
    assert f'id="{sentence.anchor_id}"' in reading


def test_the_reading_view_numbers_paragraphs_and_every_sentence_has_an_anchor(app, client,
                                                                             imported):
    with app.app_context():
        article = db.session.scalar(select(Article))
        sentences = len(article.sentences)
    html = client.get(f"/articles/{article.slug}").get_data(as_text=True)
    assert html.count('class="sentence" id="s-') == sentences
    assert 'id="p-28"' in html and 'id="p-29"' not in html  # the credit line is furniture
    assert client.get("/articles/no-such-article").status_code == 404


def test_an_upload_over_2_mb_is_refused_with_413(app, instructor):
    before = counts(app)
    big = io.BytesIO(b"word " * (450 * 1024))
    response = post_import(instructor, upload=(big, "big.txt"))
    assert response.status_code == 413
    assert "limited to 2 MB" in response.get_data(as_text=True)
    assert counts(app) == before


@pytest.mark.parametrize(("upload", "message"), [
    ((b"plain text", "article.pdf"), "Upload a .txt, .md or .html file."),
    ((b"\xff\xfe\x00bad", "article.txt"), "not UTF-8 text"),
    ((b"<html><body><nav>menu</nav></body></html>", "page.html"), "No article text"),
])
def test_bad_uploads_say_why_and_store_nothing(app, instructor, upload, message):
    before = counts(app)
    response = post_import(instructor, upload=(io.BytesIO(upload[0]), upload[1]))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert counts(app) == before


def test_an_empty_import_asks_for_an_article(instructor):
    response = post_import(instructor, text="   ")
    assert response.status_code == 422
    assert "Paste the article or choose a file." in response.get_data(as_text=True)


def test_html_upload_is_cleaned(app, instructor):
    page = ("<html><head><title>Ferry news</title><script>alert(1)</script></head><body>"
            "<article><h1>New ferry for the islands</h1><p>The ferry <b>Aurora</b> starts "
            "on Monday, said Lena Holm, the harbour master.</p><p>Tickets cost 12 euros.</p>"
            "</article><div id='comments'><p>Leave a Reply</p></div></body></html>")
    response = post_import(instructor, upload=(io.BytesIO(page.encode()), "ferry.html"))
    assert response.status_code == 303
    with app.app_context():
        article = db.session.scalar(select(Article).filter_by(title="New ferry for the islands"))
        assert article.text == ("The ferry Aurora starts on Monday, said Lena Holm, the harbour "
                                "master.\n\nTickets cost 12 euros.")


def test_the_command_line_import(app, runner):
    result = runner.invoke(args=["articles", "import", str(SEED_FILE)])
    assert result.exit_code == 0, result.output
    assert re.search(rf"\d+ drafts, \d+ dropped by the checks, {CURATED_COUNT} questions linked",
                     result.output)
    again = runner.invoke(args=["articles", "import", str(SEED_FILE)])
    assert "already imported" in again.output


# --- editing and publishing ---------------------------------------------------------------


def question_ids(app, slug, status):
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        return [q.id for q in quiz.questions if q.status == status]


def act(client, slug, question_id, action):
    url = f"/instructor/quizzes/{slug}/questions/{question_id}/{action}"
    return client.post(url, data={"csrf_token": csrf_token(
        client, f"/instructor/quizzes/{slug}/questions")})


def test_accept_discard_publish_and_take_the_new_quiz(app, instructor, imported):
    drafts = question_ids(app, imported, "draft")
    token = csrf_token(instructor, f"/instructor/quizzes/{imported}/questions")
    refused = instructor.post(f"/instructor/quizzes/{imported}/publish",
                              data={"csrf_token": token})
    assert refused.status_code == 409 and "no live questions yet" in refused.get_data(
        as_text=True)
    for question_id in drafts[:3]:
        assert act(instructor, imported, question_id, "accept").status_code == 303
    assert act(instructor, imported, drafts[3], "discard").status_code == 303
    assert instructor.post(f"/instructor/quizzes/{imported}/publish",
                           data={"csrf_token": token}).status_code == 303
    assert question_ids(app, imported, "published") == drafts[:3]
    assert len(question_ids(app, imported, "draft")) == len(drafts) - 4
    assert instructor.post(f"/instructor/quizzes/{imported}/listing", data={
        "csrf_token": token, "listing": "listed"}).status_code == 303
    learner = Learner(app, app.test_client())
    home = learner.client.get("/").get_data(as_text=True)
    assert f'href="/quizzes/{imported}"' in home
    learner.client.post(f"/quizzes/{imported}/start", data={
        "csrf_token": csrf_token(learner.client, f"/quizzes/{imported}")})
    with app.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.max_score == 3
    # an accepted question that has been answered cannot be discarded, only retired
    assert act(instructor, imported, drafts[0], "discard").status_code == 409
    assert act(instructor, imported, drafts[0], "retire").status_code == 303


def edit_data(client, url, **fields):
    data = {"csrf_token": csrf_token(client, url), "stem": "Which port has the most robots?",
            "choice_1": "Kessel", "rationale_1": "Right.", "choice_2": "Bergen",
            "rationale_2": "No.", "choice_3": "Oslo", "rationale_3": "No.", "choice_4": "",
            "rationale_4": "", "correct": "1", "explanation": "It says so.", "topic": "Ports",
            "paragraph": "3"}
    data.update(fields)
    return client.post(url, data=data)


def test_writing_a_question_by_hand_is_validated_as_the_bank_is(app, seed_quiz):
    url = f"/instructor/quizzes/{CURATED}/questions/new"
    before = counts(app)
    response = edit_data(seed_quiz, url, correct="")
    assert response.status_code == 422
    assert "no correct choice" in response.get_data(as_text=True)
    response = edit_data(seed_quiz, url, stem="  ")
    assert response.status_code == 422 and "empty stem" in response.get_data(as_text=True)
    response = edit_data(seed_quiz, url, choice_2="", choice_3="")
    assert "fewer than two choices" in response.get_data(as_text=True)
    assert counts(app) == before
    assert edit_data(seed_quiz, url).status_code == 303
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(
            stem="Which port has the most robots?"))
        assert question.origin == "authored" and question.status == "published"
        assert [c.text for c in question.choices] == ["Kessel", "Bergen", "Oslo"]


def test_editing_an_answered_question_keeps_past_attempts_as_they_were(app, client,
                                                                       seed_quiz):
    learner = Learner(app, client)
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, True), action="confirm")
    before = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(key="durov-reform-warning"))
        right = next(i for i, c in enumerate(question.choices, start=1) if c.is_correct)
        first_choice = question.choices[0].text
    url = f"/instructor/quizzes/{CURATED}/questions/{question.id}/edit"
    form = seed_quiz.get(url).get_data(as_text=True)
    assert f'value="{first_choice}"'.replace("'", "&#39;") in form     # the form is filled in
    assert f'name="correct" value="{right}" checked' in form
    response = edit_data(seed_quiz, url, stem="An edited stem?", correct=str(right % 3 + 1))
    assert response.status_code == 303
    assert client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True) == before
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).score == CURATED_COUNT
        assert len(db.session.scalar(select(Question).filter_by(
            key="durov-reform-warning")).revisions) == 2


def form_fields(page: str) -> dict:
    """What a browser would send for the form on `page`: its text inputs and the checked
    radio button (the tests' pages are made by our templates, so the markup is regular)."""
    fields = dict(re.findall(r'<input[^>]*?name="(\w+)" type="text" value="([^"]*)"', page))
    fields.update(dict(re.findall(r'<textarea[^>]*?name="(\w+)"[^>]*>\s*([^<]*)</textarea>',
                                  page)))
    if checked := re.search(r'name="correct" value="(\d+)" checked', page):
        fields["correct"] = checked.group(1)
    return fields


def test_a_question_with_six_choices_keeps_them_all_through_the_editor(app, seed_quiz):
    """GIFT imports any number of choices; the editor shows and saves every one of them."""
    url = f"/instructor/quizzes/{CURATED}/questions"
    gift = ("::six-ports::Which port has the most robots? "
            "{~Bergen ~Oslo =Kessel#Right. ~Tromsø ~Malmö ~Turku}\n")
    response = seed_quiz.post(f"/instructor/quizzes/{CURATED}/import.gift",
                               data={"csrf_token": csrf_token(seed_quiz, url), "text": gift})
    assert response.status_code == 303
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(key="six-ports"))
    edit_url = f"{url}/{question.id}/edit"
    page = seed_quiz.get(edit_url).get_data(as_text=True)
    fields = form_fields(page)
    assert [fields[f"choice_{i}"] for i in range(1, 7)] == [
        "Bergen", "Oslo", "Kessel", "Tromsø", "Malmö", "Turku"]
    assert fields["correct"] == "3"
    fields.update(csrf_token=csrf_token(seed_quiz, edit_url), stem="Which port has most robots?")
    assert seed_quiz.post(edit_url, data=fields).status_code == 303
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(key="six-ports"))
        assert question.stem == "Which port has most robots?"
        assert [(c.text, c.is_correct) for c in question.choices] == [
            ("Bergen", False), ("Oslo", False), ("Kessel", True), ("Tromsø", False),
            ("Malmö", False), ("Turku", False)]


def test_add_a_choice_gives_another_row_up_to_ten_and_saves_nothing(app, seed_quiz):
    url = f"/instructor/quizzes/{CURATED}/questions/new"
    page = seed_quiz.get(url).get_data(as_text=True)
    assert page.count('name="correct"') == 4
    before = counts(app)
    fields = {**form_fields(page), "csrf_token": csrf_token(seed_quiz, url),
              "stem": "Which port has the most robots?", "choice_1": "Kessel", "choice_2": "Oslo",
              "correct": "1", "more": "1"}
    for rows in range(5, 11):
        response = seed_quiz.post(url, data=fields)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and page.count('name="correct"') == rows
        assert f'id="choice_{rows}" name="choice_{rows}" type="text" value=""' in page \
            and "autofocus" in page                  # the new row, focused
        assert 'value="Kessel"' in page               # what was typed is kept
        fields.update(form_fields(page))
    assert 'name="more"' not in page                  # ten rows: no more
    assert counts(app) == before
    fields.pop("more")
    fields.update({f"choice_{i}": f"Port {i}" for i in range(3, 11)})
    assert seed_quiz.post(url, data=fields).status_code == 303
    with app.app_context():
        question = db.session.scalar(select(Question).filter_by(
            stem="Which port has the most robots?"))
        assert len(question.choices) == 10 and question.choices[0].is_correct


# --- GIFT and JSON ----------------------------------------------------------------------------


def test_gift_export_then_import_loses_nothing(app, seed_quiz):
    gift_text = seed_quiz.get(f"/instructor/quizzes/{CURATED}/export.gift").get_data(
        as_text=True)
    assert gift_text.count("::") == 2 * CURATED_COUNT
    with app.app_context():
        before = db.session.execute(select(Question.key, Question.stem, Question.explanation,
                                           Question.topic, Question.paragraph,
                                           Question.anchor).order_by(Question.id)).all()
    token = csrf_token(seed_quiz, f"/instructor/quizzes/{CURATED}/questions")
    response = seed_quiz.post(f"/instructor/quizzes/{CURATED}/import.gift",
                               data={"csrf_token": token, "text": gift_text})
    assert response.status_code == 303
    assert f"0 questions added, {CURATED_COUNT} updated" in seed_quiz.get(
        response.location).get_data(as_text=True)
    with app.app_context():
        after = db.session.execute(select(Question.key, Question.stem, Question.explanation,
                                          Question.topic, Question.paragraph,
                                          Question.anchor).order_by(Question.id)).all()
        assert after == before
        assert all(len(q.revisions) == 1 for q in db.session.scalars(select(Question)))


def test_malformed_gift_names_the_line_and_writes_nothing(app, seed_quiz):
    before = counts(app)
    token = csrf_token(seed_quiz, f"/instructor/quizzes/{CURATED}/questions")
    text = "::a::Fine? {=yes ~no}\n\n::b::Broken? {=yes ~no\n"
    response = seed_quiz.post(f"/instructor/quizzes/{CURATED}/import.gift",
                               data={"csrf_token": token, "text": text})
    assert response.status_code == 422
    assert "line 3" in response.get_data(as_text=True)
    assert counts(app) == before


def test_json_export_loads_back_through_the_bank_loader(app, seed_quiz, runner, tmp_path):
    exported = seed_quiz.get(f"/instructor/quizzes/{CURATED}/export.json").get_json()
    assert len(exported["questions"]) == CURATED_COUNT
    path = tmp_path / "exported.json"
    path.write_text(json.dumps(exported))
    result = runner.invoke(args=["bank", "load", str(path)])
    assert f"0 questions added, {CURATED_COUNT} updated, 0 retired" in result.output
