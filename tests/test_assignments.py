"""Handing a quiz to a class: assignments, joining by link or code, names, the window of time,
wrong codes, and whose assignment it is."""

import re
from datetime import UTC, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select, update

from app.domain.throttle import WRONG_CODE
from app.extensions import db
from app.models import Assignment, AssignmentMember, Attempt, Quiz, Throttle, utcnow
from tests.accounts_helpers import login, make_user, register
from tests.conftest import CURATED_COUNT, csrf_token
from tests.learner import Learner

SLUG = "deepseek-education"
SHARE = f"/instructor/quizzes/{SLUG}/share"


def assign(teacher, name="Period 3", slug=SLUG, **fields) -> tuple[int, str]:
    """A new assignment through the Share page: its id and its code as shown."""
    share = f"/instructor/quizzes/{slug}/share"
    response = teacher.post(f"/instructor/quizzes/{slug}/assignments",
                            data={"csrf_token": csrf_token(teacher, share), "name": name,
                                  **fields})
    assert response.status_code == 303, response.get_data(as_text=True)
    assignment_id = int(response.location.rsplit("-", 1)[1])
    page = teacher.get(share).get_data(as_text=True)
    card = page[page.index(f'id="assignment-{assignment_id}"'):]
    return assignment_id, re.search(r'<strong class="code">([^<]+)</strong>', card).group(1)


class ClassLearner(Learner):
    """A learner who reaches the quiz through an assignment."""

    def join(self, link: str, name: str | None = None):
        data = {"csrf_token": csrf_token(self.client, link)}
        if name is not None:
            data["name"] = name
        return self.client.post(link, data=data)

    def start_in(self, assignment_id: int):
        page = f"/assignments/{assignment_id}"
        response = self.client.post(f"{page}/start",
                                    data={"csrf_token": csrf_token(self.client, page, "/login")})
        if response.status_code == 303:
            self.last_attempt_id = int(response.location.rsplit("/", 1)[1])
        return response


def set_window(app, assignment_id, **times):
    with app.app_context():
        db.session.execute(update(Assignment).filter_by(id=assignment_id).values(**times))
        db.session.commit()


def test_a_class_joins_by_link_and_by_code_gives_names_and_its_attempts_are_its_own(
        app, instructor, runner):
    assignment_id, code = assign(instructor, is_name_required="y")
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code)
    link = f"/join/{code}"
    assert f'href="{link}"' in instructor.get(SHARE).get_data(as_text=True)

    ada = ClassLearner(app, app.test_client())
    page = ada.client.get(link).get_data(as_text=True)
    assert "Join Period 3" in page and 'name="name"' in page
    refused = ada.join(link, "  ")
    assert refused.status_code == 422 and "Give your name" in refused.get_data(as_text=True)
    joined = ada.join(link, "Ada Lovelace")
    assert joined.location == f"/assignments/{assignment_id}"
    assert ada.client.get(link).location == f"/assignments/{assignment_id}"  # joined already

    ben = ClassLearner(app, app.test_client())  # types the code, however they like
    typed = ben.client.get("/join?code=" + code.lower().replace("-", " "))
    assert typed.status_code == 303 and typed.location == link
    ben.join(link, "Ben")

    register(app.test_client(), "cleo")  # an account holder joins as themselves
    cleo = ClassLearner(app, app.test_client())
    login(cleo.client, "cleo")
    page = cleo.client.get(link).get_data(as_text=True)
    assert 'name="name"' not in page and "You join as <strong>cleo</strong>" in page
    cleo.join(link)

    for learner, right in ((ada, CURATED_COUNT), (ben, 10), (cleo, 0)):
        assert learner.start_in(assignment_id).status_code == 303
        attempt_id = learner.last_attempt_id
        good, bad = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
        learner.post(attempt_id, {q: good[q] if i < right else bad[q]
                                  for i, q in enumerate(sorted(good))}, action="confirm")
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id)).filter_by(
            assignment_id=assignment_id)) == 3
    listing = instructor.get(f"/instructor/quizzes/{SLUG}/attempts").get_data(as_text=True)
    assert [name for name in ("Ada Lovelace", "Ben", "cleo") if name in listing] == [
        "Ada Lovelace", "Ben", "cleo"]
    assert "Guest " not in listing
    exported = instructor.get(f"/instructor/quizzes/{SLUG}/attempts.csv").get_data(
        as_text=True)
    assert "Ada Lovelace" in exported and "Guest " not in exported
    review = instructor.get(f"/instructor/quizzes/{SLUG}/attempts/{ada.last_attempt_id}")
    assert "<h1>Ada Lovelace's attempt</h1>" in unescape(review.get_data(as_text=True))
    home = ada.client.get("/").get_data(as_text=True)
    assert f'href="/assignments/{assignment_id}"' in home and "Period 3" in home
    mine = ada.client.get(f"/assignments/{assignment_id}").get_data(as_text=True)
    assert f"Attempt 1</a>: {CURATED_COUNT} / {CURATED_COUNT}" in mine
    result = ada.client.get(f"/attempts/{ada.last_attempt_id}/result").get_data(as_text=True)
    assert f'href="/assignments/{assignment_id}">Back to your class' in result
    assert "Try this quiz again" not in result


