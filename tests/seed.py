"""The seed article, read from ../shared/seed/, and the news articles of ../shared/articles/
(the project keeps none of their text)."""

import re
from functools import cache
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[2] / "shared" / "seed"
ARTICLES_DIR = SEED_DIR.parent / "articles"


@cache
def seed_text() -> str:
    files = sorted(SEED_DIR.glob("*.txt"))
    assert files, f"the seed article is missing from {SEED_DIR}"
    return files[0].read_text(encoding="utf-8")


@cache
def article_texts() -> dict[str, str]:
    """File name -> text of each article in ../shared/articles/."""
    files = sorted(ARTICLES_DIR.glob("*.txt"))
    assert files, f"the articles are missing from {ARTICLES_DIR}"
    return {file.name: file.read_text(encoding="utf-8") for file in files}


def paragraphs() -> dict[int, str]:
    """Paragraph number -> text. Blocks are separated by blank lines; the first is the title
    and is not numbered; the page furniture at the end is not part of the article."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", seed_text()) if b.strip()]
    body = [b for b in blocks[1:] if not b.startswith(("Leave a Reply", "Your email address"))]
    return dict(enumerate(body, start=1))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())
