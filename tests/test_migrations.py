"""The schema changes only through migrations: they build exactly what the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db, init_migrations
from tests.conftest import make_app


def test_migrations_build_the_models_schema(tmp_path):
    app = make_app(tmp_path / "m.db")
    init_migrations(app)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        downgrade(revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        assert "response" in inspect(db.engine).get_table_names()
        db.engine.dispose()
