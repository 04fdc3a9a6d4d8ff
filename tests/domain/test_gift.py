"""GIFT: writing, reading back, and refusing what is malformed with its line number."""

import json
from fractions import Fraction
from importlib import resources

import pytest

from app.domain import gift
from app.domain.bank import parse_bank
from app.domain.content import ChoiceContent, QuestionContent, read_gift, write_gift

BANK = parse_bank(json.loads(
    resources.files("app.content").joinpath("deepseek_education.json").read_text()))


def test_the_curated_bank_survives_a_round_trip():
    assert read_gift(write_gift(list(BANK.questions), BANK.quiz_title)) == list(BANK.questions)


def test_special_characters_are_escaped_and_restored():
    tricky = QuestionContent(
        key="tricky:key", stem="Is 2 = 2 {always}? Use ~ and # with care:\nreally",
        explanation="Braces {} and #### in text.", topic="Odd: topic", paragraph=None,
        anchor="", choices=(ChoiceContent(text="=yes", is_correct=True, rationale="# right"),
                            ChoiceContent(text="~no", is_correct=False)))
    text = write_gift([tricky])
    assert "\\{always\\}" in text and "\\=yes" in text
    assert read_gift(text) == [tricky]


def test_gift_from_elsewhere_without_titles():
    text = """// a comment
$CATEGORY: $course$/top/Geography

What is the capital of Norway? {
  =Oslo#Right.
  ~Bergen#No, a port city.
  ~Trondheim
}

Which sea borders Bergen?{=The North Sea ~The Baltic Sea ~The Red Sea ####Bergen faces west.}
"""
    first, second = read_gift(text)
    assert first.key == "what-is-the-capital-of-norway" and first.topic == "Geography"
    assert [c.text for c in first.choices] == ["Oslo", "Bergen", "Trondheim"]
    assert [c.rationale for c in first.choices] == ["Right.", "No, a port city.", ""]
    assert second.explanation == "Bergen faces west."
    assert [c.is_correct for c in second.choices] == [True, False, False]


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("Q1 {=a ~b}\n\nNo answers here\n", 3, "no answers"),
    ("\n\nQ {=a ~b\n", 3, "not closed"),
    ("Q {#3:1}\n", 1, "only multiple-choice and true/false questions are supported"),
    ("Q {=a =b}\n", 1, "not a multiple-choice question"),
    ("Q {}\n", 1, "not a multiple-choice question"),
    ("Q {=a ~b} and more text\n", 1, "only multiple-choice and true/false"),
    ("Q {~%50%a ~b =c}\n", 1, "partial credit (%…%) beside a right one (=) are not supported"),
    ("Q {=%50%a ~b}\n", 1, "a weight (%…%) follows ~, never ="),
    ("Q {~%half%a ~b}\n", 1, "a weight must be a percentage between % signs"),
    ("Q1 {=a ~b}\n\nQ2 {=a =b ~c}\n", 3, "more than one correct choice"),
    ("::t::{=a ~b}\n", 1, "empty stem"),
    ("::t::Q {=a ~a}\n", 1, "same text"),
    ("::t::Q1 {=a ~b}\n\n::t::Q2 {=a ~b}\n", 3, "duplicate key"),
    ("::unclosed Q {=a ~b}\n", 1, "title"),
    ("[html]<b>Q</b> {=a ~b}\n", 1, "format"),
    ("// only a comment\n", 1, "no questions"),
    ("Q {=a\x00 ~b}\n", 1, "control character (U+0000)"),
    ("::a::Fine? {=yes ~no}\n\n// aq-anchor: x\x07\n::b::Q {=a ~b}\n", 3, "U+0007"),
    ("Q {=a ~b\x85}\n", 1, "U+0085"),
])
def test_malformed_gift_is_refused_with_its_line(text, line, reason):
    with pytest.raises(gift.GiftError) as error:
        read_gift(text)
    assert error.value.line == line
    assert reason in error.value.reason


def test_a_gift_text_is_bounded_before_any_question_is_read(monkeypatch):
    questions = "".join(f"::q{i}::Question {i}? {{=yes ~no}}\n\n"
                        for i in range(gift.MAX_QUESTIONS + 1))
    assert len(read_gift(questions.rsplit("::q", 1)[0])) == gift.MAX_QUESTIONS
    read = []
    monkeypatch.setattr(gift, "_item", read.append)
    with pytest.raises(gift.GiftError) as error:
        read_gift(questions)
    assert error.value.line == 2 * gift.MAX_QUESTIONS + 1
    assert f"more than {gift.MAX_QUESTIONS:,}" in error.value.reason and read == []


def test_tabs_and_line_breaks_are_text():
    [question] = read_gift("::t::Which\tone? {\r\n=a\r\n~b\r\n}\r\n")
    assert question.stem == "Which\tone?"


# --- every type -------------------------------------------------------------------------------

def choice(text, right=False, why="", weight=None):
    return ChoiceContent(text=text, is_correct=right, rationale=why,
                         fraction=None if weight is None else Fraction(weight))


