"""The seed article, read from ../shared/seed/ (the project keeps none of its text)."""

import re
from functools import cache
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"


@cache
def seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt"))
    assert files, f"the seed article is missing from {SEED_DIR}"
    return files[0].read_text(encoding="utf-8")


def paragraphs() -> dict[int, str]:
    """Paragraph number -> text. Blocks are separated by blank lines; the first is the title
    and is not numbered; the page furniture at the end is not part of the article."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", seed_text()) if b.strip()]
    body = [b for b in blocks[1:] if not b.startswith(("Leave a Reply", "Your email address"))]
    return dict(enumerate(body, start=1))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())