def test_a_quiz_taken_through_its_class_is_the_classs_not_the_home_pages(app, instructor):
    assignment_id, code = assign(instructor)
    with app.app_context():
        db.session.execute(update(Quiz).values(attempts_allowed=1))
        db.session.commit()
    learner = ClassLearner(app, app.test_client())
    learner.join(f"/join/{code}")
    assert learner.start_in(assignment_id).status_code == 303
    in_class = learner.last_attempt_id
    learner.post(in_class, {}, action="confirm")
    assert learner.start_in(assignment_id).status_code == 409  # its one attempt is used
    public = learner.start()  # the home page's quiz is another place, with its own count
    assert public != in_class
    with app.app_context():
        assert db.session.get(Attempt, public).assignment_id is None


def test_before_it_opens_and_after_it_closes_no_attempt_starts(app, instructor):
    assignment_id, code = assign(instructor)
    learner = ClassLearner(app, app.test_client())
    learner.join(f"/join/{code}")
    now = utcnow()
    set_window(app, assignment_id, opens_at=now + timedelta(days=1))
    page = learner.client.get(f"/assignments/{assignment_id}").get_data(as_text=True)
    assert "This assignment opens on" in page and "Start the quiz" not in page
    refused = learner.start_in(assignment_id)
    assert refused.status_code == 409 and "opens on" in refused.get_data(as_text=True)

    set_window(app, assignment_id, opens_at=None)
    learner.start_in(assignment_id)
    done = learner.last_attempt_id
    learner.post(done, learner.choices(done, True), action="confirm")
    set_window(app, assignment_id, closes_at=now - timedelta(minutes=1))
    page = learner.client.get(f"/assignments/{assignment_id}").get_data(as_text=True)
    assert "This assignment closed on" in page and "Start the quiz" not in page
    assert f'href="/attempts/{done}/result"' in page  # results stay visible
    assert learner.client.get(f"/attempts/{done}/result").status_code == 200
    refused = learner.start_in(assignment_id)
    assert refused.status_code == 409 and "closed" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_an_attempt_in_progress_at_closing_time_is_closed_and_graded(app, instructor):
    with app.app_context():  # a time limit of an hour; the class closes in ten minutes
        db.session.execute(update(Quiz).values(time_limit_s=3600))
        db.session.commit()
    assignment_id, code = assign(instructor)
    set_window(app, assignment_id, closes_at=utcnow() + timedelta(minutes=10))
    learner = ClassLearner(app, app.test_client())
    learner.join(f"/join/{code}")
    learner.start_in(assignment_id)
    attempt_id = learner.last_attempt_id
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.deadline_at == db.session.get(Assignment, assignment_id).closes_at
    answers = learner.choices(attempt_id, True)
    first = dict(list(answers.items())[:5])
    learner.post(attempt_id, first, action="save")
    # the teacher closes it early: the attempt ends now, graded on what was saved
    share = SHARE
    closed = instructor.post(f"/instructor/quizzes/{SLUG}/assignments/{assignment_id}/close",
                             data={"csrf_token": csrf_token(instructor, share)})
    assert closed.status_code == 303
    late = learner.post(attempt_id, answers, action="save")
    assert late.status_code == 409
    submitted_at, score, _ = learner.stored(attempt_id)
    assert submitted_at is not None and score == 5
    assert "Close now" not in instructor.get(share).get_data(as_text=True)


