"""Importing an article: clean it, store it with its sentences, link existing questions to their
sentences by content, and draft a quiz from it."""

import random
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from app.cache import kept
from app.domain.articles import (
    ArticleError,
    CleanArticle,
    clean_html,
    clean_markdown,
    clean_text,
    find_sentence,
)
from app.domain.content import ChoiceContent, QuestionContent
from app.domain.generation import generate
from app.extensions import db
from app.models import Article, Question, Quiz, RejectedDraft, Sentence, User
from app.services.bank import apply_content, record_revision

EXTENSIONS = {".txt": clean_text, ".md": clean_markdown, ".markdown": clean_markdown,
              ".html": clean_html, ".htm": clean_html}


def clean(raw: bytes | str, filename: str | None) -> CleanArticle:
    """Pick the cleaner by the file's extension (pasted text that starts with a tag is HTML)."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ArticleError("The file is not UTF-8 text.") from error
    if "\x00" in raw:
        raise ArticleError("The file is not text.")
    if filename:
        extension = "." + filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
        if extension not in EXTENSIONS:
            raise ArticleError("Upload a .txt, .md or .html file.")
        return EXTENSIONS[extension](raw)
    return clean_html(raw) if raw.lstrip().startswith("<") else clean_text(raw)


@dataclass(frozen=True)
class ImportResult:
    article: Article
    is_new: bool
    quiz: Quiz | None
    drafts: int
    rejected: int
    linked: int


def _slug(title: str) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", title.casefold())[:8]) or "article"
    slug, n = base, 2
    while db.session.scalar(select(Article.id).filter_by(slug=slug)) or db.session.scalar(
            select(Quiz.id).filter_by(slug=slug)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def import_article(raw: bytes | str, filename: str | None, now: datetime,
                   owner: User | None = None) -> ImportResult:
    """Store the article (once: the same text again is the same article) and draft a quiz
    from it for `owner` (None: a quiz that belongs to no one, as from the command line). An
    article imported before gives its owner's quiz back, or a new draft for someone else."""
    article_text = clean(raw, filename)
    same = db.session.scalar(select(Article).filter_by(content_hash=article_text.content_hash))
    if same is not None:
        quiz = db.session.scalar(select(Quiz).filter_by(article_id=same.id, owner_id=(
            owner.id if owner is not None else None)).order_by(Quiz.id.desc()))
        if quiz is not None or owner is None:
            return ImportResult(same, False, quiz, 0, 0, 0)
        quiz, drafts, rejected = draft_quiz(same, article_text, owner)
        return ImportResult(same, True, quiz, drafts, rejected, 0)
    article = Article(slug=_slug(article_text.title), title=article_text.title,
                      byline=article_text.byline, source=filename or "pasted text",
                      text=article_text.text, content_hash=article_text.content_hash,
                      imported_at=now)
    article.sentences = [Sentence(paragraph=s.paragraph, position=s.position, start=s.start,
                                  end=s.end) for s in article_text.sentences]
    db.session.add(article)
    db.session.flush()
    linked = link_questions(article, article_text)
    quiz, drafts, rejected = draft_quiz(article, article_text, owner)
    return ImportResult(article, True, quiz, drafts, rejected, linked)


def link_questions(article: Article, article_text: CleanArticle) -> int:
    """Tie every question whose anchor words are in exactly one sentence of this article to
    that sentence; a quiz most of whose anchored questions link moves to this article."""
    by_span = {(s.start, s.end): s for s in article.sentences}
    linked_per_quiz: dict[int, list[bool]] = {}
    for question in db.session.scalars(select(Question).where(Question.anchor != "")):
        span = find_sentence(article_text.text, article_text.sentences, question.anchor)
        linked_per_quiz.setdefault(question.quiz_id, []).append(span is not None)
        if span is not None:
            question.sentence = by_span[(span.start, span.end)]
    for quiz_id, found in linked_per_quiz.items():
        quiz = db.session.get(Quiz, quiz_id)
        if sum(found) * 2 > len(found) and (quiz.article is None or quiz.article.text is None):
            placeholder = quiz.article
            quiz.article = article
            db.session.flush()
            if placeholder is not None and not db.session.scalar(
                    select(func.count(Quiz.id)).filter_by(article_id=placeholder.id)):
                db.session.delete(placeholder)
    db.session.flush()
    return sum(sum(found) for found in linked_per_quiz.values())


TITLE_MAX = 200  # Quiz.title's length


