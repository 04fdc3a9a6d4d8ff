"""Draft questions from an article, each tied to the sentence it rests on, and the checks every
draft must pass before anyone sees it: single-answer multiple choice, and true/false where
nothing else fits a sentence (`Draft.type` says which). Kinds and their order of preference
are in `kinds`; typed answers in `entities` and `numbers`; the vocabularies in `vocabulary`;
the checks in `checks`. The work is linear in the article's length."""

import random
from collections import Counter

from app.domain.articles import CleanArticle
from app.domain.generation.checks import (
    SAME_SENTENCE,
    Accepted,
    check_all,
    check_draft,
    type_of,
)
from app.domain.generation.drafts import BLANK, Article, Draft, Generation, Rejected
from app.domain.generation.kinds import cloze, definitions, question, statement, truefalse
from app.domain.generation.meanings import meaning_drafts
from app.domain.generation.numbers import figures
from app.domain.generation.quotes import quotations, quote, sources

__all__ = ["BLANK", "Draft", "Generation", "Rejected", "check_all", "check_draft", "figures",
           "generate", "type_of", "analyse"]

# The kinds each sentence tries, in turn: a question first (it is in our words), then a
# statement or a cloze (they copy the sentence) by turns.
ROTATION = (("question", "statement", "cloze"), ("question", "cloze", "statement"))
KINDS = ("question", "quote", "definition", "meaning", "statement", "cloze")
TOO_VERBATIM = "more than half the drafts would copy the article's words"
MIX_TRIES = 10   # drafts of a missing kind tried, however many the article has
# true/false drafts: at most one for every TRUEFALSE_PER other drafts (a guess answers one
# half the time, so a quiz of many measures little)
TRUEFALSE_PER = 3


def analyse(article: CleanArticle, rng: random.Random) -> Article:
    return Article(article, rng)


def _mix(result: Generation, entities) -> Generation:
    """So that an article gets every kind it can: for a kind no kept draft has, a draft of
    it that lost only its sentence to a draft of a kind kept more than once takes that
    sentence, when every kept draft still passes every check beside it."""
    for kind in KINDS:
        kinds = Counter(d.kind for d in result.drafts)
        if kinds[kind]:
            continue
        tried = 0
        for rejected in result.rejected:
            draft = rejected.draft
            if draft.kind != kind or rejected.reason != SAME_SENTENCE or tried == MIX_TRIES:
                continue
            tried += 1
            (victim,) = [d for d in result.drafts if d.sentence.start == draft.sentence.start]
            if kinds[victim.kind] < 2:
                continue
            others = [d for d in result.drafts if d is not victim]
            trial = check_all([draft, *others], entities)
            if len(trial.drafts) == len(result.drafts):
                result = Generation(trial.drafts, [r for r in result.rejected
                                                   if r is not rejected] +
                                    [Rejected(victim, SAME_SENTENCE)])
                break
    return result


def _capped(result: Generation) -> Generation:
    """At most half the drafts verbatim (a learner answers them by finding the words in the
    article): past that, the verbatim drafts with the longest stems (a cloze before a
    statement) are dropped."""
    verbatim = [d for d in result.drafts if d.is_verbatim]
    excess = len(verbatim) - (len(result.drafts) - len(verbatim))
    if excess <= 0:
        return result
    verbatim.sort(key=lambda d: (d.kind == "cloze", len(d.stem) + len(d.key)), reverse=True)
    dropped = {id(d) for d in verbatim[:excess]}
    return Generation([d for d in result.drafts if id(d) not in dropped],
                      result.rejected + [Rejected(d, TOO_VERBATIM) for d in verbatim[:excess]])


def _truefalse(result: Generation, seen: Article) -> Generation:
    """True/false drafts from sentences no kept draft asks about (a four-choice draft tests
    more): at most one for every TRUEFALSE_PER kept drafts and no more than keeps the kept
    drafts at most half verbatim (every true/false statement is), shorter statements first,
    each passing every check beside the kept drafts. Each is of the key kept less often so
    far, the article's rng deciding a tie, so that about half are True and half False (the
    key never always True); a sentence whose statement of that key fails a check offers the
    other."""
    verbatim = sum(d.is_verbatim for d in result.drafts)
    room = min(len(result.drafts) // TRUEFALSE_PER, len(result.drafts) - 2 * verbatim)
    if room <= 0:
        return result
    asked = {d.sentence.start for d in result.drafts}
    pairs = [pair for index in range(len(seen.texts)) if seen.spans[index].start not in asked
             and len(pair := truefalse(seen, index)) == 2]
    pairs.sort(key=lambda pair: len(pair[0].stem))
    accepted, rejected = Accepted(seen.entities), list(result.rejected)
    for draft in result.drafts:            # each passes beside the others, as before
        if (reason := accepted.admit(draft)) is not None:
            rejected.append(Rejected(draft, reason))   # never silently lost
    keys: Counter = Counter()
    for true, false in pairs[:room + MIX_TRIES]:
        wanted = keys[True] < keys[False] if keys[True] != keys[False] else \
            seen.rng.random() < 0.5
        first, second = (true, false) if wanted else (false, true)
        reason = accepted.admit(first)
        if reason is None:
            keys[wanted] += 1
            rejected.append(Rejected(second, SAME_SENTENCE))
        elif (other := accepted.admit(second)) is None:
            keys[not wanted] += 1
            rejected.append(Rejected(first, reason))
        else:
            rejected += [Rejected(first, reason), Rejected(second, other)]
        if sum(keys.values()) == room:
            break
    return Generation(accepted.drafts, rejected)


def generate(article: CleanArticle, rng: random.Random) -> Generation:
    """Every draft the article yields, ranked by kind for each sentence, then every check;
    then true/false drafts where they fit; the survivors keep article order."""
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
    for draft in meaning_drafts(seen):
        add(draft, len(ROTATION[0]) + 1)   # when nothing else fits their sentence
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
    result = _capped(_mix(check_all(candidates, seen.entities, ranks), seen.entities))
    result = _truefalse(result, seen)
    result.drafts.sort(key=lambda d: (d.sentence.start, d.kind))
    return result
