"""Quiz settings, the saving rules, and their 409s, through the test client."""

import contextlib
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import Attempt, Quiz, Response
from app.services import attempts as services
from tests.accounts_helpers import login, make_user
from tests.conftest import CURATED_COUNT, csrf_token
from tests.learner import Learner


def configure(app, **settings):
    with app.app_context():
        db.session.execute(update(Quiz).values(**settings))
        db.session.commit()


def shown_questions(app, attempt_id) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(
            select(Response.question_id).filter_by(attempt_id=attempt_id)
            .order_by(Response.position)))


def stored(app, attempt_id) -> dict[int, int | None]:
    with app.app_context():
        return dict(db.session.execute(
            select(Response.question_id, Response.choice_id).filter_by(attempt_id=attempt_id)
        ).all())


@pytest.fixture
def learner(app, client):
    return Learner(app, client)


def autosave(learner, attempt_id, question, choice, seq):
    token = csrf_token(learner.client, f"/attempts/{attempt_id}", "/quizzes/deepseek-education")
    return learner.client.post(f"/attempts/{attempt_id}/answers", data={
        "question": question, "choice": choice, "seq": seq}, headers={"X-CSRFToken": token})


def expire(app, attempt_id):
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        attempt.deadline_at = attempt.started_at - timedelta(seconds=1) if \
            attempt.deadline_at is None else attempt.deadline_at - timedelta(hours=1)
        attempt.started_at -= timedelta(hours=1)
        db.session.commit()


# --- questions per attempt, shuffling ---------------------------------------------------------


def test_a_draw_of_n_shows_the_least_seen_questions_first(app, learner):
    configure(app, questions_per_attempt=10)
    seen: list[int] = []
    for _ in range(5):
        attempt_id = learner.start()
        drawn = shown_questions(app, attempt_id)
        assert len(drawn) == 10
        assert not set(drawn) & set(seen)  # over 50 questions: five draws never repeat
        seen += drawn
        learner.post(attempt_id, {}, action="confirm")
        html = learner.client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
        assert "0 / 10" in html
    sixth = shown_questions(app, learner.start())
    assert len(set(sixth)) == 10
    # the never seen come first
    assert len(set(sixth) - set(seen)) == min(10, CURATED_COUNT - 50)


def test_shuffled_questions_keep_their_order_across_reloads(app, learner):
    configure(app, is_shuffle_questions=True)
    attempt_id = learner.start()
    order = shown_questions(app, attempt_id)
    assert order != sorted(order)
    first = learner.page(attempt_id, stable=True)
    assert learner.page(attempt_id, stable=True) == first
    legends = re.findall(r'name="q(\d+)" type="(?:radio|checkbox)"', first)
    assert list(dict.fromkeys(int(q) for q in legends)) == order


def test_choices_keep_the_bank_order_when_not_shuffled(app, learner):
    configure(app, is_shuffle_choices=False)
    attempt_id = learner.start()
    with app.app_context():
        for response in db.session.scalars(select(Response).filter_by(attempt_id=attempt_id)):
            assert response.choice_ids == sorted(response.choice_ids)


# --- saving: idempotent, ordered, never into a closed attempt --------------------------------


def test_autosave_keeps_the_newest_answer_whatever_the_order(app, learner):
    attempt_id = learner.start()
    qid, (a, b, *_) = next(iter({r: c for r, c in _choices(app, attempt_id).items()}.items()))
    assert autosave(learner, attempt_id, qid, a, 200).get_json()["saved"] is True
    # chosen earlier (another window, another device), arrives later: refused, and said so
    late = autosave(learner, attempt_id, qid, b, 100)
    assert late.status_code == 200 and late.get_json()["saved"] is False
    assert "a newer answer" in late.get_json()["error"]
    assert stored(app, attempt_id)[qid] == a
    assert "error" in autosave(learner, attempt_id, qid, b, 200).get_json()  # same moment
    # the same answer again, older: nothing to tell
    assert autosave(learner, attempt_id, qid, a, 150).get_json()["saved"] is False
    # version: the saves committed (at 200, the same answer at 150, this one); refused ones
    # are rolled back
    assert autosave(learner, attempt_id, qid, b, 300).get_json() == {
        "saved": True, "answered": 1, "total": CURATED_COUNT, "version": 3}
    assert stored(app, attempt_id)[qid] == b


