"""Question generation: typed answers, each kind of draft and each check, on small texts
written here, and the seed article (read from ../shared/seed/)."""

import random
from dataclasses import replace

import pytest

from app.domain.articles import SentenceSpan, clean_text
from app.domain.generation import (
    BLANK,
    Draft,
    analyse,
    check_all,
    check_draft,
    figures,
    generate,
    type_of,
)
from app.domain.generation.checks import SAME_SENTENCE
from app.domain.generation.drafts import words
from app.domain.generation.entities import Entities, is_alias
from app.domain.generation.numbers import fits, written_like
from app.domain.generation.vocabulary import vocabulary
from tests.seed import article_texts, seed_text

# Our own short article, written to hold every kind of draft.
ARTICLE = clean_text("""Harbour town bets on robots

Nadia Kerr, a marine engineer at Lund University, built the first harbour robot in 2019.

“Robots will never tire of cold water or of long nights at sea,” said Nadia Kerr in Bergen.

The town council spent 40 percent of its budget on the project and hired 120 new staff.

Omar Field, the mayor of the town, praised the work in Oslo.

Tom Birch, a fisherman from Bergen, doubted the plan and moved to Madrid in 2021.

Exports grew 3-fold after Sara Quist, the port director, opened a route to Lisbon in 2023.

Kessel Shipping, a family firm founded in 1950, bought 12 robots from Lund University.

Ivo Brandt, a reporter at the Kessel Herald, wrote that costs rose 25 percent.

In May, the robots cleared about 3,000 tonnes of waste from the harbour.

The first robot school opened in Bergen in 2015.

The harbour museum opened in Oslo in 2017.

I’m Lena Holm.

Lena Holm wrote this story for Radio Coast.
""")


@pytest.fixture(scope="module")
def result():
    return generate(ARTICLE, random.Random(3))


def by_kind(result, kind):
    return [d for d in result.drafts if d.kind == kind]


# --- typed answers ------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("In 2019, 40 percent of 1,200 boats grew 3-fold.",
     [("year", "2019"), ("percentage", "40 percent"), ("count", "1,200"), ("fold", "3-fold")]),
    ("Eighty-nine percent of them paid $1.5 million on March 19.",
     [("percentage", "Eighty-nine percent"), ("money", "$1.5 million"), ("date", "March 19")]),
    ("In April the ship sailed for five months.", [("month", "April"), ("count", "five")]),
    ("Voyager 2 and Windows 11 left at 3 p.m. in the 2022-2023 season.", []),
    ("Write down five to 10 words.", []),
    ("It was the 27th try in 1,990 days.", [("count", "1,990")]),
])
def test_figures_are_typed(sentence, expected):
    assert [(f.type, f.text) for f in figures(sentence)] == expected


def test_a_count_keeps_what_it_counts_and_its_qualifier():
    (figure,) = figures("They have worked for more than 47 years.")
    assert (figure.unit, figure.qualifier) == ("years", "more than")
    (trees,) = [f for f in figures("In 1912, Japan gave 3,000 cherry trees.") if f.type == "count"]
    assert trees.unit == "cherry trees"


def test_no_wrong_year_is_later_than_the_latest_the_article_gives():
    article = clean_text("Title\n\nTom Birch sailed to Oslo in 2019. Ana Ruiz sailed to "
                         "Lisbon in 2021 and Leo Park sailed in 2015.")
    seen = analyse(article, random.Random(2))
    (year,) = [a for a in seen.answers[0] if a.type == "year"]
    for seed in range(20):
        seen.rng.seed(seed)
        assert all(int(w) <= 2021 for w, _ in seen.wrong_answers(year, 0))


def test_wrong_figures_are_written_like_the_key_and_clear_of_its_qualifier():
    (words,) = figures("Sixty-two percent agreed.")
    assert written_like(words, 40) == "Forty percent"
    (big,) = figures("It is 20.5 billion kilometers away.")
    assert written_like(big, 41e9) == "41 billion"
    (more,) = figures("They have worked for more than 47 years.")
    assert not fits(more, 40) and not fits(more, 50) and fits(more, 70)
    (about,) = figures("About 1,100 people came.")
    assert not fits(about, 1_200) and fits(about, 2_200)


PEOPLE_TEXT = [
    "Glyn Collinson, a scientist at the Space Agency of Norway, said the probe was fine.",
    "Collinson added that Leader Collinson had left.",
    "Maria Soto told reporters the World Health Organization (WHO) agreed.",
    "Section heads met in Sweden and the United States.",
    "Here the drug-maker Pfizer and the firm Lumo Labs sold pills.",
    "Suddenly, Arbo Corp said prices fell at Harbin University.",
]


def test_a_plural_opening_a_sentence_is_no_name_and_a_title_is_no_part_of_one():
    entities = Entities(["Critics, including councillor Ben Hale, say the plan is bad.",
                         "Librarian Tom Okafor said children came first.",
                         "Hale said the town needs libraries."])
    assert entities.find("Critics") is None
    assert entities.find("Tom Okafor").type == "person"
    assert entities.find("Librarian Tom Okafor") is None
    named = Entities(["Hydrologist Dan Otieno of the University of Nairobi said it fell.",
                      "Otieno said so again."])
    assert named.find("Otieno") is named.find("Dan Otieno")
    assert named.find("University of Nairobi").type == "university"


