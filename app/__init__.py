"""Article Quiz: the application factory."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, ValidationError

from app.domain.numbers import MAX_ROW_ID, whole_number
from app.domain.throttle import LIMITS, Limit
from app.forms import OneValueRequest

MAX_PROXIES = 10


class RowId(IntegerConverter):
    """An <int:...> in a URL is a row id, read by `whole_number` like every number a visitor
    sends: ASCII digits only (Python's `\\d` would take other scripts' digits), at most 19 of
    them, at most 2^63 - 1; anything else is no match (404) and never reaches SQL."""

    regex = r"[0-9]{1,19}"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        number = whole_number(value, self.max)
        if number is None or (self.min is not None and number < self.min):
            raise ValidationError()
        return number


def create_app(test_config: dict | None = None) -> Flask:
    """Configure and register; no database work happens here."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///" + str(Path(app.instance_path) / "quiz.db"),
        # pysqlite's busy handler waits this long for the write lock (well under gunicorn's
        # 30 s worker timeout); past it the request gets 503 with Retry-After
        SQLITE_BUSY_TIMEOUT_S=5.0,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        # longer than the longest time limit a quiz can have (600 minutes)
        WTF_CSRF_TIME_LIMIT=12 * 3600,
        SECURE_COOKIES=False,
        # Werkzeug's scrypt at its own cost (2^15: about 0.2 s of CPU a hash); the test suite
        # sets a cheaper cost, as a hash checks the same whatever its cost (it says its method)
        PASSWORD_HASH_METHOD="scrypt:32768:8:1",
        # reverse proxies in front of the app that it trusts to say who the client is
        # (X-Forwarded-For, X-Forwarded-Proto); 0: none, the headers are ignored
        TRUSTED_PROXIES=0,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        # the 14 days run from the last visit, but the cookie is re-sent at most once a day
        # (views.renew_session), not signed again on every response
        SESSION_REFRESH_EACH_REQUEST=False,
        REMEMBER_COOKIE_DURATION=timedelta(days=14),
        # static files carry a content hash in their URL, so they can be cached for a year
        SEND_FILE_MAX_AGE_DEFAULT=timedelta(days=365),
        COMPRESS_MIMETYPES=["text/html", "text/css", "text/javascript", "application/json",
                            "image/svg+xml", "text/plain"],
        COMPRESS_ALGORITHM=["br", "gzip"],
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        if url := os.environ.get("DATABASE_URL"):
            app.config["SQLALCHEMY_DATABASE_URI"] = url
        if key := os.environ.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = key
        if timeout := os.environ.get("SQLITE_BUSY_TIMEOUT_S"):
            app.config["SQLITE_BUSY_TIMEOUT_S"] = float(timeout)
        if os.environ.get("SECURE_COOKIES", "").lower() in ("1", "true", "yes"):
            app.config["SECURE_COOKIES"] = True
        if (proxies := os.environ.get("TRUSTED_PROXIES")) is not None:
            app.config["TRUSTED_PROXIES"] = proxies
    else:
        app.config.from_mapping(test_config)
    # served over HTTPS: cookies only travel encrypted
    app.config["SESSION_COOKIE_SECURE"] = app.config["SECURE_COOKIES"]
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SECURE_COOKIES"]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault(
            "connect_args", {"timeout": app.config["SQLITE_BUSY_TIMEOUT_S"]})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
        app.config["SECRET_KEY_IS_GENERATED"] = True  # `flask check-serving` warns of it

    _trust_proxies(app)
    _throttles(app)
    app.request_class = OneValueRequest
    app.url_map.converters["int"] = RowId
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from app import cli, errors, extensions, views

    extensions.init_app(app)
    views.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind N trusted reverse proxies, the client's address is the Nth from the right in
    X-Forwarded-For (each proxy appends the address it got the request from), so whatever a
    client writes into the header itself is never taken. Off by default: without a proxy
    that sets these headers, anyone could claim any address and dodge the throttles."""
    setting = app.config["TRUSTED_PROXIES"]
    hops = setting if isinstance(setting, int) else whole_number(str(setting), MAX_PROXIES)
    if hops is None or not 0 <= hops <= MAX_PROXIES:
        raise ValueError(f"TRUSTED_PROXIES must be a whole number from 0 to {MAX_PROXIES} "
                         f"(the reverse proxies in front of the app), not {setting!r}")
    app.config["TRUSTED_PROXIES"] = hops
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _throttles(app: Flask) -> None:
    """The limits of `domain.throttle.LIMITS`, any of them replaced by THROTTLES (a scope ->
    `Limit` or (burst, every seconds)), e.g. in instance/config.py."""
    limits = dict(LIMITS)
    for scope, limit in (app.config.get("THROTTLES") or {}).items():
        if scope not in LIMITS:
            raise ValueError(f"THROTTLES: no limit is called {scope!r}; there are "
                             f"{', '.join(LIMITS)}")
        limits[scope] = limit if isinstance(limit, Limit) else Limit(*limit)
    app.config["THROTTLES"] = limits


def _instance_secret(path: Path) -> str:
    """A key made once per instance and kept there, so every process and restart share it."""
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
