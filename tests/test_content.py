"""The curated bank: valid, in our own words, and every question tied to the article."""

import json
from collections import Counter
from importlib import resources

import pytest

from app.domain.bank import parse_bank
from app.domain.lint import lint
from tests.seed import paragraphs, seed_text, words

RAW = json.loads(resources.files("app.content").joinpath("deepseek_education.json").read_text())
BANK = parse_bank(RAW)


def test_bank_is_large_enough_and_every_question_has_four_choices_one_right():
    assert len(BANK.questions) >= 30
    for q in BANK.questions:
        assert len(q.choices) == 4, q.key
        assert sum(c.is_correct for c in q.choices) == 1, q.key
        assert q.stem.endswith("?"), q.key
        assert q.explanation and q.topic, q.key
        assert all(c.rationale for c in q.choices), q.key


def test_every_question_points_at_the_paragraph_that_holds_its_anchor():
    paras = paragraphs()
    for q in BANK.questions:
        assert q.paragraph in paras, q.key
        assert 3 <= len(q.anchor.split()) <= 6, q.key
        assert seed_text().count(q.anchor) == 1, q.key
        assert q.anchor in paras[q.paragraph], q.key


def test_questions_cover_the_whole_article():
    cited = {q.paragraph for q in BANK.questions}
    substantive = {n for n, text in paragraphs().items() if len(text.split()) > 12}
    assert substantive - cited == set()
    assert len(Counter(q.topic for q in BANK.questions)) >= 5


@pytest.mark.parametrize("person", ["Pavel Durov", "Yiran Chen", "Damien Ma", "Marina Zhang",
                                    "Yanbo Wang", "Liang", "Xi Jinping"])
def test_each_person_quoted_is_asked_about(person):
    assert any(person in q.stem or any(person in c.text for c in q.choices if c.is_correct)
               for q in BANK.questions)


def test_the_right_answer_is_not_always_in_the_same_place():
    positions = Counter(next(i for i, c in enumerate(q.choices) if c.is_correct)
                        for q in BANK.questions)
    assert len(positions) == 4
    assert max(positions.values()) < 0.4 * len(BANK.questions)


def test_the_bank_is_in_our_own_words():
    """No run of nine words of the article appears in the bank (anchors aside)."""
    w = words(seed_text())
    shingles = {" ".join(w[i:i + 9]) for i in range(len(w) - 8)}
    texts = [RAW["quiz"]["title"], RAW["quiz"]["description"]]
    for q in RAW["questions"]:
        texts += [q["stem"], q["explanation"]]
        texts += [c["text"] for c in q["choices"]] + [c["rationale"] for c in q["choices"]]
    copied = []
    for text in texts:
        tw = words(text)
        copied += [" ".join(tw[i:i + 9]) for i in range(len(tw) - 8)
                   if " ".join(tw[i:i + 9]) in shingles]
    assert copied == []


def test_the_curated_bank_has_no_item_writing_flaws():
    """Every rule of the bank lint (app/domain/lint.py) passes: no key given away by another
    stem, no dangling "these", no length cue, every wrong answer's rationale says what the
    article says, options alike in form, no stem ruling an option out."""
    assert [str(finding) for finding in lint(BANK.questions)] == []
