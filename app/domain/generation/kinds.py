"""The kinds of draft made from one sentence's answers (who said what is in `quotes`, what a
figure stands for in `meanings`):

- **question**: a wh-question in natural word order, made by `grammar.ask` ("In which year did
  Voyager 2 enter interstellar space?", "Who wrote the play?");
- **statement**: "Which of these does the article say?", the sentence cut to its clause
  against three made false by putting a wrong answer of the same type in place of one it
  states (each checked not to be in the article);
- **definition**: who or what a named person or thing is, from a description beside the
  name;
- **cloze**: the sentence with its answer blanked;
- **truefalse**: a true/false question, "According to the article, …" and the sentence's
  clause, as it is (True) or with one answer swapped as a statement's wrong choices are
  (False)."""

import re
from dataclasses import replace

from app.domain.content import TRUE_FALSE, TRUEFALSE
from app.domain.generation import grammar
from app.domain.generation.drafts import (
    BLANK,
    Answer,
    Article,
    Draft,
    has_debris,
    make_draft,
    tidy,
    topic,
    unquoted,
)
from app.domain.generation.entities import ROLES
from app.domain.generation.vocabulary import fold, vocabulary

MAX_WORDS = 30  # a longer sentence (or clause) makes a question too long to read
WHICH = {"person": "who", "organisation": "which organisation", "company": "which company",
         "university": "which university", "school": "which school", "event": "which event",
         "country": "which country", "city": "which city", "state": "which state",
         "region": "which region", "month": "which month", "weekday": "which day",
         "year": "which year", "date": "which date", "percentage": "what percentage",
         "money": "how much", "planet": "which planet"}


def cloze(article: Article, index: int, answer: Answer) -> Draft | None:
    shown = article.shown[index]
    if answer.in_list or len(shown.split()) > MAX_WORDS or (
            answer.type == "people" and not _is_language(answer, shown)):
        return None
    if answer.type == "people" and (FOREIGN_TERM.match(shown, answer.end) or
                                    NAMED_IN.search(shown[:answer.start])):
        return None   # "the Latin word vernalis", "known as lys in Danish": the word shows it
    wrong = article.wrong_answers(answer, index)
    stem = (f"Complete the sentence from the article: “{shown[:answer.start]}{BLANK}"
            f"{shown[answer.end:]}”")
    return make_draft(article, index, "cloze", stem, answer.text, wrong, answer.type,
                  f"gives {answer.text}.")


FOREIGN_TERM = re.compile(r"\s(?:word|words|term|terms|name|names|phrase|expression|verb|noun)"
                          r"\b")


NAMED_IN = re.compile(r"\b(?:known as|called|named)\s[“\"‘]?[\w’'-]+[”\"’]?(?:\s[\w’'-]+)?,?\s"
                      r"in\s$")


def _is_language(answer: Answer, shown: str = "") -> bool:
    """Whether the answer names a language here: a language, or a word for a people and its
    language used as the language ("in Spanish", "speak Farsi", "the Latin word")."""
    entry = vocabulary().lookup(answer.text)
    if entry is None or entry.group == "people":
        return False
    return entry.group == "language" or bool(
        re.search(r"\b(?:in|speak|speaks|spoke|speaking|learn|learning)\s$", shown[:answer.start])
        or re.match(r"\s(?:language|word|words)\b", shown[answer.end:]))



APPROXIMATE = {"nearly", "almost", "about", "around", "some", "roughly", "approximately",
               "close to"}
CLAUSES = re.compile(r";\s|,\s(?=(?:while|but|whereas|although|though|and then|so)\s)")


def _clause(shown: str, start: int, end: int) -> tuple[str, int]:
    """The clause of the sentence that holds the answer, and where it starts: a sentence of
    two clauses ("…, while …", "…; …") is cut to the one the question is about."""
    cuts = [m for m in CLAUSES.finditer(shown)]
    begin, finish = 0, len(shown)
    for cut in cuts:
        if cut.end() <= start:
            begin = cut.end()
        elif cut.start() >= end:
            finish = min(finish, cut.start())
    part = shown[begin:finish]
    if begin:
        part = re.sub(r"^(?:while|but|whereas|although|though|and then|so)\s", "", part)
        begin = finish - len(part)
    if len(part.split()) < 6:
        return shown, 0
    return (part.rstrip(" ,;.") + "." if not re.search(r"\b[A-Z]\.[A-Z]\.$", part) else part), \
        begin


