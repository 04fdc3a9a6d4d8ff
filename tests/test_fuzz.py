"""A property-based run of whole sessions: start, answer (with foreign, negative, huge and
malformed ids too), navigate, submit and resubmit, checking after every step that the server
never fails, grades once, scores right, takes no answer after submission, and that a refused
request changed no row."""

import os
import re
import shutil
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from app.extensions import db
from tests.conftest import TOKEN, make_app

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 1000 if os.environ.get("CI") else 150))
# the examples run as independent parts, which the test workers share out (one run of them
# all was the suite's longest test, five minutes on a busy machine)
PARTS = 4
SLUG = "deepseek-education"
BAD_IDS = st.sampled_from(["-1", "0", "9" * 30, "abc", "", "1.5", "999999", "0x10", " 3"])


class Watcher:
    """A connection of its own to the database: PRAGMA data_version changes whenever another
    connection commits a change, so a refused request that wrote anything is caught."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level=None)

    def version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self):
        self.conn.close()


@pytest.fixture(scope="module")
def fuzz_app(seeded_db, tmp_path_factory):
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path_factory.mktemp("f")
    path = folder / "fuzz.db"  # in memory-backed storage when there is some: fsyncs are cheap
    shutil.copy(seeded_db, path)
    # a session starts and submits far more attempts than a person would; the throttle that
    # stops that has tests of its own (tests/test_throttle.py)
    return make_app(path, THROTTLES={"start": (10**6, 1), "submit": (10**6, 1)}), path, seeded_db


@pytest.mark.parametrize("part", range(PARTS))
def test_sessions_never_break_the_rules(fuzz_app, part):
    app, path, seeded = fuzz_app

    class Session(RuleBasedStateMachine):
        attempts = Bundle("attempts")

        def __init__(self):
            super().__init__()
            with app.app_context():
                db.engine.dispose()
            for suffix in ("-wal", "-shm"):
                (path.parent / (path.name + suffix)).unlink(missing_ok=True)
            shutil.copy(seeded, path)
            self.watcher = Watcher(path)
            self.client = app.test_client()
            self.token = ""
            self.submitted: dict[int, tuple] = {}
            self.choices: dict[int, dict[int, list[int]]] = {}

        def request(self, method, url, data=None, headers=None):
            if data is not None:
                data = {"csrf_token": self.token, **data}
            before = self.watcher.version()
            response = getattr(self.client, method)(url, data=data, headers=headers)
            assert response.status_code < 500, (url, response.status_code)
            if response.status_code >= 400:
                assert self.watcher.version() == before, (url, response.status_code)
            match = TOKEN.search(response.get_data(as_text=True))
            if match:
                self.token = match.group(1)
            return response

        def load_choices(self, attempt_id):
            html = self.request("get", f"/attempts/{attempt_id}").get_data(as_text=True)
            found: dict[int, list[int]] = {}
            for q, c in re.findall(r'name="q(\d+)" type="radio" value="(\d+)"', html):
                found.setdefault(int(q), []).append(int(c))
            if found:
                self.choices[attempt_id] = found

        @rule(target=attempts)
        def start(self):
            self.request("get", f"/quizzes/{SLUG}")
            response = self.request("post", f"/quizzes/{SLUG}/start", {})
            assert response.status_code == 303
            attempt_id = int(response.location.rsplit("/", 1)[1])
            self.load_choices(attempt_id)
            return attempt_id

        @rule(attempt=attempts, pick=st.integers(0, 10_000), by_script=st.booleans(),
              kind=st.sampled_from(["valid", "foreign", "bad-choice", "bad-question"]),
              bad=BAD_IDS)
        def answer(self, attempt, pick, by_script, kind, bad):
            questions = self.choices.get(attempt)
            if not questions:
                return
            qids = sorted(questions)
            qid = qids[pick % len(qids)]
            choice = str(questions[qid][pick % len(questions[qid])])
            question = str(qid)
            if kind == "foreign":
                other = qids[(pick + 1) % len(qids)]
                choice = str(questions[other][0])
            elif kind == "bad-choice":
                choice = bad
            elif kind == "bad-question":
                question = bad
            if by_script:
                response = self.request("post", f"/attempts/{attempt}/answers",
                                        {"question": question, "choice": choice,
                                         "seq": str(pick + 1)},
                                        headers={"X-CSRFToken": self.token})
            else:
                response = self.request("post", f"/attempts/{attempt}",
                                        {f"q{question}": choice, "save": ""})
            if attempt in self.submitted:
                assert response.status_code in (400, 404, 409, 422), response.status_code

        @rule(attempt=attempts)
        def navigate(self, attempt):
            for url in (f"/attempts/{attempt}", f"/attempts/{attempt}/result", "/study/"):
                self.request("get", url)

        @rule(attempt=attempts)
        def submit(self, attempt):
            response = self.request("post", f"/attempts/{attempt}", {"confirm": ""})
            assert response.status_code == 303
            with closing(sqlite3.connect(path)) as conn:
                self.submitted.setdefault(attempt, conn.execute(
                    "SELECT attempt_id, question_id, choice_id, is_correct FROM response "
                    "WHERE attempt_id = ? ORDER BY id", (attempt,)).fetchall())

        @rule(foreign=st.integers(-5, 10**12), action=st.sampled_from(["save", "confirm"]))
        def someone_elses_attempt(self, foreign, action):
            if foreign in self.choices:
                return
            if not self.token:
                self.request("get", f"/quizzes/{SLUG}")
            response = self.request("post", f"/attempts/{foreign}", {action: ""})
            assert response.status_code == 404

        def teardown(self):
            self.watcher.close()

        @invariant()
        def graded_once_with_the_right_score(self):
            with closing(sqlite3.connect(path)) as conn:
                rows = conn.execute(
                    "SELECT a.id, a.score, (SELECT count(*) FROM response r WHERE "
                    "r.attempt_id = a.id AND r.is_correct) FROM attempt a WHERE "
                    "a.submitted_at IS NOT NULL").fetchall()
                assert all(score == right for _, score, right in rows)
                stat = conn.execute("SELECT n FROM quiz_stat WHERE selector='all'").fetchall()
                assert stat in ([], [(len(rows),)])
                logs = conn.execute("SELECT count(*) FROM review_log").fetchone()[0]
                questions = conn.execute("SELECT coalesce(sum(max_score), 0) FROM attempt "
                                         "WHERE submitted_at IS NOT NULL").fetchone()[0]
                assert logs == questions
                for attempt, snapshot in self.submitted.items():
                    assert conn.execute(
                        "SELECT attempt_id, question_id, choice_id, is_correct FROM response "
                        "WHERE attempt_id = ? ORDER BY id", (attempt,)).fetchall() == snapshot

    Session.TestCase.settings = settings(
        max_examples=-(-EXAMPLES // PARTS), stateful_step_count=6, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        database=None)
    Session.TestCase().runTest()
