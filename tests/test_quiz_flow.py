"""The quiz loop through the test client: start, answer, confirm, submit, review, history."""

import re

import pytest
from markupsafe import Markup
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Attempt, Choice, Question, Quiz, Response, User
from tests.conftest import csrf_token
from tests.learner import Learner, move_keys


@pytest.fixture
def learner(app, client):
    return Learner(app, client)


def question_count(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(Question).filter_by(status="published")).all())


def test_home_lists_the_quiz_with_its_question_count(client, app):
    html = client.get("/").get_data(as_text=True)
    assert "DeepSeek and China&#39;s talent pipeline" in html
    assert f"{question_count(app)} questions" in html
    assert "not attempted yet" in html


def test_attempt_page_is_an_accessible_radio_group_per_question(learner, app):
    """A group per question: radio buttons for one answer, a multiple-answer question's
    checkboxes, each inside its label."""
    attempt_id = learner.start()
    html = learner.page(attempt_id)
    n = question_count(app)
    with app.app_context():
        boxes = {True: 0, False: 0}  # multiple answer (checkboxes) or not: its choices
        for kind, count in db.session.execute(
                select(Question.type, func.count(Choice.id)).join(Question)
                .where(Question.status == "published").group_by(Question.type)):
            boxes[kind == "multiple"] += count
    assert html.count("<fieldset") == n
    assert html.count("<legend>") == n
    assert len(re.findall(r'name="q\d+" type="radio"', html)) == boxes[False]
    assert len(re.findall(r'name="q\d+" type="checkbox"', html)) == boxes[True]
    # every radio button and checkbox sits inside its own label
    assert len(re.findall(r'<label><input name="q\d+" type="(radio|checkbox)"', html)) == (
        boxes[False] + boxes[True])
    assert f'<span id="answered-count">0</span>/{n}<span class="roomy"> answered' in html
    assert "Check answer" not in html  # deferred feedback: nothing is checked before submitting


def test_full_loop_all_right_shows_full_score_and_review(learner, app):
    attempt_id = learner.start()
    response = learner.post(attempt_id, learner.choices(attempt_id, correct=True))
    assert response.status_code == 303
    assert response.location.endswith(f"/attempts/{attempt_id}/result")
    html = learner.client.get(response.location).get_data(as_text=True)
    n = question_count(app)
    assert f"{n} / {n}" in html and "100%" in html
    assert html.count("✓ Correct") == n
    assert html.count("<details><summary>") == n  # every one right, so folded
    assert 'id="celebration"' in html and "A perfect score!" in html
    with app.app_context():
        first = db.session.scalar(select(Question).filter_by(key="durov-reform-warning"))
        assert first.explanation.replace("'", "&#39;") in html
    assert "Paragraph 4 of the article" in html
    assert "Time taken" in html


def test_wrong_answers_are_graded_wrong_and_review_shows_both_choices(learner, app):
    attempt_id = learner.start()
    right, wrong = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
    qids = sorted(right)
    answers = {qid: (wrong[qid] if i < 5 else right[qid]) for i, qid in enumerate(qids)}
    html = learner.client.get(
        learner.post(attempt_id, answers).location
    ).get_data(as_text=True)
    n = len(qids)
    assert f"{n - 5} / {n}" in html
    assert html.count("✗ Incorrect") == 5
    assert 'id="celebration"' in html and "Great work!" in html  # all but 5 right, over 80%
    assert html.count("Your answer") == n
    assert html.count("Correct answer") == 5  # the ones right are folded to the answer and why
    assert html.count("<details><summary>") == n - 5


