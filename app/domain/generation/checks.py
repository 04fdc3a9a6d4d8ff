"""The checks every draft must pass before anyone sees it: on its own (the answer is stated in
its sentence, three wrong answers of the key's type, none an alias of the key or stated in the
sentence, distinct choices, a well-formed stem) and across drafts (one question per sentence
and per answer, and no draft's stem or choices giving away another's answer). The checks
across drafts use hashed n-gram indexes, so their work is linear in the number of drafts."""

import re
from collections.abc import Iterable

from app.domain.content import TRUE_FALSE
from app.domain.generation.drafts import (
    BLANK,
    NUMBER_TYPES,
    Draft,
    Generation,
    Rejected,
    has_debris,
    normal,
    words,
)
from app.domain.generation.entities import Entities, is_alias
from app.domain.generation.numbers import QUALIFIERS, figures
from app.domain.generation.vocabulary import fold, vocabulary

MAX_NGRAM = 12
SAME_SENTENCE = "another draft already asks about this sentence"
STATEMENT = 6  # words: a choice this long states something about the article
NAME_TYPES = {"person", "organisation", "company", "university", "school", "event", "country",
              "city", "state", "region", "people", "month", "weekday", "planet"}


def is_name_type(kind: str) -> bool:
    return kind in NAME_TYPES or kind.startswith("named ")


def type_of(text: str, entities: Entities | None = None) -> str | None:
    """The type an answer reads as on its own: a figure's type when one figure is the whole
    answer (a qualifier such as "more than" aside), else the type of the name in the article
    or the vocabularies; None when it is neither."""
    bare = re.sub(rf"^{QUALIFIERS}\s", "", text, flags=re.IGNORECASE)
    found = figures(bare)
    if len(found) == 1 and found[0].start == 0 and found[0].end >= len(bare.rstrip(" .")) - 12:
        return found[0].type
    if entities is not None and (entity := entities.find(text)) is not None:
        return entity.type
    entry = vocabulary().lookup(text)
    return entry.type if entry is not None else None


def _stated(key: str, sentence: str) -> bool:
    return f" {normal(key)} " in f" {normal(sentence)} "


def check_draft(draft: Draft, entities: Entities | None = None) -> str | None:
    """The first check a draft fails on its own, or None."""
    sentence = draft.sentence_text
    if draft.kind == "truefalse":
        return _check_truefalse(draft)
    if not draft.key.strip():
        return "the answer is not stated in its source sentence"
    if draft.kind in ("statement", "meaning"):
        told = set(words(sentence)) | set(words(draft.explanation))
        missing = [w for w in words(draft.key) if w not in told]
        if len(missing) > 3:
            return "the answer is not stated in its source sentence"
    elif draft.kind != "quote" and not _stated(draft.key, sentence) and not (
            entities is not None and (entity := entities.find(draft.key)) is not None
            and any(f" {a} " in f" {fold(sentence)} " for a in entity.aliases)):
        return "the answer is not stated in its source sentence"
    if len(draft.distractors) < 3:
        return "the article has too few wrong answers of the same kind"
    if any(has_debris(text) for text in (draft.stem, *draft.choices)):
        return "markup left in the text (braces, brackets, tags) would be shown"
    for distractor in draft.distractors:
        if normal(distractor) == normal(draft.key):
            return f"a wrong answer equals the right one: “{distractor}”"
        if draft.kind != "statement" and _stated(distractor, sentence):
            return f"the source sentence supports a wrong answer: “{distractor}”"
        if draft.kind == "statement" and normal(distractor) in normal(sentence):
            return f"the source sentence supports a wrong answer: “{distractor}”"
        if (is_name_type(draft.answer_type) or draft.answer_type in NUMBER_TYPES) and is_alias(
                distractor, draft.key, draft.answer_type, entities):
            return f"a wrong answer is another name for the right one: “{distractor}”"
        if entities is not None and (is_name_type(draft.answer_type) or
                                     draft.answer_type in NUMBER_TYPES):
            kind = type_of(distractor, entities)
            if kind != draft.answer_type:
                return (f"a wrong answer is not of the answer's type ({draft.answer_type}): "
                        f"“{distractor}”")
    if len({normal(c) for c in draft.choices}) < len(draft.choices):
        return "two choices are the same"
    blanks = draft.stem.count(BLANK)
    is_question = draft.stem.rstrip().endswith("?") and re.search(
        r"\b(?:who|whom|whose|what|which|when|where|why|how)\b", draft.stem, re.IGNORECASE)
    if blanks > 1 or (blanks == 0 and not is_question) or (blanks == 1 and "?" in draft.stem[-2:]):
        return "the stem is neither a question nor a sentence with one blank"
    if draft.stem.count("“") != draft.stem.count("”") or draft.stem.count('"') % 2:
        return "the stem has a stray quotation mark"
    if draft.kind in ("question", "cloze") and _stated(draft.key, draft.stem):
        return "the stem states its own answer"
    return None


def _check_truefalse(draft: Draft) -> str | None:
    """A true/false draft's own checks (its statement is the sentence's clause, or that with
    one answer swapped and checked not to be in the article, as it is made)."""
    if draft.choices not in (TRUE_FALSE, TRUE_FALSE[::-1]):
        return 'the choices are not "True" and "False"'
    if has_debris(draft.stem):
        return "markup left in the text (braces, brackets, tags) would be shown"
    if draft.stem.count("“") != draft.stem.count("”") or draft.stem.count('"') % 2:
        return "the stem has a stray quotation mark"
    if draft.stem.rstrip().endswith("?"):
        return "a true/false stem states a claim, not a question"
    return None


