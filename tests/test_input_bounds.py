"""Whatever a visitor puts in a URL, a query or a form (numbers of thousands of digits,
negative or past 2^63, digits of other scripts, control characters, a name sent twice), the
answer is a 4xx or the normal page: never a 500, never a traceback in the log, and a refused
request changes no row.

A property test walks `app.url_map` (every route and method), with the form fields each
page's forms carry and the names the views read from the query and the form, and sends one
of them bad per request; the duplicate-key rule has its own tests beside it."""

import logging
import shutil
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text, update
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import Assignment, Attempt, Question, Quiz, ReviewLog, User
from tests.accounts_helpers import login, make_user
from tests.conftest import csrf_token, make_app
from tests.learner import Learner

SLUG = "deepseek-education"
EXAMPLES = 300
# kept by design when a request is refused: the throttles count refusals
COUNTERS = {"login_failure", "registration", "join_failure", "throttle"}
# names the views read from the query string or the form themselves, beside the forms' fields
QUERY_NAMES = ("page", "assignment", "next", "code", "type", "attempts", "sort", "order",
               "confirm")
FORM_NAMES = ("save", "goto", "check", "finish", "seq", "page", "question", "choice", "act",
              "felt", "listing", "then", "more", "csrf_token")
NOT_WALKED = {"static", "auth.logout"}  # logging out would end the walk's session

BAD_VALUES = st.one_of(
    st.sampled_from([
        "9" * 5000, "9" * 20, str(2**63), str(2**64), "-1", "-9" * 40, "0", "²", "٣", "1e3",
        "0x1f", "1.5", " 7 ", "", "\x00", "a\x00b", "\r\n", "\x1b[2J", "\u202e", "%00",
        "null", "[]", "{}", "goto-" + "9" * 5000, "check-" + "9" * 5000, "goto-²", "check--1",
        "/\\evil.example", "//evil.example/\r\nX: y",
    ]),
    st.integers(-(2**70), 2**70).map(str),
    st.text(max_size=40),
)


class Forms(HTMLParser):
    """The POST forms of a page: action path -> the names and first values they send."""

    def __init__(self):
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self.current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = self.forms.setdefault(urlsplit(a.get("action") or "").path, {})
        elif self.current is not None and tag in ("input", "textarea", "select", "button") \
                and a.get("name"):
            if a.get("type") in ("radio", "checkbox") and a["name"] in self.current:
                return
            self.current.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def rows(app) -> dict[str, int]:
    """Each table's rows, as a hash of their content (the throttles' counters left out)."""
    with app.app_context():
        return {table.name: hash(tuple(sorted(map(repr, db.session.execute(
            select(table)).all())))) for table in db.metadata.sorted_tables
            if table.name not in COUNTERS}


