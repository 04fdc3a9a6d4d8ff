"""Who may see what: every route has an explicit rule, and each kind of visitor gets what the
rule says. No page shows one learner's attempts to another; only instructors see everyone's."""

import re

import pytest

from app.views.access import RULES
from tests.accounts_helpers import login, make_user, register
from tests.conftest import csrf_token
from tests.learner import Learner
from tests.seed import SEED_DIR

SLUG = "deepseek-education"
VISITORS = ("anonymous", "guest", "learner_a", "learner_b", "instructor", "instructor_b")
ARTICLE = SEED_DIR.parent / "articles" / "01-voyager-reconnect.txt"


def test_every_route_declares_a_rule(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "access_rule", None) in RULES, rule.endpoint


@pytest.fixture
def world(app, runner):
    """A guest, two learners and two instructors; learner A has a submitted and an open
    attempt; the first instructor has a quiz of their own, drafted from an article."""
    clients = {name: app.test_client() for name in VISITORS}
    guest = Learner(app, clients["guest"])
    guest_attempt = guest.start()
    guest.post(guest_attempt, guest.choices(guest_attempt, True), action="confirm")
    register(clients["learner_a"], "learner-a")
    a = Learner(app, clients["learner_a"])
    a_done = a.start()
    a.post(a_done, a.choices(a_done, False), action="confirm")
    a_open = a.start()
    register(clients["learner_b"], "learner-b")
    b = Learner(app, clients["learner_b"])
    b_done = b.start()
    b.post(b_done, b.choices(b_done, True), action="confirm")
    make_user(runner, "teacher", role="instructor")
    login(clients["instructor"], "teacher")
    make_user(runner, "teacher-b", role="instructor")
    login(clients["instructor_b"], "teacher-b")
    imported = clients["instructor"].post("/instructor/articles/new", data={
        "csrf_token": csrf_token(clients["instructor"], "/instructor/articles/new"),
        "text": ARTICLE.read_text(encoding="utf-8")})
    owned = imported.location.split("/")[-2]
    page = clients["instructor"].get(imported.location).get_data(as_text=True)
    owned_question = int(re.search(r'/questions/(\d+)/edit', page).group(1))
    share = f"/instructor/quizzes/{SLUG}/share"
    made = clients["instructor"].post(f"/instructor/quizzes/{SLUG}/assignments", data={
        "csrf_token": csrf_token(clients["instructor"], share), "name": "Period 3"})
    a_class = int(made.location.rsplit("-", 1)[1])
    code = re.search(r'<strong class="code">([^<]+)</strong>',
                     clients["instructor"].get(share).get_data(as_text=True)).group(1)
    clients["learner_a"].post(f"/join/{code}", data={
        "csrf_token": csrf_token(clients["learner_a"], f"/join/{code}")})
    page = clients["learner_a"].get("/study/").get_data(as_text=True)
    question = re.search(r'name="question" type="hidden" value="(\d+)"', page).group(1)
    choice = re.search(r'name="choice" type="radio" value="(\d+)"', page).group(1)
    studied = clients["learner_a"].post("/study/answer", data={
        "csrf_token": csrf_token(clients["learner_a"], "/study/"), "question": question,
        "choice": choice})
    a_log = int(studied.location.rsplit("/", 1)[1])
    return clients, {"guest": guest_attempt, "a_done": a_done, "a_open": a_open,
                     "b_done": b_done, "a_log": a_log, "owned": owned,
                     "owned_question": owned_question, "a_class": a_class, "code": code}


# (method, url template, expected status for each visitor in VISITORS order)
LOGIN = 302
OWNED = {"guest": (None, ["guest"]), "learner_a": ("learner-a", ["a_done", "a_open"]),
         "learner_b": ("learner-b", ["b_done"])}