def test_names_are_typed_from_vocabularies_shape_and_context():
    entities = Entities(PEOPLE_TEXT)
    types = {e.name: e.type for e in entities.entities}
    assert types["Glyn Collinson"] == "person"            # "a scientist", "said"
    assert types["Maria Soto"] == "person"                # "told"
    assert types["World Health Organization"] == "organisation"
    assert types["Sweden"] == "country" and types["United States"] == "country"
    assert types["Pfizer"] == "company" and types["Lumo Labs"] == "company"
    assert types["Arbo Corp"] == "company"
    assert types["Harbin University"] == "university"
    assert "Section" not in types and "Here" not in types and "Suddenly" not in types
    assert entities.find("Collinson") is entities.find("Glyn Collinson")   # a surname
    assert entities.find("WHO") is entities.find("World Health Organization")


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("United States", "US", "country"),
    ("the United States", "U.S.", "country"),
    ("Britain", "United Kingdom", "country"),
    ("Glyn Collinson", "Leader Collinson", "person"),
    ("National Arab Orchestra", "NAO", "organisation"),
    ("Pfizer", "Pfizer-BioNTech", "company"),
    ("1990", "1,990", "year"),
])
def test_aliases_are_one_answer(a, b, kind):
    assert is_alias(a, b, kind)


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("United States", "Canada", "country"),
    ("Harbin University", "Lund University", "university"),
    ("Glyn Collinson", "Maria Soto", "person"),
])
def test_different_things_are_no_aliases(a, b, kind):
    assert not is_alias(a, b, kind)


# --- the kinds ------------------------------------------------------------------------------


def test_every_draft_has_a_typed_key_and_wrong_answers_of_its_type(result):
    entities = analyse(ARTICLE, random.Random(3)).entities
    assert len(result.drafts) >= 6
    for draft in result.drafts:
        assert draft.answer_type != "other"
        assert len(draft.distractors) == 3 and len(draft.rationales) == 3
        if draft.kind in ("question", "cloze"):
            assert all(type_of(d, entities) == draft.answer_type for d in draft.distractors)


def test_at_least_four_kinds_and_at_most_half_verbatim(result):
    kinds = {d.kind for d in result.drafts}
    assert len(kinds) >= 4, kinds
    assert sum(d.is_verbatim for d in result.drafts) * 2 <= len(result.drafts)


def test_quote_attribution(result):
    (quote,) = by_kind(result, "quote")
    assert quote.key == "Nadia Kerr"
    assert quote.stem.startswith("Who does the article quote as saying “Robots will never tire")
    assert set(quote.distractors) <= {"Omar Field", "Tom Birch", "Sara Quist", "Ivo Brandt"}


def test_what_a_named_person_is(result):
    definitions = by_kind(result, "definition")
    assert definitions
    for draft in definitions:
        assert draft.stem.endswith("according to the article?")
        assert draft.key.lower() in draft.sentence_text.lower()


def _changed_words(right: str, wrong: str) -> set[int]:
    """The places of the words of `right` that `wrong` changes (between what they share at
    the start and at the end)."""
    a, b = right.split(), wrong.split()
    pairs = list(zip(a, b, strict=False))
    start = next((i for i, (x, y) in enumerate(pairs) if x != y), len(pairs))
    backwards = list(zip(a[::-1], b[::-1], strict=False))
    end = next((i for i, (x, y) in enumerate(backwards) if x != y), len(backwards))
    return set(range(start, max(start + 1, len(a) - end)))


def test_a_statement_is_its_clause_against_three_swapped_ones_not_in_the_article():
    from app.domain.generation.kinds import statement
    seen = analyse(ARTICLE, random.Random(3))
    statements = [d for i in range(len(seen.texts)) if (d := statement(seen, i)) is not None]
    assert len(statements) >= 3
    for draft in statements:
        assert draft.stem == "Which of these does the article say?"
        assert set(words(draft.key)) <= set(words(draft.sentence_text))
        assert all(d not in ARTICLE.text for d in draft.distractors)
        assert all(r.startswith("The article says") for r in draft.rationales)
        assert not any(" not " in d for d in draft.distractors)    # no negation to spot
        # one answer swapped in every false one: the right one shares no more with the
        # others than they share with each other (no option to pick by convergence)
        changed = [_changed_words(draft.key, d) for d in draft.distractors]
        assert set.intersection(*changed)
    (kerr,) = [d for d in statements if d.sentence_text.startswith("Nadia Kerr")]
    assert kerr.key == "Nadia Kerr built the first harbour robot in 2019."   # her role cut
    assert any(d.startswith(("Omar Field", "Tom Birch", "Sara Quist", "Ivo Brandt"))
               for d in kerr.distractors)                     # who is swapped first


def question_for(text: str, key: str):
    article = clean_text(f"Title\n\n{text}")
    seen = analyse(article, random.Random(1))
    from app.domain.generation.kinds import question
    (answer,) = [a for a in seen.answers[0] if a.text == key]
    return question(seen, 0, answer)


