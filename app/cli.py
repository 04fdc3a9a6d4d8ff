"""Command-line commands (hyphenated names)."""

import ipaddress
import json
import os
import sqlite3
from contextlib import closing
from importlib import resources
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, ScriptInfo, with_appcontext
from sqlalchemy import select

from app.domain.accounts import password_problem, username_problem
from app.domain.articles import ArticleError
from app.domain.bank import BankError, parse_bank
from app.domain.lint import lint
from app.extensions import db, init_migrations
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
    if lookalike := accounts.find_lookalike(name):
        raise click.ClickException(f"the username {name!r} looks like {lookalike!r}, which "
                                   "is taken")
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


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH while the app serves and writes: SQLite's online
    backup API copies one consistent state, commits still in the write-ahead log included
    (copying the file alone would miss those). The copy is checked, then put in place of
    PATH in one rename, so PATH is never a half-written file."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            f"this database is {url.get_backend_name()}, and `flask db backup` copies SQLite "
            "only. Back it up with pg_dump, which takes a consistent snapshot while the app "
            f"runs: pg_dump --format=custom --file={path} DBNAME; restore with pg_restore "
            "(see Backups in the README).")
    source = Path(url.database)
    if not path.parent.is_dir():
        raise click.ClickException(f"{path.parent} is not a folder; make it first")
    if path.exists() and path.samefile(source):
        raise click.ClickException(f"{path} is the database itself; name another file")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    timeout = current_app.config["SQLITE_BUSY_TIMEOUT_S"]
    with closing(sqlite3.connect(source, timeout=timeout)) as live, \
            closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)  # all pages in one step: one read transaction, one state
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if check != "ok":
        partial.unlink()
        raise click.ClickException(f"the copy failed its integrity check ({check}); "
                                   "nothing was written")
    os.replace(partial, path)
    click.echo(f"{source} backed up to {path} ({path.stat().st_size:,} bytes, integrity ok)")


def is_loopback(host: str) -> bool:
    """Whether an address to bind to is reachable from this machine only."""
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


def serving_warnings(config, host: str) -> list[str]:
    """What is unfit in these settings for serving on `host`, in plain words."""
    warnings = []
    if config.get("SECRET_KEY_IS_GENERATED"):
        warnings.append(
            "SECRET_KEY is not set. Sessions and forms are signed with a key generated into "
            "instance/secret_key, which no other host shares, and which anyone who can read "
            "that folder can use to forge a session. Set SECRET_KEY to a long random value, "
            "the same for every worker and host.")
    if not config["SECURE_COOKIES"] and not is_loopback(host):
        warnings.append(
            f"Serving on {host}, which other machines can reach, with insecure cookies: "
            "session cookies travel over plain HTTP and browsers are not told to use HTTPS. "
            "Serve over HTTPS and set SECURE_COOKIES=1, or bind to 127.0.0.1 behind a "
            "reverse proxy that does HTTPS.")
    return warnings


@click.command("check-serving")
@click.option("--host", required=True, help="The address the server will bind to.")
@with_appcontext
def check_serving(host: str) -> None:
    """Warn (on standard error) about settings unfit for serving on HOST; `make serve` runs
    this before gunicorn, which starts anyway."""
    for warning in serving_warnings(current_app.config, host):
        click.echo(f"WARNING: {warning}", err=True)


class MigrationCommands(click.Group):
    """`flask db …`: Flask-Migrate's group (`flask db upgrade`, its options) with `backup`,
    set up when the command line reaches it (extensions.init_migrations), so that no
    serving worker imports alembic."""

    def migrations(self, ctx: click.Context) -> click.Group:
        from flask_migrate.cli import db as group

        app = ctx.ensure_object(ScriptInfo).load_app()
        if "migrate" not in app.extensions:
            init_migrations(app)
        group.add_command(backup_command)
        self.callback = group.callback  # the group's own options (--directory, -x)
        return group

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        return self.migrations(ctx).get_params(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.migrations(ctx).list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.migrations(ctx).get_command(ctx, cmd_name)


def init_app(app: Flask) -> None:
    for group in (bank_cli, articles_cli, users_cli, stats_cli, check_serving):
        app.cli.add_command(group)
    app.cli.add_command(MigrationCommands("db", help="Perform database migrations."))