def test_unanswered_questions_ask_for_confirmation_then_count_as_wrong(learner, app):
    attempt_id = learner.start()
    right = learner.choices(attempt_id, True)
    some = dict(list(right.items())[:3])
    response = learner.post(attempt_id, some, action="finish")
    assert response.status_code == 303 and "confirm=1" in response.location
    page = learner.client.get(response.location).get_data(as_text=True)
    n = len(right)
    assert f"You have {n - 3} unanswered questions" in page
    assert f"Submit with {n - 3} unanswered" in page
    submitted_at, score, chosen = learner.stored(attempt_id)
    assert submitted_at is None and score is None
    assert sum(v is not None for v in chosen.values()) == 3  # what was chosen is kept
    response = learner.post(attempt_id, {}, action="confirm")
    html = learner.client.get(response.location).get_data(as_text=True)
    assert f"3 / {n}" in html
    assert html.count("✗ Not answered") == n - 3
    assert 'id="celebration"' not in html and "Great work" not in html


def test_save_keeps_answers_for_later(learner):
    attempt_id = learner.start()
    qid, cid = next(iter(learner.choices(attempt_id, False).items()))
    response = learner.post(attempt_id, {qid: cid}, action="save")
    assert response.status_code == 303
    html = learner.page(attempt_id)
    assert re.search(rf'<input name="q{qid}" type="radio" value="{cid}" checked>',
                     html)
    assert '<span id="answered-count">1</span>' in html


def test_two_learners_on_the_same_question_each_see_their_own_choice(app, learner):
    """The markup of a question's choices is rendered once and kept; it must follow each
    learner's own answer, never the answer of whoever was shown it first."""
    with app.app_context():  # both are shown the choices in the same order
        db.session.execute(update(Quiz).values(is_shuffle_choices=False))
        db.session.commit()
    other = Learner(app, app.test_client())
    mine, theirs = learner.start(), other.start()
    right, wrong = learner.choices(mine, True), learner.choices(mine, False)
    shared = next(q for q in right if q in other.choices(theirs, True))
    for who, attempt_id, cid in ((learner, mine, right[shared]), (other, theirs, wrong[shared])):
        who.page(attempt_id)  # render (and keep) the unanswered markup first
        assert who.post(attempt_id, {shared: cid}, action="save").status_code == 303
    for who, attempt_id, cid in ((learner, mine, right[shared]), (other, theirs, wrong[shared])):
        checked = re.findall(rf'name="q{shared}" type="radio" value="(\d+)" checked', who.page(
            attempt_id))
        assert checked == [str(cid)]
    # the review of each follows its own answer as well
    for who, attempt_id in ((learner, mine), (other, theirs)):
        who.post(attempt_id, {}, action="confirm")
    mine_html = learner.client.get(f"/attempts/{mine}/result").get_data(as_text=True)
    theirs_html = other.client.get(f"/attempts/{theirs}/result").get_data(as_text=True)
    assert mine_html.count("Your answer") == theirs_html.count("Your answer") == 1
    assert mine_html.count("✓ Correct") == 1 and "✓ Correct" not in theirs_html
    assert theirs_html.count("✗ Incorrect") == 1 and "✗ Incorrect" not in mine_html


def test_kept_markup_is_used_and_skipped_in_debug_mode(app, learner):
    attempt_id = learner.start()
    assert 'type="radio"' in learner.page(attempt_id)
    kept = app.extensions["kept:markup"]
    for key in [k for k in kept if k[0] == "choice_list"]:
        kept[key] = Markup("<p>kept</p>")
    assert 'type="radio"' not in learner.page(attempt_id)  # the kept pieces were used
    app.debug = True  # templates reload in debug mode, so nothing kept is trusted
    try:
        assert 'type="radio"' in learner.page(attempt_id)
    finally:
        app.debug = False


def test_a_submitted_attempt_never_changes(learner):
    attempt_id = learner.start()
    wrong = learner.choices(attempt_id, False)
    learner.post(attempt_id, wrong, action="confirm")
    before = learner.stored(attempt_id)
    for action in ("finish", "confirm"):
        response = learner.post(attempt_id, learner.choices(attempt_id, True), action=action)
        assert response.status_code == 303
        assert response.location.endswith(f"/attempts/{attempt_id}/result")
    response = learner.post(attempt_id, learner.choices(attempt_id, True), action="save")
    assert response.status_code == 409
    assert "nothing more can be saved" in response.get_data(as_text=True)
    assert learner.stored(attempt_id) == before
    assert before[1] == 0