@pytest.mark.parametrize(("text", "key", "stem"), [
    ("Tom Birch moved to Madrid in 2021. Ana Ruiz moved to Oslo in 2019. Leo Park stayed in "
     "Lisbon in 2020.", "2021", "In which year did Tom Birch move to Madrid?"),
    ("In 2013, the agency said the probe had left the solar system. Work began in 2001 and in "
     "1999.", "2013", "In which year did the agency say the probe had left the solar system?"),
    ("About 1,100 people attended the concert. It had 400 seats and 20 staff.", "1,100",
     "About how many people attended the concert?"),
    ("The council said that the town hired 120 new staff, while the port hired 30 new staff.",
     "120", "According to the council, how many new staff did the town hire?"),
    ("The Kessel Herald said in a statement in May it had lost money for the previous four "
     "years. Sales fell in 2019 and in 2020.", "four",
     "For how many years had the Kessel Herald lost money?"),
    ("Sara Quist has been teaching Farsi for 12 years, including in Oslo. Ivo Brandt taught "
     "for 30 years.", "12", "For how many years has Sara Quist been teaching Farsi?"),
    ("The robots first entered the harbour of Lisbon in 2019. They ran until 2023.", "2019",
     "In which year did the robots first enter the harbour of Lisbon?"),
    ("Kessel Shipping doubled in size and became the biggest firm in Bergen in 2010. It was "
     "sold in 2012.", "2010",
     "In which year did Kessel Shipping double in size and become the biggest firm in Bergen?"),
    ("In 1912, Norway gave 3,000 boats to the town of Lisbon. Oslo gave 20 more in 1990.",
     "3,000", "In 1912, how many boats did Norway give to the town of Lisbon?"),
    ("In early May, the drug-maker Lumo Labs said its pill cut deaths by half in Oslo. Arbo "
     "Corp and Kessel Corp sold pills too.", "Lumo Labs",
     "In early May, which drug-maker said its pill cut deaths by half in Oslo?"),
    ("Ben Hale said three libraries in the town closed in 2021. Ana Ruiz said so too.",
     "three", "According to Ben Hale, how many libraries in the town closed in 2021?"),
    ("The robots were built to explore Oslo and Lisbon. Madrid and Bergen built more.",
     "Lisbon", "Which city, along with Oslo, were the robots built to explore?"),
    ("Norway and Spain built their own robots. Canada and Chile did not.", "Norway",
     "Which country, along with Spain, built their own robots?"),
    ("Work on the boat began in 2019, when volunteers bought it. It ended in 2022.", "2019",
     "In which year did work on the boat begin?"),
    ("Farmers are buying pumps after two years of weak rains. Ana Ruiz sold 40 pumps.", "two",
     "After how many years of weak rains are farmers buying pumps?"),
    ("Eighty percent of the crew said they believed the robot, the one from Oslo, would last. "
     "Ten percent left in 2019.", "Eighty percent",
     "What percentage of the crew said they believed the robot would last?"),
    ("The two robots were built in 2017 to explore Oslo and Lisbon. They cost 40 million "
     "euros.", "2017", "In which year were the two robots built to explore Oslo and Lisbon?"),
    ("Hydrologist Dan Otieno of the University of Nairobi said wells fell by three meters. "
     "Otieno said so.", "three", "According to Hydrologist Dan Otieno of the University of "
     "Nairobi, by how many meters did wells fall?"),
    ("Here in Oslo, May 17 also marks the first day of the Kessel Harbour Festival. It ran "
     "on May 20 and on June 1.", "May 17",
     "In Oslo, which date also marks the first day of the Kessel Harbour Festival?"),
])
def test_a_question_is_made_from_the_sentence_in_natural_word_order(text, key, stem):
    assert question_for(text, key).stem == stem


def test_a_date_naming_an_event_earth_and_a_count_its_sentence_lists_are_never_asked():
    article = clean_text("Title\n\nThe attacks of September 11, 2001 changed the work of "
                         "robots in Bergen and back on Earth.\n\nThree kinds of robots, the "
                         "Kelp and the Orca, work in the harbour.")
    seen = analyse(article, random.Random(1))
    assert seen.answers[0] == []
    assert seen.shown[1] is not None and seen.answers[1] == []


def test_a_time_given_as_a_bound_is_never_asked():
    article = clean_text("Title\n\nThe robots will stay in the harbour of Bergen until "
                         "September, and have worked there since 2019.")
    seen = analyse(article, random.Random(1))
    assert seen.shown[0] is not None
    assert not [a for a in seen.answers[0] if a.type in ("month", "year")]  # later ones true


@pytest.mark.parametrize(("text", "key"), [
    # inside a relative clause: no question can reach it
    ("Nadia Kerr wants to learn Farsi so she can talk with friends who live in Canada.",
     "Canada"),
    # one of a list of three
    ("The robots were built to explore Oslo, Bergen and Lisbon in 2019 and 2020.", "Lisbon"),
    # inside a noun's phrase: "a study involving …"
    ("In May, the journal Nature reported a study involving more than 100 scientists.",
     "more than 100"),
])
def test_a_question_the_sentence_cannot_be_turned_into_is_not_drafted(text, key):
    article = clean_text(f"Title\n\n{text}")
    seen = analyse(article, random.Random(1))
    from app.domain.generation.kinds import question
    answers = [a for a in seen.answers[0] if a.text == key or
               key.endswith(a.text) and a.figure is not None]
    assert answers and all(question(seen, 0, a) is None for a in answers)


@pytest.mark.parametrize(("verb", "base"), [
    ("launched", "launch"), ("entered", "enter"), ("announced", "announce"), ("made", "make"),
    ("studied", "study"), ("stopped", "stop"), ("hoped", "hope"), ("used", "use"),
    ("changed", "change"), ("created", "create"), ("visited", "visit"), ("invited", "invite"),
    ("developed", "develop"), ("opened", "open"), ("arrived", "arrive"), ("doubled", "double"),
    ("controlled", "control"), ("called", "call"), ("agreed", "agree"), ("declared", "declare"),
    ("explored", "explore"), ("honored", "honor"), ("began", "begin"), ("says", "say"),
    ("teaches", "teach"), ("marks", "mark"), ("carries", "carry"), ("planned", "plan"),
])
def test_a_verb_takes_its_base_form_after_do(verb, base):
    from app.domain.generation.grammar import base_form
    assert base_form(verb) == base


def test_a_question_about_the_subject_asks_who_or_which():
    draft = question_for("Sara Quist opened a route to Lisbon. Quist, Omar Field and Ivo Brandt "
                         "said so. Tom Birch told reporters.", "Sara Quist")
    assert draft.stem == "Who opened a route to Lisbon?"


def test_a_bounded_figure_keeps_its_bound_in_every_choice():
    draft = question_for("The crews have worked for more than 47 years, since 1977.", "47")
    assert draft.key == "more than 47"
    assert all(d.startswith("more than ") for d in draft.distractors)


def test_feedback_points_at_the_sentence_and_says_what_the_article_says_instead(result):
    for draft in result.drafts:
        span = draft.sentence
        assert draft.explanation.startswith(f"Paragraph {span.paragraph}, sentence "
                                            f"{span.position} (highlighted)")
        if draft.kind in ("question", "cloze"):
            assert all(draft.key in r for r in draft.rationales)


