"""Lighthouse (npm lighthouse 12.2.3 on Debian's Chromium) on the pages people use most:
home, attempt, result, My results and the instructor dashboard. Fails under 0.95 in
performance, accessibility or best practices.

    make audit   (or .venv/bin/python bench/audit.py)
"""

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history import PASSWORD, build  # noqa: E402
from bench.serve import SLUG, Server, Visitor  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices")
THRESHOLD = 0.95
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--no-first-run --disable-quic")


def lighthouse(url: str, cookie: str, out: Path) -> dict[str, float]:
    subprocess.run(
        [str(ROOT / "node_modules" / ".bin" / "lighthouse"), url, "--quiet", "--output=json",
         f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}",
         f"--chrome-flags={CHROME_FLAGS}", f"--extra-headers={json.dumps({'Cookie': cookie})}"],
        check=True, env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin"})
    report = json.loads(out.read_text())
    return {name: report["categories"][name]["score"] for name in CATEGORIES}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder / "audit.db", 200, random.Random(1), per_attempt=30)
        import sqlite3

        with sqlite3.connect(folder / "audit.db") as conn:
            conn.execute("CREATE TABLE bench_row (id INTEGER PRIMARY KEY, at TEXT)")
        server = Server(folder / "audit.db")
        try:
            learner, teacher = Visitor(server.url), Visitor(server.url)
            done = learner.start()
            learner.submit(done)
            open_id = learner.start()
            teacher.sign_in("teacher", PASSWORD)
            pages = {"home": ("/", learner), "attempt": (f"/attempts/{open_id}", learner),
                     "result": (f"/attempts/{done}/result", learner),
                     "my results": ("/my/results", learner),
                     "dashboard": (f"/instructor/quizzes/{SLUG}", teacher)}
            failed = []
            for name, (path, visitor) in pages.items():
                scores = lighthouse(server.url + path, visitor.cookie, folder / f"{name}.json")
                low = {k: v for k, v in scores.items() if v < THRESHOLD}
                failed += [f"{name} {k} {v:.2f}" for k, v in low.items()]
                print(f"{name:<12}" + "  ".join(f"{k} {v:.2f}" for k, v in scores.items()))
        finally:
            server.stop()
    if failed:
        sys.exit("under 0.95: " + "; ".join(failed))


if __name__ == "__main__":
    main()
