"""The question bank file: its shape, and the validation that runs before anything is written."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    is_correct: bool
    rationale: str


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    stem: str
    explanation: str
    topic: str
    paragraph: int | None
    anchor: str
    choices: tuple[ChoiceSpec, ...]


@dataclass(frozen=True)
class Bank:
    quiz_slug: str
    quiz_title: str
    quiz_description: str
    article_title: str
    article_source: str
    grading_method: str
    questions_per_attempt: int | None
    questions: tuple[QuestionSpec, ...]


GRADING_METHODS = ("highest", "average", "first", "last")
MAX_CHOICES = 10  # choices a question may have (the editor has a row for each)
# far past the paragraphs of any real article (2 MB, the upload limit, in paragraphs of 20
# characters), and well inside every integer column
MAX_PARAGRAPH = 100_000


class BankError(ValueError):
    """Every problem found in a bank, each naming its question; the bank is refused whole."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def parse_bank(data: Any) -> Bank:
    """Validate the whole bank and return it, or raise BankError listing every problem."""
    if not isinstance(data, dict):
        raise BankError(["the bank must be an object with 'quiz' and 'questions'"])
    problems: list[str] = []
    quiz = data.get("quiz") if isinstance(data.get("quiz"), dict) else {}
    article = data.get("article") if isinstance(data.get("article"), dict) else {}
    if not _text(quiz.get("slug")):
        problems.append("quiz: missing slug")
    if not _text(quiz.get("title")):
        problems.append("quiz: missing title")
    grading_method = quiz.get("grading_method", "highest")
    if grading_method not in GRADING_METHODS:
        problems.append(f"quiz: grading_method must be one of {', '.join(GRADING_METHODS)}")
    per_attempt = quiz.get("questions_per_attempt")
    if per_attempt is not None and (type(per_attempt) is not int or per_attempt < 1):
        problems.append("quiz: questions_per_attempt must be a positive whole number")
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append("the bank has no questions")
        raw_questions = []

    questions: list[QuestionSpec] = []
    seen_keys: set[str] = set()
    for number, raw in enumerate(raw_questions, start=1):
        question = _parse_question(number, raw, seen_keys, problems)
        if question:
            questions.append(question)
    if problems:
        raise BankError(problems)
    return Bank(
        quiz_slug=_text(quiz["slug"]),
        quiz_title=_text(quiz["title"]),
        quiz_description=_text(quiz.get("description")),
        article_title=_text(article.get("title")),
        article_source=_text(article.get("source")),
        grading_method=grading_method,
        questions_per_attempt=per_attempt,
        questions=tuple(questions),
    )


def parse_question(number: int, raw: Any, other_keys: set[str] | frozenset = frozenset()
                   ) -> QuestionSpec:
    """One question validated as the bank's are (for the editor and for GIFT)."""
    problems: list[str] = []
    spec = _parse_question(number, raw, set(other_keys), problems)
    if problems or spec is None:
        raise BankError(problems)
    return spec


def _parse_question(
    number: int, raw: Any, seen_keys: set[str], problems: list[str]
) -> QuestionSpec | None:
    if not isinstance(raw, dict):
        problems.append(f"question {number}: not an object")
        return None
    key = _text(raw.get("key"))
    name = f'question {number} ("{key}")' if key else f"question {number}"
    found = len(problems)
    if not key:
        problems.append(f"{name}: missing key")
    elif key in seen_keys:
        problems.append(f"{name}: duplicate key")
    seen_keys.add(key)
    stem = _text(raw.get("stem"))
    if not stem:
        problems.append(f"{name}: empty stem")
    paragraph = raw.get("paragraph")
    if paragraph is not None and (type(paragraph) is not int
                                  or not 1 <= paragraph <= MAX_PARAGRAPH):
        problems.append(f"{name}: paragraph must be a whole number from 1 to "
                        f"{MAX_PARAGRAPH:,}")

    raw_choices = raw.get("choices") if isinstance(raw.get("choices"), list) else []
    choices = []
    for index, choice in enumerate(raw_choices, start=1):
        text = _text(choice.get("text")) if isinstance(choice, dict) else ""
        if not text:
            problems.append(f"{name}: choice {index} has no text")
            continue
        is_correct = choice.get("correct") is True
        choices.append(ChoiceSpec(text, is_correct, _text(choice.get("rationale"))))
    if len(raw_choices) < 2:
        problems.append(f"{name}: fewer than two choices")
    elif len(raw_choices) > MAX_CHOICES:
        problems.append(f"{name}: more than {MAX_CHOICES} choices")
    correct = sum(choice.is_correct for choice in choices)
    if correct == 0 and len(raw_choices) >= 2:
        problems.append(f"{name}: no correct choice")
    elif correct > 1:
        problems.append(f"{name}: more than one correct choice")
    if len({choice.text.casefold() for choice in choices}) < len(choices):
        problems.append(f"{name}: two choices have the same text")
    if len(problems) > found:
        return None
    return QuestionSpec(
        key=key,
        stem=stem,
        explanation=_text(raw.get("explanation")),
        topic=_text(raw.get("topic")),
        paragraph=paragraph,
        anchor=_text(raw.get("anchor")),
        choices=tuple(choices),
    )
