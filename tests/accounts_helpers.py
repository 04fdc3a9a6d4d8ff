"""Signing up and in through the test client."""

from tests.conftest import csrf_token

PASSWORD = "a long enough passphrase"


def register(client, username, password=PASSWORD, confirm=None, follow=False):
    token = csrf_token(client, "/register")
    return client.post("/register", data={
        "csrf_token": token, "username": username, "password": password,
        "confirm": password if confirm is None else confirm,
    }, follow_redirects=follow)


def login(client, username, password=PASSWORD, next_url=None):
    token = csrf_token(client, "/login")
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"csrf_token": token, "username": username,
                                  "password": password})


def logout(client):
    token = csrf_token(client, "/")
    return client.post("/logout", data={"csrf_token": token})


def make_user(runner, name, role="learner", password=PASSWORD):
    result = runner.invoke(args=["users", "create", name, "--role", role],
                           input=f"{password}\n{password}\n")
    assert result.exit_code == 0, result.output
    return result
