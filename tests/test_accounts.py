"""Accounts: register, log in, log out, the guest hand-over, roles, throttling."""

import re

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Attempt, Throttle, User
from tests.accounts_helpers import PASSWORD, login, logout, make_user, register
from tests.conftest import csrf_token
from tests.learner import Learner


def users(app):
    with app.app_context():
        return db.session.execute(select(User.username, User.role)).all()


def test_register_signs_in_and_hashes_with_scrypt(app, client):
    response = register(client, "Ada")
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Ada" in page and "Sign out" in page
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.username, user.username_key, user.role) == ("Ada", "ada", "learner")
        assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


@pytest.mark.parametrize("name", ["ada", "ADA", " Ada ", "ＡＤＡ"])
def test_usernames_are_unique_regardless_of_case(app, client, name):
    register(client, "Ada")
    logout(client)
    response = register(app.test_client(), name)
    assert response.status_code == 422
    assert "That username is taken." in response.get_data(as_text=True)
    assert len(users(app)) == 1


@pytest.mark.parametrize(("taken", "lookalike"), [
    ("paul", "\u0440\u0430ul"),        # Cyrillic er and a: "раul"
    ("BOB", "\u0412\u041e\u0412"),    # all Cyrillic: "ВОВ"
    ("alice", "AIice"),                 # a capital I for the l
    ("mary", "rnary"),
])
def test_a_lookalike_of_an_existing_username_is_refused(app, runner, taken, lookalike):
    make_user(runner, taken)
    response = register(app.test_client(), lookalike)
    assert response.status_code == 422
    assert "That username looks like one already taken" in response.get_data(as_text=True)
    assert [u.username for u in users(app)] == [taken]
    refused = runner.invoke(args=["users", "create", lookalike],
                            input=f"{PASSWORD}\n{PASSWORD}\n")
    assert refused.exit_code != 0 and f"looks like {taken!r}" in refused.output
    assert register(app.test_client(), "pauline").status_code == 303   # only look-alikes


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"username": ""}, "username", "Choose a username."),
    ({"username": "a b"}, "username", "Use letters, digits, dots, dashes and underscores only."),
    ({"password": "short", "confirm": "short"}, "password", "Use at least 8 characters."),
    ({"password": "password123", "confirm": "password123"}, "password",
     "This password is among the most common ones; choose another."),
    ({"confirm": "something else"}, "confirm", "The two passwords differ."),
])
def test_each_rejected_field_says_why(app, client, data, field, message):
    values = {"username": "grace", "password": PASSWORD, "confirm": None} | data
    response = register(client, values["username"], values["password"], values["confirm"])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'<p class="field-error" id="{field}-error">{message}</p>' in html
    assert users(app) == []


def test_a_guest_who_registers_keeps_their_attempts(app, client):
    learner = Learner(app, client)
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, True), action="confirm")
    register(client, "grace")
    with app.app_context():
        (user,) = db.session.scalars(select(User)).all()
        assert user.username == "grace" and user.role == "learner"
        assert db.session.get(Attempt, attempt_id).user_id == user.id
    assert client.get(f"/attempts/{attempt_id}/result").status_code == 200
    assert re.search(r"Attempts</dt><dd>1<", client.get("/my/results").get_data(as_text=True))


def test_a_guest_who_logs_in_hands_their_attempts_to_the_account(app, client, runner):
    make_user(runner, "grace")
    learner = Learner(app, client)
    attempt_id = learner.start()
    learner.post(attempt_id, learner.choices(attempt_id, True), action="confirm")
    response = login(client, "Grace")
    assert response.status_code == 303
    html = client.get("/my/results").get_data(as_text=True)
    assert "1 attempt you made as a guest is now in your account." in html
    assert re.search(r"Attempts</dt><dd>1<", html)
    with app.app_context():
        grace = db.session.scalar(select(User).filter_by(username_key="grace"))
        assert db.session.get(Attempt, attempt_id).user_id == grace.id
        assert db.session.scalar(select(func.count(User.id))) == 1  # the empty guest is gone
    # logging out and in again from another browser shows the same history
    logout(client)
    other = app.test_client()
    login(other, "grace")
    assert other.get(f"/attempts/{attempt_id}/result").status_code == 200


def test_logout_ends_the_session(app, client):
    register(client, "ada")
    assert logout(client).status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Sign in" in page and "Sign out" not in page


