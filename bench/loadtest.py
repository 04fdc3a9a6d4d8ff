"""Exam day (issue 14): N guest learners open the quiz, start together, answer, submit together.

The server is started by `make serve` itself (gunicorn, same options, WORKERS workers) on a
fresh SQLite file in a temporary folder, or on the database of DATABASE_URL. The curated quiz
is loaded as `make serve` loads it (30 questions drawn per attempt).

Each learner is a browser of its own (a cookie jar, so a guest session):
1. opens the quiz page, the N learners spread evenly over `--ramp` seconds;
2. waits until every learner has the page, then presses Start with the others (a barrier);
   the start's redirect is followed to the attempt page, as a browser does;
3. answers for `--answer-for` seconds, `--think` seconds apart, each answer saved by the
   request the page's script sends (`POST /attempts/<id>/answers`, with its sequence number);
   now and then it changes an answer it gave;
4. waits until every learner is done, then submits with the others (a barrier): the attempt
   form's POST carrying an answer to every question and the submit button, and the
   redirect followed to the result page.
A request that gets no answer in 120 s, or an error, makes the learner give up (a failed
autosave does not: the page tells the learner and they go on).

Then the database is checked: every answer the server acknowledged is stored (the newest
one), every attempt graded exactly once, the kept statistics, SQLite's integrity_check.
Exits non-zero if a check fails or a request errored.

    make loadtest                            3,000 learners on SQLite
    make loadtest LEARNERS=50 ARGS=--quick   a quick check of the tool (under a minute)
    DATABASE_URL=postgresql+psycopg://... make loadtest ARGS=--fresh
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import aiohttp
from sqlalchemy import MetaData, create_engine, inspect, text

ROOT = Path(__file__).resolve().parents[1]
SLUG = "deepseek-education"
TIMEOUT_S = 120
KINDS = ("quiz page", "start", "attempt page", "autosave", "submit", "result")
REDIRECTS = (301, 302, 303, 307, 308)
CHANGE_MIND = 0.2  # how often an answer changes one already given


# --- reading pages: what a browser sees of their forms -------------------------------------


@dataclass
class Form:
    action: str
    attributes: dict[str, str]
    fields: dict[str, str] = field(default_factory=dict)       # hidden inputs
    radios: dict[str, list[str]] = field(default_factory=dict)  # group name -> values
    checked: dict[str, str] = field(default_factory=dict)       # group name -> value checked
    boxes: set[str] = field(default_factory=set)  # the groups of checkboxes (multiple answer)
    buttons: list[tuple[str, str | None, str | None]] = field(default_factory=list)

    def button(self, label: str) -> tuple[str | None, str | None]:
        """(name, value) of the button a person finds by its words."""
        for words, name, value in self.buttons:
            if words.startswith(label):
                return name, value
        raise LookupError(f"no button {label!r} in the form to {self.action}")


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.button: list | None = None  # [words, name, value] while inside a <button>

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a))
        elif not self.forms:
            return
        elif tag == "input" and a.get("type") == "hidden":
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "input" and (a.get("type") == "radio" or a.get("type") == "checkbox"
                                 and a.get("name", "").startswith("q")):
            if a["type"] == "checkbox":
                self.forms[-1].boxes.add(a["name"])
            self.forms[-1].radios.setdefault(a["name"], []).append(a["value"])
            if "checked" in a:
                self.forms[-1].checked[a["name"]] = a["value"]
        elif tag == "button":
            self.button = ["", a.get("name"), a.get("value")]

    def handle_data(self, data):
        if self.button is not None:
            self.button[0] += data

    def handle_endtag(self, tag):
        if tag == "button" and self.button is not None:
            self.forms[-1].buttons.append((self.button[0].strip(), *self.button[1:]))
            self.button = None


def read_forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@dataclass
class AttemptPage:
    action: str                      # where the form posts
    autosave: str                    # where the page's script saves each answer
    fields: dict[str, str]           # hidden fields: csrf_token, seq, page
    questions: dict[str, list[str]]  # field name ("q123") -> choice values
    checked: dict[str, str]          # answers already chosen
    submit: tuple[str | None, str | None]  # the submit button's name and value
    boxes: set[str]                  # the multiple-answer questions: one box is ticked


def read_attempt_page(html: str) -> AttemptPage:
    """Everything the learner's browser uses from the attempt page. The page names the
    buttons; when they change, this is the one place to follow them."""
    form = next((f for f in read_forms(html) if "data-autosave" in f.attributes), None)
    if form is None:
        raise LookupError("no attempt form (one with data-autosave) on the page")
    return AttemptPage(
        action=form.action,
        autosave=form.attributes["data-autosave"],
        fields=form.fields,
        questions=form.radios,
        checked=form.checked,
        submit=form.button("Submit answers"),
        boxes=form.boxes,
    )


def read_start_form(html: str) -> Form:
    for form in read_forms(html):
        with contextlib.suppress(LookupError):
            form.button("Start the quiz")
            return form
    raise LookupError("no form with a button \"Start the quiz\" on the quiz page")


# --- the learners ---------------------------------------------------------------------------


class Gate:
    """Everyone presses at once: opens when every learner still taking the exam arrived."""

    def __init__(self, learners: int, began: float, says: str):
        self.missing, self.began, self.says = learners, began, says
        self.event = asyncio.Event()
        self.opened_at: float | None = None

    def arrive(self) -> None:
        self.missing -= 1
        if self.missing == 0:
            self.opened_at = time.perf_counter()
            print(f"{self.opened_at - self.began:7.1f} s  {self.says}", flush=True)
            self.event.set()

    async def wait(self) -> None:
        self.arrive()
        await self.event.wait()


class Record:
    """Every request's time and outcome, by kind."""

    def __init__(self):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, Counter] = defaultdict(Counter)

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        self.times[kind].append(seconds)
        if error:
            self.errors[kind][error] += 1