@pytest.fixture
def world(seeded_db, tmp_path):
    """An instructor owning the curated quiz, with a class of it, an open attempt and a
    submitted one (so a study review), and an anonymous visitor; every form their pages show."""
    path = tmp_path / "bounds.db"
    shutil.copy(seeded_db, path)
    app = make_app(path)
    runner = app.test_cli_runner()
    make_user(runner, "teacher", role="instructor")
    teacher = app.test_client()
    assert login(teacher, "teacher").status_code == 303
    with app.app_context():
        owner = db.session.scalar(select(User).filter_by(username="teacher"))
        db.session.execute(update(Quiz).filter_by(slug=SLUG).values(owner_id=owner.id))
        db.session.commit()
    learner = Learner(app, teacher)
    done = learner.start()
    learner.post(done, learner.choices(done, True), action="confirm")
    learner.start()
    share = f"/instructor/quizzes/{SLUG}/share"
    teacher.post(f"/instructor/quizzes/{SLUG}/assignments",
                 data={"csrf_token": csrf_token(teacher, share), "name": "Period 3"})
    with app.app_context():
        values = {
            "slug": SLUG,
            "attempt_id": db.session.scalar(select(Attempt.id).where(
                Attempt.submitted_at.is_(None))),
            "assignment_id": db.session.scalar(select(Assignment.id)),
            "code": db.session.scalar(select(Assignment.code)),
            "question_id": db.session.scalar(select(Question.id)),
            "log_id": db.session.scalar(select(ReviewLog.id)),
        }
    assert all(values.values()), values
    teacher.post(f"/join/{values['code']}",
                 data={"csrf_token": csrf_token(teacher, share)})
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_WALKED:
            continue
        args = {name: values.get(name) for name in rule.arguments}
        for name, converter in rule._converters.items():  # <any(...)>: its first choice
            if hasattr(converter, "items"):
                args[name] = sorted(converter.items)[0]
        path = app.url_map.bind("localhost").build(rule.endpoint, args)
        routes += [(rule, method, path, args) for method in sorted(rule.methods)
                   if method in ("GET", "POST")]
    forms: dict[str, dict[str, str]] = {}
    for client in (teacher, app.test_client()):
        for _, method, path, _ in routes:
            if method == "GET":
                parser = Forms()
                parser.feed(client.get(path).get_data(as_text=True))
                for action, fields in parser.forms.items():
                    forms.setdefault(action, {}).update(fields)
    return app, {"teacher": teacher, "anonymous": app.test_client()}, routes, forms


def bad_path(rule, args: dict, name: str, value: str) -> str:
    """The route's URL with its part `name` replaced by `value`."""
    return "".join(quote(str(value), safe="") if part == name else str(args[part])
                   if dynamic else part for dynamic, part in rule._trace[1:])


