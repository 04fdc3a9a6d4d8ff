"""Configuration: defaults, then instance/config.py, then the environment."""

from app import _instance_secret, create_app
from app.services import accounts


def test_environment_chooses_the_database_and_key(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/elsewhere.db")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/elsewhere.db"
    assert app.config["SECRET_KEY"] == "from-the-environment"


def test_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/quiz.db"


def test_the_generated_secret_is_made_once_and_kept_private(tmp_path):
    path = tmp_path / "secret_key"
    first = _instance_secret(path)
    assert len(first) == 64 and _instance_secret(path) == first
    assert path.stat().st_mode & 0o777 == 0o600


def test_passwords_are_hashed_at_scrypts_full_cost(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")  # the suite's apps use a cheaper cost; the app does not
    with create_app().app_context():
        assert accounts._hash("a long enough passphrase").startswith("scrypt:32768:8:1$")