def question(article: Article, index: int, answer: Answer) -> Draft | None:
    """A wh-question in natural word order, the asked-for phrase moved to the front ("In
    which year did Voyager 2 enter interstellar space?", "Who founded …?"); what the
    sentence attributes to someone is asked "According to them, …". None where the
    sentence's grammar does not fit the rules of `grammar.ask`."""
    if answer.in_list or answer.type in ("fold", "people"):
        return None
    shown, offset = _clause(article.shown[index], answer.start, answer.end)
    start, end, key = answer.start - offset, answer.end - offset, answer.text
    if len(shown.split()) > MAX_WORDS:
        return None
    sayer = None
    if (late := grammar.LATE_ATTRIBUTION.search(shown)) is not None and late.start() > end:
        sayer, shown = late.group("who"), shown[:late.start()] + "."   # "…, Nature found."
    if answer.type == "person" and re.search(r",\s$", shown[:start]):
        return None  # "its director, Ana Ruiz, …": the name stands beside who she is
    figure = answer.figure
    wrong = article.wrong_answers(answer, index)
    phrase = {"count": "how many", "people": "which language"}.get(answer.type) or \
        WHICH.get(answer.type) or f"which {answer.type.removeprefix('named ')}"
    if figure is not None and figure.qualifier and figure.qualifier not in APPROXIMATE:
        qualifier = re.search(rf"{re.escape(figure.qualifier)}\s$", shown[:start], re.I)
        if qualifier is not None:
            start, key = qualifier.start(), shown[qualifier.start():end]
            wrong = [(f"{figure.qualifier} {w}", r) for w, r in wrong]
            phrase = f"{figure.qualifier} {phrase}"   # "in less than how many hours"
    frame, body, who = "", 0, None
    front = grammar.FRONT.match(shown)
    said = grammar.ATTRIBUTION.match(shown, front.end() if front and front.end() <= start else 0)
    if sayer is not None:
        frame = f"According to {sayer}, "
    elif said is not None and said.end() <= start:
        who = said.group("who")   # "In May, NASA said …": when it was said goes too
        frame = f"According to {who[0].lower() + who[1:] if who.startswith('The ') else who}, "
        body = said.end()
    text = shown[body:]
    if who is not None and (it := re.match(r"(?:it|he|she|they)\b", text)) is not None:
        sayer = article.entities.find(who)
        if sayer is None or (sayer.type == "person") != (it.group(0) in ("he", "she")):
            return None
        text, frame, body = who + text[it.end():], "", body - len(who) + it.end()
    if answer.type.startswith("named ") and (noun := re.match(
            rf"\s{answer.type.removeprefix('named ')}s?\b", text[end - body:])):
        end += noun.end()                       # "the Delta variant": "which variant"
    lead = re.search(r"\bthe\s(?:previous|past|last|next|first)\s$", text[:start - body])
    asked = grammar.ask(text, start - body, end - body, phrase, article.names_in(index, text),
                        len(lead.group(0)) if lead else 0)
    if asked is None or re.search(r"“[^”]{12,}”|\"[^\"]{12,}\"", asked):
        return None                     # a quotation in it: who said it is a quote's to ask
    if answer.type == "person" and (entity := article.entities.find(key)) is not None:
        key = entity.name                  # "Grammy" asked about is "Tara Grammy"
    stem = frame + (asked[0].lower() + asked[1:] if frame and not re.match(
        r"[A-Z][\w’'.-]*[A-Z]|[A-Z][\w’'.-]*\s[A-Z0-9]", asked) else asked)
    stem = stem[0].upper() + stem[1:]
    return make_draft(article, index, "question", tidy(stem), key, wrong, answer.type,
                  f"gives {key}.")


STATEMENT_STEM = "Which of these does the article say?"
# what a false statement changes first: who, then how many, when, which organisation, and
# last where (a place swapped in is the likeliest to be absurd: "the fall of Canada")
PRIORITY = ("person", "count", "percentage", "money", "fold", "year", "date", "month",
            "organisation", "company", "university", "school", "event")


# swapped in only from the article: "other places in the Horn of Africa" beside Uzbekistan,
# or "back on Uranus", is absurd
FAR_FETCHED = {"planet", "region"}


def _priority(answer: Answer) -> int:
    kind = "named" if answer.type.startswith("named ") else answer.type
    return PRIORITY.index(kind) if kind in PRIORITY else len(PRIORITY)


def _stated_clause(article: Article, index: int) -> tuple[str, list[Answer]]:
    """The sentence as shown, cut to its main clause (no trailing "…, including …" or
    second clause, no description after its subject's name), and the answers it holds,
    placed in it."""
    shown = article.shown[index]
    clause = grammar.parse(shown, article.names_in(index, shown))
    text = grammar.APPOSITION.sub(r"\1 ", grammar.cut_tail(shown, clause.rest if clause else 0))
    text = re.sub(r"\s[–—]\s[^–—]{1,60}\s[–—]|\s\([^)]{1,80}\)", "", text).rstrip(" ,;")
    text += "" if text.endswith(".") else "."          # "… of Washington, D.C."
    placed = []
    for answer in article.answers[index]:
        found = re.search(rf"(?<![\w-]){re.escape(answer.text)}(?![\w-])", text)
        if found is not None and answer.type != "people" and not answer.in_list and not (
                re.search(r",\s(?:and\s)?$", text[:found.start()]) or
                re.match(r",\s[A-Z]", text[found.end():])):   # one of a list: trivia to swap
            placed.append(Answer(answer.text, answer.type, found.start(), found.end(),
                                 answer.figure, answer.in_list))
    return text, placed


