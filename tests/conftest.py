"""Fixtures: an app on a fresh database per test. On SQLite, a copy of one migrated and seeded
file; on PostgreSQL (when TEST_DATABASE_URL names one), the same schema emptied and seeded
again. Every test taking `app` runs on each backend there is."""

import json
import os
import re
import shutil
from importlib import resources

import pytest
from click.testing import CliRunner
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, make_url, select, text, update

from app import create_app
from app.extensions import db, init_migrations


def worker_database(url: str | None) -> str | None:
    """Under pytest-xdist (`make test` runs two workers) each worker has a PostgreSQL database
    of its own, named after the one given and made beside it when missing."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    given = make_url(url)
    name = f"{given.database}_{worker}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                        {"name": name}).scalar() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


PG_URL = worker_database(os.environ.get("TEST_DATABASE_URL"))
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]
# the curated bank's questions: every one is asked in most tests (`ask_every_question`)
CURATED_COUNT = len(json.loads(resources.files("app.content").joinpath(
    "deepseek_education.json").read_text(encoding="utf-8"))["questions"])


def pytest_collection_modifyitems(items):
    """Tests that start gunicorn servers and load them run one after another on one worker:
    two at once on two cores would measure each other."""
    for item in items:
        path = str(item.fspath)
        if "/stress/" in path or path.endswith("test_loadtest.py"):
            item.add_marker(pytest.mark.xdist_group("servers"))


def pytest_configure(config):
    if os.environ.get("CI") and not PG_URL:
        raise pytest.UsageError("CI runs every web and concurrency test on PostgreSQL too: "
                                "set TEST_DATABASE_URL (.ci/postgres prints one)")

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


# scrypt at 2^10 rather than 2^15: the suite makes and checks about a thousand passwords, and
# at full cost they took a third of the time of the tests that sign in (tests/test_config.py
# checks the app's own cost)
CHEAP_HASH = "scrypt:1024:8:1"


def make_app(db_path, **extra):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",  # noqa: S105
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "PASSWORD_HASH_METHOD": CHEAP_HASH,
            **extra,
        }
    )


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory):
    """The schema built by the migrations, and the curated bank loaded by the CLI command."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    app = make_app(path)
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["bank", "load"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    with app.app_context():
        ask_every_question()
        db.engine.dispose()
    return path


def ask_every_question() -> None:
    """The curated quiz draws 30 of its questions per attempt; most tests are easier to read
    with every question asked, and set a draw themselves where it matters."""
    db.session.execute(text("UPDATE quiz SET questions_per_attempt = NULL"))
    db.session.commit()


def pg_app(**extra):
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret",  # noqa: S105
                       "SQLALCHEMY_DATABASE_URI": PG_URL, "PASSWORD_HASH_METHOD": CHEAP_HASH,
                       **extra})


@pytest.fixture(scope="session")
def pg_ready():
    """The PostgreSQL test database built from nothing by the migrations, taken down to
    nothing and up again, so they are known to apply cleanly both ways."""
    app = pg_app()
    init_migrations(app)
    with app.app_context():
        db.session.execute(text("DROP SCHEMA public CASCADE"))
        db.session.execute(text("CREATE SCHEMA public"))
        db.session.commit()
        upgrade()
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()
    return app


def empty_and_seed(app) -> None:
    with app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["bank", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        ask_every_question()


@pytest.fixture(params=BACKENDS)
def app(request, seeded_db, tmp_path):
    if request.param == "postgresql":
        request.getfixturevalue("pg_ready")
        app = pg_app()
        empty_and_seed(app)
    else:
        path = tmp_path / "quiz.db"
        shutil.copy(seeded_db, path)
        app = make_app(path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app) -> CliRunner:
    return app.test_cli_runner()


def csrf_token(client, *urls: str) -> str:
    """This session's CSRF token, read from the first of these pages that has a form."""
    for url in urls or ("/quizzes/deepseek-education",):
        match = TOKEN.search(client.get(url).get_data(as_text=True))
        if match:
            return match.group(1)
    raise AssertionError(f"no CSRF token on {urls}")


@pytest.fixture
def instructor(app, runner):
    """A test client signed in as an instructor."""
    from tests.accounts_helpers import login, make_user

    make_user(runner, "teacher", role="instructor")
    client = app.test_client()
    assert login(client, "teacher").status_code == 303
    return client


@pytest.fixture
def seed_quiz(app, instructor):
    """The instructor's client, with the curated quiz handed to them: a quiz of theirs whose
    questions have been answered, for the editor's tests (nobody edits a quiz that belongs to
    no one)."""
    from app.models import Quiz, User

    with app.app_context():
        teacher = db.session.scalar(select(User).filter_by(username="teacher"))
        db.session.execute(update(Quiz).filter_by(slug="deepseek-education")
                           .values(owner_id=teacher.id))
        db.session.commit()
    return instructor
