"""Loading a question bank into the database."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from app.cache import kept
from app.domain.bank import Bank
from app.domain.content import BankError, ChoiceContent, QuestionContent
from app.extensions import db
from app.models import Article, Choice, Question, QuestionRevision, Quiz, Response


@dataclass(frozen=True)
class LoadReport:
    quiz_slug: str
    created: int
    updated: int
    retired: int


def load_bank(bank: Bank) -> LoadReport:
    """Create or update the quiz and its questions in place by key. A question missing from the
    bank is retired, never deleted, so past attempts keep every row they point at; a question
    whose content changed gets a new revision, so past attempts keep what they showed."""
    quiz = db.session.scalar(select(Quiz).filter_by(slug=bank.quiz_slug))
    if quiz is None:
        # the bank's settings are the new quiz's defaults; later the instructor's own stand
        quiz = Quiz(slug=bank.quiz_slug, grading_method=bank.grading_method,
                    questions_per_attempt=bank.questions_per_attempt, is_listed=True)
        db.session.add(quiz)
    quiz.title, quiz.description = bank.quiz_title, bank.quiz_description
    if quiz.article is None or quiz.article.text is None:
        # until the article itself is imported, the bank only names it
        article = quiz.article or db.session.scalar(select(Article).filter_by(
            slug=bank.quiz_slug)) or Article(slug=bank.quiz_slug)
        article.title = bank.article_title or bank.quiz_title
        article.source = bank.article_source
        quiz.article = article
    db.session.flush()

    existing = {
        q.key: q
        for q in db.session.scalars(
            select(Question)
            .filter_by(quiz_id=quiz.id)
            .options(selectinload(Question.choices), selectinload(Question.revisions))
        )
    }
    created = updated = 0
    for position, content in enumerate(bank.questions, start=1):
        question = existing.pop(content.key, None)
        if question is None:
            question = Question(quiz=quiz, key=content.key, choices=[], revisions=[])
            db.session.add(question)
            created += 1
        else:
            updated += 1
        question.position, question.status = position, "published"
        apply_content(question, content)
    db.session.flush()
    for question in quiz.questions:
        if question.status == "published":
            record_revision(question)
    for question in existing.values():
        question.status = "retired"
    db.session.flush()
    return LoadReport(bank.quiz_slug, created, updated, len(existing))


def apply_content(question: Question, content: QuestionContent) -> None:
    """The question's rows made to hold this content (its key aside). Choices are updated in
    place by position; a surplus choice is removed only when no attempt ever chose it or was
    graded against it."""
    question.type, question.stem = content.type, content.stem
    question.explanation, question.topic = content.explanation, content.topic
    question.paragraph, question.anchor = content.paragraph, content.anchor
    for index, choice_content in enumerate(content.choices, start=1):
        if index <= len(question.choices):
            choice = question.choices[index - 1]
        else:
            choice = Choice(position=index)
            question.choices.append(choice)
        choice.text, choice.is_correct = choice_content.text, choice_content.is_correct
        choice.rationale = choice_content.rationale
        choice.fraction = None if choice_content.fraction is None else str(
            choice_content.fraction)
    for choice in question.choices[len(content.choices) :]:
        if choice.id is not None and db.session.scalar(
            select(func.count(Response.id)).where(
                or_(Response.choice_id == choice.id, Response.correct_choice_id == choice.id)
            )
        ):
            raise BankError(
                [f'question "{question.key}": choice {choice.position} has been answered in past '
                 "attempts and cannot be removed; retire the question under a new key instead"]
            )
        question.choices.remove(choice)
        db.session.delete(choice)


def content_of(question: Question) -> QuestionContent:
    """The question as its rows now stand, with its key and its choices' ids."""
    return QuestionContent(
        key=question.key,
        type=question.type,
        stem=question.stem,
        explanation=question.explanation,
        topic=question.topic,
        paragraph=question.paragraph,
        anchor=question.anchor,
        choices=tuple(
            ChoiceContent(id=c.id, text=c.text, is_correct=c.is_correct, rationale=c.rationale,
                          fraction=None if c.fraction is None else Fraction(c.fraction))
            for c in question.choices
        ),
    )


def record_revision(question: Question) -> None:
    """A new revision when what the learner would see has changed."""
    content = content_of(question).to_json()
    latest = question.revisions[-1] if question.revisions else None
    if latest is None or latest.content != content:
        number = latest.number + 1 if latest else 1
        question.revisions.append(QuestionRevision(number=number, content=content))


def _latest(narrowed):
    """question id, its newest revision's id: of the questions `narrowed` keeps."""
    newest = narrowed(select(QuestionRevision.question_id,
                             func.max(QuestionRevision.number).label("number"))
                      ).group_by(QuestionRevision.question_id).subquery()
    return select(QuestionRevision.question_id, QuestionRevision.id).join(
        newest, (newest.c.question_id == QuestionRevision.question_id)
        & (newest.c.number == QuestionRevision.number))


# built once: a quiz's published questions in their order, or the questions given
_LATEST_OF_QUIZ = _latest(lambda newest: newest.join(
    Question, Question.id == QuestionRevision.question_id).where(
    Question.quiz_id == bindparam("quiz_id"), Question.status == "published")).join(
    Question, Question.id == QuestionRevision.question_id).order_by(Question.position)
_LATEST_OF = _latest(lambda newest: newest.where(
    QuestionRevision.question_id.in_(bindparam("question_ids", expanding=True))))


def latest_revisions(quiz_id: int | None = None, question_ids: Collection[int] = ()
                     ) -> dict[int, int]:
    """question id -> its newest revision's id: of a quiz's published questions (in the
    quiz's order), or of these questions whatever their state. The one place the latest
    revision is found; its content is `revision_contents`'."""
    if quiz_id is not None:
        rows = db.session.execute(_LATEST_OF_QUIZ, {"quiz_id": quiz_id})
    else:
        rows = db.session.execute(_LATEST_OF, {"question_ids": list(question_ids)})
    return dict(rows.all())


def latest_content(question_id: int) -> QuestionContent:
    """A question as learners are now shown it."""
    revision_id = latest_revisions(question_ids=[question_id])[question_id]
    return revision_contents([revision_id])[revision_id]


def revision_contents(revision_ids: Iterable[int]) -> dict[int, QuestionContent]:
    """Parsed revisions by id. A revision never changes once stored, so each app keeps the
    ones it has read (they hold no learner's data) and only the others are fetched."""
    return kept("revisions", revision_ids, _read_revisions)


def _read_revisions(revision_ids: list[int]) -> dict[int, QuestionContent]:
    rows = db.session.execute(select(QuestionRevision.id, QuestionRevision.content)
                              .where(QuestionRevision.id.in_(revision_ids)))
    return {rid: QuestionContent.from_json(text) for rid, text in rows}
