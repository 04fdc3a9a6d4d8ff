"""The security controls of docs/SECURITY.md, each shown working."""

import contextlib
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import User
from tests.accounts_helpers import PASSWORD, login, logout, make_user, register
from tests.conftest import csrf_token, make_app
from tests.learner import Learner

ROOT = Path(__file__).resolve().parents[1]


def cookie_header(response, name):
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name + "="))


def test_session_cookies_are_httponly_and_samesite(client, runner):
    make_user(runner, "grace")
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "username": "grace",
                                           "password": PASSWORD, "remember": "y"})
    for name in ("session", "remember_token"):
        header = cookie_header(response, name)
        assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    assert "Strict-Transport-Security" not in response.headers


def test_over_https_cookies_are_secure_and_hsts_is_sent(tmp_path, seeded_db):
    import shutil

    path = tmp_path / "https.db"
    shutil.copy(seeded_db, path)
    app = make_app(path)
    app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True,
                      SECURE_COOKIES=True)
    client = app.test_client()
    response = client.get("/quizzes/deepseek-education", base_url="https://localhost")
    assert "Secure" in cookie_header(response, "session")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_secure_switch_comes_from_the_environment(monkeypatch):
    from app import create_app

    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("SECURE_COOKIES", "1")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_a_session_lasts_fourteen_days_from_the_last_visit_renewed_once_a_day(client, runner):
    from datetime import UTC, datetime, timedelta
    from http.cookies import SimpleCookie

    make_user(runner, "grace")
    login(client, "grace")
    client.get("/my/results")
    # the rest of today's requests send no cookie (nothing to sign again)
    assert not any(h.startswith("session=") for h in
                   client.get("/my/results").headers.getlist("Set-Cookie"))
    with client.session_transaction() as session:
        session["renewed_on"] -= 1  # last renewed yesterday
    header = cookie_header(client.get("/my/results"), "session")
    expires = datetime.strptime(SimpleCookie(header)["session"]["expires"],
                                "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    assert abs(expires - (datetime.now(UTC) + timedelta(days=14))) < timedelta(minutes=5)
    assert client.get("/my/results").status_code == 200


def test_logout_revokes_the_session_for_real(app, client, runner):
    make_user(runner, "grace")
    login(client, "grace")
    stolen = client.get_cookie("session").value
    logout(client)
    replay = app.test_client()
    replay.set_cookie("session", stolen)
    page = replay.get("/").get_data(as_text=True)
    assert "Sign out" not in page and "grace" not in page
    assert replay.get("/account/password").status_code == 302


def test_a_password_change_signs_out_every_other_session(app, runner):
    make_user(runner, "grace")
    here, there = app.test_client(), app.test_client()
    login(here, "grace")
    login(there, "grace")
    url = "/account/password"
    wrong = here.post(url, data={"csrf_token": csrf_token(here, url), "current": "nope nope",
                                 "password": "a brand new phrase", "confirm":
                                 "a brand new phrase"})
    assert wrong.status_code == 422
    assert "That is not your current password." in wrong.get_data(as_text=True)
    changed = here.post(url, data={"csrf_token": csrf_token(here, url), "current": PASSWORD,
                                   "password": "a brand new phrase",
                                   "confirm": "a brand new phrase"})
    assert changed.status_code == 303
    assert "Sign out" in here.get("/").get_data(as_text=True)           # this one goes on
    assert "Sign out" not in there.get("/").get_data(as_text=True)      # the other is out
    assert login(app.test_client(), "grace").status_code == 401          # old password
    assert login(app.test_client(), "grace", "a brand new phrase").status_code == 303


@pytest.fixture
def five_accounts_an_hour(app):
    from app.domain.throttle import REGISTER, Limit

    app.config["THROTTLES"][REGISTER] = Limit(5, 720)


def test_registration_is_limited_per_address(app, five_accounts_an_hour):
    for n in range(5):
        assert register(app.test_client(), f"user{n}").status_code == 303
    refused = register(app.test_client(), "user5")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many accounts were made from this address" in refused.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(User)).all()) == 5


def registered_from(app) -> set[str]:
    from app.models import Throttle

    with app.app_context():
        return set(db.session.scalars(select(Throttle.key).filter_by(scope="register")))


def register_via_proxy(app, username, forwarded_for):
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return register(client, username)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(app, five_accounts_an_hour):
    """Anyone can write the header: by default it changes nothing, so a client cannot dodge
    the per-address limits by claiming new addresses."""
    for n in range(5):
        assert register_via_proxy(app, f"user{n}", f"203.0.113.{n}").status_code == 303
    assert register_via_proxy(app, "user5", "203.0.113.99").status_code == 429
    assert set(registered_from(app)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_the_client_address_is_the_forwarded_one(seeded_db, tmp_path):
    """TRUSTED_PROXIES=1: the address the proxy appended is the client's; what the client
    wrote into the header before it is not taken, so limits hold per real client."""
    import shutil

    shutil.copy(seeded_db, tmp_path / "proxied.db")
    app = make_app(tmp_path / "proxied.db", TRUSTED_PROXIES=1, THROTTLES={"register": (5, 720)})
    for n in range(5):
        spoofed = f"198.51.100.{n}, 203.0.113.7"
        assert register_via_proxy(app, f"user{n}", spoofed).status_code == 303
    assert register_via_proxy(app, "user5", "198.51.100.99, 203.0.113.7").status_code == 429
    assert register_via_proxy(app, "user6", "203.0.113.8").status_code == 303
    assert registered_from(app) == {"203.0.113.7", "203.0.113.8"}


def test_the_trusted_proxies_setting_comes_from_the_environment(monkeypatch):
    from app import create_app

    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert create_app().wsgi_app.x_for == 2
    for bad in ("-1", "yes", "11", "9" * 5000):
        monkeypatch.setenv("TRUSTED_PROXIES", bad)
        with pytest.raises(ValueError, match="TRUSTED_PROXIES must be a whole number"):
            create_app()


def test_error_pages_carry_a_request_id_and_no_traceback(app, client):
    response = client.get("/no-such-page")
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{12}", request_id)
    assert f"Reference: {request_id}" in response.get_data(as_text=True)


def reference_of(response) -> str:
    """The request id a response carries, which its page must show too."""
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{12}", request_id)
    assert f"Reference: {request_id}" in response.get_data(as_text=True)
    return request_id


def test_csrf_and_413_pages_carry_the_request_id(app, client):
    refused = client.post("/quizzes/deepseek-education/start")
    assert refused.status_code == 400
    too_big = client.post("/login", data={"username": "x" * (3 * 1024 * 1024)})
    assert too_big.status_code == 413
    assert reference_of(refused) != reference_of(too_big)


START = "/quizzes/deepseek-education/start"


def test_a_csrf_failure_says_its_cause(app, client, monkeypatch):
    """Each way a form's token can fail gets its own plain words, and nothing is stored."""
    from itsdangerous.timed import TimestampSigner

    def refused(response, words):
        body = response.get_data(as_text=True)
        assert response.status_code == 400 and words in body, body
        assert "Reload the page and try again" in body
        reference_of(response)

    token = csrf_token(client)
    refused(client.post(START), "arrived without its security token")
    refused(client.post(START, data={"csrf_token": "forged"}),
            "form&#39;s security token is damaged")
    stranger = app.test_client()
    refused(stranger.post(START, data={"csrf_token": token}),
            "did not send this site&#39;s cookie")
    csrf_token(stranger)  # a session of its own, whose token differs
    refused(stranger.post(START, data={"csrf_token": token}), "belongs to another session")
    https = {"base_url": "https://localhost"}
    refused(client.post(START, data={"csrf_token": token}, **https),
            "did not say which page sent this form")
    refused(client.post(START, data={"csrf_token": token},
                        headers={"Referer": "https://evil.example/quiz"}, **https),
            "sent from a page of another site")
    later = TimestampSigner.get_timestamp(None) + 13 * 3600
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    refused(client.post(START, data={"csrf_token": token}), "open for more than 12 hours")
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_an_unexpected_error_is_a_plain_500_and_the_traceback_goes_to_the_log(app, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body and "secret internals" not in body
    assert "Traceback" not in body
    assert "secret internals" in caplog.text
    assert response.headers["Content-Security-Policy"]


@contextlib.contextmanager
def busy_learner(seeded_db, tmp_path):
    """A learner on a SQLite file with a short busy timeout, an attempt started and one
    answer's ids at hand, while another connection holds the write lock."""
    import shutil

    shutil.copy(seeded_db, tmp_path / "busy.db")
    app = make_app(tmp_path / "busy.db", SQLITE_BUSY_TIMEOUT_S=0.3)
    learner = Learner(app, app.test_client())
    learner.attempt_id = learner.start()
    learner.qid, learner.cid = next(iter(learner.choices(learner.attempt_id, True).items()))
    learner.token = csrf_token(learner.client, f"/attempts/{learner.attempt_id}")
    holder = sqlite3.connect(tmp_path / "busy.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield learner
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def autosave(learner, seq, token=True, client=None):
    return (client or learner.client).post(
        f"/attempts/{learner.attempt_id}/answers",
        data={"question": learner.qid, "choice": learner.cid, "seq": seq},
        headers={"X-CSRFToken": token if isinstance(token, str) else learner.token}
        if token else {})


def test_a_write_lock_held_too_long_gives_503_then_recovers(seeded_db, tmp_path):
    import time

    with busy_learner(seeded_db, tmp_path) as learner:
        began = time.perf_counter()
        busy = autosave(learner, 5)
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
        assert time.perf_counter() - began < 3          # promptly, after the busy timeout
        assert learner.client.get("/").status_code == 200  # reads go on beside the lock
    saved = autosave(learner, 6)
    assert saved.status_code == 200 and saved.get_json()["saved"] is True


def test_a_busy_database_answers_json_to_the_script_and_a_page_to_the_form(seeded_db,
                                                                            tmp_path):
    """The autosave script reads JSON: a 503 (and any other refusal) on its route is JSON with
    Retry-After; the form's post gets the 503 page."""
    with busy_learner(seeded_db, tmp_path) as learner:
        busy = autosave(learner, 5)
        form = learner.client.post(f"/attempts/{learner.attempt_id}", data={
            "csrf_token": learner.token, f"q{learner.qid}": learner.cid, "save": ""})
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
    assert busy.mimetype == "application/json"
    assert "busy" in busy.get_json()["error"] and busy.headers["X-Request-ID"]
    assert form.status_code == 503 and form.headers["Retry-After"] == "2"
    assert form.mimetype == "text/html" and "Busy for a moment" in form.get_data(as_text=True)
    unsigned = autosave(learner, 6, token=False)
    assert unsigned.status_code == 400
    assert "security token" in unsigned.get_json()["error"]
    elsewhere = learner.app.test_client()
    other = Learner(learner.app, elsewhere).start()
    foreign = autosave(learner, 7, token=csrf_token(elsewhere, f"/attempts/{other}"),
                       client=elsewhere)
    assert foreign.status_code == 404 and foreign.get_json()["error"]
    assert learner.stored(learner.attempt_id)[2][learner.qid] is None


def test_wal_is_on_and_checked(seeded_db, tmp_path):
    """SQLite's settings (PostgreSQL has durability of its own)."""
    import shutil

    shutil.copy(seeded_db, tmp_path / "wal.db")
    app = make_app(tmp_path / "wal.db")
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2   # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("folder", ["templates", "app"])
def test_nothing_is_ever_marked_safe(folder):
    for path in (ROOT / folder).rglob("*"):
        if path.suffix in (".html", ".py"):
            text = path.read_text()
            assert "|safe" not in text.replace(" ", "") and "Markup(" not in text, path


def test_text_from_imports_is_shown_as_text_everywhere(app, client, seed_quiz):
    from app.domain.gift import escape

    nasty = escape('<img src=x onerror="alert(1)">')
    gift_text = f"::x1::Which {nasty}? {{=Right {nasty}#Why {nasty} ~Wrong ~Other}}\n"
    token = csrf_token(seed_quiz, "/instructor/quizzes/deepseek-education/questions")
    assert seed_quiz.post("/instructor/quizzes/deepseek-education/import.gift",
                           data={"csrf_token": token, "text": gift_text}).status_code == 303
    learner = Learner(app, client)
    attempt_id = learner.start()
    learner.post(attempt_id, {}, action="confirm")
    pages = [client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True),
             seed_quiz.get("/instructor/quizzes/deepseek-education").get_data(as_text=True),
             seed_quiz.get("/instructor/quizzes/deepseek-education/questions").get_data(
                 as_text=True)]
    for page in pages:
        assert "<img src=x" not in page
        assert "&lt;img src=x onerror=" in page