def test_overlapping_saves_report_the_count_in_the_order_they_commit(app, learner, monkeypatch):
    """Two autosaves of one attempt at once (a learner answering fast): the first is held
    after storing its answer, uncommitted, while the second is sent. The one that commits
    last reports both answers with the higher version, whichever the server took first, so
    the page (static/app.js), showing the count of the highest version it has seen, ends on
    the true count. On PostgreSQL both used to read the count before the other's answer and
    report 1 of 2."""
    attempt_id = learner.start()
    (q1, (a, *_)), (q2, (b, *_)) = list(_choices(app, attempt_id).items())[:2]
    token = csrf_token(learner.client, f"/attempts/{attempt_id}")
    stored_first, release = threading.Event(), threading.Event()
    save_answers = services.save_answers

    def first_held(attempt, user, chosen, *args):
        saved = save_answers(attempt, user, chosen, *args)
        if q1 in chosen:
            stored_first.set()
            release.wait(10)
        return saved

    def send(question, choice):
        return learner.client.post(f"/attempts/{attempt_id}/answers", data={
            "question": question, "choice": choice, "seq": 100}, headers={"X-CSRFToken": token})

    monkeypatch.setattr(services, "save_answers", first_held)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(send, q1, a)
        assert stored_first.wait(10)
        second = pool.submit(send, q2, b)
        with contextlib.suppress(TimeoutError):  # it waits for the first, or answers stale
            second.result(timeout=0.5)
        release.set()
        replies = [first.result().get_json(), second.result().get_json()]
    assert all(reply["saved"] for reply in replies), replies
    assert sorted(reply["answered"] for reply in replies) == [1, 2], replies
    in_commit_order = sorted(replies, key=lambda reply: reply["version"])
    assert [reply["answered"] for reply in in_commit_order] == [1, 2], replies
    assert in_commit_order[0]["version"] < in_commit_order[1]["version"]


