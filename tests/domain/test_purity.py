"""The domain package is pure: it imports nothing from Flask, SQLAlchemy, WTForms or the app."""

import ast
from pathlib import Path

import app.domain

FORBIDDEN = ("flask", "flask_", "sqlalchemy", "wtforms", "werkzeug", "jinja2", "app")


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_domain_imports_only_pure_modules():
    offenders = []
    for path in Path(app.domain.__file__).parent.rglob("*.py"):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if module.startswith("app.domain"):
                continue
            if top in FORBIDDEN or top.startswith("flask_"):
                offenders.append(f"{path.name}: {module}")
    assert offenders == []
