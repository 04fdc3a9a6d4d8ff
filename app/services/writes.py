"""Writing many rows in one statement, on SQLite and PostgreSQL alike.

An INSERT executed with a list of rows is an executemany: SQLite runs it once per row.
Executed with RETURNING, SQLAlchemy sends the rows instead as multi-row `INSERT … VALUES
(…), (…)` statements ("insertmanyvalues": up to 1,000 rows, and within the database's limit
of parameters, to a statement), compiled once and kept like any other statement. So the
write paths that store a row per question (an attempt's answers, study cards and their
logs, the statistics' sums) run one statement, not one per question.

Like every statement a request runs, these are built once, at import (see "Keeping pages
cheap" in docs/ARCHITECTURE.md): building an upsert and working out its cache key cost more
CPU than running it."""

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import Column, Insert, Row, Table
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db

DIALECTS = {"sqlite": sqlite, "postgresql": postgresql}

# an upsert in each dialect, by the dialect's name; the session's is run
Upsert = Mapping[str, Insert]


def insert_rows(statement: Insert | Upsert, rows: Sequence[dict]) -> list[Row]:
    """Run `statement` (an INSERT … RETURNING, or an upsert) for every row, as multi-row
    statements; returns what it returns of the rows written."""
    if not rows:
        return []
    return db.session.execute(in_dialect(statement), list(rows)).all()


def in_dialect(statement: Insert | Upsert) -> Insert:
    """The statement itself, or the upsert in the session's dialect."""
    if isinstance(statement, Mapping):
        return statement[db.session.get_bind().dialect.name]
    return statement


def upsert(table: Table, keys: Sequence[str], set_: Mapping[str, Callable],
           *returning: Column) -> Upsert:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET set_ … RETURNING returning, in each
    dialect; `set_` maps a column name to a function of the table's columns and the row
    proposed (`excluded`)."""
    built = {}
    for name, dialect in DIALECTS.items():
        statement = dialect.insert(table)
        built[name] = statement.on_conflict_do_update(
            index_elements=list(keys),
            set_={column: value(table.c, statement.excluded) for column, value in set_.items()},
        ).returning(*returning)
    return built