def test_a_save_from_an_older_copy_of_the_page_is_not_reported_as_saved(app, learner):
    """Two windows on one attempt: the older page's form save keeps the newer answer, says so
    on the page (409) naming the question, and still saves its other answers."""
    attempt_id = learner.start()
    (q1, (a, b, *_)), (q2, (c, *_)) = list(_choices(app, attempt_id).items())[:2]
    old_page = learner.client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    old_seq = re.search(r'name="seq" value="(\d+)"', old_page).group(1)
    assert autosave(learner, attempt_id, q1, a, int(old_seq) + 60_000).status_code == 200
    response = learner.client.post(f"/attempts/{attempt_id}", data={
        "csrf_token": csrf_token(learner.client, f"/attempts/{attempt_id}"), "seq": old_seq,
        f"q{q1}": b, f"q{q2}": c, "save": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    with app.app_context():
        position = db.session.scalar(select(Response.position).filter_by(
            attempt_id=attempt_id, question_id=q1))
    assert f"Question {position}: a newer answer, chosen in another window or on" in page
    assert stored(app, attempt_id)[q1] == a and stored(app, attempt_id)[q2] == c


def _choices(app, attempt_id) -> dict[int, list[int]]:
    with app.app_context():
        return {r.question_id: r.choice_ids
                for r in db.session.scalars(select(Response).filter_by(attempt_id=attempt_id))}


@pytest.mark.parametrize(("data", "status"), [
    ({"question": "x", "choice": "1"}, 400),
    ({"question": "1"}, 400),
    ({"question": "999999", "choice": "1"}, 422),
])
def test_autosave_refuses_malformed_requests(app, learner, data, status):
    attempt_id = learner.start()
    token = csrf_token(learner.client, f"/attempts/{attempt_id}")
    response = learner.client.post(f"/attempts/{attempt_id}/answers", data=data,
                                   headers={"X-CSRFToken": token})
    assert response.status_code == status and response.get_json()["error"]
    assert set(stored(app, attempt_id).values()) == {None}


def test_autosave_refuses_a_choice_of_another_question(app, learner):
    attempt_id = learner.start()
    (q1, c1), (q2, c2) = [(q, c[0]) for q, c in list(_choices(app, attempt_id).items())[:2]]
    response = autosave(learner, attempt_id, q1, c2, 100)
    assert response.status_code == 422
    assert response.get_json()["error"] == "That choice does not belong to this question."


def test_autosave_without_a_csrf_token_is_refused(app, learner):
    attempt_id = learner.start()
    qid, choices = next(iter(_choices(app, attempt_id).items()))
    response = learner.client.post(f"/attempts/{attempt_id}/answers",
                                   data={"question": qid, "choice": choices[0], "seq": 5})
    assert response.status_code == 400
    assert set(stored(app, attempt_id).values()) == {None}


def test_nothing_is_saved_into_a_submitted_attempt(app, learner):
    attempt_id = learner.start()
    learner.post(attempt_id, {}, action="confirm")
    qid, choices = next(iter(_choices(app, attempt_id).items()))
    response = autosave(learner, attempt_id, qid, choices[0], 10**12)
    assert response.status_code == 409
    assert "closed" in response.get_json()["error"]
    assert set(stored(app, attempt_id).values()) == {None}


def test_nothing_is_saved_into_an_expired_attempt(app, learner):
    configure(app, time_limit_s=600)
    attempt_id = learner.start()
    expire(app, attempt_id)
    qid, choices = next(iter(_choices(app, attempt_id).items()))
    response = autosave(learner, attempt_id, qid, choices[0], 10**12)
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).is_submitted   # closed on the way
    assert set(stored(app, attempt_id).values()) == {None}


# --- time limits -----------------------------------------------------------------------------


def test_a_late_submission_is_graded_on_what_was_saved_in_time(app, learner):
    configure(app, time_limit_s=600)
    attempt_id = learner.start()
    right = learner.choices(attempt_id, True)
    in_time = dict(list(right.items())[:3])
    learner.post(attempt_id, in_time, action="save")
    html = learner.page(attempt_id)
    assert re.search(r'data-seconds-left="(59\d|600)"', html) and "Time left: " in html
    expire(app, attempt_id)
    response = learner.post(attempt_id, right, action="confirm")   # all right, but too late
    assert response.status_code == 303 and response.location.endswith("/result")
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.score == 3
        assert attempt.submitted_at == attempt.deadline_at
    assert stored(app, attempt_id) == {q: in_time.get(q) for q in right}


def test_an_expired_attempt_left_open_is_closed_when_anyone_looks(app, learner, runner):
    configure(app, time_limit_s=60)
    attempt_id = learner.start()
    learner.post(attempt_id, dict(list(learner.choices(attempt_id, True).items())[:2]), "save")
    expire(app, attempt_id)
    make_user(runner, "teacher", role="instructor")
    teacher = app.test_client()
    login(teacher, "teacher")
    html = teacher.get("/instructor/quizzes/deepseek-education").get_data(as_text=True)
    assert re.search(r"<dt>Attempts</dt><dd>1</dd>", html)
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.is_submitted and attempt.score == 2


def test_the_learners_own_pages_close_an_expired_attempt(app, learner):
    configure(app, time_limit_s=60)
    attempt_id = learner.start()
    expire(app, attempt_id)
    assert "Continue your attempt" not in learner.client.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).is_submitted
    assert learner.client.get(f"/attempts/{attempt_id}").status_code == 302


# --- attempts allowed ------------------------------------------------------------------------


def test_attempts_allowed(app, learner):
    configure(app, attempts_allowed=2)
    first = learner.start()
    assert learner.start() == first          # resuming is not a new attempt
    learner.post(first, {}, action="confirm")
    second = learner.start()
    learner.post(second, {}, action="confirm")
    assert "Attempts allowed: 2 (2 used)" in learner.client.get(
        "/quizzes/deepseek-education").get_data(as_text=True)
    token = csrf_token(learner.client, f"/attempts/{second}/result", "/login")
    response = learner.client.post("/quizzes/deepseek-education/start",
                                   data={"csrf_token": token})
    assert response.status_code == 409
    assert "You have used all 2 attempts" in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Attempt)).all()) == 2


# --- immediate feedback ----------------------------------------------------------------------


def test_immediate_feedback_checks_and_locks_an_answer(app, learner):
    configure(app, feedback_mode="immediate")
    attempt_id = learner.start()
    wrong, right = learner.choices(attempt_id, False), learner.choices(attempt_id, True)
    qid = next(q for q, choice in wrong.items() if not isinstance(choice, list))
    before = learner.page(attempt_id).count('type="radio"')
    response = learner.post(attempt_id, {qid: wrong[qid]}, action="check", value=qid)
    assert response.status_code == 303 and "#question-" in response.location
    html = learner.page(attempt_id)
    assert html.count("✗ Incorrect") == 1 and html.count("Correct answer") == 1
    assert html.count('type="radio"') == before - 4  # the checked: none
    # locked: neither the form nor the script can change it
    learner.post(attempt_id, {qid: right[qid]}, action="save")
    assert stored(app, attempt_id)[qid] == wrong[qid]
    assert autosave(learner, attempt_id, qid, right[qid], 10**13).status_code == 409
    learner.post(attempt_id, {}, action="confirm")
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).score == 0


