"""What each request of a learner's way through a quiz costs the server, one at a time: wall
time, CPU time and the SQL statements the database runs, measured inside the WSGI app.

Under a crowd, a worker's throughput is bounded by the CPU a request costs (and, on SQLite, by
how long a write holds the lock), so these figures say where exam day's time goes far more
steadily than a burst's wall clock on a machine shared with other work. LEARNERS guest
learners each take the curated quiz as `make serve` loads it (30 questions per attempt), in
process through Flask's test client: the quiz page, Start, the attempt page, three autosaves,
a form save of every answer, a submit of every answer, the result page and My results.

    .venv/bin/python bench/request_costs.py                    a fresh SQLite file
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/request_costs.py --fresh
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine.interfaces import ExecuteStyle  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from bench.loadtest import SLUG, prepare_database, read_attempt_page, read_forms  # noqa: E402

KINDS = ("quiz page", "start", "attempt page", "autosave", "form save", "submit", "result",
         "my results")


class Meter:
    """WSGI middleware timing each request (wall and this thread's CPU) and counting the
    statements it runs (an executemany once per row, an insertmanyvalues batch once)."""

    def __init__(self, app):
        self.app, self.inner = app, app.wsgi_app
        self.kind: str | None = None
        self.statements = 0
        self.seen: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", self.count)

    def count(self, _conn, _cursor, _statement, parameters, context, executemany):
        many = executemany and context.execute_style is ExecuteStyle.EXECUTEMANY
        self.statements += len(parameters) if many else 1

    def __call__(self, environ, start_response):
        self.statements = 0
        wall, cpu = time.perf_counter(), time.thread_time()
        body = b"".join(self.inner(environ, start_response))
        if self.kind is not None:
            self.seen[self.kind].append((time.perf_counter() - wall,
                                         time.thread_time() - cpu, self.statements))
        return [body]


def learner(client, meter: Meter, rng: random.Random) -> None:
    def measured(kind, method, url, **options):
        meter.kind = kind
        try:
            response = getattr(client, method)(url, **options)
        finally:
            meter.kind = None
        assert response.status_code < 400, (kind, response.status_code)
        return response

    quiz = measured("quiz page", "get", f"/quizzes/{SLUG}").get_data(as_text=True)
    start = next(f for f in read_forms(quiz) if f.action.endswith("/start"))
    attempt_url = measured("start", "post", start.action, data=start.fields).location
    html = measured("attempt page", "get", attempt_url).get_data(as_text=True)
    page = read_attempt_page(html)
    chosen = {q: rng.choice(values) for q, values in page.questions.items()}
    seq = int(page.fields["seq"])
    for n, question in enumerate(rng.sample(sorted(chosen), 3), start=1):
        reply = measured("autosave", "post", page.autosave, data={
            "question": question.removeprefix("q"), "choice": chosen[question],
            "seq": seq + n}, headers={"X-CSRFToken": page.fields["csrf_token"]})
        assert reply.json["saved"]
    form = next(f for f in read_forms(html) if f.action == page.action)
    name, value = form.button("Save answers")
    measured("form save", "post", page.action, data={
        **page.fields, "seq": seq + 10, **chosen, **({name: value or ""} if name else {})})
    name, value = page.submit
    done = measured("submit", "post", page.action, data={
        **page.fields, "seq": seq + 20, **chosen, **({name: value or ""} if name else {})})
    assert urlsplit(done.location).path.endswith("/result"), done.location
    measured("result", "get", done.location)
    measured("my results", "get", "/my/results")


def build_app(url: str):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": True})
    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["bank", "load"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    return app


def report(meter: Meter) -> None:
    print(f"{'request':<14}{'count':>6}{'wall p50':>10}{'wall p95':>10}{'CPU p50':>10}"
          f"{'statements':>12}")
    for kind in KINDS:
        rows = meter.seen[kind]
        walls = sorted(r[0] for r in rows)
        cpus = [r[1] for r in rows]
        counts = sorted({r[2] for r in rows})
        shown = str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
        print(f"{kind:<14}{len(rows):>6}{statistics.median(walls) * 1000:>8.2f}ms"
              f"{walls[int(0.95 * (len(walls) - 1))] * 1000:>8.2f}ms"
              f"{statistics.median(cpus) * 1000:>8.2f}ms{shown:>12}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20,
                        help="learners left out of the figures (caches filling)")
    parser.add_argument("--fresh", action="store_true",
                        help="empty the database of DATABASE_URL first (every table)")
    parser.add_argument("--seed", type=int, default=14)
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'requests.db'}"
        prepare_database(url, options.fresh)
        app = build_app(url)
        meter = Meter(app)
        app.wsgi_app = meter
        with app.app_context():
            per_attempt = db.session.scalar(text(
                "SELECT questions_per_attempt FROM quiz WHERE slug = :slug"), {"slug": SLUG})
        print(f"{options.learners} learners one after another on "
              f"{'PostgreSQL' if url.startswith('postgresql') else 'SQLite'}, "
              f"{per_attempt} questions per attempt; figures leave out the first "
              f"{options.warmup}\n")
        rng = random.Random(options.seed)
        for n in range(options.learners):
            if n == options.warmup:
                meter.seen.clear()
            learner(app.test_client(), meter, rng)
        report(meter)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
