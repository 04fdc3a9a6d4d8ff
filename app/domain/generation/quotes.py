"""Who said what: the article's quotations, each with the speaker the paragraph names for it
("“…,” said Ana Ruiz", "Ruiz said, “…”", "“…,” he added" after Ruiz), and the article's
sources (its people, and the organisations and officials it reports as saying, finding or
writing something), which are the wrong answers of a quote draft."""

import re
from dataclasses import dataclass

from app.domain.generation.drafts import Article, Draft, make_draft, unquoted
from app.domain.generation.entities import ROLES, is_alias
from app.domain.generation.vocabulary import fold

SAYS = (r"(?:said|says|added|adds|told\s+[A-Z][\w.]*|explained|explains|noted|notes|wrote|"
        r"writes|argued|warned|asked|insisted|recalled|lamented|mentioned|acknowledged|"
        r"continued|replied|answered)")
NAME = r"(?:(?:Mr|Mrs|Ms|Dr)\.\s)?[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*){0,2}"
PRONOUN = r"(?:he|she|He|She)"
SPEAKER = rf"(?P<n>{NAME}|{PRONOUN})"
# the attribution right after a quotation's closing mark, or right before its opening one
AFTER = (re.compile(rf"^[,.]?\s*{SPEAKER}\s(?:also\s)?{SAYS}\b"),
         re.compile(rf"^[,.]?\s*{SAYS}\s(?P<n>{NAME})"))
BEFORE = re.compile(rf"{SPEAKER}\s(?:also\s)?{SAYS}(?:\s[^,“\"]{{0,30}})?[,:]?\s*$")
QUOTATION = re.compile(r"“(?P<q>[^“”]{12,})”|\"(?P<s>[^\"]{12,})\"")
# someone the article reports as saying or finding something: "NASA said", "the U.S.
# Surgeon General said", "MacroPolo found"
SAYER = re.compile(rf"(?P<who>(?:[Tt]he\s)?(?:[A-Z][\w’'.-]*\s){{0,3}}[A-Z][\w’'.-]*|[Tt]he\s"
                   rf"(?:[\w’'.-]+\s){{0,4}}{ROLES}(?:\s(?:of|at|for)\s(?:[\w’'.-]+\s){{0,3}}"
                   rf"[\w’'.-]+)?)\s(?:has\s|had\s)?(?:said|says|reported|found|discovered|"
                   rf"wrote|announced|warned|noted|told)\b")
MIN_WORDS, MAX_WORDS = 6, 14


@dataclass(frozen=True)
class Quotation:
    index: int       # the sentence the draft rests on: the one naming the speaker
    speaker: str     # as the article names them
    words: str       # the quotation, shortened


def _shortened(quoted: str) -> str | None:
    """A quotation cut to one sentence of it, or its first words: at most MAX_WORDS words,
    with "…" where words were left out."""
    text = re.sub(r"\s*(?:\.\s?){2,}|…", " … ", quoted).strip(" ,")
    for sentence in re.split(r"(?<=[.!?])\s+|\s…\s", text):
        words = sentence.strip(" ,").split()
        if MIN_WORDS <= len(words) <= MAX_WORDS:
            said = " ".join(words).rstrip(",;:—–-")
            return ("…" if said[0].islower() else "") + said
    words = text.split()
    if len(words) < MIN_WORDS:
        return None
    cut = " ".join(words[:MAX_WORDS - 2]).rstrip(",;:—–-.")
    return ("…" if cut[0].islower() else "") + cut + "…"


def quotations(article: Article) -> list[Quotation]:
    """Each quotation whose speaker the paragraph names, by name or by a "he" or "she" that
    means the person named just before."""
    found = []
    by_paragraph: dict[int, list[int]] = {}
    for index in range(len(article.texts)):
        by_paragraph.setdefault(article.paragraph_of(index), []).append(index)
    for indexes in by_paragraph.values():
        starts, text = [], ""
        for index in indexes:
            starts.append(len(text))
            text += article.texts[index] + " "
        for match in QUOTATION.finditer(text):
            quoted = (match.group("q") or match.group("s")).rstrip()
            follows = text[match.end():]
            after = None if quoted[-1:] in ".!?…" and not re.match(r"\s[a-z]", follows) else \
                AFTER[0].match(follows) or AFTER[1].match(follows)   # not a new sentence
            before = BEFORE.search(text[max(0, match.start() - 80):match.start()])
            named = after or before
            if named is None:
                continue
            at = match.end() + named.start("n") if named is after else match.start()
            index = max(i for i, s in zip(indexes, starts, strict=True) if s <= at)
            speaker = _speaker(article, index, named.group("n"))
            words = _shortened(match.group("q") or match.group("s"))
            if speaker is not None and words is not None:
                found.append(Quotation(index, speaker, words))
    return found


def _speaker(article: Article, index: int, named: str) -> str | None:
    """Who a quotation's attribution names: a person of the article, or for "he" or "she"
    the person meant, or an official the sentence before reports as saying something
    ("The U.S. Surgeon General said …" and then "He wrote, “…”")."""
    if re.fullmatch(PRONOUN, named):
        person = article.speaker_before(index)
        if person is not None:
            return person.name
        official = SAYER.match(unquoted(article.texts[index - 1])) if index > 0 else None
        if official is not None and re.search(rf"{ROLES}(?:\s(?:of|at|for)\s.+)?$",
                                              official.group("who")):
            return re.sub(r"^The\s", "the ", official.group("who"))
        return None
    entity = article.entities.find(named)
    return entity.name if entity is not None and entity.type == "person" else None


def sources(article: Article) -> list[str]:
    """The article's people, then the organisations and officials it reports as saying,
    finding or writing something, in the article's order."""
    found = [e.name for e in article.entities.entities if e.type == "person"]
    for sentence in article.texts:
        for match in SAYER.finditer(unquoted(sentence)):
            who = re.sub(r"^[Tt]he\s", "the ", match.group("who"))
            entity = article.entities.find(who)
            if entity is not None and entity.type in ("organisation", "company", "university"):
                who = entity.name
            elif entity is not None or not re.search(rf"{ROLES}(?:\s(?:of|at|for)\s.+)?$", who):
                continue
            if all(fold(who) != fold(f) for f in found):
                found.append(who)
    return found


def quote(article: Article, quotation: Quotation, people: list[str]) -> Draft | None:
    """Who said a (shortened) quotation; the wrong answers are the article's other people,
    then its other sources, none named in the quotation's sentence or beside the speaker
    (an organisation the speaker works for is no wrong answer)."""
    sentence = article.texts[quotation.index]
    speaker = article.entities.find(quotation.speaker)
    beside = " ".join(fold(article.texts[i]) for i in (speaker.sentences if speaker else ()))
    others = [p for p in people if not is_alias(p, quotation.speaker, "person",
                                                article.entities)
              and fold(p) not in fold(sentence) and fold(p) not in fold(quotation.words)
              and fold(p) not in beside]
    people = [p for p in others if (e := article.entities.find(p)) and e.type == "person"]
    start = article.rng.randrange(len(people)) if people else 0
    picked = (people[start:] + people[:start] + [p for p in others if p not in people])[:3]
    wrong = [(p, f"The article quotes {quotation.speaker} here, not {p}.") for p in picked]
    stem = f"Who does the article quote as saying “{quotation.words}”?"
    says = f"names {quotation.speaker} as the speaker." if fold(quotation.speaker) in fold(
        sentence) else (f"gives the quotation; its speaker, {quotation.speaker}, is named just "
                        f"before it.")
    return make_draft(article, quotation.index, "quote", stem, quotation.speaker, wrong, "source",
                  says)
