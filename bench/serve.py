"""Throughput of every kind of request under gunicorn (2 workers), side by side in one run.

A fresh SQLite file gets a realistic history (the 30-question quiz, 5,000 learners), first of
1,000 and then of 100,000 submitted attempts. wrk then drives each request for a few seconds
and the requests per second are reported as ratios to a bare route served by the same server
(registered only in the benchmark's app), and for writes to a bare route that commits one row
with the same durability settings. Also: the dashboard alone and under load at both history
sizes, each worker's peak memory, and the bytes each page weighs with what it loads.

    make bench   (or .venv/bin/python bench/serve.py --seconds 5)
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.history import PASSWORD, build, open_attempts  # noqa: E402

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SLUG = "deepseek-education"
PER_ATTEMPT = 30
TARGETS = {"attempt page": ("bare", 0.3), "result page": ("bare", 0.2),
           "my results": ("bare", 0.2), "save an answer": ("write", 0.5)}

LUA_POST = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
wrk.headers["X-CSRFToken"] = "{token}"
local ids = {{{ids}}}
local n, step = 0, 1
function setup(thread)
  thread:set("offset", #(_G.threads or {{}}))
  _G.threads = _G.threads or {{}}
  table.insert(_G.threads, thread)
end
function init(args)
  n = offset
  step = 2
end
request = function()
  n = n + step
  local body = string.format("{body}", ids[(n % #ids) + 1], {seq_base} + n)
  return wrk.format(nil, string.format("{path}", ids[(n % #ids) + 1]), nil, body)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db_path: Path):
        self.db_path, self.port = db_path, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "SECRET_KEY": "bench",
               "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
             f"127.0.0.1:{self.port}", "bench.bench_app:create_bench_app()"],
            cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        for _ in range(150):
            try:
                if requests.get(self.url + "/bench/bare", timeout=10).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def workers(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                             text=True).stdout
        return [int(pid) for pid in out.split()]

    def peak_memory_mb(self) -> list[float]:
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
        return peaks

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=20)


class Visitor:
    def __init__(self, base: str):
        self.base, self.http, self.token = base, requests.Session(), ""

    def get(self, path):
        response = self.http.get(self.base + path, allow_redirects=False)
        if match := TOKEN.search(response.text):
            self.token = match.group(1)
        return response

    def post(self, path, data):
        return self.http.post(self.base + path, data={"csrf_token": self.token, **data},
                              allow_redirects=False)

    def start(self) -> int:
        """Start (or resume) an attempt on the curated quiz; its id."""
        self.get(f"/quizzes/{SLUG}")
        attempt = int(self.post(f"/quizzes/{SLUG}/start", {}).headers["Location"]
                      .rsplit("/", 1)[1])
        self.get(f"/attempts/{attempt}")
        return attempt

    def submit(self, attempt: int) -> None:
        self.post(f"/attempts/{attempt}", {"confirm": ""})

    def sign_in(self, username: str, password: str) -> None:
        self.get("/login")
        assert self.post("/login", {"username": username, "password": password}
                         ).status_code == 303

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)


def wrk(url: str, seconds: int, cookie: str = "", script: str | None = None) -> float:
    args = ["wrk", "-t2", "-c8", f"-d{seconds}s", url]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    if script:
        args += ["-s", script]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def post_script(folder: Path, name: str, visitor: Visitor, path: str, body: str,
                ids: list[int], seq_base: int = 0) -> str:
    script = folder / f"{name}.lua"
    script.write_text(LUA_POST.format(cookie=visitor.cookie, token=visitor.token,
                                      ids=",".join(map(str, ids)), body=body, path=path,
                                      seq_base=seq_base))
    return str(script)


def alone(visitor: Visitor, path: str, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        assert visitor.get(path).status_code == 200
        times.append(time.perf_counter() - began)
    return sorted(times)[len(times) // 2]


def page_weight(visitor: Visitor, path: str) -> int:
    html = visitor.get(path).text
    size = len(html.encode())
    for asset in set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)):
        size += len(visitor.http.get(visitor.base + asset).content)
    return size


def measure(db_path: Path, attempts: int, seconds: int, folder: Path, full: bool) -> dict:
    rng = random.Random(attempts)
    build(db_path, attempts, rng, per_attempt=PER_ATTEMPT)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE bench_row (id INTEGER PRIMARY KEY, at TEXT)")
    server = Server(db_path)
    results: dict = {"attempts": attempts}
    try:
        teacher = Visitor(server.url)
        teacher.sign_in("teacher", PASSWORD)
        dashboard = f"/instructor/quizzes/{SLUG}?attempts=all"
        results["dashboard alone ms"] = 1000 * alone(teacher, dashboard)
        results["rps"] = {"bare": wrk(server.url + "/bench/bare", seconds)}
        results["rps"]["dashboard"] = wrk(server.url + dashboard, seconds, teacher.cookie)
        if not full:
            return results
        # a learner with a few submitted attempts, and one open
        learner = Visitor(server.url)
        for _ in range(3):
            attempt = learner.start()
            learner.submit(attempt)
        open_id = learner.start()
        page = learner.get(f"/attempts/{open_id}").text
        question, choice = re.search(r'name="q(\d+)" type="radio" value="(\d+)"', page).groups()
        pages = {"home": "/", "attempt page": f"/attempts/{open_id}",
                 "result page": f"/attempts/{attempt}/result", "my results": "/my/results"}
        for name, path in pages.items():
            results["rps"][name] = wrk(server.url + path, seconds, learner.cookie)
        results["rps"]["write"] = wrk(server.url + "/bench/write", seconds,
                                      script=post_script(folder, "write", learner, "/bench/write",
                                                         "n=%s&m=%s", [0]))
        results["rps"]["save an answer"] = wrk(
            server.url, seconds, script=post_script(
                folder, "save", learner, f"/attempts/{open_id}/answers",
                f"question={question}&choice={choice}&seq=%s%s", [0],
                seq_base=time.time_ns() // 1_000_000))
        results["bytes"] = {name: page_weight(learner, path) for name, path in pages.items()}
        results["bytes"]["dashboard"] = page_weight(teacher, dashboard)
        # submitting: a supply of open attempts, each graded once (30 questions, statistics,
        # study cards)
        user_id = sqlite3.connect(db_path).execute(
            "SELECT user_id FROM attempt WHERE id = ?", (open_id,)).fetchone()[0]
        to_submit = open_attempts(db_path, user_id, 6000, PER_ATTEMPT, rng)
        results["rps"]["submit"] = wrk(
            server.url, seconds, script=post_script(
                folder, "submit", learner, "/attempts/%s", "confirm=&x=%s%s",
                to_submit))
        graded = sqlite3.connect(db_path).execute(
            "SELECT count(*) FROM attempt WHERE user_id = ? AND submitted_at IS NOT NULL AND "
            "id >= ?", (user_id, to_submit[0])).fetchone()[0]
        results["submissions graded"] = graded
        results["peak MB per worker"] = server.peak_memory_mb()
    finally:
        server.stop()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: sudo apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = measure(folder / "small.db", args.small, args.seconds, folder, full=False)
        large = measure(folder / "large.db", args.large, args.seconds, folder, full=True)
    rps = large["rps"]
    print(f"history: {args.large:,} submitted attempts of the {PER_ATTEMPT}-question quiz, "
          f"5,000 learners; gunicorn 2 workers; wrk -t2 -c8 -d{args.seconds}s")
    print(f"{'request':<18}{'req/s':>9}{'/ bare':>9}{'/ write':>9}  target")
    for name, value in rps.items():
        target = TARGETS.get(name)
        floor = rps["write"] if name in ("save an answer", "submit", "write") else None
        verdict = ""
        if target:
            ratio = value / rps[target[0]]
            verdict = f"≥ {target[1]} of {target[0]}: {'OK' if ratio >= target[1] else 'MISSED'}"
        write_ratio = f"{value / floor:9.2f}" if floor else " " * 9
        print(f"{name:<18}{value:9.0f}{value / rps['bare']:9.2f}{write_ratio}  {verdict}")
    print(f"submissions graded during the run: {large['submissions graded']}")
    alone_ratio = large["dashboard alone ms"] / small["dashboard alone ms"]
    load_ratio = small["rps"]["dashboard"] / rps["dashboard"]
    print(f"dashboard alone: {small['dashboard alone ms']:.1f} ms at {args.small:,}, "
          f"{large['dashboard alone ms']:.1f} ms at {args.large:,}: {alone_ratio:.2f}x "
          f"(target ≤ 2x: {'OK' if alone_ratio <= 2 else 'MISSED'})")
    print(f"dashboard under load: {small['rps']['dashboard']:.0f} req/s at {args.small:,}, "
          f"{rps['dashboard']:.0f} req/s at {args.large:,}: {load_ratio:.2f}x slower "
          f"(target ≤ 2x: {'OK' if load_ratio <= 2 else 'MISSED'})")
    print("peak memory per worker (MB): " + ", ".join(f"{m:.0f}" for m in
                                                      large["peak MB per worker"]))
    print("bytes per page with what it loads: " + json.dumps(large["bytes"]))


if __name__ == "__main__":
    main()
