import pytest

from app.domain.accounts import (
    lookalike_key,
    normalise_username,
    password_problem,
    username_problem,
)


def test_usernames_are_normalised_for_uniqueness():
    assert normalise_username("  Ada ") == "ada"
    assert normalise_username("ＡＤＡ") == "ada"          # full-width letters (NFKC)
    assert normalise_username("Straße") == "strasse"       # case folding, not lowering
    assert normalise_username("Zoë") == normalise_username("Zoe\u0308")


def test_usernames_that_look_alike_share_a_key():
    alike = [("paul", "\u0440\u0430ul"), ("admin", "\u0430dm\u0456n"),
             ("BOB", "\u0412\u041e\u0412"), ("Mary", "rnary"), ("alice", "AIice"),
             ("user1", "userl"), ("bob", "b0b"),
             ("sofia", "s\u03bff\u03b9\u03b1"), ("joan", "j\u0585an"), ("Ada", "ＡＤＡ")]
    for name, lookalike in alike:
        assert lookalike_key(name) == lookalike_key(lookalike), (name, lookalike)
    for name, other in [("paul", "pauline"), ("jose", "josé"), ("ana", "anna"),
                        ("lan", "ian"), ("boris", "\u0431oris")]:
        assert lookalike_key(name) != lookalike_key(other), (name, other)


@pytest.mark.parametrize(("name", "problem"), [
    ("ab", "Use 3 to 40 characters."),
    ("x" * 41, "Use 3 to 40 characters."),
    ("ada lovelace", "Use letters, digits, dots, dashes and underscores only."),
    ("<script>", "Use letters, digits, dots, dashes and underscores only."),
    ("ada.lovelace-1", None),
    ("Zoë", None),
])
def test_username_rules(name, problem):
    assert username_problem(name) == problem


@pytest.mark.parametrize(("password", "problem"), [
    ("short", "Use at least 8 characters."),
    ("x" * 1025, "Use at most 1024 characters."),
    ("Password", "This password is among the most common ones; choose another."),
    ("correct horse battery staple", None),
    ("x" * 1024, None),
])
def test_password_rules(password, problem):
    assert password_problem(password) == problem
