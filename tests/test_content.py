"""The curated bank: valid, in our own words, and every question tied to the article."""

import json
from collections import Counter
from importlib import resources

import pytest

from app.domain.bank import parse_bank
from app.domain.content import answer_hint, stated_counts
from app.domain.lint import lint
from tests.seed import paragraphs, seed_text, words

RAW = json.loads(resources.files("app.content").joinpath("deepseek_education.json").read_text())
BANK = parse_bank(RAW)


def test_bank_is_large_enough_and_every_question_is_well_formed_for_its_type():
    """Single-answer items have four choices and one right; multiple-answer items have more
    than one right among four or five, and either say how many to choose (that many) or leave
    it to "all that apply", both kinds in the bank, so a learner cannot learn that the answer
    is always two; true/false items are a statement with True then False and one right."""
    assert len(BANK.questions) >= 30
    stated, rights = Counter(), set()
    for q in BANK.questions:
        right = sum(c.is_correct for c in q.choices)
        if q.type == "truefalse":
            assert [c.text for c in q.choices] == ["True", "False"], q.key
            assert right == 1 and q.stem.endswith("."), q.key
        elif q.type == "multiple":
            assert len(q.choices) in (4, 5) and 1 < right < len(q.choices), q.key
            counts = {count for _, count in stated_counts(q.stem)}
            assert counts in (set(), {right}), q.key
            assert answer_hint(q) == ("Choose all that apply." if not counts
                                      else f"Choose {right} answers."), q.key
            stated[bool(counts)] += 1
            rights.add(right)
        else:
            assert len(q.choices) == 4 and right == 1, q.key
            assert q.stem.endswith("?"), q.key
        assert q.explanation and q.topic, q.key
        assert all(c.rationale for c in q.choices), q.key
    assert stated[True] and stated[False] and len(rights) > 1, (stated, rights)


def test_the_bank_has_choose_all_that_apply_and_true_false_items():
    kinds = Counter(q.type for q in BANK.questions)
    assert kinds["multiple"] >= 4
    assert kinds["truefalse"] >= 3
    assert {q.choices[next(i for i, c in enumerate(q.choices) if c.is_correct)].text
            for q in BANK.questions if q.type == "truefalse"} == {"True", "False"}


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
    single = [q for q in BANK.questions if q.type == "single"]
    positions = Counter(next(i for i, c in enumerate(q.choices) if c.is_correct) for q in single)
    assert len(positions) == 4
    assert max(positions.values()) < 0.4 * len(single)


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