@pytest.mark.parametrize("text", [
    "Did the robots work in 2019?",                               # a question
    "You may visit Oslo in 2019 to see the robots at work.",      # the reader
    "For example, a robot could clean Oslo in 2019 and Lisbon.",  # an example
    "It moved to Oslo in 2019 after the storm had passed.",       # whose "it"?
    "When he was ten, he moved to Oslo in 2019 with family.",     # whose "he"?
    "I’m Lena Holm.",                                             # a sign-off
    "Harbour robots in Oslo and Lisbon",                          # a heading
])
def test_sentences_a_learner_cannot_read_alone_give_no_drafts(text):
    article = clean_text(f"Title\n\nThe robots arrived.\n\n{text}\n\nThe end came soon after.")
    assert generate(article, random.Random(1)).drafts == []


# --- each check, with drafts that must fail --------------------------------------------------

SPAN = SentenceSpan(1, 1, 0, 40)
GOOD = Draft("cloze", f"Complete the sentence from the article: “{BLANK} built a robot.”",
             "Nadia Kerr", ("Tom Birch", "Omar Field", "Sara Quist"), SPAN,
             "Nadia Kerr built a robot.", "People", "person")
ENTITIES = Entities(["Nadia Kerr said it.", "Tom Birch said it.", "Omar Field said it.",
                     "Sara Quist said it.", "Kerr said it.", "They met in Oslo and Canada."])


def test_a_good_draft_passes():
    assert check_draft(GOOD, ENTITIES) is None


@pytest.mark.parametrize(("change", "reason"), [
    ({"key": "Ivo Brandt"}, "the answer is not stated in its source sentence"),
    ({"key": ""}, "the answer is not stated in its source sentence"),
    ({"distractors": ("Tom Birch", "Nadia Kerr", "Sara Quist")},
     "a wrong answer equals the right one"),
    ({"distractors": ("Tom Birch", "a robot", "Sara Quist")},
     "the source sentence supports a wrong answer"),
    ({"distractors": ("Tom Birch", "Tom  birch", "Sara Quist")}, "two choices are the same"),
    ({"distractors": ("Tom Birch", "Sara Quist")}, "too few wrong answers"),
    ({"distractors": ("Tom Birch", "Ms. Kerr", "Sara Quist")}, "another name for the right one"),
    ({"distractors": ("Tom Birch", "Oslo", "Sara Quist")}, "not of the answer's type (person)"),
    ({"distractors": ("Tom Birch", "Canada", "Sara Quist")}, "not of the answer's type (person)"),
    ({"stem": f"{BLANK} built {BLANK}."}, "neither a question nor a sentence with one blank"),
    ({"stem": "Nadia Kerr built a robot."}, "neither a question nor a sentence with one blank"),
    ({"stem": "Robots and the harbour?"}, "neither a question nor a sentence with one blank"),
    ({"stem": f"Complete the sentence: “{BLANK} built a “robot.”"}, "stray quotation mark"),
    ({"distractors": ("Tom Birch", "Omar {Field}", "Sara Quist")}, "markup left in the text"),
    ({"stem": f"Complete the sentence: “{BLANK} built a <b>robot</b>.”"},
     "markup left in the text"),
    ({"stem": f"Complete the sentence: “{BLANK} built a robot &amp; a boat.”"},
     "markup left in the text"),
])
def test_each_check_fails_what_it_should(change, reason):
    assert reason in check_draft(replace(GOOD, **change), ENTITIES)


def test_a_figure_with_a_wrong_answer_of_another_type_fails():
    year = Draft("question", "According to the article, in which year was it built?", "2019",
                 ("2018", "2,000", "2017"), SPAN, "It was built in 2019 by the town.", "Dates",
                 "year")
    assert "not of the answer's type (year)" in check_draft(year, ENTITIES)


def test_one_question_per_sentence():
    result = check_all([GOOD, replace(GOOD, key="a robot", stem="What did Nadia Kerr build?",
                                      answer_type="other")], ENTITIES)
    assert len(result.drafts) == 1
    assert result.rejected[0].reason == "another draft already asks about this sentence"


def test_one_question_per_answer():
    other = replace(GOOD, sentence=SentenceSpan(2, 1, 50, 90),
                    sentence_text="Nadia Kerr sold a robot.",
                    stem=f"Complete the sentence from the article: “{BLANK} sold a robot.”")
    result = check_all([GOOD, other], ENTITIES)
    assert [r.reason for r in result.rejected] == ["another draft already has this answer"]


def test_a_draft_whose_choices_give_away_another_is_dropped():
    """A statement's choices are sentences: one naming the other draft's answer in its
    context gives it away, as a stem would."""
    statement = Draft("statement", "Which of these does the article say?",
                      "Tom Birch sailed in 2021.", ("Tom Birch sailed in 2020.",
                                                   "Tom Birch sailed in 2018.",
                                                   "Tom Birch did not sail in 2021."),
                      SentenceSpan(3, 1, 100, 130), "Tom Birch sailed in 2021.", "Statements",
                      "statement", explanation="")
    year = Draft("question", "According to the article, Nadia Kerr built it in which year?",
                 "2021", ("2019", "2018", "2017"), SentenceSpan(4, 1, 140, 180),
                 "Nadia Kerr built it in 2021.", "Dates", "year")
    result = check_all([year, statement], ENTITIES)
    assert len(result.drafts) == 1
    assert "give" in result.rejected[0].reason


