"""Error pages: a plain message, the right status and a reference; tracebacks only in the log."""

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db, is_busy, set_write_intent
from app.services.throttle import Throttled
from app.views import request_id

DEFAULT_MESSAGES = {
    400: "The request could not be understood. Please go back and try again.",
    403: "You are not allowed to see this page.",
    404: "There is nothing at this address.",
    405: "That action is not possible here.",
    413: "What you sent is too large: uploads and pasted articles are limited to 2 MB.",
    422: "What you sent could not be accepted.",
    429: "Too many requests came from you in a short time. Please wait a little and try again.",
}

# what each throttle's refusal says, with the wait in words (see domain.throttle)
THROTTLED = {
    "guest": "Too many new visitors have started from your network just now",
    "class-guest": "Too many people have joined this class just now",
    "start": "You have started many attempts in a row",
    "submit": "You have submitted many attempts in a row",
}

# Flask-WTF's reason for refusing a form -> what it means for the person who sent it
CSRF_CAUSES = {
    "The CSRF token is missing.":
        "This form arrived without its security token, so it was not accepted.",
    "The CSRF token is invalid.":
        "The form's security token is damaged, so the form was not accepted.",
    "The CSRF session token is missing.":
        "Your browser did not send this site's cookie with the form: cookies may be blocked "
        "for this site, or your session ended. Allow cookies for this site.",
    "The CSRF tokens do not match.":
        "This form belongs to another session: you may have signed in or out in another tab "
        "since the page was loaded.",
    "The referrer header is missing.":
        "Your browser did not say which page sent this form, which this site needs over "
        "HTTPS (a privacy setting or extension may remove the Referer header).",
    "The referrer does not match the host.":
        "This form was sent from a page of another site, so it was not accepted.",
}


def answers_json(view):
    """Mark a view whose client reads JSON (the autosave script): its errors (CSRF, 404, 413,
    a busy database) answer JSON as well, `{"error": message}`, so the script can say why."""
    view.answers_json = True
    return view


def _page(code: int, title: str, message: str, headers: dict | None = None):
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if getattr(view, "answers_json", False):
        return jsonify(error=message), code, headers or {}
    html = render_template("errors/error.html", code=code, title=title, message=message,
                           request_id=request_id())
    return html, code, headers or {}


def _in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        if error.description == "The CSRF token has expired.":
            hours = app.config["WTF_CSRF_TIME_LIMIT"] // 3600
            title = "Your form expired"
            cause = f"This page was open for more than {hours} hours, so its form expired."
        else:
            title = "Your form was not accepted"
            cause = CSRF_CAUSES.get(error.description, "The form's security check failed.")
        return _page(400, title, f"{cause} Reload the page and try again; nothing was changed.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        default = DEFAULT_MESSAGES.get(error.code, "")
        description = error.description
        # Werkzeug's stock descriptions are long and technical; ours are plain.
        type_default = type(error).description
        message = default if description == type_default or not description else description
        return _page(error.code or 500, error.name, message)

    @app.errorhandler(Throttled)
    def throttled(error: Throttled):
        """Past one of the limits: nothing the request did is kept; come back after the wait."""
        db.session.rollback()
        what = THROTTLED.get(error.scope, "Too many requests came from you in a short time")
        return _page(429, "Please wait a moment",
                     f"{what}. Please wait {_in_words(error.wait)} and try again; nothing you "
                     "saved is lost.", {"Retry-After": str(error.wait)})

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        """The write lock was held longer than the busy timeout: ask the client to come back."""
        db.session.rollback()
        set_write_intent(False)  # the page itself only reads
        if not is_busy(error.orig):
            app.logger.exception("request %s failed", request_id())
            return _page(500, "Something went wrong", "The error has been logged. "
                         "Please try again.")
        app.logger.warning("request %s (%s %s): database busy: %s", request_id(),
                           request.method, request.path, error.orig)
        return _page(503, "Busy for a moment", "The server is busy saving other answers. "
                     "Nothing was changed; please try again in a few seconds.",
                     {"Retry-After": "2"})

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        app.logger.error("request %s failed", request_id(),
                         exc_info=error.original_exception)
        return _page(500, "Something went wrong", "The error has been logged. Please try again.")
