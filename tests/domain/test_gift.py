"""GIFT: writing, reading back, and refusing what is malformed with its line number."""

import json
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
    ("Q {T}\n", 1, "only multiple-choice"),
    ("Q {#3:1}\n", 1, "only multiple-choice"),
    ("Q {=a =b}\n", 1, "not a multiple-choice question"),
    ("Q {=a ~b} and more text\n", 1, "only multiple-choice"),
    ("Q {~%50%a ~b =c}\n", 1, "partial credit"),
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
