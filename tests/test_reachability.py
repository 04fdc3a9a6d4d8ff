"""Every page a user may need is reached from the home page by links and buttons: a crawler
signed in as an instructor (and one as a learner, and one as a first-time visitor) starts at
`/`, follows links and GET forms, presses the buttons that open a page (starting a quiz or a
preview, joining a class, checking a study card), and must reach every GET route of theirs in
`app.url_map`, each through a real id. It fails naming the routes it never reached."""

import re
from collections import Counter, deque
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from tests.accounts_helpers import login, make_user, register
from tests.conftest import csrf_token
from tests.learner import Learner
from tests.seed import SEED_DIR

# Buttons that open a page rather than change or remove something: the crawler presses these
# and no others (never sign out, publish, discard, retire, replace a code, close a class...).
OPENS_A_PAGE = {"quiz.start", "assignments.start", "assignments.join_post",
                "instructor.start_preview", "study.answer"}
PER_ROUTE = 3  # distinct URLs followed per route: enough to prove it, few enough to be quick
LEARNER_RULES = {"public", "owner", "account"}


class Crawler:
    def __init__(self, app, client, typed: dict[str, str]):
        self.app, self.client, self.typed = app, client, typed
        self.adapter = app.url_map.bind("localhost")
        self.reached: set[str] = set()
        self.followed: Counter = Counter()
        self.seen: set[tuple] = set()

    def rule_of(self, path: str, method: str = "GET"):
        try:
            rule, _ = self.adapter.match(path, method=method, return_rule=True)
        except (HTTPException, RequestRedirect):
            return None
        return rule

    def crawl(self, start: str = "/") -> set[str]:
        queue = deque([("GET", start, None)])
        while queue:
            method, url, data = queue.popleft()
            path = urlsplit(url).path
            rule = self.rule_of(path, method)
            key = (method, url if method == "GET" else path)
            if rule is None or rule.endpoint == "static" or key in self.seen:
                continue
            self.seen.add(key)
            if self.followed[(method, rule.rule)] >= PER_ROUTE:
                continue
            self.followed[(method, rule.rule)] += 1
            response = (self.client.get(url) if method == "GET"
                        else self.client.post(url, data=data))
            body = response.get_data(as_text=True)  # read whole, streamed CSV included
            if response.status_code in (301, 302, 303):
                queue.append(("GET", urljoin(url, response.location), None))
                continue
            assert response.status_code < 500, (url, response.status_code)
            if method == "GET" and response.status_code == 200:
                self.reached.add(rule.rule)
            if response.mimetype == "text/html":
                queue.extend(self.next_steps(url, body))
        return self.reached

    def next_steps(self, url: str, html: str):
        soup = BeautifulSoup(html, "html.parser")
        for link in soup.find_all("a", href=True):
            target = urljoin(url, link["href"]).split("#")[0]
            if urlsplit(target).netloc in ("", "localhost"):
                yield "GET", target, None
        for form in soup.find_all("form"):
            action = urljoin(url, form.get("action") or url)
            fields = self.fill(form)
            if form.get("method", "get").lower() == "get":
                yield "GET", f"{urlsplit(action).path}?{urlencode(fields)}", None
                continue
            rule = self.rule_of(urlsplit(action).path, "POST")
            if rule is not None and rule.endpoint in OPENS_A_PAGE:
                for button in form.find_all("button", attrs={"name": True}) or [None]:
                    data = dict(fields)
                    if button is not None:
                        data[button["name"]] = button.get("value", "")
                    yield "POST", action, data

    def fill(self, form) -> dict[str, str]:
        """What a person would send: hidden fields, the first choice of each radio group and
        select, and for text fields what the crawler was told to type (a class code)."""
        fields: dict[str, str] = {}
        for field in form.find_all(["input", "select"]):
            name = field.get("name")
            if not name or name in fields:
                continue
            kind = field.get("type", "text")
            if field.name == "select":
                option = field.find("option", selected=True) or field.find("option")
                fields[name] = option.get("value", "") if option else ""
            elif kind in ("hidden", "radio"):
                fields[name] = field.get("value", "")
            elif kind == "text" and name in self.typed:
                fields[name] = self.typed[name]
        return fields


def routes(app, rules: set[str]) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint != "static"
            and app.view_functions[rule.endpoint].access_rule in rules}


@pytest.fixture
def world(app, runner):
    """A teacher with a quiz of their own drafted from an article, and an assignment of the
    curated quiz; a learner with an account who took the curated quiz; the seed article
    imported, so reviews link into it."""
    make_user(runner, "teacher", role="instructor")
    assert runner.invoke(args=["articles", "import",
                               str(sorted(SEED_DIR.glob("*.txt"))[0])]).exit_code == 0
    teacher = app.test_client()
    login(teacher, "teacher")
    article = SEED_DIR.parent / "articles" / "06-arab-orchestra.txt"
    teacher.post("/instructor/articles/new", data={
        "csrf_token": csrf_token(teacher, "/instructor/articles/new"),
        "file": (article.open("rb"), article.name)}, content_type="multipart/form-data")
    share = "/instructor/quizzes/deepseek-education/share"
    teacher.post("/instructor/quizzes/deepseek-education/assignments",
                 data={"csrf_token": csrf_token(teacher, share), "name": "Period 3"})
    code = re.search(r'<strong class="code">([^<]+)</strong>',
                     teacher.get(share).get_data(as_text=True)).group(1)
    learner = app.test_client()
    register(learner, "lena")
    taker = Learner(app, learner)
    attempt_id = taker.start()
    taker.post(attempt_id, taker.choices(attempt_id, False), action="confirm")
    return teacher, learner, code


def unreached(app, crawled: set[str], rules: set[str]) -> list[str]:
    return sorted(routes(app, rules) - crawled)


def test_an_instructor_reaches_every_instructor_page_from_home(app, world):
    teacher, _, code = world
    crawled = Crawler(app, teacher, {"code": code}).crawl()
    missing = unreached(app, crawled, {"instructor"})
    assert not missing, f"instructor pages no link or button leads to: {missing}"


def test_a_learner_reaches_every_learner_page_from_home(app, world):
    _, learner, code = world
    crawled = Crawler(app, learner, {"code": code}).crawl()
    # a first-time visitor reaches what only the signed-out see (sign in, register)
    crawled |= Crawler(app, app.test_client(), {"code": code}).crawl()
    missing = unreached(app, crawled, LEARNER_RULES)
    assert not missing, f"learner pages no link or button leads to: {missing}"