class Failed(Exception):
    """A request that failed; `known` is False when its outcome on the server is unknown
    (no answer came), True when the server answered with an error."""

    def __init__(self, what: str, known: bool):
        super().__init__(what)
        self.known = known


@dataclass
class Save:
    seq: int
    choice: str
    acknowledged: bool | None = None  # None: sent, no answer (the server may have stored it)


def page_kind(url: str) -> str:
    path = urlsplit(url).path
    if path.startswith("/attempts/"):
        return "result" if path.endswith("/result") else "attempt page"
    return "quiz page" if path.startswith("/quizzes/") else "other page"


class Learner:
    def __init__(self, record: Record, rng: random.Random, connector: aiohttp.BaseConnector):
        self.record, self.rng, self.connector = record, rng, connector
        self.http: aiohttp.ClientSession | None = None
        self.attempt_id: int | None = None
        self.questions: dict[str, list[str]] = {}  # field name -> choice values
        self.saves: dict[str, list[Save]] = defaultdict(list)
        self.submit_acknowledged = False
        self.saw_quiz_at: float | None = None
        self.saw_result_at: float | None = None
        self.gave_up: str | None = None
        self.last_seq, self.seq_offset = 0, 0

    async def fetch(self, kind, method, url, **options) -> tuple[int, str | None, str]:
        """One request: (status, where it redirects, body). Recorded under `kind`; an error
        status, a timeout or a broken connection raises Failed."""
        began = time.perf_counter()
        try:
            async with self.http.request(method, url, allow_redirects=False,
                                         **options) as response:
                body = await response.text()
        except TimeoutError:
            self.record.add(kind, time.perf_counter() - began, "timeout")
            raise Failed(f"{kind}: no answer in {TIMEOUT_S} s", known=False) from None
        except aiohttp.ClientError as error:
            self.record.add(kind, time.perf_counter() - began, type(error).__name__)
            raise Failed(f"{kind}: {type(error).__name__}", known=False) from None
        status = response.status
        self.record.add(kind, time.perf_counter() - began, None if status < 400 else str(status))
        if status >= 400:
            raise Failed(f"{kind}: {status}", known=True)
        location = response.headers.get("Location") if status in REDIRECTS else None
        return status, (urljoin(url, location) if location else None), body

    async def open(self, url: str) -> tuple[str, str]:
        """GET a page as a browser does, following redirects; each request is counted under
        the kind of page it asks for."""
        for _ in range(5):
            _, location, body = await self.fetch(page_kind(url), "GET", url)
            if location is None:
                return url, body
            url = location
        raise Failed("too many redirects", known=True)

    def next_seq(self) -> str:
        """As the page's script numbers a save: milliseconds on the server's clock."""
        self.last_seq = max(time.time_ns() // 1_000_000 + self.seq_offset, self.last_seq + 1)
        return str(self.last_seq)

    async def run(self, quiz: str, opens_at: float, gates: list[Gate], options) -> None:
        ahead = list(gates)
        jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1 too
        try:
            async with aiohttp.ClientSession(
                connector=self.connector, connector_owner=False, cookie_jar=jar,
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as self.http:
                await asyncio.sleep(max(0.0, opens_at - time.perf_counter()))
                _, html = await self.open(quiz)
                start = read_start_form(html)
                await ahead.pop(0).wait()
                _, location, _ = await self.fetch("start", "POST", urljoin(quiz, start.action),
                                                  data=start.fields)
                if location is None:
                    raise Failed("start did not lead to the attempt", known=True)
                url, html = await self.open(location)
                self.saw_quiz_at = time.perf_counter()
                self.attempt_id = int(urlsplit(url).path.split("/")[2])
                page = read_attempt_page(html)
                self.questions = page.questions
                self.seq_offset = int(page.fields["seq"]) - time.time_ns() // 1_000_000
                chosen = dict(page.checked)
                await self.answer(url, page, chosen, options)
                await ahead.pop(0).wait()
                await self.submit(url, page, chosen)
        except Failed as failure:
            self.gave_up = str(failure)
        except Exception as error:  # a page the tool cannot read is a failure, not a crash
            self.gave_up = f"{type(error).__name__}: {error}"
        finally:
            for gate in ahead:
                gate.arrive()

    async def answer(self, url: str, page: AttemptPage, chosen: dict[str, str], options):
        """Answer until the time is up, thinking between answers; each answer is saved as the
        page's script saves it."""
        until = time.perf_counter() + options.answer_for
        while True:
            pause = self.rng.uniform(*options.think)
            if time.perf_counter() + pause >= until:
                await asyncio.sleep(max(0.0, until - time.perf_counter()))
                return
            await asyncio.sleep(pause)
            open_questions = [q for q in page.questions if q not in chosen]
            if chosen and (not open_questions or self.rng.random() < CHANGE_MIND):
                question = self.rng.choice(sorted(chosen))
            else:
                question = self.rng.choice(open_questions)
            choice = self.rng.choice([v for v in page.questions[question]
                                      if v != chosen.get(question)])
            chosen[question] = choice
            save = Save(int(self.next_seq()), choice)
            self.saves[question].append(save)
            # a multiple-answer question's whole ticked set, as the script sends it: one box
            answer = ([("choices", ""), ("choices", choice)] if question in page.boxes
                      else [("choice", choice)])
            body = aiohttp.FormData([("csrf_token", page.fields["csrf_token"]),
                                     ("question", question.removeprefix("q")), *answer,
                                     ("seq", str(save.seq))], default_to_multipart=True)
            try:
                _, _, reply = await self.fetch(
                    "autosave", "POST", urljoin(url, page.autosave), data=body,
                    headers={"X-CSRFToken": page.fields["csrf_token"]})
                save.acknowledged = bool(json.loads(reply).get("saved"))
            except Failed as failure:  # the page says "Not saved"; the learner goes on
                save.acknowledged = False if failure.known else None

    async def submit(self, url: str, page: AttemptPage, chosen: dict[str, str]):
        """The form as the browser sends it: its hidden fields (the script renews seq), an
        answer to every question (those still open chosen now) and the submit button."""
        for question, values in page.questions.items():
            chosen.setdefault(question, self.rng.choice(values))
        seq = self.next_seq()
        name, value = page.submit
        form = {**page.fields, "seq": seq, **chosen, **({name: value or ""} if name else {})}
        sent = [Save(int(seq), choice) for choice in chosen.values()]
        for question, save in zip(chosen, sent, strict=True):
            self.saves[question].append(save)
        try:
            _, location, _ = await self.fetch("submit", "POST", urljoin(url, page.action),
                                              data=form)
        except Failed as failure:
            for save in sent:
                save.acknowledged = False if failure.known else None
            raise
        landed = location is not None and page_kind(location) == "result"
        for save in sent:
            save.acknowledged = landed
        if not landed:
            self.record.errors["submit"]["did not lead to the result"] += 1
            raise Failed(f"submit led to {location}", known=True)
        self.submit_acknowledged = True
        url, _ = await self.open(location)
        if page_kind(url) != "result":
            raise Failed(f"the result page led to {url}", known=True)
        self.saw_result_at = time.perf_counter()

    def allowed(self, question: str) -> set[int | None]:
        """What may be stored for a question: the newest acknowledged choice, or one sent
        after it whose outcome the learner never learnt."""
        allowed: set[int | None] = {None}
        for save in self.saves[question]:
            if save.acknowledged:
                allowed = {int(save.choice)}
            elif save.acknowledged is None:
                allowed.add(int(save.choice))
        return allowed


# --- measuring the machine ------------------------------------------------------------------


class ClientWatch:
    """The client's own CPU (this process) second by second, and how late its event loop
    wakes up: a loaded client would show here before it distorts the figures."""

    def __init__(self):
        self.cpu_seconds, self.busiest, self.max_lag = 0.0, 0.0, 0.0
        self.task: asyncio.Task | None = None

    async def _watch(self):
        wall, cpu = time.perf_counter(), time.process_time()
        while True:
            await asyncio.sleep(1.0)
            now, used = time.perf_counter(), time.process_time()
            self.max_lag = max(self.max_lag, now - wall - 1.0)
            self.busiest = max(self.busiest, (used - cpu) / (now - wall))
            wall, cpu = now, used

    def __enter__(self):
        self.began = (time.perf_counter(), time.process_time(), machine_busy())
        self.task = asyncio.get_running_loop().create_task(self._watch())
        return self

    def __exit__(self, *exc):
        self.task.cancel()
        wall, cpu, busy = self.began
        self.wall = time.perf_counter() - wall
        self.cpu_seconds = time.process_time() - cpu
        self.machine = machine_busy()
        self.machine_share = ((self.machine[0] - busy[0]) / (self.machine[1] - busy[1])
                              if self.machine[1] > busy[1] else 0.0)


def machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of every core since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def tree_cpu_seconds(root: int) -> float:
    """CPU time of every process below `root` (gunicorn and its workers, those reaped
    included), from /proc."""
    children, times = defaultdict(list), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            children[int(fields[1])].append(pid)
            times[pid] = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    total, stack = 0, list(children[root])
    while stack:
        pid = stack.pop()
        total += times.get(pid, 0)
        stack.extend(children[pid])
    return total / os.sysconf("SC_CLK_TCK")


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`make serve` on a free port: the production command, whatever its options are."""

    def __init__(self, database_url: str, workers: int, log: Path):
        self.port, self.log = free_port(), log
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url,
               "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(16)}
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={self.port}",
             f"WORKERS={workers}"],
            cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"make serve stopped ({self.process.returncode}):\n"
                                 + log.read_text()[-3000:])
            with contextlib.suppress(OSError), urllib.request.urlopen(self.url,
                                                                      timeout=5) as response:
                if response.status == 200:
                    return
            time.sleep(0.3)
        self.stop()
        raise SystemExit("make serve did not answer within 180 s")

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        """SIGTERM, as a deployment stops it: gunicorn finishes the requests it is serving
        (make itself goes at once); then every process of the group is gone."""
        group = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGTERM)
        self.process.wait()
        deadline = time.monotonic() + 30
        with contextlib.suppress(ProcessLookupError):
            while True:
                os.killpg(group, signal.SIGKILL if time.monotonic() > deadline else 0)
                time.sleep(0.1)

    def problems(self) -> Counter:
        """Lines gunicorn logs for a worker in trouble, and tracebacks."""
        found = Counter()
        for line in self.log.read_text(errors="replace").splitlines():
            if "WORKER TIMEOUT" in line:
                found["worker timeouts"] += 1
            elif "[ERROR]" in line or "[CRITICAL]" in line:
                found["errors logged"] += 1
            elif line.startswith("Traceback"):
                found["tracebacks"] += 1
        return found


# --- the run --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


async def drive(base: str, options) -> tuple[list[Learner], Record, list[Gate], ClientWatch]:
    record = Record()
    began = time.perf_counter()
    gates = [Gate(options.learners, began, "every learner has the quiz page: Start!"),
             Gate(options.learners, began, "time is up for every learner: Submit!")]
    connector = aiohttp.TCPConnector(limit=0)  # no cap: each learner its own connection
    learners = [Learner(record, random.Random(options.seed * 1_000_003 + n), connector)
                for n in range(options.learners)]
    quiz = f"{base}/quizzes/{SLUG}"
    with ClientWatch() as watch:
        await asyncio.gather(*(
            learner.run(quiz, began + options.ramp * n / options.learners, gates, options)
            for n, learner in enumerate(learners)))
    await connector.close()
    return learners, record, gates, watch


def report_requests(record: Record) -> bool:
    print(f"{'request':<14}{'count':>7}{'p50':>10}{'p95':>10}{'p99':>10}{'max':>10}  errors")
    errored = False
    for kind in (*KINDS, *sorted(set(record.times) - set(KINDS))):
        times = record.times.get(kind, [])
        if not times:
            print(f"{kind:<14}{0:>7}")
            continue
        errors = record.errors.get(kind, Counter())
        errored |= bool(errors)
        shown = ", ".join(f"{what} x{n}" for what, n in errors.most_common()) or "0"
        print(f"{kind:<14}{len(times):>7}" + "".join(
            f"{duration(percentile(times, p)):>10}" for p in (50, 95, 99, 100)) + f"  {shown}")
    return errored


def report_burst(name: str, gate: Gate, seen: list[float], learners: int, what: str) -> None:
    if gate.opened_at is None or not seen:
        print(f"{name}: never cleared")
        return
    after = [t - gate.opened_at for t in seen]
    print(f"{name}: {duration(max(after))} from the barrier until the last of {len(after)} "
          f"learners saw {what} (p50 {duration(percentile(after, 50))}, "
          f"p95 {duration(percentile(after, 95))})"
          + (f"; {learners - len(after)} never did" if len(after) < learners else ""))


# --- the database ---------------------------------------------------------------------------


def prepare_database(url: str, fresh: bool) -> None:
    """Refuse a database that already holds attempts, unless told to empty it."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if "attempt" not in inspect(connection).get_table_names():
                return
            held = connection.execute(text("SELECT count(*) FROM attempt")).scalar()
            if held and not fresh:
                raise SystemExit(f"the database of DATABASE_URL holds {held} attempts; "
                                 "--fresh empties it first (every table)")
            if fresh:
                tables = MetaData()
                tables.reflect(connection)
                for table in reversed(tables.sorted_tables):
                    if table.name != "alembic_version":
                        connection.execute(table.delete())
    finally:
        engine.dispose()


@dataclass
class Check:
    what: str
    checked: int
    failures: list[str]


def _one(choice_id: int | None, chosen: str | None) -> int | str | None:
    """The one choice a learner made: a single answer's, or the one box of a multiple-answer
    question this client ticks (its stored set, as text, if it were more)."""
    return choice_id if choice_id is not None or not chosen else (
        int(chosen) if chosen.isdigit() else chosen)


def check_database(url: str, learners: list[Learner]) -> list[Check]:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            correct = {rid: {ch["id"] for ch in json.loads(content)["choices"]
                             if ch["is_correct"]}
                       for rid, content in c.execute(text(
                           "SELECT id, content FROM question_revision"))}
            attempts = {row.id: row for row in c.execute(text(
                "SELECT id, user_id, submitted_at, score, max_score FROM attempt"))}
            stored: dict[int, dict[int, tuple]] = defaultdict(dict)
            for aid, qid, choice, ticked, revision in c.execute(text(
                    "SELECT attempt_id, question_id, choice_id, chosen, revision_id "
                    "FROM response")):
                stored[aid][qid] = (_one(choice, ticked), revision)
            logs = defaultdict(list)
            for user, qid, choice, ticked in c.execute(text(
                    "SELECT user_id, question_id, choice_id, chosen FROM review_log "
                    "WHERE source = 'quiz'")):
                logs[user, qid].append(_one(choice, ticked))
            kept = c.execute(text(
                "SELECT coalesce(sum(n), 0) FROM quiz_stat WHERE selector = 'all'")).scalar()
            integrity = (c.exec_driver_sql("PRAGMA integrity_check").scalar()
                         if c.dialect.name == "sqlite" else None)
    finally:
        engine.dispose()

    by_attempt = {learner.attempt_id: learner for learner in learners if learner.attempt_id}
    answers = Check("every acknowledged answer stored, the newest", 0, [])
    shown = Check("each attempt holds the questions its page showed", 0, [])
    for aid, learner in by_attempt.items():
        shown.checked += 1
        if sorted(stored[aid]) != sorted(int(q[1:]) for q in learner.questions):
            shown.failures.append(f"attempt {aid}")
        for question in learner.saves:
            choice = stored[aid].get(int(question[1:]), (None,))[0]
            answers.checked += any(s.acknowledged for s in learner.saves[question])
            if choice not in learner.allowed(question):
                answers.failures.append(f"attempt {aid} {question}: stored {choice}, "
                                        f"acknowledged {learner.allowed(question)}")
    graded = Check("every attempt submitted (unless its learner gave up first)", 0, [])
    scores = Check("score equal to a recount from the stored answers", 0, [])
    studied = Check("one quiz study log per question, with the answer", 0, [])
    ungraded = 0
    for aid, attempt in attempts.items():
        graded.checked += 1
        learner = by_attempt.get(aid)
        if attempt.submitted_at is None:
            if learner is None or learner.gave_up and not learner.submit_acknowledged:
                ungraded += 1
            else:
                graded.failures.append(f"attempt {aid}")
            continue
        answers_of = stored[aid]
        scores.checked += 1
        recount = sum({choice} == correct[rev] for choice, rev in answers_of.values())
        if (attempt.score, attempt.max_score) != (recount, len(answers_of)):
            scores.failures.append(f"attempt {aid}: {attempt.score}/{attempt.max_score}, "
                                   f"recount {recount}/{len(answers_of)}")
        studied.checked += 1
        user_logs = {qid: logs.get((attempt.user_id, qid), []) for qid in answers_of}
        if any(v != [answers_of[qid][0]] for qid, v in user_logs.items()) or sum(
                len(v) for (user, _), v in logs.items() if user == attempt.user_id
        ) != len(answers_of):
            studied.failures.append(f"attempt {aid}")
    if ungraded:
        graded.what += f"; {ungraded} left ungraded by learners who gave up"
    unknown = set(attempts) - set(by_attempt)
    if unknown:
        graded.what += f"; {len(unknown)} attempts the client never saw started"
    submitted = sum(a.submitted_at is not None for a in attempts.values())
    checks = [answers, shown, graded, scores, studied,
              Check(f"kept statistics count {kept} attempts (all), graded {submitted}", 1,
                    [] if kept == submitted else [f"{kept} != {submitted}"])]
    if integrity is not None:
        checks.append(Check("PRAGMA integrity_check", 1,
                            [] if integrity == "ok" else [integrity]))
    return checks


def report_checks(checks: list[Check]) -> bool:
    for check in checks:
        verdict = "ok" if not check.failures else f"FAILED x{len(check.failures)}"
        print(f"  {verdict:<12}{check.what} ({check.checked} checked)")
        for failure in check.failures[:5]:
            print(f"              {failure}")
    return all(not check.failures for check in checks)


def quiz_settings(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            quiz = c.execute(text("SELECT * FROM quiz WHERE slug = :slug"), {"slug": SLUG}).one()
    finally:
        engine.dispose()
    return (f"{quiz.questions_per_attempt or 'all'} questions per attempt, layout "
            f"{quiz.layout}, feedback {quiz.feedback_mode}, time limit "
            f"{quiz.time_limit_s or 'none'}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=3000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (WORKERS)")
    parser.add_argument("--ramp", type=float, default=20.0,
                        help="seconds over which the learners open the quiz page")
    parser.add_argument("--think", default="30:90",
                        help="seconds between two answers, MIN:MAX")
    parser.add_argument("--answer-for", type=float, default=60.0,
                        help="seconds each learner answers before the submit barrier")
    parser.add_argument("--quick", action="store_true",
                        help="a check of the tool: --ramp 3 --think 1:4 --answer-for 8")
    parser.add_argument("--fresh", action="store_true",
                        help="empty the database of DATABASE_URL first (every table)")
    parser.add_argument("--folder", type=Path,
                        help="keep the SQLite file and the server log here "
                             "(default: a temporary folder, removed)")
    parser.add_argument("--seed", type=int, default=14)
    options = parser.parse_args(argv)
    if options.quick:
        options.ramp, options.think, options.answer_for = 3.0, "1:4", 8.0
    low, high = (float(v) for v in options.think.split(":"))
    options.think = (low, high)
    return options


@dataclass
class Outcome:
    passed: bool
    url: str
    learners: list[Learner]
    record: Record


def run(options) -> Outcome:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < options.learners + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, options.learners + 200), hard))
    with contextlib.ExitStack() as stack:
        folder = options.folder or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'loadtest.db'}"
        where = "SQLite, a fresh file" if url.endswith(str(folder / "loadtest.db")) else \
            f"the database of DATABASE_URL ({urlsplit(url).hostname or url})"
        prepare_database(url, options.fresh)
        server = Server(url, options.workers, folder / "server.log")
        try:
            print(f"Exam day: {options.learners} learners on {where}; `make serve`, "
                  f"{options.workers} workers; {quiz_settings(url)}")
            print(f"open over {options.ramp:g} s, think {options.think[0]:g}-"
                  f"{options.think[1]:g} s, answer for {options.answer_for:g} s, "
                  f"give up after {TIMEOUT_S} s without an answer\n", flush=True)
            server_cpu = server.cpu_seconds()
            learners, record, gates, watch = asyncio.run(drive(server.url, options))
            server_cpu = server.cpu_seconds() - server_cpu
        finally:
            server.stop()
        errored = report_requests(record)
        print()
        report_burst("start burst", gates[0],
                     [x.saw_quiz_at for x in learners if x.saw_quiz_at], options.learners,
                     "the quiz")
        report_burst("submit burst", gates[1],
                     [x.saw_result_at for x in learners if x.saw_result_at],
                     options.learners, "a result")
        gave_up = Counter(x.gave_up for x in learners if x.gave_up)
        print(f"learners who gave up: {sum(gave_up.values())}"
              + "".join(f"\n  {n} x {why}" for why, n in gave_up.most_common(5)))
        print(f"client CPU: {watch.cpu_seconds:.1f} s in {watch.wall:.0f} s "
              f"({watch.cpu_seconds / watch.wall:.0%} of one core on average, "
              f"{watch.busiest:.0%} in its busiest second); event loop late by "
              f"{duration(watch.max_lag)} at most")
        print(f"server CPU (gunicorn and its workers): {server_cpu:.1f} s "
              f"({server_cpu / watch.wall:.0%} of one core); the whole machine "
              f"{watch.machine_share:.0%} busy")
        problems = server.problems()
        print("server log: " + (", ".join(f"{n} {what}" for what, n in problems.items())
                                or "no worker timeout, no error")
              + (f" ({server.log})" if options.folder else ""))
        print("\nDatabase checks")
        passed = report_checks(check_database(url, learners))
        ok = passed and not errored and not gave_up
        print("\n" + ("PASSED" if ok else "FAILED: " + ", ".join(
            what for what, bad in (("a check", not passed), ("requests errored", errored),
                                   ("learners gave up", bool(gave_up))) if bad)))
        return Outcome(ok, url, learners, record)


if __name__ == "__main__":
    sys.exit(0 if run(parse_args()).passed else 1)