MATRIX = [
    ("get", "/", (200, 200, 200, 200, 200, 200)),
    ("get", f"/quizzes/{SLUG}", (200, 200, 200, 200, 200, 200)),
    ("get", "/my/results", (200, 200, 200, 200, 200, 200)),
    ("get", "/register", (200, 200, 302, 302, 302, 302)),
    ("get", "/login", (200, 200, 302, 302, 302, 302)),
    ("get", "/attempts/{a_done}/result", (404, 404, 200, 404, 404, 404)),
    ("get", "/attempts/{a_done}", (404, 404, 302, 404, 404, 404)),
    ("get", "/attempts/{a_open}", (404, 404, 200, 404, 404, 404)),
    ("get", "/attempts/{a_open}/result", (404, 404, 302, 404, 404, 404)),
    ("get", "/attempts/{guest}/result", (404, 200, 404, 404, 404, 404)),
    ("get", "/attempts/{b_done}/result", (404, 404, 404, 200, 404, 404)),
    ("post", "/attempts/{a_open}", (404, 404, 303, 404, 404, 404)),
    ("post", "/attempts/{a_done}", (404, 404, 409, 404, 404, 404)),
    ("post", "/attempts/{a_open}/answers", (404, 404, 400, 404, 404, 404)),
    ("get", "/study/", (200, 200, 200, 200, 200, 200)),
    ("post", "/study/answer", (404, 303, 303, 303, 303, 303)),
    ("get", "/study/reviews/{a_log}", (404, 404, 200, 404, 404, 404)),
    ("post", "/study/reviews/{a_log}/rating", (404, 404, 400, 404, 404, 404)),
    ("get", "/instructor/", (LOGIN, LOGIN, 403, 403, 200, 200)),
    ("get", "/articles/no-such-article", (404, 404, 404, 404, 404, 404)),
    ("get", "/instructor/articles/new", (LOGIN, LOGIN, 403, 403, 200, 200)),
    ("post", "/instructor/articles/new", (LOGIN, LOGIN, 403, 403, 422, 422)),
    ("post", f"/quizzes/{SLUG}/start", (303, 303, 303, 303, 303, 303)),
    ("get", "/account/password", (LOGIN, LOGIN, 200, 200, 200, 200)),
    # the curated quiz belongs to no one: every instructor sees its results, nobody edits it
    *[(method, f"/instructor/quizzes/{SLUG}{path}", (LOGIN, LOGIN, 403, 403, *both))
      for method, path, both in [
          ("get", "", (200, 200)),
          ("get", "/attempts", (200, 200)),
          ("get", "/attempts/{a_done}", (200, 200)),
          ("get", "/attempts/{a_open}", (404, 404)),
          ("get", "/attempts.csv", (200, 200)),
          ("get", "/gradebook", (200, 200)),
          ("get", "/gradebook.csv", (200, 200)),
          ("get", "/responses.csv", (200, 200)),
          ("get", "/export.gift", (200, 200)),
          ("get", "/export.json", (200, 200)),
          ("get", "/preview", (200, 200)),
          ("get", "/share", (200, 200)),
          ("post", "/listing", (403, 403)),
          ("post", "/preview", (303, 303)),
          ("get", "/settings", (403, 403)),
          ("post", "/settings", (403, 403)),
          ("get", "/questions", (403, 403)),
          ("get", "/questions/new", (403, 403)),
          ("post", "/questions/new", (403, 403)),
          ("get", "/questions/1/edit", (403, 403)),
          ("post", "/questions/1/accept", (403, 403)),
          ("post", "/drafts", (403, 403)),
          ("post", "/import.gift", (403, 403)),
          ("post", "/publish", (403, 403)),
      ]],
    # a quiz of the first instructor's: the second one finds nothing there, nor can post to it
    *[(method, "/instructor/quizzes/{owned}" + path, (LOGIN, LOGIN, 403, 403, mine, 404))
      for method, path, mine in [
          ("get", "", 200),
          ("get", "/attempts", 200),
          ("get", "/attempts.csv", 200),
          ("get", "/gradebook", 200),
          ("get", "/gradebook.csv", 200),
          ("get", "/responses.csv", 200),
          ("get", "/export.gift", 200),
          ("get", "/export.json", 200),
          ("get", "/preview", 200),
          ("get", "/share", 200),
          ("post", "/listing", 400),
          ("post", "/preview", 409),
          ("get", "/settings", 200),
          ("post", "/settings", 303),
          ("get", "/questions", 200),
          ("get", "/questions/new", 200),
          ("post", "/questions/new", 422),
          ("get", "/questions/{owned_question}/edit", 200),
          ("post", "/questions/{owned_question}/retire", 409),
          ("post", "/drafts", 400),
          ("post", "/import.gift", 422),
          ("post", "/publish", 409),
      ]],
    # a class of the first instructor's, which learner A joined
    ("get", "/join", (200, 200, 200, 200, 200, 200)),
    ("get", "/join/{code}", (200, 200, 303, 200, 200, 200)),
    ("get", "/assignments/{a_class}", (404, 404, 200, 404, 404, 404)),
    ("post", "/assignments/{a_class}/start", (404, 404, 303, 404, 404, 404)),
    ("post", f"/instructor/quizzes/{SLUG}/assignments", (LOGIN, LOGIN, 403, 403, 422, 422)),
    *[("get", f"/instructor/quizzes/{SLUG}{path}?assignment={{a_class}}",
       (LOGIN, LOGIN, 403, 403, 200, 404)) for path in ("", "/gradebook", "/gradebook.csv")],
    ("get", f"/instructor/quizzes/{SLUG}/assignments/{{a_class}}",
     (LOGIN, LOGIN, 403, 403, 200, 404)),
    ("post", f"/instructor/quizzes/{SLUG}/assignments/{{a_class}}",
     (LOGIN, LOGIN, 403, 403, 303, 404)),
    ("post", f"/instructor/quizzes/{SLUG}/assignments/{{a_class}}/close",
     (LOGIN, LOGIN, 403, 403, 303, 404)),
    ("post", "/join/{code}", (303, 303, 303, 303, 303, 303)),  # anyone may join
    ("post", f"/instructor/quizzes/{SLUG}/assignments/{{a_class}}/code",
     (LOGIN, LOGIN, 403, 403, 303, 404)),
    ("post", "/logout", (303, 303, 303, 303, 303, 303)),
]


