"""Writing many rows in one statement, on SQLite and PostgreSQL alike.

An INSERT executed with a list of rows is an executemany: SQLite runs it once per row.
Executed with RETURNING, SQLAlchemy sends the rows instead as multi-row `INSERT … VALUES
(…), (…)` statements ("insertmanyvalues": up to 1,000 rows, and within the database's limit
of parameters, to a statement), compiled once and kept like any other statement. So the
write paths that store a row per question (an attempt's answers, study cards and their
logs, the statistics' sums) run one statement, not one per question."""

from collections.abc import Sequence

from sqlalchemy import Column, Insert, Row, Table
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db


def insert_rows(statement: Insert, rows: Sequence[dict], *returning: Column) -> list[Row]:
    """Run `statement` (an INSERT or an upsert) for every row, as multi-row statements;
    returns the `returning` columns of the rows written."""
    if not rows:
        return []
    return db.session.execute(statement.returning(*returning), list(rows)).all()


def upsert(table: Table, keys: Sequence[str], set_: dict) -> Insert:
    """INSERT … ON CONFLICT (keys) DO UPDATE SET set_, in the session's dialect; `set_`
    maps a column name to a function of the table and the row proposed (`excluded`)."""
    name = db.session.get_bind().dialect.name
    statement = (postgresql if name == "postgresql" else sqlite).insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={column: value(table.c, statement.excluded) for column, value in set_.items()},
    )
