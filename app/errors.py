"""Error pages: a plain message and the right status, never a traceback."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db

DEFAULT_MESSAGES = {
    400: "The request could not be understood. Please go back and try again.",
    403: "You are not allowed to see this page.",
    404: "There is nothing at this address.",
    405: "That action is not possible here.",
    413: "What you sent is too large: uploads and pasted articles are limited to 2 MB.",
    422: "What you sent could not be accepted.",
}


def _page(code: int, title: str, message: str):
    return render_template("errors/error.html", code=code, title=title, message=message), code


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

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()
        return _page(500, "Something went wrong", "The error has been logged. Please try again.")
