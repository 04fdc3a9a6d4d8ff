"""Browser tests: Debian's Chromium driven by Playwright, against the app served on loopback."""

import os
import re
import shutil
import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import select, update
from werkzeug.serving import make_server

from app.extensions import db
from app.models import Choice, Quiz, Response
from tests.conftest import make_app

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = (f"no browser at {CHROMIUM}: install Debian's with "
                   "`sudo apt-get install -y chromium`, or set CHROMIUM_PATH")
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never skip them
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class LiveServer:
    """The app in a thread on a loopback port; `restart` stops it and serves a new app object
    on the same file and port, as a server restart would."""

    def __init__(self, db_path):
        self.db_path = db_path
        self.port = 0
        self.start()

    def start(self):
        self.app = make_app(self.db_path)
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
        with self.app.app_context():
            db.engine.dispose()

    def restart(self):
        self.stop()
        self.start()


@pytest.fixture
def live_server(seeded_db, tmp_path):
    """The app on a fresh copy of the seeded database."""
    path = tmp_path / "live.db"
    shutil.copy(seeded_db, path)
    server = LiveServer(path)
    yield server
    server.stop()


@pytest.fixture
def base(live_server) -> str:
    return f"http://127.0.0.1:{live_server.port}"


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.fixture
def screenshots_dir() -> str:
    path = os.environ.get("SCREENSHOTS_DIR", "artifacts/screenshots")
    os.makedirs(path, exist_ok=True)
    return path


PHONE = {"width": 375, "height": 667}


@pytest.fixture
def shoot(screenshots_dir):
    """shoot(page, name): what the page shows in its window as NAME.png; with phone=True also
    NAME-phone.png at 375 x 667, with dark=True also NAME-dark.png in the dark scheme; with
    reduced motion, so what moves is shot at rest."""
    def take(page, name: str, phone: bool = False, dark: bool = False) -> None:
        page.emulate_media(reduced_motion="reduce")
        page.screenshot(path=f"{screenshots_dir}/{name}.png")
        if dark:
            page.emulate_media(color_scheme="dark")
            page.screenshot(path=f"{screenshots_dir}/{name}-dark.png")
            page.emulate_media(color_scheme="light")
        if phone:
            size = page.viewport_size
            page.set_viewport_size(PHONE)
            page.screenshot(path=f"{screenshots_dir}/{name}-phone.png")
            page.set_viewport_size(size)
        page.emulate_media(reduced_motion="no-preference")
    return take


def configure(server, **settings):
    """Every quiz's settings changed on the live server's database."""
    with server.app.app_context():
        db.session.execute(update(Quiz).values(**settings))
        db.session.commit()


def start(page, base: str):
    """The seed quiz started in the browser, on its attempt page."""
    page.goto(base + "/quizzes/deepseek-education")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))


@dataclass(frozen=True)
class Key:
    """One question of an attempt as its page shows it: its type, how many choices, and the
    places (0-based, in the order shown) of its right ones."""
    type: str
    count: int
    right: frozenset[int]


def answer_keys(app, attempt_id: int) -> list[Key]:
    """Each question's Key, in page order, read from the stored attempt."""
    with app.app_context():
        responses = db.session.scalars(
            select(Response).filter_by(attempt_id=attempt_id).order_by(Response.position)
        ).all()
        correct = set(db.session.scalars(select(Choice.id).filter_by(is_correct=True)))
        return [Key(r.question.type, len(r.choice_ids),
                    frozenset(i for i, cid in enumerate(r.choice_ids) if cid in correct))
                for r in responses]


def attempt_keys(page, app) -> list[Key]:
    """The Keys of the attempt the page shows (once it shows one)."""
    page.wait_for_url(re.compile(r"/attempts/\d+"))
    return answer_keys(app, int(re.search(r"/attempts/(\d+)", page.url)[1]))


def wrong_place(key: Key) -> int:
    """A wrong choice's place: the one after the first right one (after it, round)."""
    return next(i % key.count for i in range(min(key.right) + 1, min(key.right) + key.count)
                if i % key.count not in key.right)


def answer(group, key: Key, rightly: bool = True) -> None:
    """Answer one question's group, whatever its type: a radio group by choosing the right
    choice or a wrong one; a checkbox group by ticking exactly the right set, or (wrongly)
    only one wrong box, which earns no mark."""
    choices = group.locator(".choices")
    if key.type == "multiple":
        tick = key.right if rightly else {wrong_place(key)}
        boxes = choices.get_by_role("checkbox")
        for place in range(key.count):
            boxes.nth(place).set_checked(place in tick)
    else:
        place = min(key.right) if rightly else wrong_place(key)
        choices.get_by_role("radio").nth(place).check()


def answer_by_keyboard(page, key: Key) -> None:
    """Answer rightly, by keyboard, the question whose first choice has just taken the focus:
    Space chooses a radio and the arrows move the choice along; in a checkbox group Tab goes
    from box to box and Space ticks the right ones. The focus stays on its last choice."""
    if key.type == "multiple":
        for place in range(key.count):
            if place:
                page.keyboard.press("Tab")
            if place in key.right:
                page.keyboard.press("Space")
    else:
        page.keyboard.press("Space")
        for _ in range(min(key.right)):
            page.keyboard.press("ArrowDown")
