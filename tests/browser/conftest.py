"""Browser tests: Debian's Chromium driven by Playwright, against the app served on loopback."""

import os
import re
import shutil
import threading

import pytest
from sqlalchemy import update
from werkzeug.serving import make_server

from app.extensions import db
from app.models import Quiz
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
