"""The schema changes only through migrations: they build exactly what the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.domain.content import MARK_UNIT
from app.extensions import db, init_migrations
from tests.conftest import make_app


def test_migrations_build_the_models_schema(tmp_path):
    app = make_app(tmp_path / "m.db")
    init_migrations(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "response" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_past_attempts_keep_their_marks_in_whole_units(tmp_path):
    """An attempt graded before marks were kept in units (migration 0014) gets the marks it
    had: 12,600 units for each right answer, none for a wrong or missing one, and its total
    the score's; an open attempt stays ungraded, and no response gains a chosen set. The
    statistics' kept sums move to the same units, with each question's marks counted."""
    app = make_app(tmp_path / "m.db")
    init_migrations(app)
    runner = app.test_cli_runner()
    with app.app_context():
        upgrade(revision="0013")
        assert runner.invoke(args=["bank", "load"]).exit_code == 0
        with db.engine.begin() as conn:
            conn.execute(text('INSERT INTO "user" (id, role, created_at, session_token) '
                              "VALUES (1, 'guest', '2026-01-01', 't')"))
            rows = conn.execute(text("SELECT q.id, r.id, c.id FROM question q JOIN "
                                     "question_revision r ON r.question_id = q.id JOIN choice c "
                                     "ON c.question_id = q.id AND c.is_correct ORDER BY q.id "
                                     "LIMIT 3")).all()
            for attempt_id, score in ((1, 2), (2, None)):
                conn.execute(text(
                    "INSERT INTO attempt (id, quiz_id, user_id, kind, started_at, "
                    "submitted_at, score, max_score) VALUES (:id, 1, 1, 'graded', "
                    "'2026-01-01', :at, :score, 3)"),
                    {"id": attempt_id, "score": score, "at": score and "2026-01-02"})
                for position, (question_id, revision_id, choice_id) in enumerate(rows):
                    graded = score is not None
                    conn.execute(text(
                        "INSERT INTO response (attempt_id, question_id, revision_id, "
                        "position, choice_order, choice_id, saved_seq, is_correct) VALUES "
                        "(:a, :q, :r, :p, '', :c, 0, :right)"),
                        {"a": attempt_id, "q": question_id, "r": revision_id, "p": position,
                         "c": choice_id if position < 2 else None,
                         "right": (position < 2) if graded else None})
            # the kept sums of attempt 1 alone, as whole marks: total 2, question 1 right
            q, key = rows[0][0], "quiz_id, scope, selector"
            for table, columns, values in (
                    ("quiz_stat", "n, s1, s2, s3, s4", "1, 2, 4, 8, 16"),
                    ("score_count", "score, n", "2, 1"),
                    ("item_stat", "question_id, n, sx, sxx, st, stt, sxt",
                     f"{q}, 1, 1, 1, 2, 4, 2"),
                    ("rest_count", "question_id, rest, n", f"{q}, 1, 1")):
                conn.execute(text(f"INSERT INTO {table} ({key}, {columns}) "
                                  f"VALUES (1, 0, 'all', {values})"))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id, score, marks FROM attempt ORDER BY id")
                                ).all() == [(1, 2, 2 * MARK_UNIT), (2, None, None)]
            assert conn.execute(text("SELECT attempt_id, mark, chosen FROM response "
                                     "ORDER BY attempt_id, position")).all() == [
                (1, MARK_UNIT, None), (1, MARK_UNIT, None), (1, 0, None),
                (2, None, None), (2, None, None), (2, None, None)]
            # the statistics' sums in the same units, each question's marks counted
            u = MARK_UNIT
            assert conn.execute(text("SELECT n, s1, s2 FROM quiz_stat")).all() == [
                (1, 2 * u, 4 * u * u)]
            assert conn.execute(text("SELECT score, n FROM score_count")).all() == [(2 * u, 1)]
            assert conn.execute(text("SELECT n, sx, sxx, st, stt, sxt FROM item_stat")).all() == [
                (1, u, u * u, 2 * u, 4 * u * u, 2 * u * u)]
            assert conn.execute(text("SELECT rest, n FROM rest_count")).all() == [(u, 1)]
            assert conn.execute(text("SELECT mark, n FROM mark_count")).all() == [(u, 1)]
        db.engine.dispose()