class Errors(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(data=st.data())
def test_no_input_makes_a_500_a_traceback_or_a_change_when_refused(world, data):
    app, clients, routes, forms = world
    rule, method, path, args = data.draw(st.sampled_from(routes), label="route")
    visitor = data.draw(st.sampled_from(sorted(clients)), label="visitor")
    client = clients[visitor]
    fields = dict(forms.get(path, {}))
    if method == "POST":
        fields["csrf_token"] = csrf_token(client, "/login", "/")
    where = data.draw(st.sampled_from(
        ["query", "form" if method == "POST" else "query", "twice"]
        + (["path"] if rule.arguments else [])), label="where")
    value = data.draw(BAD_VALUES, label="value")
    query: list[tuple[str, str]] = []
    form = list(fields.items())
    if where == "path":
        name = data.draw(st.sampled_from(sorted(rule.arguments)), label="part")
        path = bad_path(rule, args, name, value)
    elif where == "query":
        query.append((data.draw(st.sampled_from(QUERY_NAMES), label="name"), value))
    else:
        name = data.draw(st.sampled_from(sorted({*FORM_NAMES, *fields})), label="name")
        form = [(k, v) for k, v in form if k != name or where == "twice"] + [(name, value)]
        if method == "GET":
            query, form = form, []
    errors = Errors()
    app.logger.addHandler(errors)
    before = rows(app)
    try:
        response = client.open(path, method=method, query_string=MultiDict(query),
                               data=MultiDict(form))
    finally:
        app.logger.removeHandler(errors)
    assert response.status_code < 500, (response.status_code, response.get_data(as_text=True))
    assert not errors.records, [r.getMessage() for r in errors.records]
    assert "Traceback" not in response.get_data(as_text=True)
    if response.status_code >= 400:
        assert rows(app) == before, (rule.endpoint, response.status_code)


def test_digits_of_other_scripts_and_thousands_of_digits_are_a_4xx(app, instructor):
    """Each number a view reads itself, sent as a superscript two, an Arabic-Indic three or
    5,000 digits: a clear 4xx where Python's int() would fail."""
    learner = Learner(app, instructor)
    attempt = learner.start()
    token = csrf_token(instructor, f"/attempts/{attempt}")
    for bad in ("²", "٣", "9" * 5000):
        for data in ({"goto": bad}, {"check": bad}, {"seq": bad},
                     {"page": bad}):
            response = instructor.post(f"/attempts/{attempt}",
                                       data={"csrf_token": token, **data})
            assert response.status_code == 400, (data, response.status_code)
        saved = instructor.post(f"/attempts/{attempt}/answers",
                                data={"csrf_token": token, "question": bad, "choice": bad})
        assert saved.status_code == 400 and "error" in saved.get_json()
        assert instructor.get(f"/my/results?page={bad}").status_code == 400
        assert instructor.get(f"/attempts/{attempt}?page={bad}").status_code == 400
        assert instructor.get(f"/attempts/{bad}").status_code == 404


@pytest.fixture
def open_attempt(app, client):
    learner = Learner(app, client)
    attempt = learner.start()
    (question, choice), (other, _) = list(learner.choices(attempt, True).items())[:2]
    return learner, attempt, question, choice, other


def test_a_name_sent_twice_where_one_value_is_read_is_refused(app, client, open_attempt):
    """`q=c1&q=c2` used to store the first; now a 400 that names the field, for the form's
    fields and for what the views read themselves, and nothing is stored."""
    learner, attempt, question, choice, other = open_attempt
    token = csrf_token(client, f"/attempts/{attempt}")
    wrong = learner.choices(attempt, False)[question]
    for data in (
        [(f"q{question}", choice), (f"q{question}", wrong)],  # the form's field
        [(f"q{question}", choice), ("goto", "1"), ("goto", "2")],  # a view's read
        [(f"q{question}", choice), ("csrf_token", token)],  # CSRF's own read
    ):
        response = client.post(f"/attempts/{attempt}",
                               data=MultiDict([("csrf_token", token), *data]))
        assert response.status_code == 400, data
        assert "more than once" in response.get_data(as_text=True)
    saved = client.post(f"/attempts/{attempt}/answers", data=MultiDict([
        ("csrf_token", token), ("question", question), ("choice", choice),
        ("choice", wrong)]))
    assert saved.status_code == 400 and "more than once" in saved.get_json()["error"]
    assert client.get(f"/attempts/{attempt}?page=1&page=2").status_code == 400
    assert learner.stored(attempt)[2][question] is None


def test_names_that_legitimately_repeat_still_work(app, seed_quiz):
    """The drafts' bulk checkboxes (read with getlist) and a multiple-answer question's
    right answers (a field that takes many) keep working."""
    with app.app_context():
        db.session.execute(text("UPDATE question SET status = 'draft' WHERE id IN "
                                "(SELECT id FROM question ORDER BY id LIMIT 2)"))
        db.session.commit()
        drafts = db.session.scalars(select(Question.id).filter_by(status="draft")).all()
    url = f"/instructor/quizzes/{SLUG}/questions"
    response = seed_quiz.post(f"/instructor/quizzes/{SLUG}/drafts", data=MultiDict([
        ("csrf_token", csrf_token(seed_quiz, url)), ("act", "accept"),
        *[("question", d) for d in drafts]]))
    assert response.status_code == 303
    assert "Accepted 2 drafts" in seed_quiz.get(url).get_data(as_text=True)
    from app.forms import QuestionForm, takes_many

    with app.test_request_context(method="POST", data=MultiDict([("correct", "1"), ("correct", "2"),
                                                       ("stem", "x")])):
        form = QuestionForm(meta={"csrf": False})
        assert takes_many(form.correct) and form.correct.data == [1, 2]


def test_a_single_valued_field_sent_twice_is_refused_in_any_form(app):
    from app.forms import QuestionForm

    with app.test_request_context(method="POST", data=MultiDict([("stem", "a"), ("stem", "b")])):
        with pytest.raises(Exception, match="more than once") as refused:
            QuestionForm(meta={"csrf": False})
        assert refused.value.code == 400