def _ngrams(tokens: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    for size in range(1, MAX_NGRAM + 1):
        for i in range(len(tokens) - size + 1):
            yield tokens[i:i + size]


def _probes(draft: Draft, entities: Entities | None) -> set[tuple[str, ...]]:
    """What in another draft's text would give this draft's answer away: the key (its first
    MAX_NGRAM words when longer), a figure with the noun it counts, and the key's aliases.
    Who said a quotation is given away by nothing but the quotation beside the name: every
    choice is a source the article names anyway."""
    if draft.kind == "quote":
        return set()
    answer = draft.fact or draft.key     # a true/false statement: what its truth turns on
    key = words(answer)[:MAX_NGRAM]
    probes = {key} if key else set()
    if draft.answer_type == "count":
        counted = words(draft.sentence_text.split(answer, 1)[-1])[:1]
        probes = {key + counted}
    if entities is not None and is_name_type(draft.answer_type):
        entity = entities.find(answer)
        if entity is not None:
            probes |= {tuple(a.split()) for a in entity.aliases if len(a) > 2}
    if draft.answer_type == "person":
        # every choice is a person the article names: a name elsewhere gives nothing away,
        # the name with what its sentence says of them does ("Goli is the youngest")
        told = words(draft.sentence_text)
        context = set()
        for probe in probes:
            for i in range(len(told) - len(probe) + 1):
                if told[i:i + len(probe)] == probe:
                    context |= {told[max(0, i - 2):i + len(probe)],
                                told[i:i + len(probe) + 2]}
        probes = {c for c in context if len(c) > len(key)}
    return probes


def _texts(draft: Draft) -> tuple[str, ...]:
    """What of a draft could tell a learner another draft's answer: the stem, the right
    choice and every choice that is a statement. A wrong choice of a few words ("2013",
    "Oslo") says nothing about what it belongs to, so it gives nothing away; nor does a
    description offered as a wrong one, which does not say whom it describes."""
    stem = draft.stem.replace(BLANK, " | ")
    if draft.kind == "definition":
        return stem, draft.key
    if draft.kind in ("quote", "truefalse"):
        return (stem,)    # a quote's choices are sources the article names anyway; True, False
    return (stem, draft.key, *(d for d in draft.distractors if len(d.split()) >= STATEMENT))


def _grams_of(draft: Draft) -> set[tuple[str, ...]]:
    return {g for text in _texts(draft) for g in _ngrams(words(text))}


def _by_fewest_conflicts(candidates: list[Draft], ranks: list[int],
                         entities: Entities | None) -> list[Draft]:
    """Each sentence's preferred kind first; among them, drafts whose answers appear in few
    other drafts' texts, and whose texts hold few other answers, go first, so the greedy pass
    below keeps as many as it can."""
    keys: dict[tuple[str, ...], int] = {}
    grams: dict[tuple[str, ...], int] = {}
    own_grams = [_grams_of(d) for d in candidates]
    own_probes = [_probes(d, entities) for d in candidates]
    for probes, found in zip(own_probes, own_grams, strict=True):
        for probe in probes:
            keys[probe] = keys.get(probe, 0) + 1
        for gram in found:
            grams[gram] = grams.get(gram, 0) + 1

    def conflicts(i: int) -> int:
        held = sum(keys.get(g, 0) for g in own_grams[i])
        return held + sum(grams.get(p, 0) for p in own_probes[i])

    order = sorted(range(len(candidates)), key=lambda i: (ranks[i], conflicts(i)))
    return [candidates[i] for i in order]


class Accepted:
    """Drafts accepted so far, and what the checks across drafts compare a new one with."""

    def __init__(self, entities: Entities | None = None):
        self.entities = entities
        self.drafts: list[Draft] = []
        self.sentences: set[int] = set()
        self.answers: set[str] = set()
        self.probes: dict[tuple[str, ...], Draft] = {}
        self.grams: dict[tuple[str, ...], Draft] = {}

    def admit(self, draft: Draft) -> str | None:
        """Accept the draft, or say why not: one of its own checks fails, another draft
        already asks about its sentence or has its answer, its stem or choices state an
        accepted draft's answer, or its answer is in an accepted draft's stem or choices."""
        reason = check_draft(draft, self.entities)
        if reason is not None:
            return reason
        probes = _probes(draft, self.entities)
        asked = draft.fact or draft.key
        entity = self.entities.find(asked) if self.entities is not None else None
        answer = f"{draft.answer_type}:{id(entity) if entity else normal(asked)}"
        if draft.sentence.start in self.sentences:
            return SAME_SENTENCE
        if answer in self.answers:
            return "another draft already has this answer"
        grams = _grams_of(draft)
        for gram in grams:
            if gram in self.probes:
                return ("its question or choices give away the answer to "
                        f"“{self.probes[gram].stem[:80]}”")
        for probe in probes:
            if probe in self.grams:
                return f"its answer is given away by “{self.grams[probe].stem[:80]}”"
        self.drafts.append(draft)
        self.sentences.add(draft.sentence.start)
        self.answers.add(answer)
        for probe in probes:
            self.probes.setdefault(probe, draft)
        for gram in grams:
            self.grams.setdefault(gram, draft)
        return None


def check_all(candidates: list[Draft], entities: Entities | None = None,
              ranks: list[int] | None = None) -> Generation:
    """Each draft's own checks, then the checks across drafts (`Accepted.admit`),
    greedily, each sentence's preferred kind first."""
    ranks = ranks if ranks is not None else [0] * len(candidates)
    accepted, rejected = Accepted(entities), []
    for draft in _by_fewest_conflicts(candidates, ranks, entities):
        reason = accepted.admit(draft)
        if reason is not None:
            rejected.append(Rejected(draft, reason))
    return Generation(accepted.drafts, rejected)
