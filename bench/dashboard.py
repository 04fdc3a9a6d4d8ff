"""The instructor dashboard's time at 1,000 and at 100,000 submitted attempts, side by side.

Each history is written straight into a fresh SQLite file (5,000 learners, answers drawn from
each learner's ability), its statistics are rebuilt once in SQL, and the dashboard page is then
requested through the app as a signed-in instructor. Target: the larger history's time within
2x of the smaller's.

    .venv/bin/python bench/dashboard.py [--repeat 30]
"""

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import create_app  # noqa: E402
from app.domain.content import QuestionContent  # noqa: E402
from app.extensions import db  # noqa: E402
from app.services.statistics import rebuild  # noqa: E402

LEARNERS = 5_000
PASSWORD = "bench password 123"
URL = "/instructor/quizzes/deepseek-education?attempts=all"


def build(path: Path, attempts: int, rng: random.Random):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False})
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
    revisions = conn.execute(
        "SELECT q.id, r.id, r.content FROM question q JOIN question_revision r "
        "ON r.question_id = q.id WHERE q.status = 'published' ORDER BY q.position").fetchall()
    questions = [(qid, rid, QuestionContent.from_json(text)) for qid, rid, text in revisions]
    first_user = conn.execute("SELECT COALESCE(MAX(id), 0) FROM user").fetchone()[0] + 1
    conn.executemany("INSERT INTO user (id, role, created_at) VALUES (?, 'guest', ?)",
                     [(first_user + i, "2026-01-01 00:00:00") for i in range(LEARNERS)])
    ability = [rng.betavariate(4, 2) for _ in range(LEARNERS)]
    start = datetime(2026, 1, 1)
    attempt_rows, response_rows = [], []
    for attempt_id in range(1, attempts + 1):
        learner = rng.randrange(LEARNERS)
        started = start + timedelta(minutes=attempt_id)
        score = 0
        for position, (qid, rid, content) in enumerate(questions, start=1):
            ids = list(content.choice_ids)
            right = content.correct_choice_id
            if rng.random() < ability[learner]:
                chosen = right
            else:
                chosen = rng.choice([c for c in ids if c != right])
            score += chosen == right
            response_rows.append((attempt_id, qid, rid, position, ",".join(map(str, ids)),
                                  chosen, right, chosen == right))
        attempt_rows.append((attempt_id, quiz_id, first_user + learner, str(started),
                             str(started + timedelta(minutes=12)), score, len(questions)))
    conn.executemany(
        "INSERT INTO attempt (id, quiz_id, user_id, started_at, submitted_at, score, max_score)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)", attempt_rows)
    conn.executemany(
        "INSERT INTO response (attempt_id, question_id, revision_id, position, choice_order,"
        " choice_id, correct_choice_id, is_correct) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        response_rows)
    conn.commit()
    conn.close()
    with app.app_context():
        rebuild(quiz_id)
        db.session.commit()
    return app


def signed_in_client(app):
    client = app.test_client()
    response = client.post("/login", data={"username": "teacher", "password": PASSWORD})
    assert response.status_code == 303, response.status_code
    assert b"Attempts" in client.get(URL).data  # warm up
    return client


def time_dashboards(clients: dict, repeat: int) -> dict:
    """Requests alternate between the histories, so drift in the machine's speed falls on
    both alike; the median of each is reported."""
    times: dict = {size: [] for size in clients}
    for _ in range(repeat):
        for size, client in clients.items():
            began = time.perf_counter()
            response = client.get(URL)
            times[size].append(time.perf_counter() - began)
            assert response.status_code == 200
    return {size: statistics.median(values) for size, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(2026)
    with tempfile.TemporaryDirectory() as tmp:
        clients = {}
        for size in (args.small, args.large):
            began = time.perf_counter()
            app = build(Path(tmp) / f"bench-{size}.db", size, rng)
            print(f"built {size:>7,} attempts in {time.perf_counter() - began:6.1f} s",
                  flush=True)
            clients[size] = signed_in_client(app)
        timings = time_dashboards(clients, args.repeat)
        small, large = timings[args.small], timings[args.large]
        print(f"dashboard at {args.small:>7,} attempts: {small * 1000:7.2f} ms (median of "
              f"{args.repeat})")
        print(f"dashboard at {args.large:>7,} attempts: {large * 1000:7.2f} ms")
        ratio = large / small
        print(f"ratio {args.large:,} / {args.small:,}: {ratio:.2f}x (target: at most 2x) "
              f"{'OK' if ratio <= 2 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
