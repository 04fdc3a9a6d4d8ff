"""Importing an article: clean it, store it with its sentences, link existing questions to their
sentences by content, and draft a quiz from it."""

import random
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update

from app.cache import kept
from app.domain.articles import (
    ArticleError,
    CleanArticle,
    clean_html,
    clean_markdown,
    clean_text,
    opening,
    sentence_finder,
)
from app.domain.content import TRUE_FALSE, TRUEFALSE, parse_question
from app.domain.generation import Generation, generate
from app.extensions import db, gently, without_write_lock, write_transaction
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
    drafted_paragraphs: int | None = None  # of a long article: the opening drafted from


def _slug(title: str) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", title.casefold())[:8]) or "article"
    slug, n = base, 2
    while db.session.scalar(select(Article.id).filter_by(slug=slug)) or db.session.scalar(
            select(Quiz.id).filter_by(slug=slug)):
        slug, n = f"{base}-{n}", n + 1
    return slug


# Drafting takes about 15 s a megabyte on this machine (more beside a class at work), and a
# request 30 s at most: a longer article is stored and readable whole, and its drafts come
# from its opening paragraphs (about twenty news stories' worth).
DRAFTED_CHARS = 100_000
DRAFTS_AT_ONCE = 10  # drafts written per short transaction
LINKED_AT_ONCE = 500  # questions linked per short transaction


@dataclass
class Prepared:
    """What an import needs that takes long, made without writing: the cleaned text, the
    article and quiz it may already be, the links of existing questions, the drafts."""
    text: CleanArticle
    same: Article | None = None
    quiz: Quiz | None = None
    links: dict[int, tuple[int, int]] = field(default_factory=dict)  # question -> span
    found: dict[int, list[bool]] = field(default_factory=dict)  # quiz -> linked or not
    drafted: CleanArticle | None = None
    generated: Generation | None = None
    rng: random.Random | None = None


def import_article(raw: bytes | str, filename: str | None, now: datetime,
                   owner: User | None = None) -> ImportResult:
    """Store the article (once: the same text again is the same article) and draft a quiz
    from it for `owner` (None: a quiz that belongs to no one, as from the command line). An
    article imported before gives its owner's quiz back, or a new draft for someone else.

    Learners first: cleaning, splitting, linking and drafting run with no write lock
    (`without_write_lock`), and what they made is written in short transactions of its own,
    each committed, so saves and submissions go on between them (SQLite has one writer)."""
    with without_write_lock():
        prepared = prepare(raw, filename, owner)
    return store(prepared, now, owner, filename)


def prepare(raw: bytes | str, filename: str | None, owner: User | None) -> Prepared:
    """The long work of an import, with no write; the CPU-heavy parts run `gently`."""
    article_text = gently(clean, raw, filename)
    prepared = Prepared(article_text)
    prepared.same = db.session.scalar(select(Article).filter_by(
        content_hash=article_text.content_hash))
    if prepared.same is not None:
        prepared.quiz = db.session.scalar(select(Quiz).filter_by(
            article_id=prepared.same.id, owner_id=owner.id if owner is not None else None)
            .order_by(Quiz.id.desc()))
        if prepared.quiz is not None or owner is None:
            return prepared
    else:
        find_links(prepared)
    prepared.rng = random.Random(article_text.content_hash)
    prepared.drafted = opening(article_text, DRAFTED_CHARS)
    prepared.generated = gently(generate, prepared.drafted, prepared.rng)
    return prepared


def store(prepared: Prepared, now: datetime, owner: User | None,
          filename: str | None) -> ImportResult:
    if prepared.same is not None and (prepared.quiz is not None or owner is None):
        return ImportResult(prepared.same, False, prepared.quiz, 0, 0, 0)
    article_text, article = prepared.text, prepared.same
    linked = 0
    if article is None:
        with write_transaction():
            article = Article(slug=_slug(article_text.title), title=article_text.title,
                              byline=article_text.byline, source=filename or "pasted text",
                              text=article_text.text, content_hash=article_text.content_hash,
                              imported_at=now)
            db.session.add(article)
            db.session.flush()
            # the table's INSERT, not the ORM's bulk one: a 2 MB article's 23,000 sentences
            # hold SQLite's write lock for about a third of the time
            db.session.execute(insert(Sentence.__table__), [
                {"article_id": article.id, "paragraph": s.paragraph, "position": s.position,
                 "start": s.start, "end": s.end} for s in article_text.sentences])
        linked = apply_links(article, prepared)
    quiz, drafts, rejected = draft_quiz(article, prepared, owner)
    partial = prepared.drafted is not None and prepared.drafted is not article_text
    return ImportResult(article, True, quiz, drafts, rejected, linked,
                        prepared.drafted.text.count("\n\n") + 1 if partial else None)


