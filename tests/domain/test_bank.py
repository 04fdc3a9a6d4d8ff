import copy

import pytest

from app.domain.bank import parse_bank
from app.domain.content import MAX_PARAGRAPH, BankError


def question(key="q1", correct=0, n=4, **extra):
    return {
        "key": key, "stem": f"What about {key}?", "topic": "T", "paragraph": 3,
        "explanation": "Because.",
        "choices": [{"text": f"choice {i}", "correct": i == correct, "rationale": f"r{i}"}
                    for i in range(n)],
        **extra,
    }


def bank(*questions):
    return {"quiz": {"slug": "s", "title": "T"}, "questions": list(questions)}


def problems(data) -> list[str]:
    with pytest.raises(BankError) as info:
        parse_bank(data)
    return info.value.problems


def test_a_valid_bank_parses_in_order():
    parsed = parse_bank(bank(question("a", correct=2), question("b", n=2)))
    assert [q.key for q in parsed.questions] == ["a", "b"]
    assert [c.is_correct for c in parsed.questions[0].choices] == [False, False, True, False]
    assert parsed.questions[0].paragraph == 3 and parsed.quiz_slug == "s"


def test_missing_correct_choice_names_the_question():
    assert problems(bank(question("a"), question("b", correct=None))) == [
        'question 2 ("b"): no correct choice']


def test_second_correct_choice_is_refused():
    q = question("two")
    q["choices"][3]["correct"] = True
    assert problems(bank(q)) == ['question 1 ("two"): more than one correct choice']


def test_duplicate_key_is_refused():
    assert problems(bank(question("a"), question("a"))) == ['question 2 ("a"): duplicate key']


def test_fewer_than_two_choices_is_refused():
    assert problems(bank(question("one", n=1))) == ['question 1 ("one"): fewer than two choices']


def test_ten_choices_are_allowed_and_eleven_refused():
    assert len(parse_bank(bank(question("ten", n=10))).questions[0].choices) == 10
    assert problems(bank(question("eleven", n=11))) == [
        'question 1 ("eleven"): more than 10 choices']


@pytest.mark.parametrize("stem", ["", "   ", None, 7])
def test_empty_stem_is_refused(stem):
    assert problems(bank(question("e", stem=stem))) == ['question 1 ("e"): empty stem']


def test_every_problem_is_reported_at_once():
    q = question("x", correct=None)
    q["stem"] = ""
    found = problems(bank(question("a"), q, question("a"), {"stem": "no key?"}))
    assert 'question 2 ("x"): empty stem' in found
    assert 'question 2 ("x"): no correct choice' in found
    assert 'question 3 ("a"): duplicate key' in found
    assert "question 4: missing key" in found


def test_other_shape_errors():
    q = question("d")
    q["choices"][1]["text"] = q["choices"][0]["text"].upper()
    assert problems(bank(q)) == ['question 1 ("d"): two choices have the same text']
    for paragraph in (0, MAX_PARAGRAPH + 1, 2**64, "3", 2.0):
        assert problems(bank(question("p", paragraph=paragraph))) == [
            'question 1 ("p"): paragraph must be a whole number from 1 to 100,000']
    assert problems({"questions": []}) == [
        "quiz: missing slug", "quiz: missing title", "the bank has no questions"]
    assert problems([]) == ["the bank must be an object with 'quiz' and 'questions'"]


def test_parsing_does_not_change_its_input():
    data = bank(question("a"))
    before = copy.deepcopy(data)
    parse_bank(data)
    assert data == before
