"""Question generation: each kind of draft, each check with cases that must fail, and the
seed article (read from ../shared/seed/)."""

import random
from dataclasses import replace

import pytest

from app.domain.articles import SentenceSpan, clean_text
from app.domain.generation import BLANK, Draft, check_all, check_draft, figures, generate
from tests.seed import seed_text

# Our own short article, written to hold every kind of draft.
ARTICLE = clean_text("""Harbour town bets on robots

Nadia Kerr, a marine engineer at Lund University, built the first harbour robot in 2019.

“Robots will never tire of cold water,” said Nadia Kerr at the launch.

The council, which spent 40 percent of its budget on the project, hired 120 new staff.

Omar Field, the mayor of Kessel, praised the work in Oslo.

Tom Birch, a fisherman from Bergen, doubted it and moved to Madrid in 2021.

Exports grew 3-fold after Sara Quist, the port director, opened a route to Lisbon in 2023.

Kessel Shipping, a family firm founded in 1950, bought 12 robots from Lund University.

Ivo Brandt, a reporter at the Kessel Herald, wrote that costs rose 25 percent.
""")


@pytest.fixture(scope="module")
def result():
    return generate(ARTICLE, random.Random(3))


def by_kind(result, kind):
    return [d for d in result.drafts if d.kind == kind]


def test_figures_are_read_by_kind():
    kinds = [(f.kind, f.text) for f in figures("In 2019, 40 percent of 1,200 boats grew 3-fold.")]
    assert kinds == [("year", "2019"), ("percentage", "40 percent"), ("count", "1,200"),
                     ("fold", "3-fold")]


def test_figure_drafts_are_clozes_with_distractors_of_the_same_format(result):
    drafts = by_kind(result, "figure")
    assert drafts
    for draft in drafts:
        assert draft.stem.count(BLANK) == 1
        kind = figures(draft.key)[0].kind
        assert all(figures(d) and figures(d)[0].kind == kind for d in draft.distractors)
        if kind == "percentage":
            assert all(d.endswith(" percent") for d in draft.distractors)
        if kind == "year":
            assert all(len(d) == 4 for d in draft.distractors)


def test_quote_attribution(result):
    (quote,) = by_kind(result, "quote")
    assert quote.key == "Nadia Kerr"
    assert quote.stem.startswith("Who is quoted in the article saying “Robots will never tire")
    people = {"Omar Field", "Tom Birch", "Sara Quist", "Ivo Brandt"}
    assert set(quote.distractors) <= people


def test_what_a_named_thing_is(result):
    definitions = {d.stem: d for d in by_kind(result, "definition")}
    assert definitions, result.rejected
    for draft in definitions.values():
        assert draft.stem.endswith("according to the article?")
        assert draft.key.lower() in draft.sentence_text.lower()
    people = [d for d in definitions.values() if d.stem.startswith("Who is")]
    assert people and all(len(d.distractors) == 3 for d in people)


def test_names_are_blanked_with_names_of_the_same_kind(result):
    drafts = by_kind(result, "name")
    assert drafts
    places = {"Oslo", "Bergen", "Madrid", "Lisbon", "Kessel"}
    people = {"Nadia Kerr", "Omar Field", "Tom Birch", "Sara Quist", "Ivo Brandt"}
    for draft in drafts:
        group = places if draft.key in places else people if draft.key in people else None
        if group is not None:
            assert all(d in group or d not in people | places for d in draft.distractors)


def test_every_surviving_draft_passes_every_check(result):
    assert check_all(result.drafts).rejected == []
    for draft in result.drafts:
        assert check_draft(draft) is None


# --- each check, with drafts that must fail --------------------------------------------------

SPAN = SentenceSpan(1, 1, 0, 40)
GOOD = Draft("name", f"Complete the sentence from the article: “{BLANK} built a robot.”",
             "Nadia Kerr", ("Tom Birch", "Omar Field", "Sara Quist"), SPAN,
             "Nadia Kerr built a robot.", "People")


def test_a_good_draft_passes():
    assert check_draft(GOOD) is None


@pytest.mark.parametrize(("change", "reason"), [
    ({"key": "Ivo Brandt"}, "the answer is not stated in its source sentence"),
    ({"key": ""}, "the answer is not stated in its source sentence"),
    ({"distractors": ("Tom Birch", "Nadia Kerr", "Sara Quist")},
     "a wrong answer equals the right one"),
    ({"distractors": ("Tom Birch", "a robot", "Sara Quist")},
     "the source sentence supports a wrong answer"),
    ({"distractors": ("Tom Birch", "Tom  birch", "Sara Quist")}, "two choices are the same"),
    ({"distractors": ("Tom Birch", "Sara Quist")}, "too few wrong answers"),
    ({"stem": f"{BLANK} built {BLANK}."}, "neither a question nor a sentence with one blank"),
    ({"stem": "Nadia Kerr built a robot."}, "neither a question nor a sentence with one blank"),
    ({"stem": "Robots and the harbour?"}, "neither a question nor a sentence with one blank"),
])
def test_each_check_fails_what_it_should(change, reason):
    assert reason in check_draft(replace(GOOD, **change))


def test_two_drafts_asking_the_same_thing_keep_one():
    result = check_all([GOOD, replace(GOOD, distractors=("Sara Quist", "Tom Birch", "Ivo X"))])
    assert len(result.drafts) == 1
    assert result.rejected[0].reason == "asks the same thing as another draft"


def test_a_draft_that_gives_away_another_is_dropped():
    quote = Draft("quote", "Who is quoted in the article saying “Robots never tire…”?",
                  "Nadia Kerr", ("Tom Birch", "Omar Field", "Sara Quist"),
                  SentenceSpan(2, 1, 50, 90), "“Robots never tire,” said Nadia Kerr.", "Quotes")
    telling = Draft("definition", "Who is Nadia Kerr, according to the article?",
                    "a marine engineer", ("a fisherman", "the mayor", "a reporter"),
                    SentenceSpan(3, 1, 100, 160), "Nadia Kerr, a marine engineer, spoke.", "What")
    result = check_all([quote, telling])
    assert len(result.drafts) == 1
    assert "give" in result.rejected[0].reason


# --- the seed article ----------------------------------------------------------------------


def test_the_seed_article_yields_at_least_25_checked_drafts():
    article = clean_text(seed_text())
    result = generate(article, random.Random(0))
    assert len(result.drafts) >= 25
    assert {d.kind for d in result.drafts} == {"figure", "quote", "definition", "name"}
    for draft in result.drafts:
        assert check_draft(draft) is None
        assert len(draft.choices) == 4
        assert article.text[draft.sentence.start:draft.sentence.end] == draft.sentence_text
    assert check_all(result.drafts).rejected == []
    keys = [(d.kind, d.key, d.sentence.start) for d in result.drafts]
    assert len(keys) == len(set(keys))
