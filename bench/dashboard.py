"""The instructor dashboard's time at 1,000 and at 100,000 submitted attempts, side by side,
for the whole quiz and narrowed to one assignment's class.

Each history is written straight into a fresh SQLite file (5,000 learners, 200 of them in the
assignment "Period 3", answers drawn from each learner's ability), its statistics are rebuilt
once in SQL, and the dashboard page is then requested through the app as a signed-in
instructor. Target: the larger history's time within 2x of the smaller's, in both cases.

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

URLS = {"whole quiz": "/instructor/quizzes/deepseek-education?attempts=all",
        "assignment": "/instructor/quizzes/deepseek-education?attempts=all&assignment=1"}


def signed_in_client(app):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/login", data={"username": "teacher", "password": PASSWORD})
    assert response.status_code == 303, response.status_code
    for url in URLS.values():
        assert b"Attempts" in client.get(url).data  # warm up
    assert b"Results: Period 3" in client.get(URLS["assignment"]).data
    return client


def time_dashboards(clients: dict, repeat: int) -> dict:
    """Requests alternate between the histories and the cases, so drift in the machine's
    speed falls on all alike; the median of each is reported."""
    times: dict = {(size, case): [] for size in clients for case in URLS}
    for _ in range(repeat):
        for (size, case), values in times.items():
            began = time.perf_counter()
            response = clients[size].get(URLS[case])
            values.append(time.perf_counter() - began)
            assert response.status_code == 200
    return {key: statistics.median(values) for key, values in times.items()}


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
        for case in URLS:
            small, large = timings[(args.small, case)], timings[(args.large, case)]
            print(f"{case}: dashboard at {args.small:>7,} attempts: {small * 1000:7.2f} ms "
                  f"(median of {args.repeat})")
            print(f"{case}: dashboard at {args.large:>7,} attempts: {large * 1000:7.2f} ms")
            ratio = large / small
            print(f"{case}: ratio {args.large:,} / {args.small:,}: {ratio:.2f}x (target: at "
                  f"most 2x) {'OK' if ratio <= 2 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