def test_a_wrong_answer_of_a_few_words_gives_nothing_away():
    year = Draft("question", "According to the article, Nadia Kerr built it in which year?",
                 "2021", ("2019", "2018", "2017"), SentenceSpan(4, 1, 140, 180),
                 "Nadia Kerr built it in 2021.", "Dates", "year")
    other = Draft("question", "According to the article, Tom Birch sailed in which year?",
                  "2019", ("2021", "2018", "2017"), SentenceSpan(5, 1, 190, 220),
                  "Tom Birch sailed in 2019.", "Dates", "year")
    assert len(check_all([year, other], ENTITIES).drafts) == 2


def test_every_surviving_draft_passes_every_check(result):
    entities = analyse(ARTICLE, random.Random(3)).entities
    assert check_all(result.drafts, entities).rejected == []
    for draft in result.drafts:
        assert check_draft(draft, entities) is None
    assert not any("Lena Holm" in d.key for d in result.drafts)     # the sign-off


# --- the seed article ----------------------------------------------------------------------


def test_the_seed_article_yields_checked_drafts_of_several_kinds():
    article = clean_text(seed_text())
    result = generate(article, random.Random(0))
    assert len(result.drafts) >= 5
    assert len({d.kind for d in result.drafts}) >= 2
    entities = analyse(article, random.Random(0)).entities
    for draft in result.drafts:
        assert check_draft(draft, entities) is None
        assert len(draft.choices) == (2 if draft.kind == "truefalse" else 4)
        assert article.text[draft.sentence.start:draft.sentence.end] == draft.sentence_text
    assert check_all(result.drafts, entities).rejected == []
    assert len({d.sentence.start for d in result.drafts}) == len(result.drafts)


# --- sentences a question can stand on alone ----------------------------------------------


def shown(*paragraphs: str) -> list[str | None]:
    article = clean_text("Title\n\n" + "\n\n".join(paragraphs))
    return analyse(article, random.Random(1)).shown


def test_the_i_of_an_abbreviation_is_no_first_person():
    assert shown("Harbour towns use A.I. to sort 3,000 tonnes of waste each year.")[0]


def test_a_leading_it_or_the_group_becomes_the_named_thing_before():
    texts = shown("The Kessel Herald started in 2009 as a student paper in Bergen. It became a "
                  "daily paper in 2014 after a long fight.",
                  "Ivo Brandt founded the Harbour Robotics Agency in Oslo. The agency sold "
                  "its first robot to Lisbon in 2019.")
    assert texts[1] == "The Kessel Herald became a daily paper in 2014 after a long fight."
    assert texts[3] == "Harbour Robotics Agency sold its first robot to Lisbon in 2019." or \
        texts[3] == "The Harbour Robotics Agency sold its first robot to Lisbon in 2019."


def test_the_city_is_the_city_named_a_few_sentences_before():
    texts = shown("People in Valencia hold a fire festival. It is loud. Statues burn.",
                  "Crowds gather. At dawn on May 2, the city turns off its street lamps.")
    assert texts[4] == "At dawn on May 2, Valencia turns off its street lamps."


def test_a_he_after_an_opening_clause_is_the_person_meant():
    texts = shown("Tom Birch was born into a fishing family in Bergen. When he was ten, he "
                  "spent a year living in Lisbon with his uncle.")
    assert texts[1] == "When Tom Birch was ten, he spent a year living in Lisbon with his uncle."


def test_a_question_keeps_an_opening_clause_in_front():
    from app.domain.generation.kinds import question
    article = clean_text("Title\n\nTom Birch said the sea was cold. When he was ten, he spent a "
                         "year living in Lisbon. Oslo and Madrid came later.")
    seen = analyse(article, random.Random(1))
    (lisbon,) = [a for a in seen.answers[1] if a.text == "Lisbon"]
    assert question(seen, 1, lisbon).stem == \
        "When Tom Birch was ten, in which city did he spend a year living?"


def test_she_is_the_person_the_sentence_before_opens_with():
    texts = shown("Nadia Kerr is the engineer who hired Tom Birch in Bergen. She was born in "
                  "Oslo and raised in Lisbon in the 1990s.")
    assert texts[1] == "Nadia Kerr was born in Oslo and raised in Lisbon in the 1990s."


@pytest.mark.parametrize("text", [
    "It is hard to say whether the robots will last until 2030 in Bergen.",   # no thing named
    "The move was judged a first step to cleaner water in Oslo in 2019.",     # a move before
    "The robot was 17 kilometers from the harbour at the time, in 2019.",     # which time?
    "Both robots studied those reefs near Oslo and Lisbon in 2019.",          # which reefs?
    "Nadia Kerr urges them to clap along with a song from Oslo in 2019.",     # who are they?
    "So are some of the boats that sail from Oslo to Lisbon in 2019.",        # so are what?
    "In Oslo, the day marks the start of the robot season of 2019.",           # which day?
    "A similar robot was built in Lisbon in 2019 by the town council.",       # similar to?
    "In March, a similar robot was built in Lisbon by the town council.",     # similar to?
    "Under its new head, the town bought 3,000 robots in Bergen in 2019.",    # whose head?
    "Eighty percent said they would buy 3,000 robots from Oslo in 2019.",     # of whom?
    "At midnight, the city turns off its lights for 3,000 robots in 2019.",   # which city?
])
def test_a_sentence_leaning_on_the_one_before_is_left_out(text):
    assert shown(f"The Kessel Herald sold 3,000 robots in Bergen. {text}")[1] is None


# --- who said what -------------------------------------------------------------------------

QUOTES = clean_text("Harbour quotes\n\n"
                    "Nadia Kerr, a marine engineer at Lund University, built the first harbour "
                    "robot.\n\n"
                    "“Robots never tire of cold water. They work through long nights at sea "
                    "without a break,” said Nadia Kerr.\n\n"
                    "Omar Field, the mayor of Bergen, praised the robots. He added, “Our harbour "
                    "has never been so clean in all the years I have lived here.”\n\n"
                    "The Kessel Herald reported that costs rose. The Port Authority found that "
                    "boats came back.\n")


