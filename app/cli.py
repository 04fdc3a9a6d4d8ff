"""Command-line commands (hyphenated names)."""

import json
from importlib import resources
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from app import services
from app.domain.bank import BankError, parse_bank
from app.extensions import db

CURATED_BANK = "deepseek_education.json"

bank_cli = AppGroup("bank", help="The question bank.")


@bank_cli.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def load_command(path: str | None) -> None:
    """Load a question bank file (default: the curated bank). The whole file is validated
    first; loading again updates questions in place by key."""
    try:
        if path:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = resources.files("app.content").joinpath(CURATED_BANK).read_text("utf-8")
        bank = parse_bank(json.loads(text))
        report = services.load_bank(bank)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"not valid JSON: {error}") from error
    except BankError as error:
        db.session.rollback()
        raise click.ClickException(
            "nothing was loaded:\n  " + "\n  ".join(error.problems)
        ) from error
    db.session.commit()
    click.echo(
        f"{report.quiz_slug}: {report.created} questions added, {report.updated} updated, "
        f"{report.retired} retired"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(bank_cli)
