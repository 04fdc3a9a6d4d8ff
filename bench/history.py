"""A realistic history written straight into a fresh SQLite file, for the benchmarks.

The schema comes from the migrations and the curated bank from `flask bank load`; then 5,000
guest learners and the requested number of submitted attempts (each answering `per_attempt`
questions drawn at random, right with the learner's own ability) are inserted in bulk, and the
statistics are rebuilt once in SQL, as `flask stats rebuild` does. The first CLASS_SIZE
learners joined the instructor's assignment "Period 3" (id 1) and took the quiz through it,
so it holds their share of the attempts (about 4%)."""

import random
import secrets
import sqlite3
import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import create_app  # noqa: E402
from app.domain.content import MARK_UNIT, QuestionContent  # noqa: E402
from app.extensions import db  # noqa: E402
from app.services.statistics import rebuild  # noqa: E402

LEARNERS = 5_000
CLASS_SIZE = 200
PASSWORD = "bench password 123"


def build(path: Path, attempts: int, rng: random.Random, per_attempt: int | None = None):
    """The app on a new database at `path` holding `attempts` submitted attempts."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench"})
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["bank", "load"]):
        assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=["users", "create", "teacher", "--role", "instructor"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        db.engine.dispose()

    conn = sqlite3.connect(path)
    quiz_id = conn.execute("SELECT id FROM quiz").fetchone()[0]
    conn.execute("UPDATE quiz SET questions_per_attempt = ?", (per_attempt,))
    questions = questions_of(conn)
    count = per_attempt or len(questions)
    first_user = conn.execute("SELECT COALESCE(MAX(id), 0) FROM user").fetchone()[0] + 1
    conn.executemany(
        "INSERT INTO user (id, role, created_at, session_token) VALUES (?, 'guest', ?, ?)",
        [(first_user + i, "2026-01-01 00:00:00", secrets.token_hex(32))
         for i in range(LEARNERS)])
    teacher = conn.execute("SELECT id FROM user WHERE username = 'teacher'").fetchone()[0]
    conn.execute("INSERT INTO assignment (id, quiz_id, owner_id, name, code, is_name_required,"
                 " created_at) VALUES (1, ?, ?, 'Period 3', 'K7QMX2PDRHWT', 0,"
                 " '2026-01-01 00:00:00')", (quiz_id, teacher))
    conn.executemany("INSERT INTO assignment_member (assignment_id, user_id, joined_at)"
                     " VALUES (1, ?, '2026-01-01 00:00:00')",
                     [(first_user + i,) for i in range(CLASS_SIZE)])
    ability = [rng.betavariate(4, 2) for _ in range(LEARNERS)]
    start = datetime(2026, 1, 1)
    attempt_rows, response_rows = [], []
    for attempt_id in range(1, attempts + 1):
        learner = rng.randrange(LEARNERS)
        started = start + timedelta(minutes=attempt_id)
        score = 0
        for position, (qid, rid, content) in enumerate(rng.sample(questions, count), start=1):
            ids = list(content.choice_ids)
            right = content.correct_choice_id
            chosen = right if rng.random() < ability[learner] else rng.choice(
                [c for c in ids if c != right])
            score += chosen == right
            response_rows.append((attempt_id, qid, rid, position, ",".join(map(str, ids)),
                                  chosen, right, chosen == right, MARK_UNIT * (chosen == right)))
        attempt_rows.append((attempt_id, quiz_id, first_user + learner,
                             1 if learner < CLASS_SIZE else None, str(started),
                             str(started + timedelta(minutes=12)), score, MARK_UNIT * score,
                             count))
    conn.executemany(
        "INSERT INTO attempt (id, quiz_id, user_id, assignment_id, started_at, submitted_at,"
        " score, marks, max_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", attempt_rows)
    conn.executemany(
        "INSERT INTO response (attempt_id, question_id, revision_id, position, choice_order,"
        " choice_id, correct_choice_id, is_correct, mark) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        response_rows)
    conn.commit()
    conn.close()
    with app.app_context():
        rebuild(quiz_id)
        db.session.commit()
    return app


def questions_of(conn: sqlite3.Connection):
    rows = conn.execute(
        "SELECT q.id, r.id, r.content FROM question q JOIN question_revision r "
        "ON r.question_id = q.id WHERE q.status = 'published' ORDER BY q.position").fetchall()
    return [(qid, rid, QuestionContent.from_json(text)) for qid, rid, text in rows]


def open_attempts(path: Path, user_id: int, count: int, per_attempt: int,
                  rng: random.Random) -> list[int]:
    """`count` open attempts for one learner, ready to be submitted."""
    conn = sqlite3.connect(path, timeout=30)
    quiz_id = conn.execute("SELECT id FROM quiz").fetchone()[0]
    questions = questions_of(conn)
    first = conn.execute("SELECT COALESCE(MAX(id), 0) FROM attempt").fetchone()[0] + 1
    ids = list(range(first, first + count))
    now = str(datetime(2026, 6, 1))
    conn.executemany(
        "INSERT INTO attempt (id, quiz_id, user_id, started_at, max_score) VALUES (?, ?, ?, ?, ?)",
        [(a, quiz_id, user_id, now, per_attempt) for a in ids])
    conn.executemany(
        "INSERT INTO response (attempt_id, question_id, revision_id, position, choice_order,"
        " saved_seq) VALUES (?, ?, ?, ?, ?, 0)",
        [(a, qid, rid, position, ",".join(map(str, content.choice_ids)))
         for a in ids
         for position, (qid, rid, content) in enumerate(rng.sample(questions, per_attempt), 1)])
    conn.commit()
    conn.close()
    return ids