def test_the_attempt_page_shows_the_same_order_on_reload(learner):
    attempt_id = learner.start()
    assert learner.page(attempt_id, stable=True) == learner.page(attempt_id, stable=True)


def test_starting_again_resumes_the_open_attempt(learner):
    assert learner.start() == learner.start()


def test_home_and_quiz_page_show_this_learners_best_and_attempts(learner, client):
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, True), action="confirm")
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, False), action="confirm")
    html = client.get("/").get_data(as_text=True)
    assert "your best 100% over 2 attempts" in html


def test_result_compares_with_previous_best_and_everyone(app, learner):
    first = learner.start()
    learner.post(first, learner.choices(first, True), action="confirm")
    other = Learner(app, app.test_client())
    theirs = other.start()
    other.post(theirs, other.choices(theirs, False), action="confirm")
    second = learner.start()
    answers = learner.choices(second, True)
    half = dict(list(answers.items())[: len(answers) // 2])
    html = learner.client.get(
        learner.post(second, half, action="confirm").location
    ).get_data(as_text=True)
    assert re.search(r"Your previous best</dt><dd>100%", html)
    # everyone: 100%, 0% and 50% (rounded) over three attempts
    assert re.search(r"Average of everyone</dt><dd>50% over 3 attempts", html)


def test_my_results_lists_attempts_with_summary_and_chart(learner, client):
    for correct in (False, True):
        attempt_id = learner.start()
        learner.post(attempt_id, learner.choices(attempt_id, correct), action="confirm")
    open_id = learner.start()
    html = client.get("/my/results").get_data(as_text=True)
    assert re.search(r"Attempts</dt><dd>2<", html)
    assert re.search(r"Best</dt><dd>100%<", html)
    assert re.search(r"Average</dt><dd>50%<", html)
    assert re.search(r"Latest</dt><dd>100%<", html)
    assert '<svg id="score-chart"' in html and html.count('class="dot"') == 2
    assert "Score over time: 0%, 100%" in html
    assert f'href="/attempts/{open_id}">Continue' in html
    assert html.count(">Review<") == 2


def test_my_results_is_linked_from_every_page(learner, client):
    attempt_id = learner.start()
    for url in ("/", "/quizzes/deepseek-education", f"/attempts/{attempt_id}", "/my/results",
                "/no-such-page"):
        assert 'href="/my/results"' in client.get(url).get_data(as_text=True), url


def test_another_browser_sees_none_of_a_guests_history(app, learner):
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, True), action="confirm")
    stranger = app.test_client()
    assert "no attempts yet" in stranger.get("/my/results").get_data(as_text=True)
    assert "not attempted yet" in stranger.get("/").get_data(as_text=True)
    for url in (f"/attempts/{attempt_id}", f"/attempts/{attempt_id}/result"):
        assert stranger.get(url).status_code == 404
    with app.app_context():
        guest = db.session.scalar(select(User))
        assert guest.role == "guest" and guest.username is None


def test_first_attempt_makes_one_guest_identity(app, learner):
    learner.start()
    learner.start()
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 1


# --- what must never happen -------------------------------------------------------------


def test_the_correct_choice_is_nowhere_in_the_attempt_page(app, learner):
    """Move the key of every question the attempt shows to another choice: the page must not
    change at all."""
    attempt_id = learner.start()
    learner.post(attempt_id, dict(list(learner.choices(attempt_id, False).items())[:2]), "save")
    before = learner.page(attempt_id, stable=True)
    move_keys(app)
    after = learner.page(attempt_id, stable=True)
    assert after == before
    assert "correct" not in before.lower()
    assert "correct" not in before.lower()


