"""Pulling the article out of an HTML page: our cleaner (app.domain.articles.clean_html,
Beautiful Soup) beside trafilatura, when trafilatura is installed (it is not a dependency:
`pip install trafilatura lxml_html_clean` to run the comparison).

Each article of ../shared/articles/ and the seed is laid into two made-up news pages: one with
<article> markup, one of bare <div>s whose furniture has class names our cleaner does not know
(a "rail" of most-read links, an author card, a photo caption, share links, a comment form).
For each page and cleaner: the share of the article's words found (recall), the share of the
words found that are the article's (precision), the title found, and the time taken. The pages
are ours, and our cleaner was improved while looking at them: read the figures as a check that
it is not worse on plain news pages, not as a fair contest on the open web.

    .venv/bin/python bench/html_import.py
"""

import html
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.domain.articles import clean_html, clean_text  # noqa: E402

SHARED = ROOT.parent / "shared"
FURNITURE_WORDS = ("Most read today: council votes on parking fees after a long night. "
                   "Weather warning issued for the coast as winds pick up.")


def semantic_page(title: str, byline: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)} | Daily Planet</title>"
            "</head><body><header><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"</header><main><article><h1>{html.escape(title)}</h1><p class='byline'>"
            f"{html.escape(byline)}</p><time datetime='2024-03-04'>March 4, 2024</time>"
            "<figure><img src='a.jpg' alt=''><figcaption>A photo taken for this story.</figcaption>"
            f"</figure>{body}<aside><h2>Related</h2><p>{FURNITURE_WORDS}</p></aside></article>"
            "</main><section id='comments'><h3>Leave a Reply</h3><form><textarea></textarea>"
            "</form></section><footer><p>Copyright 2024 Daily Planet</p></footer></body></html>")


def div_page(title: str, byline: str, paragraphs: list[str]) -> str:
    half = len(paragraphs) // 2
    first = "".join(f"<div class='txt'>{html.escape(p)}</div>" for p in paragraphs[:half])
    rest = "".join(f"<div class='txt'>{html.escape(p)}</div>" for p in paragraphs[half:])
    return (f"<html><head><title>{html.escape(title)} - Daily Planet</title></head><body>"
            "<div class='top'><a href='/'>Home</a> | <a href='/world'>World</a></div>"
            f"<div class='story'><div class='hed'>{html.escape(title)}</div>"
            f"<div class='author-card'>{html.escape(byline)}, staff writer since 2009</div>"
            f"{first}<div class='rail'><div>{FURNITURE_WORDS}</div></div>"
            "<div class='pic'>Picture: a crowd gathers outside the hall.</div>"
            f"{rest}<div class='tools'>Share on Facebook Share on X Email this story</div>"
            "</div><div class='talk'>Leave a Reply<div>Your email address will not be published."
            "</div></div></body></html>")


def ours(page: str) -> tuple[str, str]:
    article = clean_html(page)
    return article.title, article.text


def with_trafilatura(page: str) -> tuple[str, str]:
    import trafilatura
    found = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False,
                                        include_tables=False)
    if found is None:
        return "", ""
    return found.title or "", found.text or ""


def words(text: str) -> Counter:
    return Counter(re.findall(r"[a-z0-9]+", text.casefold()))


def score(expected: str, found: str) -> tuple[float, float]:
    want, got = words(expected), words(found)
    common = sum((want & got).values())
    return common / max(1, sum(want.values())), common / max(1, sum(got.values()))


def main() -> None:
    cleaners = {"ours (bs4)": ours}
    try:
        import trafilatura
        cleaners[f"trafilatura {trafilatura.__version__}"] = with_trafilatura
    except ImportError as error:
        print(f"trafilatura is not installed ({error}); only ours is measured")
    files = sorted([*SHARED.glob("articles/*.txt"), *SHARED.glob("seed/*.txt")])
    pages = []
    for path in files:
        article = clean_text(path.read_text(encoding="utf-8"))
        for layout, build in (("article", semantic_page), ("divs", div_page)):
            page = build(article.title, article.byline or "By Staff", article.paragraphs)
            pages.append((path.name, layout, article, page))
    print(f"{len(pages)} pages ({len(files)} articles x 2 layouts)")
    print(f"{'cleaner':22} {'layout':8} {'recall':>7} {'precision':>9} {'titles':>7} "
          f"{'ms/page':>8}")
    for name, clean in cleaners.items():
        clean(pages[0][3])  # warm up: imports and first-call caches are not timed
        for layout in ("article", "divs"):
            chosen = [p for p in pages if p[1] == layout]
            recall = precision = titles = 0.0
            began = time.perf_counter()
            for _, _, article, page in chosen:
                title, text = clean(page)
                r, p = score(article.text, text)
                recall, precision = recall + r, precision + p
                titles += title.strip() == article.title
            spent = (time.perf_counter() - began) * 1000 / len(chosen)
            print(f"{name:22} {layout:8} {recall / len(chosen):7.1%} "
                  f"{precision / len(chosen):9.1%} {int(titles):>3} of {len(chosen):<2} "
                  f"{spent:8.1f}")


if __name__ == "__main__":
    main()