def test_a_quotation_across_sentences_or_after_he_added_has_its_speaker():
    from app.domain.generation.quotes import quotations
    seen = analyse(QUOTES, random.Random(1))
    found = {q.speaker: q.words for q in quotations(seen)}
    assert found["Nadia Kerr"] == "Robots never tire of cold water."   # one sentence of two
    assert found["Omar Field"].startswith("Our harbour has never been so clean")


def test_a_quote_has_other_sources_as_wrong_answers():
    from app.domain.generation.quotes import quotations, quote, sources
    seen = analyse(QUOTES, random.Random(1))
    people = sources(seen)
    assert {"Nadia Kerr", "Omar Field", "Kessel Herald", "Port Authority"} <= set(people)
    (kerr,) = [q for q in quotations(seen) if q.speaker == "Nadia Kerr"]
    draft = quote(seen, kerr, people)
    assert draft.stem.startswith("Who does the article quote as saying “")
    assert draft.key == "Nadia Kerr"
    assert set(draft.distractors) == {"Omar Field", "Kessel Herald", "Port Authority"}
    assert check_draft(draft, seen.entities) is None


# --- who or what is who --------------------------------------------------------------------

DESCRIBED = clean_text(
    "Harbour people\n\n"
    "Nadia Kerr, a marine engineer at Lund University, built a robot.\n\n"
    "The port director, Sara Quist, opened a route. Omar Field, Bergen’s mayor, praised it.\n\n"
    "Ivo Brandt is a reporter at the Kessel Herald who has covered the harbour since 1990.\n\n"
    "Tom Birch, an Icelander, sailed home. Lena Holm, who is a fisherman from Oslo, agreed.\n\n"
    "Ada Moss, a professor {of marine} biology at Lund University, spoke.\n")


def test_descriptions_are_found_before_or_after_a_name_and_cut_to_a_role():
    from app.domain.generation.kinds import descriptions
    seen = analyse(DESCRIBED, random.Random(1))
    found = {entity.name: desc for _, entity, desc in descriptions(seen)}
    assert found["Nadia Kerr"] == "a marine engineer at Lund University"
    assert found["Sara Quist"] == "the port director"
    assert found["Omar Field"] == "Bergen’s mayor"
    assert found["Ivo Brandt"] == "a reporter at the Kessel Herald"     # the clause cut off
    assert found["Lena Holm"] == "a fisherman from Oslo"
    assert "Tom Birch" not in found         # a bare nationality says nothing of who he is
    assert "Ada Moss" not in found          # braces left in the text are never shown


def test_a_definition_offers_other_descriptions_and_gives_nothing_away():
    from app.domain.generation.kinds import definitions
    seen = analyse(DESCRIBED, random.Random(1))
    drafts = definitions(seen)
    assert len(drafts) >= 4
    result = check_all(drafts, seen.entities)
    assert len(result.drafts) == len(drafts)      # a description offered wrong is no clue
    for draft in result.drafts:
        assert draft.stem.startswith("Who is ") and draft.key not in draft.distractors


# --- what a figure stands for ---------------------------------------------------------------

FIGURES = clean_text(
    "Harbour years\n\n"
    "The first harbour robot was built in Bergen in 1998.\n\n"
    "In 2004, Kessel Shipping bought 12 robots from Lund University.\n\n"
    "About 1,100 people watched the robots clean the harbour.\n\n"
    "The robots worked at 40 ports along the coast of Norway.\n\n"
    "Sara Quist, the port director, has led the port for 15 years, and she plans to stay."
    "\n\n"
    "The robots were sold to Lisbon in 2011. The town council met in 2016 to plan more.\n\n"
    "A storm hit the harbour in 2016.\n\n"
    "At midnight on May 3, the robots stopped work. Kessel Shipping opened a museum on "
    "Friday, May 9.\n\nThis year, the harbour fair will open in Bergen on May 20.\n")


def test_a_figure_means_a_phrase_made_from_its_own_sentence():
    from app.domain.generation.meanings import meanings
    seen = analyse(FIGURES, random.Random(1))
    found = {(m.group, m.answer.text): m.phrase for m in meanings(seen)}
    assert found[("year", "1998")] == "The first harbour robot was built in Bergen"
    assert found[("year", "2004")] == "Kessel Shipping bought 12 robots from Lund University"
    assert found[("count", "12")] == "robots Kessel Shipping bought from Lund University"
    assert found[("count", "1,100")] == "people who watched the robots clean the harbour"
    assert found[("count", "40")] == "ports at which the robots worked along the coast of Norway"
    assert found[("count", "15")] == "years Sara Quist has led the port"
    assert found[("date", "May 3")] == "At midnight, the robots stopped work"
    assert found[("date", "May 9")] == "Kessel Shipping opened a museum"
    assert found[("date", "May 20")] == "The harbour fair will open in Bergen"


def test_no_choice_answers_a_date_question_by_its_tense():
    from app.domain.generation.meanings import meaning_drafts
    seen = analyse(FIGURES, random.Random(1))
    drafts = {d.stem: d for d in meaning_drafts(seen)}
    assert "Which of these does the article give for May 20?" in drafts   # one is future
    assert "What happened in 1998, according to the article?" in drafts   # all past


def test_what_happened_when_offers_other_dates_events_and_never_a_year_with_two():
    from app.domain.generation.meanings import meaning_drafts
    seen = analyse(FIGURES, random.Random(1))
    drafts = meaning_drafts(seen)
    asked = {d.stem for d in drafts}
    assert "What happened in 1998, according to the article?" in asked
    assert not any("2016" in stem for stem in asked)          # two things happened then
    assert "What does the number 1,100 stand for in the article?" in asked
    for draft in drafts:
        if "May" in draft.stem:        # two dates with events: too few wrong answers
            assert check_draft(draft, seen.entities) == "the article has too few wrong " \
                "answers of the same kind"
            continue
        assert check_draft(draft, seen.entities) is None
        assert len(set(draft.choices)) == 4
    (built,) = [d for d in drafts if "1998" in d.stem]
    assert built.key == "The first harbour robot was built in Bergen"
    assert all("2016" not in d.stem for d in drafts)


