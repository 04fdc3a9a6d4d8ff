"""Fixtures: an app on a fresh database per test, copied from one migrated and seeded file."""

import re
import shutil

import pytest
from click.testing import CliRunner

from app import create_app
from app.extensions import db

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def make_app(db_path, **extra):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",  # noqa: S105
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
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
        db.engine.dispose()
    return path


@pytest.fixture
def app(seeded_db, tmp_path):
    path = tmp_path / "quiz.db"
    shutil.copy(seeded_db, path)
    app = make_app(path)
    yield app
    with app.app_context():
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