# one of a pair ("Tsinghua and Peking universities", "in Oslo or Lund"): which of the two is
# trivia for a true/false statement
PAIRED = re.compile(r"\s(?:and|or)\s(?:the\s)?[A-Z0-9]")
PAIRED_AFTER = re.compile(r"[A-Z0-9][\w’'.-]*\s(?:and|or)\s$")


def _false_versions(article: Article, index: int, needed: int = 3, alone: bool = False
                    ) -> list[tuple[str, Answer, str]]:
    """Sentence `index`, cut to its clause, made false `needed` ways (or none) by swapping one
    answer in it for wrong ones of its type (a planet or region only for one the article
    names): the answer a careful reader checks first that has `needed` wrong answers. Each
    version as (the false statement, the answer swapped, what was put in its place). One
    answer swapped in every false version, so that the right one is not the version sharing
    most with the others (swapping a different answer in each gives it away). `alone`: never
    one of a pair."""
    text, options = _stated_clause(article, index)
    article.rng.shuffle(options)
    options.sort(key=_priority)
    for swap in options:
        if alone and (PAIRED.match(text, swap.end) or PAIRED_AFTER.search(text[:swap.start])):
            continue
        made = {}
        for value, _ in article.wrong_answers(swap, index, 5,
                                              article_only=swap.type in FAR_FETCHED):
            false = text[:swap.start] + value + text[swap.end:]
            if fold(false) not in article.folded_text:    # each false one not in the article
                made.setdefault(fold(false), (false, swap, value))
        if len(made) >= needed:
            return list(made.values())[:needed]
    return []


def _said(text: str) -> bool:
    """A clause, not a fragment of one, short enough to read as one statement."""
    return 6 <= len(text.split()) <= 24 and grammar.parse(text) is not None


def statement(article: Article, index: int) -> Draft | None:
    """The sentence cut to its clause, and three statements made false from it by putting
    wrong answers of the same type in place of one it states (never by negating it, which a
    learner spots by its form)."""
    if article.shown[index] is None or not article.answers[index]:
        return None
    said, _ = _stated_clause(article, index)
    if not _said(said):
        return None
    falsified = [(false, f"The article says {swap.text}, not {value}.")
                 for false, swap, value in _false_versions(article, index)]
    article.rng.shuffle(falsified)
    return make_draft(article, index, "statement", STATEMENT_STEM, said, falsified,
                      "statement", "says this.")


FRAME = "According to the article, "


def _framed(article: Article, index: int, said: str) -> str:
    """A statement after FRAME: its first word lower-cased when it is a common word ("The
    lab …" -> "the lab …"), never a name ("Voyager 2 …", "Spain …")."""
    first = re.match(r"[A-Z][a-z]*\b", said)
    if first is not None and not any(start == 0 for start, _ in article.names_in(index, said)) \
            and re.search(rf"\b{first.group(0).lower()}\b", article.text):
        said = said[0].lower() + said[1:]
    return FRAME + said


def truefalse(article: Article, index: int) -> list[Draft]:
    """A true/false statement of each key from the sentence: its clause as the article says
    it (True), and the same with one answer it states swapped for a wrong one of its type
    (False), as a statement's wrong choices are made (never negated: a learner spots that by
    its form). Generation keeps at most one of the two and decides which by the article's
    rng, so that about half the kept ones are false. None (an empty list) where the clause
    is no statement or nothing in it has a wrong answer of its type."""
    if article.shown[index] is None or not article.answers[index]:
        return []
    said, _ = _stated_clause(article, index)
    if not _said(said):
        return []
    found = _false_versions(article, index, 1, alone=True)
    if not found:
        return []
    false, swap, value = found[0]
    why = f"the article says {swap.text}, not {value}"
    true_draft = make_draft(article, index, "truefalse", _framed(article, index, said),
                            TRUE_FALSE[0], [(TRUE_FALSE[1], "It is true: the highlighted "
                                                            "sentence says just this.")],
                            swap.type, "says this.")
    false_draft = make_draft(article, index, "truefalse", _framed(article, index, false),
                             TRUE_FALSE[1], [(TRUE_FALSE[0], f"It is false: {why}.")],
                             swap.type, f"says {swap.text}, not {value}.")
    said_so = topic("statement")            # what the article says, as a statement's topic
    return [replace(true_draft, type=TRUEFALSE, fact=swap.text, topic=said_so,
                    key_rationale="True: the highlighted sentence says this."),
            replace(false_draft, type=TRUEFALSE, fact=swap.text, topic=said_so,
                    key_rationale=f"False: {why}.")]