def test_each_visitor_gets_what_the_rules_say(world):
    clients, ids = world
    covered = set()
    for method, template, statuses in MATRIX:
        url = template.format(**ids)
        covered.add((method, template.split("{")[0]))
        for visitor, expected in zip(VISITORS, statuses, strict=True):
            client = clients[visitor]
            if method == "get":
                response = client.get(url)
            else:
                token = csrf_token(client, "/login", "/", f"/quizzes/{SLUG}")
                response = client.post(url, data={"csrf_token": token, "save": ""})
            assert response.status_code == expected, (method, url, visitor)
            body = response.get_data(as_text=True)
            assert "Traceback" not in body
            if visitor.startswith("instructor"):
                continue
            for owner, (name, attempts) in OWNED.items():
                if owner == visitor:
                    continue
                assert name is None or name not in body, (url, visitor, name)
                for key in attempts:
                    assert not re.search(f'href="/attempts/{ids[key]}["/]', body), (
                        url, visitor, key)


def test_the_matrix_covers_every_route(app):
    listed = {template.replace("{owned}", SLUG).split("{")[0].rstrip("/") or "/"
              for _, template, _ in MATRIX}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        prefix = rule.rule.split("<")[0].rstrip("/") or "/"
        assert any(p.startswith(prefix) for p in listed), rule.rule


def test_instructors_see_everyones_attempts_in_the_exports(world):
    clients, ids = world
    text = clients["instructor"].get(f"/instructor/quizzes/{SLUG}/attempts.csv").get_data(
        as_text=True)
    assert "learner-a" in text and "learner-b" in text and "Guest" in text
