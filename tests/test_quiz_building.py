"""Building a quiz: its navigation, its title and description, drafts, publishing, and what
learners never see."""

import re

from markupsafe import escape
from sqlalchemy import select, update

from app.extensions import db
from app.models import Attempt, Quiz
from tests.accounts_helpers import login, make_user
from tests.conftest import csrf_token
from tests.seed import SEED_DIR

ARTICLE = SEED_DIR.parent / "articles" / "01-voyager-reconnect.txt"
TABS = ["Questions", "Settings", "Share", "Results", "Gradebook", "Attempts", "Preview"]


def import_article(client, path=ARTICLE, name=None) -> str:
    response = client.post("/instructor/articles/new", data={
        "csrf_token": csrf_token(client, "/instructor/articles/new"),
        "file": (path.open("rb"), name or path.name)}, content_type="multipart/form-data")
    assert response.status_code == 303, response.status_code
    return response.location.split("/")[-2]


def tabs(html: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav class="tabs" aria-label="This quiz">(.*?)</nav>', html, re.S).group(1)
    return [(label, current == ' aria-current="page"')
            for current, label in re.findall(r'<a href="[^"]+"([^>]*)>([^<]+)</a>', nav)]


def test_every_page_of_a_quiz_has_its_navigation_with_the_current_page_marked(app,
                                                                               instructor):
    slug = import_article(instructor)
    base = f"/instructor/quizzes/{slug}"
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        question_id = quiz.questions[0].id
    pages = {"Questions": [f"{base}/questions", f"{base}/questions/{question_id}/edit",
                           f"{base}/questions/new"],
             "Settings": [f"{base}/settings"], "Share": [f"{base}/share"], "Results": [base],
             "Gradebook": [f"{base}/gradebook"],
             "Attempts": [f"{base}/attempts"], "Preview": [f"{base}/preview"]}
    for current, urls in pages.items():
        for url in urls:
            found = tabs(instructor.get(url).get_data(as_text=True))
            assert found == [(label, label == current) for label in TABS], url
    # the curated quiz may be viewed, not edited: no tabs that would be refused
    found = tabs(instructor.get("/instructor/quizzes/deepseek-education").get_data(as_text=True))
    assert found == [("Share", False), ("Results", True), ("Gradebook", False),
                     ("Attempts", False), ("Preview", False)]


def test_the_home_of_an_instructor_lists_their_quizzes_and_the_shared_ones(app, instructor,
                                                                           runner):
    home = instructor.get("/instructor/").get_data(as_text=True)
    assert "New quiz from an article" in home and 'id="no-quizzes"' in home
    slug = import_article(instructor)
    make_user(runner, "other", role="instructor")
    other = app.test_client()
    login(other, "other")
    theirs = import_article(other, SEED_DIR.parent / "articles" / "04-covid-year-2021.txt")
    home = instructor.get("/instructor/").get_data(as_text=True)
    assert f"/instructor/quizzes/{slug}\"" in home
    assert "/instructor/quizzes/deepseek-education\"" in home  # shared
    assert theirs not in home


def test_the_title_and_description_are_editable_and_the_address_stays(app, instructor):
    slug = import_article(instructor)
    url = f"/instructor/quizzes/{slug}/settings"
    page = instructor.get(url).get_data(as_text=True)
    assert 'value="NASA Reconnects with Voyager' in page  # the headline is the default
    data = {"csrf_token": csrf_token(instructor, url), "title": "  ", "description": "x",
            "grading_method": "highest", "feedback_mode": "deferred", "layout": "all"}
    refused = instructor.post(url, data=data)
    assert refused.status_code == 422 and "Give the quiz a title." in refused.get_data(
        as_text=True)
    data.update(title="Voyager: week 3 reading", description="For Thursday's class.")
    assert instructor.post(url, data=data).status_code == 303
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        assert (quiz.title, quiz.description) == ("Voyager: week 3 reading",
                                                  "For Thursday's class.")
    assert "Voyager: week 3 reading" in instructor.get(
        f"/instructor/quizzes/{slug}/questions").get_data(as_text=True)


def test_learners_never_see_the_uploaded_file_name(app, instructor, client):
    slug = import_article(instructor, name="teacher-scratch-copy-v2.txt")
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        for question in quiz.questions[:3]:
            question.status = "published"
        quiz.is_published = True
        quiz.is_listed = True
        article = quiz.article.slug
        db.session.commit()
    assert "teacher-scratch-copy-v2" in instructor.get(
        f"/instructor/quizzes/{slug}/questions").get_data(as_text=True)
    for url in (f"/quizzes/{slug}", f"/articles/{article}", "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "teacher-scratch-copy-v2" not in response.get_data(as_text=True), url


def statuses(app, slug) -> dict[int, str]:
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        return {q.id: q.status for q in quiz.questions}


def test_drafts_are_accepted_and_discarded_several_at_once(app, instructor):
    slug = import_article(instructor)
    url = f"/instructor/quizzes/{slug}/questions"
    drafts = sorted(statuses(app, slug))
    assert len(drafts) >= 6
    token = csrf_token(instructor, url)
    page = instructor.get(url).get_data(as_text=True)
    assert page.count('form="bulk-drafts"') == len(drafts) + 2  # a box each, two buttons
    none = instructor.post(f"{url[:-len('/questions')]}/drafts",
                           data={"csrf_token": token, "act": "accept"})
    assert none.status_code == 422 and "Select at least one draft" in none.get_data(
        as_text=True)
    accepted = instructor.post(f"/instructor/quizzes/{slug}/drafts", data={
        "csrf_token": token, "act": "accept", "question": [str(q) for q in drafts[:3]]})
    assert accepted.status_code == 303
    assert "Accepted 3 drafts." in instructor.get(accepted.location).get_data(as_text=True)
    discarded = instructor.post(f"/instructor/quizzes/{slug}/drafts", data={
        "csrf_token": token, "act": "discard",
        "question": [str(q) for q in drafts[2:5]] + ["99999999", "x"]})
    assert discarded.status_code == 303  # the one already accepted is left as it is
    after = statuses(app, slug)
    assert [after.get(q) for q in drafts[:5]] == ["published"] * 3 + [None, None]
    assert all(after[q] == "draft" for q in drafts[5:])


def test_a_draft_is_edited_in_place_and_may_be_accepted_with_the_same_click(app, instructor):
    slug = import_article(instructor)
    first, second = sorted(statuses(app, slug))[:2]
    for question_id, then in ((first, None), (second, "accept")):
        url = f"/instructor/quizzes/{slug}/questions/{question_id}/edit"
        page = instructor.get(url).get_data(as_text=True)
        assert "Save and accept" in page
        fields = dict(re.findall(r'name="((?:choice|rationale)_\d+)"[^>]*value="([^"]*)"', page))
        fields.update(csrf_token=csrf_token(instructor, url), stem="When did Voyager reply?",
                      correct=re.search(r'name="correct" value="(\d+)" checked', page).group(1))
        if then:
            fields["then"] = then
        saved = instructor.post(url, data=fields)
        assert saved.status_code == 303 and saved.location.endswith(f"#q-{question_id}")
    after = statuses(app, slug)
    assert (after[first], after[second]) == ("draft", "published")
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        assert [q.stem for q in quiz.questions[:2]] == ["When did Voyager reply?"] * 2


def test_publishing_with_no_live_questions_explains_itself_on_the_editor(app, instructor):
    slug = import_article(instructor)
    url = f"/instructor/quizzes/{slug}/questions"
    response = instructor.post(f"/instructor/quizzes/{slug}/publish",
                               data={"csrf_token": csrf_token(instructor, url)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert 'id="editor-problem"' in html and "no live questions yet" in html
    assert "<h1>Questions</h1>" in html and 'id="draft-list"' in html
    with app.app_context():
        assert db.session.scalar(select(Quiz.is_published).filter_by(slug=slug)) is False


def test_a_new_quiz_is_unlisted_until_its_instructor_lists_it(app, instructor, client):
    slug = import_article(instructor)
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        quiz.questions[0].status = "published"
        quiz.is_published = True
        db.session.commit()
    assert slug not in client.get("/").get_data(as_text=True)
    assert client.get(f"/quizzes/{slug}").status_code == 404
    start = client.post(f"/quizzes/{slug}/start", data={"csrf_token": csrf_token(client, "/login")})
    assert start.status_code == 404
    share = f"/instructor/quizzes/{slug}/share"
    assert 'value="unlisted" checked' in instructor.get(share).get_data(as_text=True)
    token = csrf_token(instructor, share)
    assert instructor.post(f"/instructor/quizzes/{slug}/listing",
                           data={"csrf_token": token, "listing": "everyone"}).status_code == 400
    assert instructor.post(f"/instructor/quizzes/{slug}/listing",
                           data={"csrf_token": token, "listing": "listed"}).status_code == 303
    assert f'href="/quizzes/{slug}"' in client.get("/").get_data(as_text=True)
    assert client.get(f"/quizzes/{slug}").status_code == 200
    # the curated quiz stays listed, and only its bank could change that
    assert 'href="/quizzes/deepseek-education"' in client.get("/").get_data(as_text=True)
    assert instructor.post("/instructor/quizzes/deepseek-education/listing", data={
        "csrf_token": token, "listing": "unlisted"}).status_code == 403


def test_an_article_another_instructor_imported_becomes_a_draft_of_ones_own(app, instructor,
                                                                            runner):
    theirs = import_article(instructor)
    make_user(runner, "other", role="instructor")
    other = app.test_client()
    login(other, "other")
    mine = import_article(other)
    assert mine != theirs
    assert other.get(f"/instructor/quizzes/{theirs}/questions").status_code == 404
    assert other.get(f"/instructor/quizzes/{mine}/questions").status_code == 200
    assert import_article(other) == mine  # again: their own quiz back, not a third
    with app.app_context():
        quizzes = db.session.scalars(select(Quiz).where(Quiz.slug.in_((mine, theirs)))).all()
        assert len({q.article_id for q in quizzes}) == 1  # one article, two owners' quizzes
        assert len(quizzes[0].questions) == len(quizzes[1].questions)


def test_a_generated_true_false_draft_is_edited_accepted_and_answered(app, instructor, client):
    """Generation stores true/false drafts as the editor does ("True" then "False", one of
    them right); the teacher opens one in the editor, accepts it, and a learner answers it
    without the key reaching the page first."""
    slug = import_article(instructor, SEED_DIR.parent / "articles" / "04-covid-year-2021.txt")
    with app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug=slug))
        drafted = [q for q in quiz.questions if q.type == "truefalse"]
        assert drafted and all(q.status == "draft" and q.origin == "generated"
                               for q in drafted)
        for question in drafted:
            assert [c.text for c in question.choices] == ["True", "False"]
            assert sum(c.is_correct for c in question.choices) == 1
            assert question.stem.startswith("According to the article, ")
        question = drafted[0]
        qid, stem = question.id, question.stem
        right = next(c for c in question.choices if c.is_correct)
        right_id, right_position, key = right.id, right.position, right.text
        feedback = [question.explanation, *(c.rationale for c in question.choices)]
        assert all(feedback)
    edit = f"/instructor/quizzes/{slug}/questions/{qid}/edit"
    page = instructor.get(edit).get_data(as_text=True)
    assert '<option selected value="truefalse"' in page
    assert re.findall(r'type="radio" name="correct" value="(\d+)" checked', page) == [
        str(right_position)]
    token = csrf_token(instructor, edit)
    for url, data in ((f"/instructor/quizzes/{slug}/drafts", {"act": "accept", "question": qid}),
                      (f"/instructor/quizzes/{slug}/publish", {}),
                      (f"/instructor/quizzes/{slug}/listing", {"listing": "listed"})):
        assert instructor.post(url, data={"csrf_token": token, **data}).status_code == 303
    with app.app_context():   # shuffled choices: a true/false question's stay in order
        db.session.execute(update(Quiz).filter_by(slug=slug).values(is_shuffle_choices=True))
        db.session.commit()
    start = client.post(f"/quizzes/{slug}/start",
                        data={"csrf_token": csrf_token(client, f"/quizzes/{slug}")})
    assert start.status_code == 303
    attempt = start.location
    html = client.get(attempt).get_data(as_text=True)
    assert str(escape(stem)) in html
    assert re.findall(rf'name="q{qid}" type="radio" value="\d+"> (\w+)</label>', html) == [
        "True", "False"]
    assert not [said for said in feedback if str(escape(said)) in html]  # nothing tells the key
    done = client.post(attempt, data={f"q{qid}": right_id, "confirm": "",
                                      "csrf_token": csrf_token(client, attempt)})
    assert done.status_code == 303
    with app.app_context():
        submitted = db.session.scalar(select(Attempt).order_by(Attempt.id.desc()))
        assert submitted.submitted_at is not None and submitted.score == 1
        assert [r.choice_id for r in submitted.responses] == [right_id]
    review = client.get(done.location).get_data(as_text=True)
    assert key in review
