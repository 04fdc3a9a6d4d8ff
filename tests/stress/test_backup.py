"""`flask db backup` while learners answer and submit through gunicorn, then a restore."""

import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import make_app
from tests.stress.conftest import ROOT, Gunicorn, sql
from tests.stress.test_concurrency import QUESTIONS, check_acknowledged, learner_session

LEARNERS = 50


def test_a_backup_during_load_restores_every_acknowledged_attempt(sqlite_stress_db, tmp_path):
    """The backup runs as an operator would run it (`flask db backup`, its own process)
    while 50 learners answer and submit through four workers. Restored into a fresh app,
    it holds everything acknowledged before it began, and one consistent state: every
    attempt whole, the statistics and study reviews counting exactly its submitted ones."""
    server = Gunicorn(sqlite_stress_db).start()
    acknowledged, statuses = [], []
    enough = threading.Event()

    def learner(n):
        learner_session(server.url, n, acknowledged, statuses)
        if sum(qid is None for _, qid, _ in acknowledged) >= 10:
            enough.set()

    backup = tmp_path / "backup.db"
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            futures = [pool.submit(learner, n) for n in range(LEARNERS)]
            assert enough.wait(timeout=120), "the load never got going"
            before = list(acknowledged)
            result = subprocess.run(
                [sys.executable, "-m", "flask", "--app", "app", "db", "backup", str(backup)],
                cwd=ROOT, capture_output=True, text=True, timeout=60,
                env={**os.environ, "DATABASE_URL": f"sqlite:///{sqlite_stress_db}",
                     "SECRET_KEY": "stress-secret", "PYTHONPATH": str(ROOT)})
            running = sum(not f.done() for f in futures)
            for future in futures:
                future.result()
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert running > 0, "the backup ran after the load, not during it"
    assert not [s for s in statuses if s >= 500]

    # restore as the README says: the backup file in place of the database, then migrate
    restored = tmp_path / "restored" / "quiz.db"
    restored.parent.mkdir()
    shutil.copy(backup, restored)
    app = make_app(restored)
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert app.test_client().get("/").status_code == 200
    assert sql(restored, "PRAGMA integrity_check") == [("ok",)]

    check_acknowledged(restored, before)
    submitted = sql(restored, "SELECT count(*) FROM attempt WHERE submitted_at IS NOT NULL")
    print(f"backup: {submitted[0][0]} of {LEARNERS} attempts submitted; {len(before)} "
          f"acknowledgements before it; {running} learners still running after it")
    assert submitted[0][0] < LEARNERS
    assert sql(restored, "SELECT count(*) FROM attempt a WHERE max_score != (SELECT count(*) "
                         "FROM response r WHERE r.attempt_id = a.id)") == [(0,)]
    assert sql(restored, "SELECT coalesce(max(n), 0) FROM quiz_stat WHERE selector='all'") == \
        submitted
    assert sql(restored, "SELECT count(*) FROM review_log") == [(submitted[0][0] * QUESTIONS,)]