def test_a_person_named_elsewhere_gives_away_only_what_their_sentence_says():
    """Every choice of a "Who …?" question is a person the article names, so a stem naming
    one gives nothing away; a choice stating what the asked sentence says of them does."""
    youngest = Draft("question", "Who is the youngest of the crew?", "Nadia Kerr",
                     ("Tom Birch", "Omar Field", "Sara Quist"), SentenceSpan(1, 1, 0, 40),
                     "Nadia Kerr is the youngest of the crew.", "People", "person")
    elsewhere = Draft("question", "In which year did Nadia Kerr study in Oslo?", "2019",
                      ("2016", "2017", "2018"), SentenceSpan(2, 1, 50, 90),
                      "Nadia Kerr studied in Oslo in 2019.", "Dates", "year")
    telling = Draft("statement", "Which of these does the article say?",
                    "Tom Birch sailed in 2021.", ("Nadia Kerr is the youngest of the crew.",
                                                  "Tom Birch sailed in 2020.",
                                                  "Omar Field sailed in 2021."),
                    SentenceSpan(3, 1, 100, 130), "Tom Birch sailed in 2021.", "Statements",
                    "statement")
    assert len(check_all([youngest, elsewhere], ENTITIES).drafts) == 2
    assert len(check_all([youngest, telling], ENTITIES).drafts) == 1


def test_a_kind_missing_from_the_drafts_takes_a_sentence_from_a_kind_kept_twice():
    from app.domain.generation import _mix
    from app.domain.generation.drafts import Generation, Rejected
    kept = [Draft("question", f"In which year did Tom Birch sail to port {n}?", year,
                  tuple(str(int(year) + k) for k in (1, 2, 3)), SentenceSpan(n, 1, n * 50,
                                                                              n * 50 + 40),
                  f"Tom Birch sailed to port {n} in {year}.", "Dates", "year")
            for n, year in ((1, "2001"), (2, "2011"))]
    statement = Draft("statement", "Which of these does the article say?",
                      "Tom Birch sailed to port 2 in 2011.",
                      ("Omar Field sailed to port 2 in 2011.", "Sara Quist sailed to port 2 "
                       "in 2011.", "Nadia Kerr sailed to port 2 in 2011."),
                      kept[1].sentence, kept[1].sentence_text, "Statements", "statement")
    mixed = _mix(Generation(kept, [Rejected(statement, SAME_SENTENCE)]), ENTITIES)
    assert sorted(d.kind for d in mixed.drafts) == ["question", "statement"]
    assert [r.draft for r in mixed.rejected] == [kept[1]]


def test_at_most_half_the_drafts_are_verbatim_the_longest_clozes_go_first():
    from app.domain.generation import TOO_VERBATIM, _capped
    from app.domain.generation.drafts import Generation
    question = replace(GOOD, kind="question", stem="Who built a robot?")
    clozes = [replace(GOOD, stem=GOOD.stem.replace("robot", "robot" + " and more" * n))
              for n in range(3)]
    capped = _capped(Generation([question, *clozes], []))
    assert capped.drafts == [question, clozes[0]]               # the shortest cloze stays
    assert [r.reason for r in capped.rejected] == [TOO_VERBATIM] * 2


@pytest.mark.parametrize(("text", "city", "asked"), [
    ("Washington has also made visas harder to get for students from Norway.", "Washington",
     False),
    ("In May, Beijing backed the new chip makers with cheap loans and land.", "Beijing", False),
    ("Officials said that Moscow would answer the new sanctions within a week.", "Moscow",
     False),
    ("Tom Birch flew to Beijing in May for a week of concerts.", "Beijing", True),
    ("Oslo is a port city with more than 700,000 people.", "Oslo", True),
    ("Detroit has a large Arab community and two Arabic newspapers.", "Detroit", True),
])
def test_a_capital_standing_for_its_government_is_no_city_to_ask_about(text, city, asked):
    seen = analyse(clean_text(f"Title\n\n{text}"), random.Random(1))
    assert (city in [a.text for a in seen.answers[0]]) is asked


@pytest.mark.parametrize(("text", "asked"), [
    ("The name of the Kessel festival comes from the Danish word lys, which means light.",
     False),
    ("The winter lights of the Kessel harbour are known as lys in Danish, Sara Quist said.",
     False),
    ("Sara Quist spoke to the Oslo crowd in Danish before the evening concert began.", True),
])
def test_a_language_whose_word_the_sentence_gives_is_never_blanked(text, asked):
    from app.domain.generation.kinds import cloze
    seen = analyse(clean_text(f"Title\n\n{text}"), random.Random(1))
    (danish,) = [a for a in seen.answers[0] if a.text == "Danish"]
    assert (cloze(seen, 0, danish) is not None) is asked


def test_a_name_in_a_fronted_phrase_and_the_subject_are_no_list():
    seen = analyse(clean_text("Title\n\nOmar Field said the boats were old.\n\n"
                              "Unlike the boatman Omar Field, Nadia Kerr enjoys long trips at "
                              "sea.\n\nTom Birch said Norway, Spain, and other countries sold "
                              "boats."), random.Random(1))
    assert [(a.text, a.in_list) for a in seen.answers[1]] == [("Omar Field", False),
                                                              ("Nadia Kerr", False)]
    assert [(a.text, a.in_list) for a in seen.answers[2]][1:] == [("Norway", True),
                                                                  ("Spain", True)]


