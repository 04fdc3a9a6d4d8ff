"""The Flask extensions, and the settings every SQLite connection gets."""

import contextvars
import os
import random
import sqlite3
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from flask import Flask
from flask_compress import Compress
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
compress = Compress()

_write_intent = contextvars.ContextVar("sqlite_write_intent", default=False)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_conn, _record) -> None:
    """WAL lets readers work beside the writer; FULL makes an acknowledged commit survive a
    power cut; foreign keys are off by default. pysqlite's own BEGIN is turned off so that
    `_sqlite_begin` decides how each transaction starts."""
    if not isinstance(dbapi_conn, sqlite3.Connection):
        return
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":  # a failed switch returns the old mode, with no error
        raise RuntimeError(f"SQLite refused WAL mode (journal_mode={mode})")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    # the connection's timeout (SQLITE_BUSY_TIMEOUT_S), which `_begin_immediate` keeps to
    _record.info["busy_timeout_ms"] = cur.execute("PRAGMA busy_timeout").fetchone()[0]
    cur.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """A transaction that will write takes the write lock up front (BEGIN IMMEDIATE), waiting
    up to the busy timeout for it; a deferred read that turned into a write would instead fail
    at once with "database is locked" whenever another process had written meanwhile."""
    if conn.dialect.name != "sqlite":
        return
    if _write_intent.get():
        _begin_immediate(conn)
    else:
        conn.exec_driver_sql("BEGIN")


def is_busy(error: Exception) -> bool:
    """SQLite's "database is locked" (or "busy"): the write lock was not free in time."""
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _begin_immediate(conn) -> None:
    """Wait for the write lock by trying every millisecond or two, up to the busy timeout.
    SQLite's own busy handler sleeps longer the longer a connection has waited (100 ms a try
    after the first quarter second), so under a steady stream of writes a request that has
    waited a while keeps losing the lock to newer ones and times out (503) while they go
    through. Here every waiter tries as often as every other, so the lock goes to whichever
    comes first after each commit: the longest waits drop from seconds to tens of
    milliseconds (bench/write_lock.py)."""
    raw = conn.connection.driver_connection
    timeout_ms = conn.info["busy_timeout_ms"]
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise
            time.sleep(random.uniform(0.0005, 0.002))
        # the last try, through SQLAlchemy: its "database is locked" becomes the 503 page
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        raw.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def set_write_intent(value: bool) -> contextvars.Token:
    return _write_intent.set(value)


def reset_write_intent(token: contextvars.Token) -> None:
    _write_intent.reset(token)


@contextmanager
def _transaction(writes: bool):
    """End the current transaction and run the block in its own, committed at the end; one
    that `writes` takes SQLite's write lock as it begins."""
    db.session.commit()
    token = _write_intent.set(writes)
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    finally:
        _write_intent.reset(token)


def write_transaction():
    """A short transaction that writes: for the few GET requests that write (closing an
    expired attempt), and for each step of an import."""
    return _transaction(writes=True)


def without_write_lock():
    """Reading transactions only, which never take SQLite's write lock: for long work
    (cleaning an article, drafting its questions, reading a GIFT file) that short
    `write_transaction`s then store, so learners' saves never wait behind it."""
    return _transaction(writes=False)


LOW_PRIORITY = 10  # the nice value of long preparing work: learners' requests come first


def gently(work, *args):
    """Run CPU-heavy work that touches no database (cleaning an article, drafting its
    questions, reading a GIFT file) in a thread of its own at a low CPU priority, and wait
    for it: on a machine of few cores the workers serving learners then get the cores first,
    so a save or a submission is not slowed by an instructor's import in another worker. On
    Linux a thread's nice value is its own; elsewhere the work runs as it would."""
    outcome = {}

    def run():
        with suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOW_PRIORITY)
        try:
            outcome["value"] = work(*args)
        except BaseException as error:  # raised again in the caller's thread  # noqa: BLE001
            outcome["error"] = error

    thread = threading.Thread(target=run, name="gently")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def init_app(app: Flask) -> None:
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    compress.init_app(app)


def init_migrations(app: Flask) -> None:
    """Flask-Migrate (`flask db …`, `flask_migrate.upgrade()`), set up only by the command
    line and the tests that migrate: alembic under it costs about 0.45 s of import, which a
    serving worker would pay at every start (gunicorn restarts workers) and never use."""
    from flask_migrate import Migrate

    Migrate(app, db, directory=str(Path(app.root_path).parent / "migrations"),
            render_as_batch=True)