EVERY_TYPE = [
    QuestionContent(key="single", stem="Which port?", topic="Ports", paragraph=3,
                    anchor="the port of", explanation="It says so.",
                    choices=(choice("Kessel", True, "Right."), choice("Oslo", why="No."))),
    QuestionContent(key="many", type="multiple", stem="Which ports? Choose two.",
                    topic="Ports", choices=(choice("Kessel", True, "Yes."), choice("Oslo"),
                                            choice("Turku", True), choice("Bergen", why="No."))),
    QuestionContent(key="one-of-many", type="multiple", stem="Which port? Choose all.",
                    choices=(choice("Kessel", True), choice("Oslo"), choice("Turku"))),
    QuestionContent(key="weighted", type="multiple", stem="Which ports {weighted}?",
                    explanation="Kessel counts most.", topic="Weights",
                    choices=(choice("Kessel", True, "Most.", "2/3"),
                             choice("Oslo", True, "Some.", "1/3"),
                             choice("Turku", why="Costs nothing.", weight=0),
                             choice("Bergen", why="Costs all.", weight=-1),
                             choice("Malmö", weight="-1/7"))),
    QuestionContent(key="tf-true", type="truefalse", stem="Kessel has robots.",
                    explanation="Paragraph 3 # says so.", paragraph=3,
                    choices=(choice("True", True, "Right: it has."),
                             choice("False", why="Wrong: it has."))),
    QuestionContent(key="tf-false", type="truefalse", stem="Oslo has no port.",
                    choices=(choice("True", why="Wrong: it has one."), choice("False", True))),
    QuestionContent(key="tf-bare", type="truefalse", stem="Bergen is a port.",
                    choices=(choice("True", True), choice("False"))),
    QuestionContent(key="tf-right-only", type="truefalse", stem="Turku is a port.",
                    choices=(choice("True", True, "Yes."), choice("False"))),
]


def test_every_type_survives_a_round_trip():
    text = write_gift(EVERY_TYPE, "Every type")
    assert read_gift(text) == EVERY_TYPE


def test_each_type_is_written_as_moodle_writes_it():
    text = write_gift(EVERY_TYPE)
    assert "::many::Which ports? Choose two. {\n\t~%50%Kessel#Yes.\n\t~%-50%Oslo\n" in text
    assert "\t~%66.66667%Kessel#Most.\n\t~%33.33333%Oslo#Some.\n\t~Turku#Costs nothing.\n" \
           "\t~%-100%Bergen#Costs all.\n\t~%-14.28571%Malmö\n" in text
    assert "::tf-true::Kessel has robots. {\n\tTRUE#Wrong\\: it has.#Right\\: it has.\n" \
           "\t####Paragraph 3 \\# says so.\n}" in text
    assert "::tf-false::Oslo has no port. {\n\tFALSE#Wrong\\: it has one.\n}" in text
    assert "::tf-bare::Bergen is a port. {\n\tTRUE\n}" in text
    assert "::tf-right-only::Turku is a port. {\n\tTRUE##Yes.\n}" in text


def test_true_false_and_weighted_answers_from_elsewhere():
    text = """::a::The sky is blue.{T}

The sea is dry. {FALSE#No, it is wet.#Right, it is wet.####Seas hold water.}

Grass is green.{TRUE#Look again.}

Which are ports? {
  ~%33.33333%Kessel#One of three.
  ~%33.33333%Oslo
  ~%33.33333%Turku
  ~Rome#A city, weighing nothing.
  ~%-100%Alps
}

Which is a port? {~%100%Kessel ~%-50%Rome ~%-50%Alps}
"""
    sky, sea, grass, ports, port = read_gift(text)
    assert sky.type == "truefalse" and [(c.text, c.is_correct) for c in sky.choices] == [
        ("True", True), ("False", False)]
    assert sea.key == "the-sea-is-dry" and sea.explanation == "Seas hold water."
    assert [(c.is_correct, c.rationale) for c in sea.choices] == [
        (False, "No, it is wet."), (True, "Right, it is wet.")]
    assert [c.rationale for c in grass.choices] == ["", "Look again."]
    assert ports.type == "multiple" and ports.fractions == (
        Fraction(1, 3), Fraction(1, 3), Fraction(1, 3), 0, -1)
    assert [c.is_correct for c in ports.choices] == [True, True, True, False, False]
    assert port.type == "multiple" and all(c.fraction is None for c in port.choices)


@pytest.mark.parametrize(("text", "reason"), [
    ("Q {~%40%a ~%50%b ~c}\n", "the right choices' weights add up to 90%, not 100%"),
    ("Q {~a ~b ~c}\n", "no correct choice"),
    ("Q {~%50%a ~%50%b}\n", "no wrong choice"),
    ("Q {~%150%a ~b}\n", "choice 1's weight must be a share of the mark from -100% to 100%"),
])
def test_weights_from_elsewhere_are_checked_with_the_line(text, reason):
    with pytest.raises(gift.GiftError) as error:
        read_gift("::ok::Fine? {=yes ~no}\n\n" + text)
    assert error.value.line == 3 and reason in error.value.reason
