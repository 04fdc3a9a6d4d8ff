"""Cleaning and splitting articles (the texts here are our own)."""

import pytest

from app.domain.articles import (
    ArticleError,
    clean_html,
    clean_markdown,
    clean_text,
    clean_title,
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


def test_a_page_of_bare_divs_loses_its_menus_link_lists_and_share_line():
    article = clean_html(
        "<html><head><title>Storm warning - Weather Desk</title></head><body>"
        "<div class='top'><a href='/'>Home</a> | <a href='/news'>News</a></div>"
        "<div class='x1'>Storm warning</div><div class='x2'>By Ana Ruiz</div>"
        "<div class='x3'>Winds will reach 90 km/h tonight.</div>"
        "<div class='x4'><a href='/a'>Ferry fares rise again</a> <a href='/b'>Bridge shut</a>"
        "</div><div class='x5'>Most read: fares rise again</div>"
        "<div class='x6'>Ferries are cancelled until noon.</div>"
        "<div class='x7'>Share on Facebook Share on X</div></body></html>")
    assert article.title == "Storm warning"
    assert article.byline == "By Ana Ruiz"
    assert article.paragraphs == ["Winds will reach 90 km/h tonight.",
                                  "Ferries are cancelled until noon."]


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


# Hard cases for a sentence splitter in news writing, each with the right split.
# `bench/splitters.py` runs the same cases through pysbd and syntok for comparison.
HARD_CASES = [
    ("One. Two? Three!", ["One.", "Two?", "Three!"]),
    ("Mr. Varga spoke first. Dr. Ito replied.", ["Mr. Varga spoke first.", "Dr. Ito replied."]),
    ("Prices rose 2.5 percent in the U.S. last year. But wages fell.",
     ["Prices rose 2.5 percent in the U.S. last year.", "But wages fell."]),
    ("It leads in A.I. The rest follow.", ["It leads in A.I.", "The rest follow."]),
    ("“We will win,” she said. “Soon.”", ["“We will win,” she said.", "“Soon.”"]),
    ("Work with U.S. Steel continues.", ["Work with U.S. Steel continues."]),
    ("no final stop", ["no final stop"]),
    ("The talks begin Jan. 5 in Geneva. Both sides hope for a deal.",
     ["The talks begin Jan. 5 in Geneva.", "Both sides hope for a deal."]),
    ("Trade fell between Peru and the U.S. Chile gained the most.",
     ["Trade fell between Peru and the U.S.", "Chile gained the most."]),
    ("The march ended in Washington, D.C. Later, police closed the roads.",
     ["The march ended in Washington, D.C.", "Later, police closed the roads."]),
    ("The vote closes at 3 p.m. Officials expect a result by night.",
     ["The vote closes at 3 p.m.", "Officials expect a result by night."]),
    ("The hearing starts at 9 a.m. Tuesday in the town hall.",
     ["The hearing starts at 9 a.m. Tuesday in the town hall."]),
    ("The U.S. Tariff Office spoke. It was brief.", ["The U.S. Tariff Office spoke.",
                                                     "It was brief."]),
    ("The U.S. Army sent two ships. The U.N. Security Council met.",
     ["The U.S. Army sent two ships.", "The U.N. Security Council met."]),
    ("“Will it hold?” she asked. Nobody answered.", ["“Will it hold?” she asked.",
                                                    "Nobody answered."]),
    ("“Is it over?” asked the mayor.", ["“Is it over?” asked the mayor."]),
    ("Leo Park, Jr. was the editor. Ana Ruiz wrote it.",
     ["Leo Park, Jr. was the editor.", "Ana Ruiz wrote it."]),
    ("Books by J. K. Dunn and Ira B. Stone sold well.",
     ["Books by J. K. Dunn and Ira B. Stone sold well."]),
    ("It costs $1.5 billion. That is a lot.", ["It costs $1.5 billion.", "That is a lot."]),
    ("She was born on Sept. 11, 1990, in Ohio.", ["She was born on Sept. 11, 1990, in Ohio."]),
    ("He moved to St. Kilda in May. He stayed.", ["He moved to St. Kilda in May.", "He stayed."]),
    ("The plan stalled… Then it worked.", ["The plan stalled…", "Then it worked."]),
    ("He said “it is over.” Then he left.", ["He said “it is over.”", "Then he left."]),
    ("She holds a Ph.D. from Lund. She teaches there.",
     ["She holds a Ph.D. from Lund.", "She teaches there."]),
    ("Acme Corp. said profits rose. Shares fell.", ["Acme Corp. said profits rose.",
                                                   "Shares fell."]),
    ("It works (mostly.) Then it stops.", ["It works (mostly.)", "Then it stops."]),
]


@pytest.mark.parametrize(("paragraph", "expected"), HARD_CASES)
def test_sentences(paragraph, expected):
    assert [paragraph[a:b] for a, b in split_sentences(paragraph)] == expected


# --- furniture ------------------------------------------------------------------------------


def test_a_header_block_of_headline_source_and_byline_lines_is_taken_apart():
    article = clean_text("Ferry Line Reopens After Storm\nSource: https://example.org/a/ferry\n"
                         "By Lena Holm\n\nThe ferry line reopened on Monday.\n\nIt had been "
                         "shut for a week.")
    assert article.title == "Ferry Line Reopens After Storm"
    assert article.byline == "By Lena Holm"
    assert article.paragraphs == ["The ferry line reopened on Monday.",
                                  "It had been shut for a week."]


@pytest.mark.parametrize("sign_off", [
    "I’m Lena Holm.",
    "I'm Lena Holm. And I'm Tomas Berg, Jr.",
    "For Radio Coast, I'm Lena Holm in Oslo.",
    "Lena Holm wrote this story for Radio Coast. Tomas Berg was the editor.",
    "Lena Holm wrote this story for Radio Coast, based on reports from Reuters.",
    "Tomas Berg contributed analysis.",
    "Reporting by Lena Holm; editing by Tomas Berg",
    "(Additional reporting by Tomas Berg in Bergen.)",
    "Source: Radio Coast",
    "FILE - Ferries wait in the harbour, May 3, 2021.",
    "Photo: Lena Holm",
    "27 February, 2013",
])
def test_sign_offs_credit_lines_and_captions_are_kept_out_of_the_paragraphs(sign_off):
    article = clean_text(f"Ferry line reopens\n\nThe ferry line reopened on Monday.\n\n"
                         f"{sign_off}\n\nIt had been shut for a week.")
    assert article.paragraphs == ["The ferry line reopened on Monday.",
                                  "It had been shut for a week."]


def test_a_sentence_that_only_mentions_a_writer_is_kept():
    kept = "Lena Holm wrote this story for her class, and then she sold it to a magazine."
    article = clean_text(f"Writers at work\n\nThe course had ten students.\n\n{kept}")
    assert article.paragraphs[-1] == kept
    sign_off = clean_text("Writers at work\n\nI'm told the course had ten students.")
    assert sign_off.paragraphs == ["I'm told the course had ten students."]


def test_a_glossary_and_what_follows_it_end_the_article():
    article = clean_text("Ferry line reopens\n\nThe ferry line reopened on Monday.\n\n"
                         "Boats were full.\n\nTickets were cheap.\n\nWords in This Story\n\n"
                         "ferry – n. a boat that carries people\n\nharbour – n. a safe place "
                         "for boats")
    assert article.paragraphs == ["The ferry line reopened on Monday.", "Boats were full.",
                                  "Tickets were cheap."]


@pytest.mark.parametrize(("raw", "title"), [
    ("Radio Coast Special English - Health Report: Clinics Open Late",
     "Clinics Open Late"),
    ("Clinics Open Late (AP)", "Clinics Open Late"),
    ("Clinics Open Late", "Clinics Open Late"),
    ("Health News: Clinics Open Late in Bergen", "Clinics Open Late in Bergen"),
    ("Storm: What We Know", "Storm: What We Know"),
])
def test_series_prefixes_and_outlets_leave_the_title(raw, title):
    assert clean_title(raw) == title


@pytest.mark.parametrize("dateline", ["OSLO —", "OSLO (Reuters) -", "BERGEN, Norway —",
                                      "OSLO, March 3 (Radio Coast) --"])
def test_a_wire_dateline_is_stripped_from_the_first_paragraph(dateline):
    article = clean_text(f"Ferry line reopens\n\n{dateline} The ferry line reopened on Monday."
                         "\n\nIt had been shut.")
    assert article.paragraphs[0] == "The ferry line reopened on Monday."


def test_a_text_without_paragraph_breaks_gets_paragraphs():
    sentences = [f"Sentence {n} tells the reader one more thing about the ferry and its crew."
                 for n in range(1, 23)]
    article = clean_text("Ferry line reopens\n\n" + " ".join(sentences))
    assert 4 <= len(article.paragraphs) <= 8
    assert " ".join(article.paragraphs) == " ".join(sentences)
    assert all(len(p.split()) <= 80 for p in article.paragraphs)


def test_lines_that_are_whole_paragraphs_stay_paragraphs_and_wrapped_lines_fold():
    one_per_line = clean_text("Ferry line reopens\n" + "\n".join(
        f"Paragraph {n} is a whole paragraph on one line, as pasted from a web page, long "
        f"enough to show that its line is not a wrapped line of text." for n in range(3)))
    assert len(one_per_line.paragraphs) == 3
    wrapped = clean_text("Ferry line reopens\n\nThe ferry line reopened on Monday after\n"
                         "a week of storms. Crews worked through the\nnight to clear it.")
    assert wrapped.paragraphs == ["The ferry line reopened on Monday after a week of storms. "
                                  "Crews worked through the night to clear it."]


def test_sentence_spans_point_into_the_text_and_sentences_are_found_by_content():
    article = clean_text("Title here\n\nFirst one. Second one here.\n\nThird, with words.")
    texts = [article.text[s.start:s.end] for s in article.sentences]
    assert texts == ["First one.", "Second one here.", "Third, with words."]
    assert [(s.paragraph, s.position) for s in article.sentences] == [(1, 1), (1, 2), (2, 1)]
    found = find_sentence(article.text, article.sentences, "second  ONE")
    assert (found.paragraph, found.position) == (1, 2)
    assert find_sentence(article.text, article.sentences, "one") is None      # ambiguous
    assert find_sentence(article.text, article.sentences, "missing words") is None
