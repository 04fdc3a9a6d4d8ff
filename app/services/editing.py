"""The instructor's question editor: accept, edit or discard drafts, write questions, retire
them, publish the quiz. Every edit is validated as the bank file is, and an edit to a question
that has been answered makes a new revision, so past attempts keep what they showed."""

import re

from sqlalchemy import func, select

from app.domain.articles import sentence_finder
from app.domain.content import BankError, QuestionContent, bank_question, parse_question
from app.domain.grading import grading_rule
from app.domain.lint import lint
from app.extensions import db, write_transaction
from app.models import Question, Quiz, RejectedDraft, Response, Sentence
from app.services.bank import apply_content, content_of, record_revision


class EditRefused(Exception):
    """An edit the question's state does not allow (answered with 409)."""


def quiz_questions(quiz: Quiz) -> dict[str, list[Question]]:
    grouped: dict[str, list[Question]] = {"draft": [], "published": [], "retired": []}
    for question in sorted(quiz.questions, key=lambda q: q.position):
        grouped.setdefault(question.status, []).append(question)
    return grouped


def question_of(quiz: Quiz, question_id: int) -> Question | None:
    return db.session.scalar(select(Question).filter_by(id=question_id, quiz_id=quiz.id))


def rejected_drafts(quiz: Quiz) -> list[RejectedDraft]:
    """The drafts generation dropped from the quiz's article, with their reasons."""
    if quiz.article_id is None:
        return []
    return list(db.session.scalars(select(RejectedDraft).filter_by(article_id=quiz.article_id)
                                   .order_by(RejectedDraft.id)))


def _new_key(quiz: Quiz, stem: str) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", stem.casefold())[:6]) or "question"
    taken = {q.key for q in quiz.questions}
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def save_question(quiz: Quiz, question: Question | None, data: dict,
                  key: str | None = None) -> Question:
    """Create (question None) or update a question from the editor's data, validated whole;
    raises BankError with the problems."""
    if question is not None:
        key = question.key
    key = key or _new_key(quiz, str(data.get("stem") or ""))
    others = {q.key for q in quiz.questions if q is not question}
    content = parse_question(1, {**data, "key": key}, others)
    # a count the stem states that the right options contradict: learners are told to
    # choose that many ("Choose 2 answers.") and would lose marks doing so
    contradictions = list(dict.fromkeys(  # "Which two …? Choose two." states it twice
        f"{finding.message[0].upper()}{finding.message[1:]}." for finding in lint([content])
        if finding.rule == "stated-count"))
    if contradictions:
        raise BankError(contradictions)
    sentence_id = _anchored_sentence(quiz, content.anchor)
    question = _store(quiz, question, content)
    if sentence_id is not None:
        question.sentence_id = sentence_id
    return question


def _anchored_sentence(quiz: Quiz, anchor: str) -> int | None:
    """The sentence of the quiz's article holding the anchor's words (a question without
    them keeps the sentence it has, as a generated one does); refused unless exactly one
    sentence holds them. A quiz without an article's text links when one is imported."""
    article = quiz.article
    if not anchor or article is None or not article.text:
        return None
    sentences = db.session.scalars(select(Sentence).filter_by(article_id=article.id)).all()
    found = sentence_finder(article.text, sentences)(anchor)
    if found is None:
        raise BankError([f"anchor: The words “{anchor}” are not in exactly one sentence of "
                         "the article; copy a few words of the sentence as the article has "
                         "them."])
    return found.id


def grading_note(data: dict) -> str:
    """How a multiple-answer question in the editor will be graded: with its own shares when
    the editor's data make a valid question, else the rule itself."""
    try:
        return grading_rule(parse_question(1, {**data, "key": "shown"}))
    except BankError:
        return grading_rule()


def _store(quiz: Quiz, question: Question | None, content: QuestionContent) -> Question:
    """A new question (question None), or the question changed to hold this content; a new
    revision when what learners see has changed."""
    if question is None:
        position = max((q.position for q in quiz.questions), default=0) + 1
        question = Question(quiz=quiz, key=content.key, position=position, status="published",
                            origin="authored", choices=[], revisions=[])
        db.session.add(question)
    apply_content(question, content)
    db.session.flush()
    record_revision(question)
    db.session.flush()
    return question


