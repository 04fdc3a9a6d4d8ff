"""Blueprints, and what every response carries."""

import hashlib
import secrets
from functools import lru_cache
from pathlib import Path

from flask import Flask, g, request

from app.extensions import reset_write_intent, set_write_intent

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    from app.models import utcnow
    from app.services.study import due_count
    from app.views import articles, auth, editor, instructor, quiz, results, study
    from app.views.access import viewer

    for module in (quiz, results, study, articles, auth, instructor, editor):
        app.register_blueprint(module.bp)

    @app.context_processor
    def navigation():
        return {"due_cards": due_count(viewer(), utcnow())}

    @app.url_defaults
    def static_version(endpoint, values):
        """Static URLs carry a hash of the file, so a changed file is a new URL."""
        if endpoint == "static" and "filename" in values:
            path = Path(app.static_folder) / values["filename"]
            if path.is_file():
                values["v"] = _file_hash(str(path), path.stat().st_mtime_ns)

    @app.template_filter("pct")
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f}%"

    @app.before_request
    def start_request():
        """A request id for the logs and error pages; a request that may change state takes
        SQLite's write lock when its transaction begins."""
        g.request_id = secrets.token_hex(6)
        g.write_intent = set_write_intent(request.method not in SAFE_METHODS)

    @app.teardown_request
    def end_request(_error):
        if "write_intent" in g:
            reset_write_intent(g.pop("write_intent"))

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if app.config["SECURE_COOKIES"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response


@lru_cache(maxsize=64)
def _file_hash(path: str, _mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]
