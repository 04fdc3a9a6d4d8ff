"""`make serve` says plainly when its settings are unfit for serving."""

import subprocess
from pathlib import Path

import pytest

from app import create_app

ROOT = Path(__file__).resolve().parents[1]
NO_KEY = "SECRET_KEY is not set"
INSECURE = "with insecure cookies"


def test_make_serve_checks_the_settings_before_it_starts_gunicorn():
    recipe = subprocess.run(["make", "-n", "serve", "HOST=0.0.0.0"], cwd=ROOT, text=True,
                            capture_output=True, check=True).stdout.splitlines()
    check = next(i for i, line in enumerate(recipe)
                 if 'flask check-serving --host "0.0.0.0"' in line)
    assert check < next(i for i, line in enumerate(recipe) if "gunicorn" in line)


@pytest.mark.parametrize(("environment", "host", "warned"), [
    ({}, "127.0.0.1", [NO_KEY]),
    ({}, "0.0.0.0", [NO_KEY, INSECURE]),
    ({"SECRET_KEY": "k" * 64}, "0.0.0.0", [INSECURE]),
    ({"SECRET_KEY": "k" * 64}, "quiz.example.org", [INSECURE]),
    ({"SECRET_KEY": "k" * 64, "SECURE_COOKIES": "1"}, "0.0.0.0", []),
    ({"SECRET_KEY": "k" * 64}, "127.0.0.1", []),
    ({"SECRET_KEY": "k" * 64}, "localhost", []),
    ({"SECRET_KEY": "k" * 64}, "[::1]", []),
])
def test_serving_warns_without_a_secret_key_or_with_insecure_cookies_on_an_open_address(
        monkeypatch, environment, host, warned):
    monkeypatch.setattr("flask.Config.from_pyfile", lambda *args, **kwargs: False)  # no
    for name in ("SECRET_KEY", "SECURE_COOKIES"):                 # instance/config.py either
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    result = create_app().test_cli_runner().invoke(args=["check-serving", "--host", host])
    assert result.exit_code == 0 and result.stdout == ""
    assert [w for w in (NO_KEY, INSECURE) if w in result.stderr] == warned
    assert result.stderr.count("WARNING: ") == len(warned)


def test_a_serving_worker_does_not_import_alembic_but_the_command_line_migrates(tmp_path):
    """Every worker gunicorn starts (or restarts) builds the app; alembic, under Flask-Migrate,
    costs it about 0.45 s of import and serves no request, so only `flask db …` loads it."""
    environment = {"PATH": str(Path(ROOT / ".venv/bin").resolve()) + ":/usr/bin:/bin",
                   "SECRET_KEY": "k" * 64, "FLASK_APP": "app",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'quiz.db'}"}
    for command in (["db", "upgrade"], ["bank", "load"]):
        subprocess.run(["flask", *command], cwd=ROOT, env=environment, capture_output=True,
                       check=True)
    worker = subprocess.run(
        ["python", "-c", "import sys; from app import create_app; "
         "print(create_app().test_client().get('/quizzes/deepseek-education').status_code, "
         "sorted({m.split('.')[0] for m in sys.modules} & {'alembic', 'flask_migrate'}))"],
        cwd=ROOT, env=environment, text=True, capture_output=True, check=True)
    assert worker.stdout.strip() == "200 []"
    current = subprocess.run(["flask", "db", "current"], cwd=ROOT, env=environment, text=True,
                             capture_output=True, check=True)
    assert "(head)" in current.stdout
    commands = subprocess.run(["flask", "db", "--help"], cwd=ROOT, env=environment,
                              text=True, capture_output=True, check=True).stdout
    assert "backup" in commands and "--directory" in commands