NAMED = r"(?P<name>(?:(?:Mr|Mrs|Ms|Dr)\.\s)?[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z][\w’'-]+)*)"
DESCRIPTION = r"(?:(?:[Tt]he|[Aa]n?)\s|[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*)?[’']s\s)[^,;()“”\"]{4,100}?"
# "Ana Ruiz, a teacher at Lund University, said …", "Ana Ruiz, Lumo’s founder, said …"
APPOSITIVE = re.compile(rf"{NAMED},\s+(?:who\s(?:is|was)\s)?(?P<desc>{DESCRIPTION})"
                        rf"(?=,|\.$|\.”?$)")
# "The teacher, Ana Ruiz, said …", "Lumo’s founder, Ana Ruiz, said …"
BEFORE_NAME = re.compile(rf"(?:^|,\s|\.\s)(?P<desc>{DESCRIPTION}),\s{NAMED},")
COPULA = re.compile(rf"^{NAMED}\s+is\s+(?P<desc>(?:the|a|an)\s[^;()“”]{{6,100}}?)\.$")
CLAUSE = re.compile(r"\s(?:is|are|was|were|has|have|had|will|would|can|could|should|said|says|"
                    r"added)\s")
ROLE = re.compile(ROLES + r"s?\b", re.IGNORECASE)
DESCRIBED = {"person", "organisation", "company", "university", "school"}
MAX_DESCRIPTION = 10   # words; a longer one loses a relative clause ("… who studies China")


def _description(desc: str) -> str | None:
    """A description fit to be an answer: no clause of its own, at most MAX_DESCRIPTION
    words (a relative clause cut off), and saying what someone is: a role ("a professor",
    "Lumo’s founder") or four words and more ("the youngest of the group"), not a bare
    nationality ("an Iranian-American")."""
    desc = desc.strip()
    if len(desc.split()) > MAX_DESCRIPTION or CLAUSE.search(f" {desc} "):
        desc = re.split(r"\s(?:who|that|which|where)\s", desc)[0]
    while len(desc.split()) > MAX_DESCRIPTION and (
            cut := list(re.finditer(r"\s(?:at|in|for|from|with|on)\s", desc))):
        desc = desc[:cut[-1].start()]      # "… manager for the mission at a lab in Ohio"
    if CLAUSE.search(f" {desc} ") or len(desc.split()) > MAX_DESCRIPTION or has_debris(desc) or \
            re.match(r"(?:its|his|her|their)\b", desc, re.IGNORECASE):
        return None
    if not ROLE.search(desc) and len(desc.split()) < 4:
        return None
    return desc[0].lower() + desc[1:] if desc.startswith(("The ", "A ", "An ")) else desc


def descriptions(article: Article) -> list[tuple[int, object, str]]:
    """(sentence, person or organisation, description) for each named person or thing the
    article describes, once each."""
    found, seen = [], set()
    for index, text in enumerate(article.texts):
        text = re.sub(r"\s\([A-Z]{2,8}\)", "", unquoted(text))
        for pattern in (APPOSITIVE, BEFORE_NAME, COPULA):
            for match in pattern.finditer(text):
                entity = article.entities.find(re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.\s", "",
                                                      match.group("name")))
                desc = _description(match.group("desc"))
                if entity is None or entity.type not in DESCRIBED or desc is None or \
                        id(entity) in seen or fold(entity.name) in fold(desc):
                    continue
                seen.add(id(entity))
                found.append((index, entity, desc))
    return found


def definitions(article: Article) -> list[Draft]:
    """Who or what each described person or thing is; the wrong answers are the article's
    descriptions of other people or things of the same type."""
    found = descriptions(article)
    drafts = []
    for index, entity, desc in found:
        kind = "person" if entity.type == "person" else "organisation"
        others = [(d, e) for _, e, d in found if e is not entity and fold(d) != fold(desc)
                  and ("person" if e.type == "person" else "organisation") == kind]
        article.rng.shuffle(others)
        wrong = [(d, f"That describes {e.name}; the article describes {entity.name} as "
                     f"{desc}.") for d, e in others[:3]]
        who = "Who" if entity.type == "person" else "What"
        stem = f"{who} is {entity.name}, according to the article?"
        drafts.append(make_draft(article, index, "definition", stem, desc, wrong, "description",
                             f"describes {entity.name} so."))
    return drafts
