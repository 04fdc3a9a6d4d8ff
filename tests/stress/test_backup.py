"""`flask db backup` while learners answer and submit through gunicorn, then a restore."""

import itertools
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import make_app
from tests.stress.conftest import ROOT, Gunicorn, sql
from tests.stress.test_concurrency import QUESTIONS, check_acknowledged, learner_session

THREADS = 8  # learners at a time, each taking one attempt after another until the backup is done


def test_a_backup_during_load_restores_every_acknowledged_attempt(sqlite_stress_db, tmp_path):
    """The backup runs as an operator would run it (`flask db backup`, its own process)
    while learners answer and submit through four workers, and they go on until it is done.
    Restored into a fresh app, it holds everything acknowledged before it began, and one
    consistent state: every attempt whole, the statistics and study reviews counting exactly
    its submitted ones."""
    server = Gunicorn(sqlite_stress_db).start()
    acknowledged, statuses = [], []
    seeds = itertools.count()
    enough, backed_up = threading.Event(), threading.Event()

    def learner():
        while not backed_up.is_set():
            learner_session(server.url, next(seeds), acknowledged, statuses)
            if sum(qid is None for _, qid, _ in acknowledged) >= 10:
                enough.set()

    backup = tmp_path / "backup.db"
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            futures = [pool.submit(learner) for _ in range(THREADS)]
            try:
                assert enough.wait(timeout=120), "the load never got going"
                before = list(acknowledged)
                result = subprocess.run(
                    [sys.executable, "-m", "flask", "--app", "app", "db", "backup",
                     str(backup)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                    env={**os.environ, "DATABASE_URL": f"sqlite:///{sqlite_stress_db}",
                         "SECRET_KEY": "stress-secret", "PYTHONPATH": str(ROOT)})
                during = len(acknowledged) - len(before)
            finally:
                backed_up.set()
            for future in futures:
                future.result()
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert during > 0, "nothing was acknowledged while the backup ran"
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
    every = sum(qid is None for _, qid, _ in acknowledged)
    print(f"backup: {submitted[0][0]} of {every} attempts submitted; {len(before)} "
          f"acknowledgements before it, {during} while it ran")
    assert submitted[0][0] < every
    assert sql(restored, "SELECT count(*) FROM attempt a WHERE max_score != (SELECT count(*) "
                         "FROM response r WHERE r.attempt_id = a.id)") == [(0,)]
    assert sql(restored, "SELECT coalesce(max(n), 0) FROM quiz_stat WHERE selector='all'") == \
        submitted
    assert sql(restored, "SELECT count(*) FROM review_log") == [(submitted[0][0] * QUESTIONS,)]
