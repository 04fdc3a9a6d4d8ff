"""Gunicorn with four workers on a real SQLite file, driven by many clients at once."""

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
import requests

from app.extensions import db
from tests.conftest import BACKENDS, PG_URL, empty_and_seed, pg_app

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SLUG = "deepseek-education"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, db_path, workers: int = 4, busy_timeout: float = 5.0):
        """`db_path`: a SQLite file, or a PostgreSQL URL."""
        self.db_path, self.workers, self.busy_timeout = db_path, workers, busy_timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self):
        url = self.db_path if isinstance(self.db_path, str) else f"sqlite:///{self.db_path}"
        env = {**os.environ, "DATABASE_URL": url,
               "SECRET_KEY": "stress-secret", "SQLITE_BUSY_TIMEOUT_S": str(self.busy_timeout),
               "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(self.workers), "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "30", "app:create_app()"],
            cwd=ROOT, env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:  # the first requests wait for the workers to import the app
                if requests.get(self.url + "/", timeout=10).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        self.kill()
        raise RuntimeError("gunicorn did not start")

    def kill(self, sig=signal.SIGKILL):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=15)

    def stop(self):
        self.kill(signal.SIGTERM)


@pytest.fixture(params=BACKENDS)
def stress_db(request, seeded_db, tmp_path):
    """A seeded database for the server: a SQLite file, or the PostgreSQL URL."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_ready")
        app = pg_app()
        empty_and_seed(app)
        with app.app_context():
            db.engine.dispose()
        return PG_URL
    return request.getfixturevalue("sqlite_stress_db")


@pytest.fixture
def sqlite_stress_db(seeded_db, tmp_path) -> Path:
    path = tmp_path / "stress.db"
    shutil.copy(seeded_db, path)
    return path


def is_sqlite(target) -> bool:
    return not isinstance(target, str)


@pytest.fixture
def server(stress_db):
    gunicorn = Gunicorn(stress_db).start()
    yield gunicorn
    gunicorn.stop()


def sql(target, query: str, *args):
    """Run one statement on the server's database (SQLite file or PostgreSQL URL)."""
    if is_sqlite(target):
        with closing(sqlite3.connect(target)) as conn:
            rows = conn.execute(query, args).fetchall()
            conn.commit()
            return rows
    with psycopg.connect(target.replace("postgresql+psycopg", "postgresql")) as conn:
        cursor = conn.execute(query.replace("?", "%s").replace(" user ", ' "user" '), args)
        return cursor.fetchall() if cursor.description else []


class Browser:
    """One learner: a session of cookies and the CSRF token its pages carry."""

    def __init__(self, base: str):
        self.base, self.http, self.token = base, requests.Session(), ""

    def get(self, path: str):
        response = self.http.get(self.base + path, timeout=30, allow_redirects=False)
        match = TOKEN.search(response.text)
        if match:
            self.token = match.group(1)
        return response

    def post(self, path: str, data: dict):
        return self.http.post(self.base + path, data={"csrf_token": self.token, **data},
                              headers={"X-CSRFToken": self.token}, timeout=30,
                              allow_redirects=False)

    def start(self) -> int:
        self.get(f"/quizzes/{SLUG}")
        response = self.post(f"/quizzes/{SLUG}/start", {})
        assert response.status_code == 303, response.status_code
        return int(response.headers["Location"].rsplit("/", 1)[1])

    def choices(self, attempt_id: int) -> dict[int, list[int]]:
        page = self.get(f"/attempts/{attempt_id}").text
        found: dict[int, list[int]] = {}
        for q, c in re.findall(r'name="q(\d+)" type="radio" value="(\d+)"', page):
            found.setdefault(int(q), []).append(int(c))
        return found
