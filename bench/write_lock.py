"""How long writers wait for SQLite's write lock: SQLite's own busy handler beside the app's.

Four processes (gunicorn's workers) write to one SQLite file as fast as they can, each
transaction holding the lock about a millisecond, like a saved answer. Each process records
how long every BEGIN IMMEDIATE waited. The same load runs twice in one go: first with
SQLite's busy handler doing the waiting (the connection's timeout, as pysqlite sets it), then
through the app's engine, where `extensions._begin_immediate` does it. Target: the longest
wait far under the 5 s busy timeout, so no request gets 503 for waiting its turn.

    .venv/bin/python bench/write_lock.py [--seconds 6] [--workers 4]
"""

import argparse
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from app.extensions import set_write_intent  # noqa: E402

TIMEOUT_S = 5.0


def busy_work(n: int) -> int:
    return sum(range(n))


def sqlite_handler(path: str, seconds: float) -> tuple[list[float], int]:
    conn = sqlite3.connect(path, timeout=TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA synchronous=FULL")
    waits, failures = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.monotonic()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            failures += 1
            continue
        waits.append(time.monotonic() - began)
        conn.execute("INSERT INTO answer (worker) VALUES (1)")
        busy_work(15_000)
        conn.execute("COMMIT")
        busy_work(5_000)
    return waits, failures


def app_engine(path: str, seconds: float) -> tuple[list[float], int]:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": TIMEOUT_S})
    set_write_intent(True)
    waits, failures = [], 0
    end = time.monotonic() + seconds
    with engine.connect() as conn:
        while time.monotonic() < end:
            began = time.monotonic()
            try:
                conn.begin()
            except OperationalError:  # the busy timeout passed
                failures += 1
                continue
            waits.append(time.monotonic() - began)
            conn.execute(text("INSERT INTO answer (worker) VALUES (2)"))
            busy_work(15_000)
            conn.commit()
            busy_work(5_000)
    return waits, failures


def worker(kind: str, path: str, seconds: float, results) -> None:
    results.put(globals()[kind](path, seconds))


def run(kind: str, path: str, seconds: float, workers: int) -> dict:
    results = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=worker, args=(kind, path, seconds, results))
                 for _ in range(workers)]
    for p in processes:
        p.start()
    per_worker = [results.get() for _ in processes]
    for p in processes:
        p.join()
    waits = sorted(w for ws, _ in per_worker for w in ws)
    counts = [len(ws) for ws, _ in per_worker]
    return {"writes": len(waits), "timeouts": sum(f for _, f in per_worker),
            "p99": waits[int(len(waits) * 0.99)], "longest": waits[-1],
            "fewest": min(counts), "most": max(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "lock.db")
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, worker INTEGER)")
        figures = {name: run(kind, path, args.seconds, args.workers)
                   for name, kind in (("SQLite's busy handler", "sqlite_handler"),
                                      ("the app's _begin_immediate", "app_engine"))}
    print(f"{args.workers} processes writing for {args.seconds:.0f} s each run")
    for name, f in figures.items():
        print(f"{name:>27}: {f['writes']:>6,} writes, {f['timeouts']} timeouts, "
              f"wait p99 {f['p99'] * 1000:6.1f} ms, longest {f['longest'] * 1000:6.0f} ms, "
              f"writes per process {f['fewest']:,}-{f['most']:,}")
    old, new = figures.values()
    print(f"longest wait, app / SQLite's handler: {new['longest'] / old['longest']:.2f}  "
          f"(target: far under the {TIMEOUT_S:.0f} s busy timeout: "
          f"{'met' if new['longest'] < TIMEOUT_S / 10 and not new['timeouts'] else 'MISSED'})")


if __name__ == "__main__":
    main()
