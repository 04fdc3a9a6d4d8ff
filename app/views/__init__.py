"""Blueprints, and what every response carries."""

import hashlib
import secrets
from datetime import date
from pathlib import Path

from flask import Flask, g, request, session

from app.domain.grading import mark_text, verdict
from app.extensions import login_manager, reset_write_intent, set_write_intent

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def init_app(app: Flask) -> None:
    from app.domain.assignments import format_code
    from app.views import articles, assignments, auth, editor, instructor, quiz, results, study
    from app.views.access import due_cards, load_user, viewer
    from app.views.helpers import quiz_tabs

    for module in (quiz, results, study, articles, auth, instructor, editor, assignments):
        app.register_blueprint(module.bp)

    login_manager.user_loader(load_user)
    app.add_template_global(quiz_tabs)
    app.add_template_filter(format_code, "code")

    @app.context_processor
    def navigation():
        return {"due_cards": due_cards(viewer())}

    versions: dict[str, str | None] = {}

    @app.url_defaults
    def static_version(endpoint, values):
        """Static URLs carry a hash of the file, so a changed file is a new URL. Files change
        only with a deploy (a restart), so each is hashed once; in debug mode, on every URL."""
        if endpoint == "static" and "filename" in values:
            name = values["filename"]
            if name not in versions or app.debug:
                path = Path(app.static_folder) / name
                versions[name] = _file_hash(path) if path.is_file() else None
            if versions[name]:
                values["v"] = versions[name]

    app.add_template_global(verdict)
    # an attempt's marks (units of content.MARK_UNIT) as read: "7", "7.5", "6.67"
    app.add_template_filter(lambda units: mark_text(units or 0), "marks")

    @app.template_filter("pct")
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f}%"

    @app.before_request
    def start_request():
        """A request id for the logs and error pages; a request that may change state takes
        SQLite's write lock when its transaction begins."""
        request_id()
        g.write_intent = set_write_intent(request.method not in SAFE_METHODS)
        renew_session()

    @app.teardown_request
    def end_request(_error):
        if "write_intent" in g:
            reset_write_intent(g.pop("write_intent"))

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Request-ID"] = request_id()
        if app.config["SECURE_COOKIES"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response


def request_id() -> str:
    """This request's id, made on first use: a request refused before the views' own
    `before_request` runs (a bad CSRF token, a body over the limit) has one too."""
    if "request_id" not in g:
        g.request_id = secrets.token_hex(6)
    return g.request_id


def renew_session() -> None:
    """A signed-in visitor's session lasts PERMANENT_SESSION_LIFETIME from their last visit:
    the first request of each day sends the cookie again with a new expiry."""
    if session.permanent:
        today = date.today().toordinal()
        if session.get("renewed_on") != today:
            session["renewed_on"] = today


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
