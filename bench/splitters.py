"""Sentence splitters side by side: ours (app.domain.articles.split_sentences), pysbd and syntok,
on the hard cases of tests/domain/test_articles.py (right or wrong, case by case) and on the
paragraphs of ../shared/articles/ and the seed (time, and how often each agrees with ours).

    .venv/bin/python bench/splitters.py [--show]
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pysbd  # noqa: E402
from syntok import segmenter  # noqa: E402

from app.domain.articles import clean_text, split_sentences  # noqa: E402
from tests.domain.test_articles import HARD_CASES  # noqa: E402

_PYSBD = pysbd.Segmenter(language="en", clean=False, char_span=False)


def ours(paragraph: str) -> list[str]:
    return [paragraph[a:b] for a, b in split_sentences(paragraph)]


def with_pysbd(paragraph: str) -> list[str]:
    return [s.strip() for s in _PYSBD.segment(paragraph) if s.strip()]


def with_syntok(paragraph: str) -> list[str]:
    found = []
    for para in segmenter.analyze(paragraph):
        for sentence in para:
            start, end = sentence[0].offset, sentence[-1].offset + len(sentence[-1].value)
            found.append(paragraph[start - len(sentence[0].spacing) + len(
                sentence[0].spacing):end].strip())
    return found


SPLITTERS = {"ours": ours, "pysbd 0.3.4": with_pysbd, "syntok 1.4.4": with_syntok}


def article_paragraphs() -> list[str]:
    shared = ROOT.parent / "shared"
    files = sorted([*shared.glob("articles/*.txt"), *shared.glob("seed/*.txt")])
    return [p for f in files for p in clean_text(f.read_text(encoding="utf-8")).paragraphs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each case a splitter misses")
    args = parser.parse_args()
    paragraphs = article_paragraphs()
    reference = [ours(p) for p in paragraphs]
    print(f"{len(HARD_CASES)} hard cases; {len(paragraphs)} article paragraphs, "
          f"{sum(map(len, reference))} sentences by ours")
    print(f"{'splitter':14} {'hard cases right':>17} {'paragraphs agreeing':>20} "
          f"{'time (ms)':>10}")
    for name, split in SPLITTERS.items():
        right = 0
        for text, expected in HARD_CASES:
            got = split(text)
            right += got == expected
            if args.show and got != expected:
                print(f"  {name} misses: {got}")
        began = time.perf_counter()
        found = [split(p) for p in paragraphs]
        spent = (time.perf_counter() - began) * 1000
        agree = sum(a == b for a, b in zip(found, reference, strict=True))
        print(f"{name:14} {right:>9} of {len(HARD_CASES):<5} {agree:>11} of {len(paragraphs):<6} "
              f"{spent:>10.1f}")


if __name__ == "__main__":
    main()
