"""Whole numbers from text people or programs send: bounded in length before `int()` ever
sees them, so a thousand digits is a refusal, never an overflow or Python's 4,300-digit
error."""

MAX_ROW_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL's BIGINT hold


def whole_number(raw: str | None, maximum: int = MAX_ROW_ID) -> int | None:
    """The value of `raw` (ASCII digits, surrounding spaces allowed) when it is at most
    `maximum`; None for anything else: empty, a sign, other digits than 0-9, too large."""
    text = (raw or "").strip()
    if not text or len(text) > len(str(maximum)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= maximum else None