def test_a_statement_keeps_a_fronted_phrase_whole():
    from app.domain.generation.kinds import _stated_clause
    seen = analyse(clean_text("Title\n\nIn May, the boat show in Bergen, Norway sold out in "
                              "less than three hours.\n\nNadia Kerr, a marine engineer at Lund "
                              "University, built the first robot in 2019."), random.Random(1))
    assert _stated_clause(seen, 0)[0] == ("In May, the boat show in Bergen, Norway sold out in "
                                          "less than three hours.")
    assert _stated_clause(seen, 1)[0] == "Nadia Kerr built the first robot in 2019."


def test_a_place_beside_the_region_its_sentence_names_has_wrong_answers_from_that_region():
    seen = analyse(clean_text("Title\n\nFamilies in Uzbekistan, like many across Central "
                              "Asia, race horses each spring.\n\nSpain and India have "
                              "other festivals in spring."), random.Random(1))
    (uzbekistan,) = [a for a in seen.answers[0] if a.text == "Uzbekistan"]
    wrong = [w for w, _ in seen.wrong_answers(uzbekistan, 0)]
    assert len(wrong) == 3
    assert all(vocabulary().lookup(w).group == "Central Asia" for w in wrong)


def test_a_country_whose_people_its_sentence_names_is_not_asked():
    seen = analyse(clean_text("Title\n\nIn Uzbekistan, people play a horseback game called, "
                              "in Uzbek, kopkari.\n\nIn Uzbekistan, people play a horseback "
                              "game every spring."), random.Random(1))
    assert "Uzbekistan" not in [a.text for a in seen.answers[0]]
    assert [a.text for a in seen.answers[1]] == ["Uzbekistan"]


# --- true/false ------------------------------------------------------------------------------


def low(text: str) -> str:
    return text[:1].lower() + text[1:]


def test_true_false_statements_of_the_news_articles_are_their_clauses_or_one_swap_from_them():
    """Each sentence's pair: "True" for the clause as the article says it, "False" for the
    clause with the one answer it turns on swapped, a version the article never states; the
    false one is never made by negating, and its feedback says what the article says."""
    from app.domain.content import TRUE_FALSE, TRUEFALSE
    from app.domain.generation.kinds import FRAME, _stated_clause, truefalse
    pairs = 0
    for name, text in article_texts().items():
        seen = analyse(clean_text(text), random.Random(name))
        for index in range(len(seen.texts)):
            made = truefalse(seen, index)
            if not made:
                continue
            pairs += 1
            clause = _stated_clause(seen, index)[0]
            true, false = made
            for draft in made:
                assert draft.kind == draft.type == TRUEFALSE and check_draft(draft) is None
                assert draft.stem.startswith(FRAME) and draft.fact in clause
                assert set(draft.choices) == set(TRUE_FALSE)
            said = true.stem.removeprefix(FRAME)
            assert true.key == "True" and said[1:] == clause[1:]
            assert set(words(said)) <= set(words(seen.shown[index]))   # its own words
            told = false.stem.removeprefix(FRAME)
            assert false.key == "False" and told[1:] != clause[1:]
            assert f" {' '.join(words(told))} " not in seen.normal_text
            before, after = low(clause).split(low(false.fact) if clause.startswith(
                false.fact) else false.fact, 1)
            assert low(told).startswith(before) and told.endswith(after)   # one thing swapped
            assert not {"not", "no", "never"} & (set(words(told)) - set(words(clause)))
            assert false.fact in false.key_rationale and false.fact in false.rationales[0]
    assert pairs >= 5


def test_generation_keeps_true_false_drafts_where_no_other_kind_fits_with_mixed_keys():
    """The six news articles as one: true/false drafts only on sentences no other draft asks
    about, at most one for every three others, the quiz at most half verbatim; their keys
    about half True and half False, the article's rng deciding which."""
    body = "\n\n".join(text.split("\n\n", 1)[1] for text in article_texts().values())
    article = clean_text("Six stories\n\n" + body)
    sequences = set()
    for seed in range(4):
        result = generate(article, random.Random(seed))
        made = by_kind(result, "truefalse")
        keys = [d.key for d in made]
        assert len(made) >= 3 and abs(keys.count("True") - keys.count("False")) <= 1
        assert len(made) * 3 <= len(result.drafts) - len(made)
        assert sum(d.is_verbatim for d in result.drafts) * 2 <= len(result.drafts)
        assert len({d.sentence.start for d in result.drafts}) == len(result.drafts)
        assert check_all(result.drafts, analyse(article, random.Random(seed)).entities
                         ).rejected == []
        sequences.add(tuple(keys))
    assert len(sequences) > 1          # not the same keys whatever the rng


def test_a_true_false_draft_counts_its_fact_as_its_answer_across_drafts():
    """Two drafts never test one fact: a true/false statement turning on 2019 and a question
    whose answer is 2019 give each other away."""
    span, other = SentenceSpan(0, 40, 1, 1), SentenceSpan(41, 80, 2, 1)
    year = Draft("question", "In which year did Nadia Kerr build the first robot?", "2019",
                 ("2015", "2017", "2021"), span, "Nadia Kerr built the first robot in 2019.",
                 "Figures and dates", "year")
    claim = Draft("truefalse", "According to the article, the museum opened in 2019.", "False",
                  ("True",), other, "The museum opened in 2017.", "Figures and dates", "year",
                  ("It is false: the article says 2017, not 2019.",), type="truefalse",
                  fact="2017")
    assert check_draft(claim) is None
    assert check_draft(replace(claim, stem=claim.stem[:-1] + "?")) is not None
    assert check_draft(replace(claim, distractors=("Maybe",))) is not None
    assert len(check_all([year, replace(claim, fact="2019")], ENTITIES).drafts) == 1
    assert len(check_all([year, claim], ENTITIES).drafts) == 1   # its stem names 2019
    unrelated = replace(claim, stem="According to the article, the museum opened in 2016.",
                        fact="2017")
    assert len(check_all([year, unrelated], ENTITIES).drafts) == 2