def draft_quiz(article: Article, article_text: CleanArticle, owner: User | None):
    """An unpublished quiz of drafts for its owner to review; rejected drafts are kept with
    their reasons, once per article (the drafts of an article are always the same)."""
    rng = random.Random(article_text.content_hash)
    result = generate(article_text, rng)
    taken = db.session.scalar(select(Quiz.id).filter_by(slug=article.slug))
    quiz = Quiz(slug=_slug(article.title) if taken else article.slug,
                title=article.title[:TITLE_MAX],  # a headline is only the title's default
                article=article, is_published=False,
                owner_id=owner.id if owner is not None else None,
                description=f"Questions drafted from “{article.title}”.")
    db.session.add(quiz)
    by_span = {(s.start, s.end): s for s in article.sentences}
    for position, draft in enumerate(result.drafts, start=1):
        choices = [ChoiceContent(text=draft.key, is_correct=True,
                                 rationale="The highlighted sentence states this.")] + [
            ChoiceContent(text=d, is_correct=False, rationale=why)
            for d, why in zip(draft.distractors, draft.rationales, strict=True)]
        rng.shuffle(choices)
        content = QuestionContent(
            key=f"{draft.kind}-{draft.sentence.paragraph}-{draft.sentence.position}-{position}",
            stem=draft.stem, topic=draft.topic, paragraph=draft.sentence.paragraph, anchor="",
            explanation=draft.explanation, choices=tuple(choices))
        question = Question(quiz=quiz, key=content.key, position=position, status="draft",
                            origin="generated", choices=[], revisions=[],
                            sentence=by_span[(draft.sentence.start, draft.sentence.end)])
        apply_content(question, content)
        db.session.add(question)
    has_rejected = db.session.scalar(select(RejectedDraft.id).filter_by(article_id=article.id)
                                     .limit(1))
    for rejected in [] if has_rejected else result.rejected:
        db.session.add(RejectedDraft(article_id=article.id, kind=rejected.draft.kind,
                                     stem=rejected.draft.stem, reason=rejected.reason))
    db.session.flush()
    for question in quiz.questions:
        record_revision(question)
    db.session.flush()
    return quiz, len(result.drafts), len(result.rejected)


@dataclass(frozen=True)
class Excerpt:
    article_slug: str
    paragraph: int
    before: str
    sentence: str
    after: str
    anchor_id: str


def excerpts(question_ids: list[int]) -> dict[int, Excerpt]:
    """For each question tied to a sentence: its paragraph, split around the sentence. A
    stored sentence and its article's text never change, so each app keeps the excerpts it
    has made (article text, no learner's data) and reads each article's text once."""
    if not question_ids:
        return {}
    links = db.session.execute(_LINKS, {"ids": question_ids}).all()
    found = sentence_excerpts({sentence_id for _, sentence_id in links})
    return {question_id: found[sentence_id] for question_id, sentence_id in links}


def sentence_excerpts(sentence_ids: set[int | None]) -> dict[int, Excerpt]:
    """The excerpt of each sentence (None, for a question tied to none, is left out)."""
    return kept("excerpts", (sid for sid in sentence_ids if sid is not None), _make_excerpts)


def _make_excerpts(sentence_ids: list[int]) -> dict[int, Excerpt]:
    sentences = db.session.scalars(select(Sentence).where(Sentence.id.in_(sentence_ids))).all()
    articles = {article_id: (slug, text) for article_id, slug, text in db.session.execute(
        select(Article.id, Article.slug, Article.text)
        .where(Article.id.in_({s.article_id for s in sentences})))}
    return {sentence.id: _excerpt(sentence, *articles[sentence.article_id])
            for sentence in sentences}


_question = Question.__table__  # a statement over its columns runs without the ORM's work
_LINKS = select(_question.c.id, _question.c.sentence_id).where(
    _question.c.id.in_(bindparam("ids", expanding=True)), _question.c.sentence_id.is_not(None))


def _excerpt(sentence: Sentence, slug: str, text: str) -> Excerpt:
    start = text.rfind("\n\n", 0, sentence.start)
    start = 0 if start == -1 else start + 2
    end = text.find("\n\n", sentence.end)
    end = len(text) if end == -1 else end
    return Excerpt(slug, sentence.paragraph, _clip(text[start:sentence.start], at_end=True),
                   text[sentence.start:sentence.end], _clip(text[sentence.end:end], at_end=False),
                   sentence.anchor_id)


CONTEXT = 60  # characters of the paragraph shown on each side of the sentence


def _clip(text: str, at_end: bool) -> str:
    """Some of the paragraph around the sentence, cut at a word, marked … where cut."""
    if len(text) <= CONTEXT:
        return text
    if at_end:
        return "…" + text[-CONTEXT:].split(" ", 1)[-1]
    return text[:CONTEXT].rsplit(" ", 1)[0] + "… "


def reading_view(article: Article) -> list[list[tuple[Sentence, str]]]:
    """The article's paragraphs, each a list of its sentences with their text."""
    paragraphs: list[list[tuple[Sentence, str]]] = []
    for sentence in article.sentences:
        while len(paragraphs) < sentence.paragraph:
            paragraphs.append([])
        paragraphs[sentence.paragraph - 1].append(
            (sentence, article.text[sentence.start:sentence.end]))
    return paragraphs