def find_links(prepared: Prepared) -> None:
    """Which existing questions' anchor words are in exactly one sentence of this article."""
    anchored = db.session.execute(select(Question.id, Question.quiz_id, Question.anchor)
                                  .where(Question.anchor != "")).all()
    spans = gently(_find_all, prepared.text, [anchor for _, _, anchor in anchored])
    for (question_id, quiz_id, _), span in zip(anchored, spans, strict=True):
        prepared.found.setdefault(quiz_id, []).append(span is not None)
        if span is not None:
            prepared.links[question_id] = (span.start, span.end)


def _find_all(text: CleanArticle, anchors: list[str]) -> list:
    find = sentence_finder(text.text, text.sentences)
    return [find(anchor) for anchor in anchors]


def apply_links(article: Article, prepared: Prepared) -> int:
    """Tie the found questions to their sentences; a quiz most of whose anchored questions
    link moves to this article."""
    spans = {(start, end): sentence_id for sentence_id, start, end in db.session.execute(
        select(Sentence.id, Sentence.start, Sentence.end).filter_by(article_id=article.id))}
    links = list(prepared.links.items())
    for at in range(0, len(links), LINKED_AT_ONCE):
        with write_transaction():
            for question_id, span in links[at:at + LINKED_AT_ONCE]:
                db.session.execute(update(Question).where(Question.id == question_id)
                                   .values(sentence_id=spans[span]))
    with write_transaction():
        for quiz_id, found in prepared.found.items():
            quiz = db.session.get(Quiz, quiz_id)
            if sum(found) * 2 > len(found) and (quiz.article is None
                                                or quiz.article.text is None):
                placeholder = quiz.article
                quiz.article = article
                db.session.flush()
                if placeholder is not None and not db.session.scalar(
                        select(func.count(Quiz.id)).filter_by(article_id=placeholder.id)):
                    db.session.delete(placeholder)
    return len(links)


TITLE_MAX = 200  # Quiz.title's length


def draft_quiz(article: Article, prepared: Prepared, owner: User | None):
    """An unpublished quiz of drafts for its owner to review, written DRAFTS_AT_ONCE to a
    transaction; rejected drafts are kept with their reasons, once per article (the drafts
    of an article are always the same)."""
    result, rng = prepared.generated, prepared.rng
    spans = {(start, end): sentence_id for sentence_id, start, end in db.session.execute(
        select(Sentence.id, Sentence.start, Sentence.end).filter_by(article_id=article.id))}
    with write_transaction():
        taken = db.session.scalar(select(Quiz.id).filter_by(slug=article.slug))
        quiz = Quiz(slug=_slug(article.title) if taken else article.slug,
                    title=article.title[:TITLE_MAX],  # a headline is only the title's default
                    article_id=article.id, is_published=False,
                    owner_id=owner.id if owner is not None else None,
                    description=f"Questions drafted from “{article.title}”.")
        db.session.add(quiz)
        db.session.flush()
        quiz_id = quiz.id
    drafts = list(enumerate(result.drafts, start=1))
    for at in range(0, len(drafts), DRAFTS_AT_ONCE):
        with write_transaction():
            written = [_draft_question(quiz_id, position, draft, spans, rng)
                       for position, draft in drafts[at:at + DRAFTS_AT_ONCE]]
            db.session.add_all(written)
            db.session.flush()  # the choices' ids, which a revision holds
            for question in written:
                record_revision(question)
    with write_transaction():
        has_rejected = db.session.scalar(select(RejectedDraft.id)
                                         .filter_by(article_id=article.id).limit(1))
        db.session.add_all([] if has_rejected else [
            RejectedDraft(article_id=article.id, kind=rejected.draft.kind,
                          stem=rejected.draft.stem, reason=rejected.reason)
            for rejected in result.rejected])
    return db.session.get(Quiz, quiz_id), len(result.drafts), len(result.rejected)


def _draft_question(quiz_id: int, position: int, draft, spans: dict, rng) -> Question:
    """A draft as a draft question, read as a bank file's question is (so a true/false one
    has "True" then "False", as the editor and the bank store it); a single-answer draft's
    choices shuffled."""
    choices = [{"text": draft.key, "correct": True, "rationale": draft.key_rationale}] + [
        {"text": d, "correct": False, "rationale": why}
        for d, why in zip(draft.distractors, draft.rationales, strict=True)]
    if draft.type == TRUEFALSE:
        choices.sort(key=lambda choice: TRUE_FALSE.index(choice["text"]))
    else:
        rng.shuffle(choices)
    content = parse_question(position, {
        "key": f"{draft.kind}-{draft.sentence.paragraph}-{draft.sentence.position}-{position}",
        "type": draft.type, "stem": draft.stem, "topic": draft.topic,
        "paragraph": draft.sentence.paragraph, "explanation": draft.explanation,
        "choices": choices})
    question = Question(quiz_id=quiz_id, key=content.key, position=position, status="draft",
                        origin="generated", choices=[], revisions=[],
                        sentence_id=spans[(draft.sentence.start, draft.sentence.end)])
    apply_content(question, content)
    return question


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
