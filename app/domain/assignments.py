"""Assignments: a quiz handed to one class, with a join code and a window of time (how many
wrong codes an address may try is `domain.throttle`'s). See docs/SECURITY.md for why the
code is as long as it is."""

import random
import unicodedata
from datetime import datetime

# No 0/O, 1/I/l (and no L, which a lower-case l would be read as): 31 symbols, each 4.95 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 59.4 bits: three groups of four, read aloud as K7QM-X2PD-RHWT
CODE_GROUP = 4
NAME_MAX = 80

NOT_OPEN, OPEN, CLOSED = "not open", "open", "closed"


def new_code(rng: random.Random) -> str:
    """A code in its stored form (no dashes); pass a `secrets.SystemRandom()`."""
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """The stored code in groups, as it is shown and read aloud."""
    return "-".join(code[i:i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def normalise_code(raw: str) -> str | None:
    """What someone typed, as a stored code: any case, spaces and dashes ignored. None when it
    cannot be a code at all (wrong length or a symbol codes never use)."""
    code = "".join(ch for ch in unicodedata.normalize("NFKC", raw).upper()
                   if not ch.isspace() and ch not in "-‐‑‒–—_.")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def window_state(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> str:
    """Whether attempts may start now: before the opening time, between, or at or after the
    closing time."""
    if opens_at is not None and now < opens_at:
        return NOT_OPEN
    if closes_at is not None and now >= closes_at:
        return CLOSED
    return OPEN


def window_problem(opens_at: datetime | None, closes_at: datetime | None) -> str | None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        return "The closing time must come after the opening time."
    return None


def clean_name(raw: str) -> str:
    """A display name as stored: NFKC, inner runs of space made one, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def name_problem(raw: str) -> str | None:
    name = clean_name(raw)
    if not name:
        return "Give your name, as your teacher knows you."
    if len(name) > NAME_MAX:
        return f"Use at most {NAME_MAX} characters."
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return "Use letters, spaces and punctuation only."
    return None
