"""Draft multiple-choice questions from an article, each tied to the sentence it rests on, and
the checks every draft must pass before anyone sees it. Kinds and their order of preference
are in `kinds`; typed answers in `entities` and `numbers`; the vocabularies in `vocabulary`;
the checks in `checks`. The work is linear in the article's length."""

import random

from app.domain.articles import CleanArticle
from app.domain.generation.checks import check_all, check_draft, type_of
from app.domain.generation.drafts import BLANK, Article, Draft, Generation, Rejected
from app.domain.generation.kinds import cloze, definitions, question, statement
from app.domain.generation.meanings import meaning_drafts
from app.domain.generation.numbers import figures
from app.domain.generation.quotes import quotations, quote, sources

__all__ = ["BLANK", "Draft", "Generation", "Rejected", "check_all", "check_draft", "figures",
           "generate", "type_of", "analyse"]

# The kinds each sentence tries, in turn: a question first (it is in our words), then a
# statement or a cloze (they copy the sentence) by turns.
ROTATION = (("question", "statement", "cloze"), ("question", "cloze", "statement"))


def analyse(article: CleanArticle, rng: random.Random) -> Article:
    return Article(article, rng)


def generate(article: CleanArticle, rng: random.Random) -> Generation:
    """Every draft the article yields, ranked by kind for each sentence, then every check;
    the survivors keep article order."""
    seen = Article(article, rng)
    candidates: list[Draft] = []
    ranks: list[int] = []

    def add(draft: Draft | None, rank: int) -> None:
        if draft is not None:
            candidates.append(draft)
            ranks.append(rank)

    people = sources(seen)
    for quotation in quotations(seen):
        add(quote(seen, quotation, people), 0)
    for draft in definitions(seen):
        add(draft, 0)
    # one meaning of each group first (on a sentence no quote or description wants), the
    # others when nothing else fits their sentence
    groups, taken = set(), {d.sentence.start for d in candidates}
    for draft in meaning_drafts(seen):
        first = draft.answer_type not in groups and draft.sentence.start not in taken
        add(draft, 0 if first else len(ROTATION[0]) + 1)
        groups |= {draft.answer_type} if first else set()
    turn = 0
    for index, answers in enumerate(seen.answers):
        if seen.shown[index] is None:
            continue
        order = ROTATION[turn % len(ROTATION)]
        turn += 1
        for rank, kind in enumerate(order, start=1):
            if kind == "statement":
                add(statement(seen, index), rank)
                continue
            for answer in answers:
                add((question if kind == "question" else cloze)(seen, index, answer), rank)
    result = check_all(candidates, seen.entities, ranks)
    result.drafts.sort(key=lambda d: (d.sentence.start, d.kind))
    return result