def bank_data(quiz: Quiz) -> dict:
    """The quiz and its live questions as a bank file, which `flask bank load` reads back."""
    return {
        "quiz": {"slug": quiz.slug, "title": quiz.title, "description": quiz.description,
                 "grading_method": quiz.grading_method,
                 "questions_per_attempt": quiz.questions_per_attempt},
        "article": {"title": quiz.article.title if quiz.article else "",
                    "source": quiz.article.source if quiz.article else ""},
        "questions": [bank_question(content) for content in live_contents(quiz)],
    }


def live_contents(quiz: Quiz) -> list[QuestionContent]:
    return [content_of(q) for q in sorted(quiz.questions, key=lambda q: q.position)
            if q.status == "published"]


def set_status(question: Question, status: str) -> None:
    """accept (draft → published), retire (→ retired), restore (retired → published)."""
    allowed = {"published": ("draft", "retired"), "retired": ("published",)}
    if question.status not in allowed.get(status, ()):
        raise EditRefused(f"A {question.status} question cannot become {status}.")
    question.status = status
    db.session.flush()


def discard(question: Question) -> None:
    """Drafts nobody has answered are deleted; anything else is retired instead."""
    answered = db.session.scalar(
        select(func.count(Response.id)).filter_by(question_id=question.id))
    if question.status != "draft" or answered:
        raise EditRefused("Only a draft nobody has answered can be discarded; retire it.")
    for revision in question.revisions:
        db.session.delete(revision)
    for choice in question.choices:
        db.session.delete(choice)
    db.session.delete(question)
    db.session.flush()


def _drafts(quiz: Quiz, question_ids: set[int]) -> list[Question]:
    """The quiz's questions among these ids that are still drafts (another tab may have
    accepted or discarded some since the page was drawn)."""
    return [q for q in quiz.questions if q.id in question_ids and q.status == "draft"]


def accept_drafts(quiz: Quiz, question_ids: set[int]) -> int:
    chosen = _drafts(quiz, question_ids)
    for question in chosen:
        set_status(question, "published")
    return len(chosen)


def discard_drafts(quiz: Quiz, question_ids: set[int]) -> int:
    """Drafts nobody has answered are deleted (see discard)."""
    chosen = _drafts(quiz, question_ids)
    for question in chosen:
        discard(question)
    return len(chosen)


def publish(quiz: Quiz, is_published: bool) -> None:
    if is_published and not any(q.status == "published" for q in quiz.questions):
        raise EditRefused("The quiz has no live questions yet, so learners would have nothing "
                          "to answer: accept drafts or write a question, then publish.")
    quiz.is_published = is_published
    db.session.flush()


GIFT_AT_ONCE = 10  # questions written per short transaction: about 70 ms of the write lock


def import_contents(quiz: Quiz, contents: list[QuestionContent]) -> tuple[int, int]:
    """Questions read (and validated, before anything is written) from GIFT: updated in
    place by key, or added; none is retired. Written GIFT_AT_ONCE to a transaction of its
    own, each committed, so learners' saves go on between them; each transaction reads only
    the questions it changes. Should the process stop half-way, the questions written so
    far stay, and importing the file again finishes the work (each is found by its key)."""
    quiz_id, created, updated = quiz.id, 0, 0
    ids = {key: question_id for key, question_id in db.session.execute(
        select(Question.key, Question.id).filter_by(quiz_id=quiz_id))}
    for at in range(0, len(contents), GIFT_AT_ONCE):
        chunk = contents[at:at + GIFT_AT_ONCE]
        with write_transaction():
            existing = {q.key: q for q in db.session.scalars(select(Question).where(
                Question.id.in_([ids[c.key] for c in chunk if c.key in ids])))}
            position = db.session.scalar(select(func.max(Question.position))
                                         .filter_by(quiz_id=quiz_id)) or 0
            written = []
            for content in chunk:
                question = existing.get(content.key)
                if question is None:
                    position += 1
                    question = Question(quiz_id=quiz_id, key=content.key, position=position,
                                        status="published", origin="authored", choices=[],
                                        revisions=[])
                    db.session.add(question)
                apply_content(question, content)
                written.append(question)
                created += content.key not in existing
                updated += content.key in existing
            db.session.flush()  # the choices' ids, which a revision holds
            for question in written:
                record_revision(question)
            db.session.flush()
            ids.update((q.key, q.id) for q in written)
    return created, updated

