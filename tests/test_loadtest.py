"""`make loadtest` at a tiny size, so the tool cannot rot: a handful of learners against
`make serve` on SQLite, every database check passing; and its checks catch a lost answer."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

from bench import loadtest


def test_a_tiny_exam_day_passes_every_check_and_a_changed_answer_is_caught(
        tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)  # a fresh SQLite file in tmp_path
    options = loadtest.parse_args(["--learners", "4", "--workers", "2", "--ramp", "0.5",
                                   "--think", "0.2:0.5", "--answer-for", "1.5",
                                   "--folder", str(tmp_path)])
    # a thread of its own: the browser tests leave Playwright's event loop on this one
    with ThreadPoolExecutor(1) as thread:
        outcome = thread.submit(loadtest.run, options).result()
    printed = capsys.readouterr().out
    assert outcome.passed, printed
    counts = {kind: len(times) for kind, times in outcome.record.times.items()}
    assert {k: counts[k] for k in ("quiz page", "start", "attempt page", "submit", "result")} \
        == dict.fromkeys(("quiz page", "start", "attempt page", "submit", "result"), 4)
    assert counts["autosave"] >= 4
    assert "learners who gave up: 0" in printed and printed.rstrip().endswith("PASSED")

    # an answer the server acknowledged, changed behind its back, is reported as lost
    learner = outcome.learners[0]
    question = next(iter(learner.saves))
    (kept,) = learner.allowed(question)
    other = next(v for v in learner.questions[question] if int(v) != kept)
    with closing(sqlite3.connect(tmp_path / "loadtest.db")) as db, db:
        db.execute("UPDATE response SET choice_id = ? WHERE attempt_id = ? AND question_id = ?",
                   (other, learner.attempt_id, question[1:]))
    checks = {c.what: c for c in loadtest.check_database(outcome.url, outcome.learners)}
    lost = checks["every acknowledged answer stored, the newest"]
    assert [f.split(":")[0] for f in lost.failures] == [f"attempt {learner.attempt_id} {question}"]