def test_checking_an_unanswered_question_says_so(app, learner):
    configure(app, feedback_mode="immediate")
    attempt_id = learner.start()
    qid = next(iter(learner.choices(attempt_id, True)))
    response = learner.post(attempt_id, {}, action="check", value=qid)
    assert response.status_code == 422
    assert "Choose an answer before checking it." in response.get_data(as_text=True)


# --- one question per page -------------------------------------------------------------------


def test_one_question_per_page_with_next_and_previous(app, learner):
    configure(app, layout="one")
    attempt_id = learner.start()
    order = shown_questions(app, attempt_id)
    right = learner.choices(attempt_id, True)
    html = learner.page(attempt_id)
    assert html.count("<fieldset") == 1 and f'name="q{order[0]}"' in html
    assert "Submit answers" not in html and 'name="next"' in html
    data = {f"q{order[0]}": right[order[0]], "next": "", "page": 1,
            "csrf_token": csrf_token(learner.client, f"/attempts/{attempt_id}")}
    response = learner.client.post(f"/attempts/{attempt_id}", data=data)
    assert response.location.endswith(f"/attempts/{attempt_id}?page=2")
    assert stored(app, attempt_id)[order[0]] == right[order[0]]   # navigation saved it
    page2 = learner.client.get(response.location).get_data(as_text=True)
    assert f'name="q{order[1]}"' in page2 and 'name="prev"' in page2
    last = learner.client.get(f"/attempts/{attempt_id}?page={len(order)}").get_data(
        as_text=True)
    assert "Submit answers" in last and 'name="next"' not in last
    assert learner.client.get(f"/attempts/{attempt_id}?page=0").status_code == 404
    assert learner.client.get(f"/attempts/{attempt_id}?page=x").status_code == 400
    data.update(goto=40, page=2)
    data.pop(f"q{order[0]}")
    data.pop("next")
    assert learner.client.post(f"/attempts/{attempt_id}", data=data).location.endswith(
        "?page=40")


# --- the instructor's settings page ------------------------------------------------------------


def test_an_instructor_changes_the_settings(app, seed_quiz):
    teacher = seed_quiz
    token = csrf_token(teacher, "/instructor/quizzes/deepseek-education/settings")
    data = {"csrf_token": token, "questions_per_attempt": "0", "time_limit_minutes": "15",
            "attempts_allowed": "", "grading_method": "last", "feedback_mode": "immediate",
            "layout": "one", "is_shuffle_questions": "y"}
    bad = teacher.post("/instructor/quizzes/deepseek-education/settings", data=data)
    assert bad.status_code == 422 and "Use 1 to 500." in bad.get_data(as_text=True)
    data["questions_per_attempt"] = "20"
    assert teacher.post("/instructor/quizzes/deepseek-education/settings",
                        data=data).status_code == 303
    with app.app_context():
        quiz = db.session.scalar(select(Quiz))
        assert (quiz.questions_per_attempt, quiz.time_limit_s, quiz.attempts_allowed,
                quiz.grading_method, quiz.feedback_mode, quiz.layout,
                quiz.is_shuffle_questions, quiz.is_shuffle_choices) == (
            20, 900, None, "last", "immediate", "one", True, False)


def test_ids_too_large_for_the_database_are_refused_not_errors(app, learner):
    attempt_id = learner.start()
    huge = "9" * 30
    response = autosave(learner, attempt_id, huge, 1, 5)
    assert response.status_code == 400  # no whole number an id can be: malformed
    assert learner.client.get(f"/attempts/{huge}").status_code == 404
    assert learner.client.get(f"/study/reviews/{huge}").status_code == 404
    token = csrf_token(learner.client, f"/attempts/{attempt_id}")
    study = learner.client.post("/study/answer", data={"csrf_token": token, "question": huge,
                                                       "choice": huge})
    assert study.status_code in (303, 422)
