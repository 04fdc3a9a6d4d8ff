"""Cleaning and splitting articles (the texts here are our own)."""

import pytest

from app.domain.articles import (
    ArticleError,
    clean_html,
    clean_markdown,
    clean_text,
    find_sentence,
    split_sentences,
)

PAGE = """<!DOCTYPE html><html><head><title>Harbour Plan Approved | The Coast Daily</title>
<style>body { color: red }</style><script>var tracking = "Leave a Reply";</script></head>
<body><header class="site-header"><nav><a href="/">Home</a><a href="/sport">Sport</a></nav></header>
<article>
  <header><h1>Harbour plan approved after long debate</h1>
  <p class="byline">By Mira Olsen</p><time datetime="2025-03-04">4 March 2025</time></header>
  <!-- an editor's note that must not show -->
  <p>The town council approved the harbour plan on Tuesday. Mr. Varga, who chairs it,
  called the vote historic.</p>
  <div class="share-buttons"><p>Share this article</p></div>
  <p>Work starts in May and should take 18 months.</p>
  <script>document.write("injected")</script>
  <aside><p>Related stories</p></aside>
</article>
<section id="comments"><h3>Leave a Reply</h3>
<p>Your email address will not be published. Fields with * must be filled.</p>
<form><textarea></textarea><button>Post Comment</button></form></section>
<footer><p>Copyright 2025 The Coast Daily</p></footer></body></html>"""


def test_html_is_reduced_to_the_article():
    article = clean_html(PAGE)
    assert article.title == "Harbour plan approved after long debate"
    assert "Mira Olsen" in article.byline and "2025" in article.byline
    assert article.paragraphs == [
        "The town council approved the harbour plan on Tuesday. Mr. Varga, who chairs it, "
        "called the vote historic.",
        "Work starts in May and should take 18 months.",
    ]
    for gone in ("tracking", "injected", "editor's note", "Leave a Reply", "Share this",
                 "Related", "Copyright", "Home", "email address"):
        assert gone not in article.text


def test_html_without_an_article_element_uses_the_body_and_the_title_tag():
    article = clean_html("<html><head><title>Storm warning - Weather Desk</title></head><body>"
                         "<p>Winds will reach 90 km/h tonight.</p><p>Ferries are cancelled.</p>"
                         "</body></html>")
    assert article.title == "Storm warning"
    assert len(article.paragraphs) == 2


def test_plain_text_title_byline_and_furniture():
    article = clean_text("Bridge reopens\n\nBy Tom Reyes\n\n12 June 2024\n\nThe old bridge "
                         "reopened\nto traffic today.\n\nIt had been shut for a year.\n\n"
                         "Leave a Reply\n\nYour email address will not be published.")
    assert article.title == "Bridge reopens"
    assert article.byline == "By Tom Reyes · 12 June 2024"
    assert article.paragraphs == ["The old bridge reopened to traffic today.",
                                  "It had been shut for a year."]


def test_markdown_goes_through_the_same_cleaning():
    article = clean_markdown("# Library extends hours\n\n*By Ana Lima*\n\nThe library now "
                             "opens at **7 am**. See [the notice](https://example.org).\n")
    assert article.title == "Library extends hours"
    assert article.paragraphs == ["The library now opens at 7 am. See the notice."]


def test_nothing_to_import_is_an_error():
    with pytest.raises(ArticleError):
        clean_text("\n\n   \n")
    with pytest.raises(ArticleError):
        clean_html("<html><body><nav>Menu</nav><script>x()</script></body></html>")


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("One. Two? Three!", ["One.", "Two?", "Three!"]),
    ("Mr. Varga spoke first. Dr. Ito replied.", ["Mr. Varga spoke first.", "Dr. Ito replied."]),
    ("Prices rose 2.5 percent in the U.S. last year. But wages fell.",
     ["Prices rose 2.5 percent in the U.S. last year.", "But wages fell."]),
    ("It leads in A.I. The rest follow.", ["It leads in A.I.", "The rest follow."]),
    ("“We will win,” she said. “Soon.”", ["“We will win,” she said.", "“Soon.”"]),
    ("Work with U.S. Steel continues.", ["Work with U.S. Steel continues."]),
    ("no final stop", ["no final stop"]),
])
def test_sentences(paragraph, expected):
    assert [paragraph[a:b] for a, b in split_sentences(paragraph)] == expected


def test_sentence_spans_point_into_the_text_and_sentences_are_found_by_content():
    article = clean_text("Title here\n\nFirst one. Second one here.\n\nThird, with words.")
    texts = [article.text[s.start:s.end] for s in article.sentences]
    assert texts == ["First one.", "Second one here.", "Third, with words."]
    assert [(s.paragraph, s.position) for s in article.sentences] == [(1, 1), (1, 2), (2, 1)]
    found = find_sentence(article.text, article.sentences, "second  ONE")
    assert (found.paragraph, found.position) == (1, 2)
    assert find_sentence(article.text, article.sentences, "one") is None      # ambiguous
    assert find_sentence(article.text, article.sentences, "missing words") is None