def test_choice_order_does_not_give_the_answer_away(learner):
    attempt_id = learner.start()
    html = learner.page(attempt_id)
    right = learner.choices(attempt_id, True)
    positions = set()
    for qid, cid in right.items():
        if isinstance(cid, list):
            continue  # a multiple-answer question's two right boxes
        values = re.findall(rf'name="q{qid}" type="radio" value="(\d+)"', html)
        positions.add(values.index(str(cid)))
    assert len(positions) > 1


def assert_nothing_stored(learner, attempt_id):
    submitted_at, score, chosen = learner.stored(attempt_id)
    assert submitted_at is None and score is None
    assert all(v is None for v in chosen.values())


def test_a_choice_of_another_question_is_refused_and_nothing_is_stored(learner):
    attempt_id = learner.start()
    right = learner.choices(attempt_id, True)
    (q1, c1), (q2, c2) = list(right.items())[:2]
    response = learner.post(attempt_id, {q1: c1, q2: c1}, action="finish")
    assert response.status_code == 422
    assert "That choice does not belong to this question." in response.get_data(as_text=True)
    assert_nothing_stored(learner, attempt_id)


@pytest.mark.parametrize("value", ["999999", "-1", "abc", "", "1.5", "9" * 40])
def test_a_missing_or_malformed_choice_is_refused(learner, value):
    attempt_id = learner.start()
    qid = next(iter(learner.choices(attempt_id, True)))
    response = learner.post(attempt_id, {qid: value}, action="finish")
    assert response.status_code == 422
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert_nothing_stored(learner, attempt_id)


@pytest.mark.parametrize("buttons", [{"goto": "two"}, {"check": ""}, {"check": "9" * 40},
                                     {"save": "", "confirm": ""}])
def test_a_malformed_or_doubled_button_is_refused(learner, buttons):
    attempt_id = learner.start()
    qid, cid = next(iter(learner.choices(attempt_id, True).items()))
    token = csrf_token(learner.client, f"/attempts/{attempt_id}")
    response = learner.client.post(f"/attempts/{attempt_id}",
                                   data={"csrf_token": token, f"q{qid}": cid, **buttons})
    assert response.status_code == 400
    assert_nothing_stored(learner, attempt_id)


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_missing_or_bad_csrf_token_is_refused(learner, token):
    attempt_id = learner.start()
    qid, cid = next(iter(learner.choices(attempt_id, True).items()))
    data = {f"q{qid}": cid, "confirm": ""}
    if token is not None:
        data["csrf_token"] = token
    response = learner.client.post(f"/attempts/{attempt_id}", data=data)
    assert response.status_code == 400
    assert "Reload the page and try again" in response.get_data(as_text=True)
    assert_nothing_stored(learner, attempt_id)


def test_starting_without_a_csrf_token_is_refused(app, client):
    response = client.post("/quizzes/deepseek-education/start")
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Attempt)) is None
        assert db.session.scalar(select(User)) is None


def test_someone_elses_attempt_is_not_found(app, learner):
    attempt_id = learner.start()
    other = Learner(app, app.test_client())
    other.start()
    answers = learner.choices(attempt_id, True)
    token = csrf_token(other.client, "/attempts/2")
    data = {f"q{q}": c for q, c in answers.items()} | {"csrf_token": token, "confirm": ""}
    for method, url in (("get", f"/attempts/{attempt_id}"), ("post", f"/attempts/{attempt_id}"),
                        ("get", f"/attempts/{attempt_id}/result")):
        response = getattr(other.client, method)(url, data=data)
        assert response.status_code == 404
        assert "There is no such attempt among yours." in response.get_data(as_text=True)
    assert_nothing_stored(learner, attempt_id)


@pytest.mark.parametrize("url", ["/attempts/999", "/attempts/999/result", "/quizzes/nope",
                                 "/attempts/abc"])
def test_unknown_things_are_not_found(learner, url):
    learner.start()
    response = learner.client.get(url)
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


