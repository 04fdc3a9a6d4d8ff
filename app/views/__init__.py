"""Blueprints, and what every response carries."""

from flask import Flask, request

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
