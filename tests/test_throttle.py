"""The one throttle at work: guests made outside a class limited per address, those joining a
class per class; attempts started and submitted per learner, a burst then 429 with
Retry-After and a page that says how long to wait; nothing refused is stored. Each limit is
set small here; the defaults are in domain.throttle and tests/domain/test_throttle.py."""

import re

import pytest
from sqlalchemy import event, func, select

from app.domain.throttle import CLASS_GUEST, GUEST, START, SUBMIT, Limit
from app.extensions import db
from app.models import Attempt, User
from app.services import throttle
from tests.conftest import csrf_token
from tests.learner import Learner
from tests.test_assignments import ClassLearner, assign

SLUG = "deepseek-education"


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def start(client, address="127.0.0.1"):
    client.environ_base["REMOTE_ADDR"] = address
    token = csrf_token(client, f"/quizzes/{SLUG}")
    return client.post(f"/quizzes/{SLUG}/start", data={"csrf_token": token})


def test_guests_outside_a_class_are_limited_per_address(app):
    app.config["THROTTLES"][GUEST] = Limit(3, 1200)
    for _ in range(3):
        assert start(app.test_client()).status_code == 303
    users = count(app, User)
    refused = start(app.test_client())
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 2400
    page = refused.get_data(as_text=True)
    assert "Too many new visitors have started from your network" in page
    assert "Please wait 20 minutes" in page or "Please wait 40 minutes" in page
    assert count(app, User) == users  # no guest, no attempt kept
    assert start(app.test_client(), "203.0.113.5").status_code == 303  # another network


def test_guests_joining_a_class_are_budgeted_by_the_class_not_the_address(app, instructor):
    """The address that made its guests outside a class still joins a class: a school's
    classes are counted each on its own."""
    app.config["THROTTLES"][GUEST] = Limit(1, 1200)
    app.config["THROTTLES"][CLASS_GUEST] = Limit(2, 1200)
    assert start(app.test_client()).status_code == 303
    assert start(app.test_client()).status_code == 429
    _, code = assign(instructor)
    for _ in range(2):
        assert ClassLearner(app, app.test_client()).join(f"/join/{code}").status_code == 303
    refused = ClassLearner(app, app.test_client()).join(f"/join/{code}")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many people have joined this class" in refused.get_data(as_text=True)
    _, other = assign(instructor, name="Period 4")
    assert ClassLearner(app, app.test_client()).join(f"/join/{other}").status_code == 303


def test_starting_attempts_is_limited_per_learner_and_resuming_is_not_counted(app, client):
    app.config["THROTTLES"][START] = Limit(2, 30)
    learner = Learner(app, client)
    first = learner.start()
    assert learner.start() == first  # resuming the open attempt costs nothing
    learner.post(first, learner.choices(first, True), action="confirm")
    second = learner.start()
    learner.post(second, learner.choices(second, True), action="confirm")
    attempts = count(app, Attempt)
    refused = start(client)
    assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
    assert "You have started many attempts in a row" in refused.get_data(as_text=True)
    assert count(app, Attempt) == attempts
    other = Learner(app, app.test_client())  # another learner at the same address
    assert other.start()


def test_submitting_is_limited_per_learner_and_the_answers_stay(app, client):
    app.config["THROTTLES"][SUBMIT] = Limit(1, 30)
    learner = Learner(app, client)
    first = learner.start()
    assert learner.post(first, learner.choices(first, True), action="confirm"
                        ).status_code == 303
    second = learner.start()
    answers = learner.choices(second, True)
    refused = learner.post(second, answers, action="confirm")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "You have submitted many attempts in a row" in refused.get_data(as_text=True)
    submitted_at, _, chosen = learner.stored(second)
    assert submitted_at is None
    assert chosen == dict.fromkeys(answers)  # the refused request stored nothing
    saved = learner.post(second, answers, action="save")  # saving is never throttled
    assert saved.status_code == 303 and learner.stored(second)[2] == answers


def test_a_refusal_on_the_script_route_is_json(app, client, monkeypatch):
    learner = Learner(app, client)
    attempt = learner.start()
    question, choice = next(iter(learner.choices(attempt, True).items()))

    def refuse(*_):
        raise throttle.Throttled(START, 7)

    monkeypatch.setattr("app.services.attempts.save_answers", refuse)
    response = client.post(f"/attempts/{attempt}/answers", data={
        "csrf_token": csrf_token(client, f"/attempts/{attempt}"), "question": question,
        "choice": choice})
    assert response.status_code == 429 and response.headers["Retry-After"] == "7"
    assert "wait 7 seconds" in response.get_json()["error"]


@pytest.fixture
def statements(app):
    """Counts the SQL statements run while it is on."""
    seen = []
    with app.app_context():
        engine = db.engine

    def note(conn, cursor, statement, *_):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def test_each_check_on_the_attempt_path_is_one_statement(app, client, statements):
    """Starting and submitting each pay one statement for the throttle, an upsert of one
    row (with its index on `until`), whatever the quiz's length."""
    learner = Learner(app, client)
    token = csrf_token(client, f"/quizzes/{SLUG}")
    statements.clear()
    started = client.post(f"/quizzes/{SLUG}/start", data={"csrf_token": token})
    at_start = [s for s in statements if "throttle" in s]
    attempt = int(re.search(r"/attempts/(\d+)$", started.location).group(1))
    answers = learner.choices(attempt, True)
    token = csrf_token(client, f"/attempts/{attempt}")
    statements.clear()
    client.post(f"/attempts/{attempt}", data={
        "csrf_token": token, "confirm": "", **{f"q{q}": c for q, c in answers.items()}})
    at_submit = [s for s in statements if "throttle" in s]
    # a guest's first start: the guest's limit, then the attempt's
    assert len(at_start) == 2 and len(at_submit) == 1
    assert all("ON CONFLICT" in s for s in at_start + at_submit)
