"""Account rules: usernames and passwords (how often one may try is `domain.throttle`'s)."""

import re
import unicodedata

USERNAME_MIN, USERNAME_MAX = 3, 40
PASSWORD_MIN, PASSWORD_MAX = 8, 1024
USERNAME_CHARS = re.compile(r"^[\w.\-]+$")

# A short list of the passwords most often seen in breaches (8 characters or more); the full
# check is a later issue's, but these are refused from the start.
COMMON_PASSWORDS = frozenset({
    "password", "12345678", "123456789", "1234567890", "qwertyuiop", "11111111", "00000000",
    "iloveyou", "password1", "password123", "qwerty123", "1q2w3e4r", "1qaz2wsx", "abcd1234",
    "12341234", "87654321", "sunshine", "princess", "football", "baseball", "superman",
    "trustno1", "welcome1", "letmein1", "passw0rd", "starwars", "88888888", "12121212",
    "qwertyui", "asdfghjk", "zxcvbnm1", "monkey123", "dragon12", "master12", "computer",
    "internet", "whatever", "michelle", "jennifer",
})


def normalise_username(raw: str) -> str:
    """The form used for uniqueness and lookups: NFKC, trimmed, case-folded."""
    return unicodedata.normalize("NFKC", raw).strip().casefold()


# Letters and digits drawn like Latin ones, each with the Latin it is drawn like: a small
# table from Unicode's confusables (UTS #39) for the scripts whose letters pass
# USERNAME_CHARS and pass for Latin on screen (Cyrillic, Greek, Armenian, and Latin's own
# dotless i, alpha, iota, script g), and the look-alikes within ASCII (I, l and 1; 0 and O;
# rn and m, as UTS #39 has them). NFKC has already folded full-width and mathematical
# letters. ICU computes UTS #39 skeletons, but PyICU needs ICU built on the machine; the
# pure-Python libraries find confusable characters but give no skeleton to compare.
LOOKALIKES = str.maketrans(
    "аеорсухѕіјһԁԛԝӏүАВЕКМНОРСТХУЅІЈԜӀҮ"   # Cyrillic
    "αορνιϲϳυγΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹ"             # Greek
    "օոսհզցՕՍՏ"                            # Armenian
    "ıɑɩʋɡ"                                # Latin letters of other shapes
    "I10",                                 # within ASCII
    "aeopcyxsijhdqwlyABEKMHOPCTXYSlJWlY"
    "aopvicjuyABEZHlKMNOPTYXC"
    "onuhqgOUS"
    "iaiug"
    "llo",
) | {ord("m"): "rn"}


def lookalike_key(raw: str) -> str:
    """Equal for two usernames that look alike on screen (a skeleton in UTS #39's sense):
    NFKC, each look-alike replaced by what it looks like, case-folded, and replaced again
    (Cyrillic "В" looks like "B" but its lower case "в" like nothing Latin, so the table
    applies before case-folding; the lower case of others only after it)."""
    name = unicodedata.normalize("NFKC", raw).strip()
    return name.translate(LOOKALIKES).casefold().translate(LOOKALIKES)


def username_problem(raw: str) -> str | None:
    name = unicodedata.normalize("NFKC", raw).strip()
    if not USERNAME_MIN <= len(name) <= USERNAME_MAX:
        return f"Use {USERNAME_MIN} to {USERNAME_MAX} characters."
    if not USERNAME_CHARS.match(name):
        return "Use letters, digits, dots, dashes and underscores only."
    return None


def password_problem(password: str) -> str | None:
    if len(password) < PASSWORD_MIN:
        return f"Use at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX} characters."
    if password.casefold() in COMMON_PASSWORDS:
        return "This password is among the most common ones; choose another."
    return None


def learner_name(username: str | None, given_name: str | None, user_id: int) -> str:
    """How a learner is named wherever an instructor sees them (attempts, reviews, gradebooks,
    CSV files): their username, else the name they gave on joining a class, else a guest
    number."""
    return username or given_name or f"Guest {user_id}"
