"""The question bank file: the quiz and article it describes, and its questions (each read and
validated by `app.domain.content`), all validated before anything is written."""

from dataclasses import dataclass
from typing import Any

from app.domain.content import BankError, QuestionContent, read_question, stripped


@dataclass(frozen=True)
class Bank:
    quiz_slug: str
    quiz_title: str
    quiz_description: str
    article_title: str
    article_source: str
    grading_method: str
    questions_per_attempt: int | None
    questions: tuple[QuestionContent, ...]


GRADING_METHODS = ("highest", "average", "first", "last")


def parse_bank(data: Any) -> Bank:
    """Validate the whole bank and return it, or raise BankError listing every problem."""
    if not isinstance(data, dict):
        raise BankError(["the bank must be an object with 'quiz' and 'questions'"])
    problems: list[str] = []
    quiz = data.get("quiz") if isinstance(data.get("quiz"), dict) else {}
    article = data.get("article") if isinstance(data.get("article"), dict) else {}
    if not stripped(quiz.get("slug")):
        problems.append("quiz: missing slug")
    if not stripped(quiz.get("title")):
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

    questions: list[QuestionContent] = []
    seen_keys: set[str] = set()
    for number, raw in enumerate(raw_questions, start=1):
        question = read_question(number, raw, seen_keys, problems)
        if question:
            questions.append(question)
    if problems:
        raise BankError(problems)
    return Bank(
        quiz_slug=stripped(quiz["slug"]),
        quiz_title=stripped(quiz["title"]),
        quiz_description=stripped(quiz.get("description")),
        article_title=stripped(article.get("title")),
        article_source=stripped(article.get("source")),
        grading_method=grading_method,
        questions_per_attempt=per_attempt,
        questions=tuple(questions),
    )
