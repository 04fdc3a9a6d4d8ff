"""`flask db backup`: SQLite's online backup, and a plain refusal for PostgreSQL."""

import shutil
import sqlite3
from contextlib import closing

from tests.conftest import make_app
from tests.learner import Learner


def count_attempts(path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM attempt").fetchone()[0]


def test_copying_the_file_alone_misses_recent_commits_and_the_backup_does_not(seeded_db,
                                                                             tmp_path):
    """While the app runs, a commit sits in the write-ahead log (quiz.db-wal) until SQLite
    checkpoints it into the file: a plain copy of quiz.db does not have it."""
    shutil.copy(seeded_db, tmp_path / "quiz.db")
    app = make_app(tmp_path / "quiz.db")
    Learner(app, app.test_client()).start()           # committed and acknowledged (303)
    shutil.copy(tmp_path / "quiz.db", tmp_path / "copied.db")
    result = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "backup.db")])
    assert result.exit_code == 0, result.output
    assert "integrity ok" in result.output
    assert count_attempts(tmp_path / "copied.db") == 0
    assert count_attempts(tmp_path / "backup.db") == 1
    assert not (tmp_path / "backup.db.partial").exists()


def test_the_backup_says_plainly_what_it_will_not_do(app, runner, tmp_path):
    """On SQLite it will not write over the database itself; on PostgreSQL it copies
    nothing and points at pg_dump rather than pretend."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        itself = url.removeprefix("sqlite:///")
        result = runner.invoke(args=["db", "backup", itself])
        assert result.exit_code != 0 and "is the database itself" in result.output
        nowhere = runner.invoke(args=["db", "backup", str(tmp_path / "no-such" / "b.db")])
        assert nowhere.exit_code != 0 and "is not a folder; make it first" in nowhere.output
    else:
        result = runner.invoke(args=["db", "backup", str(tmp_path / "pg.dump")])
        assert result.exit_code != 0 and "pg_dump" in result.output
        assert not (tmp_path / "pg.dump").exists()