def test_moving_the_closing_time_later_lets_attempts_in_progress_run_on(app, instructor):
    assignment_id, code = assign(instructor)
    soon = utcnow() + timedelta(minutes=10)
    set_window(app, assignment_id, closes_at=soon)
    learner = ClassLearner(app, app.test_client())
    learner.join(f"/join/{code}")
    learner.start_in(assignment_id)
    url = f"/instructor/quizzes/{SLUG}/assignments/{assignment_id}"
    form = instructor.get(url).get_data(as_text=True)
    assert 'value="Period 3"' in form
    later = soon + timedelta(days=1)
    saved = instructor.post(url, data={"csrf_token": csrf_token(instructor, url),
                                       "name": "Period 3",
                                       "closes_at": later.strftime("%Y-%m-%dT%H:%M")})
    assert saved.status_code == 303
    with app.app_context():
        deadline = db.session.get(Attempt, learner.last_attempt_id).deadline_at
        assert deadline == later.replace(second=0, microsecond=0)
    refused = instructor.post(url, data={"csrf_token": csrf_token(instructor, url),
                                         "name": "Period 3",
                                         "opens_at": later.strftime("%Y-%m-%dT%H:%M"),
                                         "closes_at": soon.strftime("%Y-%m-%dT%H:%M")})
    assert refused.status_code == 422
    assert "The closing time must come after the opening time." in refused.get_data(
        as_text=True)


def test_a_new_code_stops_the_old_one_and_those_who_joined_keep_their_place(app, instructor):
    assignment_id, code = assign(instructor)
    member = ClassLearner(app, app.test_client())
    member.join(f"/join/{code}")
    replaced = instructor.post(f"/instructor/quizzes/{SLUG}/assignments/{assignment_id}/code",
                               data={"csrf_token": csrf_token(instructor, SHARE)})
    assert replaced.status_code == 303
    page = instructor.get(SHARE).get_data(as_text=True)
    new = re.search(r'<strong class="code">([^<]+)</strong>', page).group(1)
    assert new != code
    latecomer = app.test_client()
    assert latecomer.get(f"/join/{code}").status_code == 404
    assert latecomer.get(f"/join/{new}").status_code == 200
    assert member.client.get(f"/assignments/{assignment_id}").status_code == 200


def test_wrong_codes_are_counted_per_address_and_a_right_code_is_never_refused(app,
                                                                               instructor):
    _, code = assign(instructor)
    client = app.test_client()
    malformed = client.get("/join?code=12345")
    assert malformed.status_code == 422 and "twelve letters and digits" in malformed.get_data(
        as_text=True)
    wrong = "ZZZZ-ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ-ZZZZ" else "YYYY-YYYY-YYYY"
    response = client.get(f"/join?code={wrong}")
    assert response.status_code == 404 and "No class has that code" in response.get_data(
        as_text=True)
    with app.app_context():  # a busy class behind one address, just under the budget
        limit = app.config["THROTTLES"][WRONG_CODE]
        now = utcnow().replace(tzinfo=UTC).timestamp()
        db.session.execute(update(Throttle).filter_by(scope=WRONG_CODE, key="127.0.0.1")
                           .values(until=now + (limit.burst - 1) * limit.every))
        db.session.commit()
    assert client.get(f"/join/{wrong}").status_code == 404  # the last one allowed
    limited = client.get(f"/join?code={wrong}")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "Too many wrong codes" in limited.get_data(as_text=True)
    assert client.get(f"/join?code={code}").status_code == 303  # never refused
    joined = ClassLearner(app, client).join(f"/join/{code}")
    assert joined.status_code == 303
    other = app.test_client()  # another address is not held back
    assert other.get(f"/join/{wrong}", environ_base={"REMOTE_ADDR": "10.0.0.9"}
                     ).status_code == 404


