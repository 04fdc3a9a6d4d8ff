"""Blueprints, and what every response carries."""

from flask import Flask, request
from flask_login import current_user

CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def viewer():
    """The signed-in user (a guest counts), or None for a visitor who has not started yet."""
    return current_user if current_user.is_authenticated else None


def init_app(app: Flask) -> None:
    from app.views import quiz, results

    app.register_blueprint(quiz.bp)
    app.register_blueprint(results.bp)

    @app.template_filter("pct")
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f}%"

    @app.after_request
    def security_headers(response):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
