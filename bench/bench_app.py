"""The app as served, plus the two floors the benchmark compares against (never in the app)."""

from sqlalchemy import text

from app import create_app
from app.extensions import csrf, db


def create_bench_app():
    app = create_app()

    @app.get("/bench/bare")
    def bare():
        return "ok"

    @csrf.exempt
    @app.post("/bench/write")
    def write():
        """One row committed to the same SQLite file with the same durability settings."""
        db.session.execute(text("INSERT INTO bench_row (at) VALUES (CURRENT_TIMESTAMP)"))
        db.session.commit()
        return "ok"

    return app