def test_an_unpublished_quiz_cannot_be_started(app, learner):
    token = csrf_token(learner.client)
    with app.app_context():
        db.session.execute(update(Question.__table__.metadata.tables["quiz"]).values(
            is_published=False))
        db.session.commit()
    response = learner.client.post("/quizzes/deepseek-education/start",
                                   data={"csrf_token": token})
    assert response.status_code == 404


def test_wrong_method_gets_a_plain_405(client):
    response = client.get("/quizzes/deepseek-education/start")
    assert response.status_code == 405
    assert "That action is not possible here." in response.get_data(as_text=True)


def test_every_response_carries_the_security_headers(learner):
    attempt_id = learner.start()
    for url in ("/", f"/attempts/{attempt_id}", "/nowhere"):
        headers = learner.client.get(url).headers
        assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'self' only
        assert "object-src 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store"


def test_review_reads_the_snapshot_not_the_edited_bank(app, learner):
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, True), action="confirm")
    with app.app_context():
        db.session.execute(update(Choice).values(is_correct=False))
        db.session.commit()
        assert db.session.scalar(select(Response).limit(1)).is_correct is True
    html = learner.client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    n = len(learner.choices(attempt_id, False))  # wrong choices still map every question
    assert f"{n} / {n}" in html and html.count("✓ Correct") == n


def test_flags_are_saved_with_the_answers_and_make_finishing_ask(learner, app):
    attempt_id = learner.start()
    right = learner.choices(attempt_id, True)
    first, second = sorted(right)[:2]
    token = csrf_token(learner.client, f"/attempts/{attempt_id}")
    post = learner.client.post(f"/attempts/{attempt_id}", data={
        "csrf_token": token, **learner.form(right), f"f{first}": "1", f"f{second}": "1",
        **learner.button("finish")})
    assert post.location.endswith(f"/attempts/{attempt_id}?page=1&confirm=1")  # all answered
    page = learner.client.get(post.location).get_data(as_text=True)
    assert "You flagged 2 questions for later" in page and "Submit now" in page
    with app.app_context():
        flagged = set(db.session.scalars(select(Response.question_id).filter_by(
            attempt_id=attempt_id, is_flagged=True)))
    assert flagged == {first, second}
    autosave = lambda **data: learner.client.post(  # noqa: E731
        f"/attempts/{attempt_id}/answers", data=data, headers={"X-CSRFToken": token})
    assert autosave(question=first, flag="0").status_code == 200
    assert autosave(question=first, flag="2").status_code == 400
    assert autosave(question=10**6, flag="1").status_code == 422
    post = learner.client.post(f"/attempts/{attempt_id}", data={  # the form unflags second
        "csrf_token": token, **learner.button("finish")})
    assert post.location.endswith("/result")


def test_a_late_flag_save_never_undoes_a_newer_one(learner, app):
    """Flagging a question and unflagging it at once sends two saves; if the older one is
    handled last (a slow network), the question stays as the learner left it, as an answer
    does."""
    attempt_id = learner.start()
    question = sorted(learner.choices(attempt_id, True))[0]
    token = csrf_token(learner.client, f"/attempts/{attempt_id}")

    def flag(on: str, seq: int) -> None:
        reply = learner.client.post(f"/attempts/{attempt_id}/answers", headers={
            "X-CSRFToken": token}, data={"question": question, "flag": on, "seq": seq})
        assert reply.status_code == 200, reply.get_json()

    def flagged() -> bool:
        with app.app_context():
            return db.session.scalar(select(Response.is_flagged).filter_by(
                attempt_id=attempt_id, question_id=question))

    flag("0", 300)   # unflagged, the newer save, handled first
    flag("1", 200)   # the older save arriving late
    assert flagged() is False
    flag("1", 400)
    assert flagged() is True
    page = learner.client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert re.search(rf'name="f{question}"[^>]*checked', page)
