"""Error pages: a plain message, the right status and a reference; tracebacks only in the log."""

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, is_busy, set_write_intent

DEFAULT_MESSAGES = {
    400: "The request could not be understood. Please go back and try again.",
    403: "You are not allowed to see this page.",
    404: "There is nothing at this address.",
    405: "That action is not possible here.",
    413: "What you sent is too large: uploads and pasted articles are limited to 2 MB.",
    422: "What you sent could not be accepted.",
}


def _page(code: int, title: str, message: str, headers: dict | None = None):
    html = render_template("errors/error.html", code=code, title=title, message=message,
                           request_id=g.get("request_id"))
    return html, code, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return _page(
            400,
            "Your form expired",
            "This page was open too long or its security token is missing. "
            "Reload the page and try again; nothing was changed.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        default = DEFAULT_MESSAGES.get(error.code, "")
        description = error.description
        # Werkzeug's stock descriptions are long and technical; ours are plain.
        type_default = type(error).description
        message = default if description == type_default or not description else description
        return _page(error.code or 500, error.name, message)

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        """The write lock was held longer than the busy timeout: ask the client to come back."""
        db.session.rollback()
        set_write_intent(False)  # the page itself only reads
        if not is_busy(error.orig):
            app.logger.exception("request %s failed", g.get("request_id"))
            return _page(500, "Something went wrong", "The error has been logged. "
                         "Please try again.")
        app.logger.warning("request %s (%s %s): database busy: %s", g.get("request_id"),
                           request.method, request.path, error.orig)
        return _page(503, "Busy for a moment", "The server is busy saving other answers. "
                     "Nothing was changed; please try again in a few seconds.",
                     {"Retry-After": "2"})

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        app.logger.error("request %s failed", g.get("request_id"),
                         exc_info=error.original_exception)
        return _page(500, "Something went wrong", "The error has been logged. Please try again.")
