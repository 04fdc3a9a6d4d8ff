"""Question generation's time on the seed article and on ten times its length, side by side.

Generation should be linear in the article's length: the ratio of the two times should be
close to 10 (their ratio per sentence close to 1). The longer text is the seed's paragraphs
repeated ten times, each copy with its numbers shifted so that the copies differ.

    .venv/bin/python bench/generation.py [--repeat 5]
"""

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain.articles import clean_text  # noqa: E402
from app.domain.generation import generate  # noqa: E402


def seed_text() -> str:
    files = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    if not files:
        sys.exit("the seed article is missing from ../shared/seed/")
    return files[0].read_text(encoding="utf-8")


def scaled(text: str, times: int) -> str:
    title, _, body = text.partition("\n\n")
    copies = [re.sub(r"\d+", lambda m, k=k: str(int(m.group()) + k), body)
              for k in range(times)]
    return title + "\n\n" + "\n\n".join(copies)


def best_of(text: str, repeat: int) -> tuple[float, int, int]:
    article = clean_text(text)
    times, drafts = [], 0
    for _ in range(repeat):
        began = time.perf_counter()
        drafts = len(generate(article, random.Random(0)).drafts)
        times.append(time.perf_counter() - began)
    return statistics.median(times), len(article.sentences), drafts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = seed_text()
    one, one_sentences, one_drafts = best_of(text, args.repeat)
    ten, ten_sentences, ten_drafts = best_of(scaled(text, 10), args.repeat)
    print(f"1x  seed: {one_sentences:5} sentences, {one_drafts:4} drafts, {one * 1000:8.1f} ms")
    print(f"10x seed: {ten_sentences:5} sentences, {ten_drafts:4} drafts, {ten * 1000:8.1f} ms")
    per_sentence = (ten / ten_sentences) / (one / one_sentences)
    print(f"time ratio 10x / 1x: {ten / one:.2f} (linear: about 10); "
          f"per sentence: {per_sentence:.2f} (linear: about 1)")


if __name__ == "__main__":
    main()