def test_wrong_password_and_unknown_user_get_the_same_message(app, client, runner):
    make_user(runner, "grace")
    bad_password = login(client, "grace", "wrong password here")
    no_user = login(app.test_client(), "nobody", "wrong password here")
    assert bad_password.status_code == no_user.status_code == 401
    message = "That username and password do not match an account."
    assert message in bad_password.get_data(as_text=True)
    assert message in no_user.get_data(as_text=True)


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failed_logins_hold_back_that_account_from_that_address_only(app, runner):
    """Five wrong passwords for grace from one address make grace wait there, even with the
    right password; grace signs in from her own address all the same, and everyone else
    behind the attacker's address (a school's, say) signs in as usual."""
    make_user(runner, "grace")
    make_user(runner, "henry")
    attacker = "198.51.100.7"
    for _ in range(5):
        assert login(from_address(app, attacker), "grace", "wrong password").status_code == 401
    blocked = login(from_address(app, attacker), "grace", PASSWORD)
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed attempts" in blocked.get_data(as_text=True)
    assert login(from_address(app, "203.0.113.20"), "grace", PASSWORD).status_code == 303
    assert login(from_address(app, attacker), "henry", PASSWORD).status_code == 303
    # once the wait has passed, the right password works from there too
    with app.app_context():
        db.session.execute(update(Throttle).values(until=0))
        db.session.commit()
    assert login(from_address(app, attacker), "grace", PASSWORD).status_code == 303


def test_one_address_failing_across_many_accounts_is_limited_too(app, runner):
    """Trying one password on many accounts (spraying) from one address meets the address's
    own, looser limit."""
    from app.domain.throttle import LOGIN_ADDRESS, Limit

    app.config["THROTTLES"][LOGIN_ADDRESS] = Limit(8, 12)
    make_user(runner, "grace")
    for n in range(8):
        assert login(app.test_client(), f"user{n}", "wrong password").status_code == 401
    assert login(app.test_client(), "grace", PASSWORD).status_code == 429
    assert login(from_address(app, "203.0.113.20"), "grace", PASSWORD).status_code == 303


def test_instructors_are_made_only_on_the_command_line(app, client, runner):
    result = make_user(runner, "teacher", role="instructor")
    assert "teacher: instructor account created" in result.output
    token = csrf_token(client, "/register")
    response = client.post("/register", data={
        "csrf_token": token, "username": "sneaky", "password": PASSWORD, "confirm": PASSWORD,
        "role": "instructor",  # a role sent with the form is ignored
    })
    assert response.status_code == 303
    assert sorted(users(app)) == [("sneaky", "learner"), ("teacher", "instructor")]
    assert client.get("/instructor/").status_code == 403


def test_the_command_refuses_bad_names_and_passwords(runner):
    bad = runner.invoke(args=["users", "create", "a b"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert bad.exit_code != 0 and "letters, digits" in bad.output
    weak = runner.invoke(args=["users", "create", "abc"], input="short\nshort\n")
    assert weak.exit_code != 0 and "at least 8" in weak.output
    make_user(runner, "abc")
    again = runner.invoke(args=["users", "create", "ABC"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert again.exit_code != 0 and "taken" in again.output


@pytest.mark.parametrize(("target", "lands"), [
    ("/my/results", "/my/results"),
    ("https://evil.example/", "/"),
    ("//evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("/my/results%0D%0AX-Injected:%201", "/"),   # a line break: once a 500 after the login
    ("/my/results%0A", "/"),
    ("/my%09/results", "/"),
    ("/my/results%E2%80%A8", "/"),                # U+2028, a line separator
])
def test_next_stays_on_this_site(app, client, runner, target, lands):
    make_user(runner, "grace")
    response = login(client, "grace", next_url=target)
    assert response.status_code == 303
    assert response.location == lands
    assert "X-Injected" not in response.headers
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_a_line_break_in_next_still_signs_in_and_keeps_the_guests_work(app, client, runner):
    """`next` is checked before the login commits: a bad one lands on the home page with
    the guest's attempt handed over, and registering the same way keeps the guest's row."""
    make_user(runner, "grace")
    Learner(app, client).start()
    response = login(client, "grace", next_url="/my/results%0D%0ASet-Cookie:%20x=1")
    assert response.status_code == 303 and response.location == "/"
    assert "1 attempt you made as a guest is now in your account." in client.get(
        "/").get_data(as_text=True)
    newcomer = app.test_client()
    attempt_id = Learner(app, newcomer).start()
    token = csrf_token(newcomer, "/register")
    registered = newcomer.post("/register?next=/my/results%0D%0A", data={
        "csrf_token": token, "username": "hopper", "password": PASSWORD, "confirm": PASSWORD})
    assert registered.status_code == 303 and registered.location == "/"
    assert "Sign out" in newcomer.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).user.username == "hopper"


def test_login_clears_what_was_in_the_session(app, client, runner):
    make_user(runner, "grace")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, "grace")
    with client.session_transaction() as session:
        assert "planted" not in session