def test_an_assignment_is_only_its_instructors_and_its_class_only_its_members(app, runner,
                                                                             instructor):
    assignment_id, code = assign(instructor)
    make_user(runner, "teacher-b", role="instructor")
    other = app.test_client()
    login(other, "teacher-b")
    base = f"/instructor/quizzes/{SLUG}/assignments/{assignment_id}"
    token = csrf_token(other, SHARE)
    assert other.get(base).status_code == 404
    for act in ("code", "close"):
        assert other.post(f"{base}/{act}", data={"csrf_token": token}).status_code == 404
    assert code not in other.get(SHARE).get_data(as_text=True)
    theirs, _ = assign(other, name="Period 5")  # the shared quiz is anyone's to assign
    assert "Period 5" not in instructor.get(SHARE).get_data(as_text=True)
    assert instructor.get(f"/instructor/quizzes/{SLUG}/assignments/{theirs}").status_code == 404
    stranger = ClassLearner(app, app.test_client())
    stranger.start()
    assert stranger.client.get(f"/assignments/{assignment_id}").status_code == 404
    assert stranger.start_in(assignment_id).status_code == 404


def test_a_guest_who_joined_and_then_logs_in_brings_the_class_along(app, instructor, runner):
    assignment_id, code = assign(instructor, is_name_required="y")
    make_user(runner, "dana")
    client = app.test_client()
    learner = ClassLearner(app, client)
    learner.join(f"/join/{code}", "Dana")
    learner.start_in(assignment_id)
    assert login(client, "dana").status_code == 303
    assert client.get(f"/assignments/{assignment_id}").status_code == 200
    with app.app_context():
        members = db.session.scalars(select(AssignmentMember)).all()
        assert len(members) == 1
        assert db.session.get(Attempt, learner.last_attempt_id).user.username == "dana"


@pytest.mark.parametrize("fields", [{"name": ""}, {"name": "x" * 121},
                                    {"name": "P3", "opens_at": "tomorrow"}])
def test_a_bad_assignment_is_refused_on_the_share_page(app, instructor, fields):
    response = instructor.post(f"/instructor/quizzes/{SLUG}/assignments",
                               data={"csrf_token": csrf_token(instructor, SHARE), **fields})
    assert response.status_code == 422 and 'class="field-error"' in response.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Assignment.id))) == 0


def test_the_dashboard_narrowed_to_a_class_counts_its_attempts_alone(app, instructor):
    assignment_id, code = assign(instructor)
    for right, in_class in ((40, True), (30, True), (10, False)):
        learner = ClassLearner(app, app.test_client())
        if in_class:
            learner.join(f"/join/{code}")
            learner.start_in(assignment_id)
        else:
            learner.start()
        attempt_id = learner.last_attempt_id
        good, bad = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
        learner.post(attempt_id, {q: good[q] if i < right else bad[q]
                                  for i, q in enumerate(sorted(good))}, action="confirm")
    url = f"/instructor/quizzes/{SLUG}?attempts=all"
    everyone = instructor.get(url).get_data(as_text=True)
    narrowed = instructor.get(f"{url}&assignment={assignment_id}").get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>3</dd>" in everyone
    assert "<dt>Attempts</dt><dd>2</dd>" in narrowed and "<h1>Results: Period 3</h1>" in narrowed
    assert f"<dt>Average</dt><dd>{100 * 35 / CURATED_COUNT:.1f}%</dd>" in narrowed
    assert f'<option value="{assignment_id}" selected>Period 3</option>' in narrowed
    assert instructor.get(f"{url}&assignment=x").status_code == 400
    assert instructor.get(f"{url}&assignment={assignment_id + 1}").status_code == 404
