"""Command-line commands (hyphenated names)."""

import json
from importlib import resources
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from app.domain.accounts import password_problem, username_problem
from app.domain.articles import ArticleError
from app.domain.bank import BankError, parse_bank
from app.domain.lint import lint
from app.extensions import db
from app.models import Quiz, utcnow
from app.services import accounts, statistics
from app.services.articles import import_article
from app.services.bank import load_bank

CURATED_BANK = "deepseek_education.json"

bank_cli = AppGroup("bank", help="The question bank.")


@bank_cli.command("load")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def load_command(path: str | None) -> None:
    """Load a question bank file (default: the curated bank). The whole file is validated
    first; loading again updates questions in place by key. Item-writing flaws the lint
    finds are printed as warnings; they do not stop the load."""
    try:
        if path:
            text = Path(path).read_text(encoding="utf-8")
        else:
            text = resources.files("app.content").joinpath(CURATED_BANK).read_text("utf-8")
        bank = parse_bank(json.loads(text))
        report = load_bank(bank)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"not valid JSON: {error}") from error
    except BankError as error:
        db.session.rollback()
        raise click.ClickException(
            "nothing was loaded:\n  " + "\n  ".join(error.problems)
        ) from error
    db.session.commit()
    for finding in lint(bank.questions):
        click.echo(f"warning: {finding}", err=True)
    click.echo(
        f"{report.quiz_slug}: {report.created} questions added, {report.updated} updated, "
        f"{report.retired} retired"
    )


articles_cli = AppGroup("articles", help="Articles.")


@articles_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def import_articles(paths: tuple[str, ...]) -> None:
    """Import articles (.txt, .md, .html): cleaned, split into sentences, existing questions
    linked to their sentences, and a quiz of draft questions made for review."""
    for path in paths:
        try:
            result = import_article(Path(path).read_bytes(), Path(path).name, utcnow())
        except ArticleError as error:
            db.session.rollback()
            raise click.ClickException(f"{path}: {error}") from error
        db.session.commit()
        if not result.is_new:
            click.echo(f"{path}: already imported as {result.article.slug}")
            continue
        click.echo(f"{path}: imported as {result.article.slug}; {result.drafts} drafts, "
                   f"{result.rejected} dropped by the checks, {result.linked} questions linked "
                   "to their sentences")


users_cli = AppGroup("users", help="Accounts.")


@users_cli.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["learner", "instructor"]), default="learner",
              show_default=True)
@click.password_option(help="Asked for when not given.")
def create_user(name: str, role: str, password: str) -> None:
    """Make an account; the only way to make an instructor."""
    problem = username_problem(name) or password_problem(password)
    if problem:
        raise click.ClickException(problem)
    if accounts.find_user(name):
        raise click.ClickException(f"the username {name!r} is taken")
    user = accounts.register(name, password, role, guest=None)
    db.session.commit()
    click.echo(f"{user.username}: {role} account created")


stats_cli = AppGroup("stats", help="Quiz statistics.")


@stats_cli.command("rebuild")
def rebuild_stats() -> None:
    """Recompute every quiz's statistics from its attempts."""
    for quiz in db.session.scalars(select(Quiz)):
        statistics.rebuild(quiz.id)
        click.echo(f"{quiz.slug}: rebuilt")
    db.session.commit()


def init_app(app: Flask) -> None:
    for group in (bank_cli, articles_cli, users_cli, stats_cli):
        app.cli.add_command(group)
