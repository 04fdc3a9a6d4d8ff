"""The instructor dashboard's time at 1,000 and at 100,000 submitted attempts, side by side.

Each history is written straight into a fresh SQLite file (5,000 learners, answers drawn from
each learner's ability), its statistics are rebuilt once in SQL, and the dashboard page is then
requested through the app as a signed-in instructor. Target: the larger history's time within
2x of the smaller's.

    .venv/bin/python bench/dashboard.py [--repeat 30]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.history import PASSWORD, build  # noqa: E402

URL = "/instructor/quizzes/deepseek-education?attempts=all"


def signed_in_client(app):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
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
