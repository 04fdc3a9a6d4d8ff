"""What a draft is, and the article as the kinds of draft see it: its usable sentences (with
"he" or "she" at the start replaced by the person meant), their typed answers, and wrong
answers of each answer's type, from the article first and then the shipped vocabularies."""

import random
import re
from dataclasses import dataclass, field

from app.domain.articles import CleanArticle, SentenceSpan
from app.domain.content import SINGLE
from app.domain.generation.entities import Entities, is_alias
from app.domain.generation.grammar import IRREGULAR
from app.domain.generation.numbers import Figure, figures, fits, nearby, written_like
from app.domain.generation.vocabulary import fold, vocabulary

BLANK = "_____"
NUMBER_TYPES = {"year", "date", "month", "count", "percentage", "money", "fold"}
COPIED = 9  # words in a row: a choice holding this many of its sentence's copies it
SCAN = 40  # candidates a pick looks at, however many the article has
PLACE_TYPES = {"country", "city", "state", "region", "planet", "month", "weekday"}
THE_TYPES = {"country", "region", "state", "organisation", "company", "university", "event"}
# last words of names written after "the"
THE_WORDS = {"States", "Kingdom", "Union", "Emirates", "Republic", "Netherlands", "Philippines",
             "Hemisphere", "East", "Gulf", "Caribbean", "Arctic", "Balkans", "Sahel", "Pacific",
             "Mediterranean", "Nations", "Organization", "Organisation", "Fund", "Bank",
             "Agency", "Administration", "Department", "Institute", "Center", "Centre",
             "Council", "Committee", "Commission", "Orchestra", "Society", "Foundation",
             "Association", "Festival", "Party", "Army", "Navy", "Pentagon", "Sorbonne"}


@dataclass(frozen=True)
class Draft:
    kind: str          # cloze | question | statement | quote | definition | meaning | truefalse
    stem: str
    key: str
    distractors: tuple[str, ...]
    sentence: SentenceSpan
    sentence_text: str
    topic: str
    answer_type: str = "other"
    rationales: tuple[str, ...] = ()   # why each distractor is wrong, in its order
    explanation: str = ""
    type: str = SINGLE                 # the question type it is stored as (app.domain.content)
    key_rationale: str = "The highlighted sentence states this."
    # what a true/false statement turns on: the answer its false version swaps (checked
    # across drafts as another kind's key is)
    fact: str = ""

    @property
    def choices(self) -> tuple[str, ...]:
        return (self.key, *self.distractors)

    @property
    def is_verbatim(self) -> bool:
        """Whether a learner finds the answer by searching the article for the draft's words:
        a cloze, a true/false statement, or a statement whose right choice copies its
        sentence (wholly, or a run of COPIED words)."""
        if self.kind in ("cloze", "truefalse"):
            return True   # a true/false statement is its sentence, at most one thing changed
        if self.kind != "statement":
            return False
        key, sentence = words(self.key), f" {' '.join(words(self.sentence_text))} "
        runs = [key] if len(key) < COPIED else [key[i:i + COPIED]
                                                 for i in range(len(key) - COPIED + 1)]
        return any(f" {' '.join(run)} " in sentence for run in runs)


@dataclass(frozen=True)
class Rejected:
    draft: Draft
    reason: str


@dataclass
class Generation:
    drafts: list[Draft] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(frozen=True)
class Answer:
    """Something a sentence states that a question can ask for."""
    text: str
    type: str
    start: int          # in the sentence as shown (after a pronoun is replaced)
    end: int
    figure: Figure | None = None
    in_list: bool = False   # one of three or more of its type in a row ("A, B and C")


FIRST_PERSON = re.compile(r"\b(?:I’m|I'm|I’ve|I'd|me|my|you|You|your|Your|let’s|Let’s|let's|"
                          r"Let's)\b|(?<![.\w])I(?![.\w])|^(?:We|Our)\b")   # not the I of A.I.
EXAMPLE = re.compile(r"^(?:For example|For instance|Imagine|An example|Say|Suppose|Think|Look|"
                     r"Once this)\b")
UNCLEAR = re.compile(r"^(?:It|Its|They|Their|Them|This(?!\s(?:year|week|month|season)\b)|That|"
                     r"These|Those|There|Both|Such|An?\s(?:similar|second|third|further)|"
                     r"Others|Some|Another|Each|(?:In|On|At|For|With|By|During|Like|"
                     r"Unlike)\s(?:this|these|that|those|such|it|them))\b")
PRONOUN = re.compile(r"^(?:He|She)\b")
# names never asked for nor offered: where a thing is said to be "on Earth", any other planet
# is absurd, and Earth offered among planets to explore is absurd too
UNASKED = {"Earth"}
# a time given as a bound: any later (or earlier) one would be true as well
BOUNDED = re.compile(r"\b(?:since|by|until|till|before|after|By|Since|Until|Before|After)\s$")
INVERTED = re.compile(r"^(?:Is|Are|Was|Were|Do|Does|Did|Has|Have|Had|Can|Could|Will|Would|"
                      r"Should|Neither|Nor)\b")
# "It is hard to say", "It remains to be seen": an "it" that stands for nothing named
EXPLETIVE = re.compile(r"^It\s(?:[\w’']+\s){0,3}?(?:to|that|for|why|how|whether|when|if|"
                       r"unclear|clear|likely|unlikely|possible|impossible|hard|easy|normal|"
                       r"important|seen|time)\b")
# a phrase that points at another sentence: "at the time", "those planets", "the same"
LEANING = re.compile(r"\b(?:at the time|the same|(?:this|these|those)\b(?!\s(?:year|week|month|"
                     r"season)\b)|such\b(?!\sas\b))", re.IGNORECASE)
# a sentence opening with "The group" or "The move": a thing named or told before
DEFINITE = re.compile(r"^The\s(?:(?:space|news|drug|tech|health)\s)?(?P<noun>[a-z]+)\b")
AFTER_FRONT = re.compile(r"^[A-Z][^,]{0,40},\s[Tt]he\s(?P<noun>[a-z]+)\b")   # "In May, the move …"
GROUPS = {"group", "agency", "company", "firm", "organization", "organisation", "orchestra",
          "band", "team", "charity", "institute", "university", "college", "school", "club",
          "party", "startup", "start-up", "maker", "ministry", "department", "museum"}
ABSTRACT = {"move", "issue", "problem", "effort", "gift", "decision", "change", "plan", "step",
            "idea", "result", "results", "deal", "news", "announcement", "incident", "rule",
            "answer", "question", "activation", "finding", "findings", "case", "situation",
            "trend", "shift", "process", "goal", "reason", "event", "events", "latest",
            "project", "program", "programme", "policy", "measure", "law", "proposal",
            "report", "study", "same", "other", "others", "former", "latter", "rest",
            "pair", "couple", "day", "week", "month", "year", "time", "period"}
# what "they" may stand for before it: "89 percent said they …" holds its own "they"
# a share opening a sentence with nothing it is a share of: "Eighty-nine percent said …"
SHARE = re.compile(r"^(?:[A-Z][a-z-]+|\d[\d.,]*)\s?(?:percent|per cent|%)\s(?!of\b)")
# "the city", "the country": the one named just before, or the sentence is left out
PLACES = {"city": {"city"}, "town": {"city"}, "country": {"country"}, "state": {"state"},
          "region": {"region"}, "capital": {"city"}}
PLURAL_NOUN = re.compile(r"\b(?:[a-z]{3,}(?<!ss)s|people|children|men|women|staff|police|"
                         r"spacecraft|percent|per cent|\d[\d,.]*)(?!\w)|%")


def _unheld_plural(text: str) -> bool:
    """Whether "they", "them" or "their" comes with nothing plural before it to stand for
    (a word right after the sentence's first name is its verb, not a noun)."""
    found = re.search(r"\b(?:they|them|their|themselves|They|Them|Their)\b", unquoted(text))
    if found is None:
        return False
    before = unquoted(text)[:found.start()]
    if re.search(r"[A-Z][\w’'.-]*\s(?:and|&)\s(?:the\s)?[A-Z]", before):
        return False                         # "China and Russia developed their own …"
    verb = re.match(r"(?:The\s)?(?:[A-Z][\w’'.-]*\s)+([a-z]+)\b", before)
    nouns = [m for m in PLURAL_NOUN.finditer(before)
             if verb is None or m.start() != verb.start(1) or m.group(0) in ("percent", "%")]
    return not nouns
# a city as the subject of what a government does ("Washington has made visas harder",
# "Beijing backs the sector"), not of what a city is ("Oslo is a port", "Lund lies …")
SUBJECT_BEFORE = re.compile(r"(?:^|^[^,]{1,60},\s|\b(?:that|and|but|while|as|when|because|"
                            r"after|before|since|if|whereas|although)\s)$")
BEING = {"is", "was", "are", "were", "be", "been", "being", "lies", "lay", "sits", "sat",
         "stands", "stood", "remains", "remained", "became", "becomes", "borders", "hosts",
         "hosted", "has", "have", "had"}   # what a city is, or has: the city itself
HELPING = {"has", "have", "had", "will", "would", "could", "can", "should", "may", "might",
           "must", "did", "does", "also", "now", "still", "already", "then", "recently",
           "additionally", "not", "never", "quickly"}


def _acting(shown: str, start: int, end: int) -> bool:
    """Whether the city named at shown[start:end] is the subject of an act, a government
    meant by its capital: a question "Which city …?" would read it as the city."""
    if SUBJECT_BEFORE.search(shown[:start]) is None:
        return False
    after = re.match(r"(?:\s[a-z]+)+", shown[end:])
    if after is None:
        return False
    following = after.group(0).split()
    verb = next((w for w in following if w not in HELPING), None)
    if verb is None or verb in BEING or verb.endswith("ly"):
        return False
    if following[0] in {"has", "have", "had"}:      # "has made", not "has a large port"
        return verb.endswith("ed") or verb in IRREGULAR
    return following[0] in HELPING or verb.endswith(("s", "ed")) or verb in IRREGULAR


def _demonym_beside(shown: str, start: int, end: int) -> bool:
    """Whether the sentence also names the country's people or language ("Uzbek" beside
    "Uzbekistan", "Iranian" beside "Iran"): a learner needs nothing but the sentence."""
    country = shown[start:end].casefold()
    rest = shown[:start] + " " + shown[end:]
    for word in re.findall(r"\b[A-Z][a-z]{3,}\b", rest):
        entry = vocabulary().lookup(word)
        if entry is not None and entry.type == "people" and word[:4].casefold() == country[:4]:
            return True
    return False


QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)")


# markup left in a text (a template's braces, tags, Markdown, entities); a news quotation's
# square brackets are the writer's own and stay
DEBRIS = re.compile(r"[{}<>|\\*_]|&[a-z]+;|&#\d+;")


def has_debris(text: str) -> bool:
    return DEBRIS.search(text.replace(BLANK, " ")) is not None


def words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w’'%$]+", text.casefold().replace("’", "'")))


def normal(text: str) -> str:
    return " ".join(words(text))


def stated(phrase: str, text: str) -> bool:
    """Whether the words of `phrase` are in `text`, in a row (case and punctuation aside)."""
    return f" {normal(phrase)} " in f" {normal(text)} "


def unquoted(text: str) -> str:
    return QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def tidy(text: str) -> str:
    """A sentence fit to show on its own: stray quotation marks from a quotation split across
    sentences removed."""
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text.strip()


TOPICS = {"person": "People", "organisation": "Organisations", "company": "Organisations",
          "university": "Organisations", "school": "Organisations", "event": "Events",
          "country": "Places", "city": "Places", "state": "Places", "region": "Places",
          "people": "Peoples and languages", "source": "Who said what",
          "description": "Who or what is who", "statement": "What the article says",
          "planet": "Places", "event date": "Figures and dates",
          "figure": "Figures and dates"}


def topic(answer_type: str) -> str:
    return "Figures and dates" if answer_type in NUMBER_TYPES else TOPICS.get(answer_type,
                                                                               "Details")


def make_draft(article: "Article", index: int, kind: str, stem: str, key: str,
               wrong: list[tuple[str, str]], answer_type: str, says: str) -> Draft:
    """A draft resting on sentence `index`, its wrong answers given with why each is wrong;
    its explanation points at the sentence and says what it `says`."""
    span = article.spans[index]
    return Draft(kind, stem, key, tuple(w for w, _ in wrong), span, article.texts[index],
                 topic(answer_type), answer_type, tuple(r for _, r in wrong),
                 f"Paragraph {span.paragraph}, sentence {span.position} (highlighted) {says}")


class Article:
    """An article as the kinds of draft see it."""

    def __init__(self, article: CleanArticle, rng: random.Random):
        self.rng = rng
        self.spans = list(article.sentences)
        self.texts = [article.text[s.start:s.end] for s in self.spans]
        self.text = article.text
        self.folded_text = fold(article.text)
        self.normal_text = f" {normal(article.text)} "
        # names as the article writes them: after "the" ("the Middle East") or not
        after_the = re.findall(r"\b(?:the|The)\s+([A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)",
                               article.text)
        self.with_the = {fold(" ".join(n.split()[:i])) for n in after_the
                         for i in range(1, len(n.split()) + 1)}
        self.without_the = {fold(m.group(0)) for m in re.finditer(
            r"(?<!the )(?<!The )\b[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*", article.text)}
        self.entities = Entities(self.texts)
        self.shown: list[str | None] = []
        self.subjects: list = []   # the named thing each sentence, as shown, opens with
        for index in range(len(self.texts)):
            shown, opener = self._shown(index)
            self.shown.append(shown)
            self.subjects.append(opener if shown is not None else None)
        self.answers: list[list[Answer]] = [self._answers(i) for i in range(len(self.texts))]
        self.pools: dict[str, list[str]] = {}
        self.numbers: dict[str, list[tuple[float, str, int]]] = {}
        for entity in self.entities.entities:
            self.pools.setdefault(entity.type, []).append(entity.name)
        for index, answers in enumerate(self.answers):
            for answer in answers:
                if answer.figure is not None:
                    self.numbers.setdefault(answer.type, []).append(
                        (answer.figure.value, answer.figure.unit, index))
        for items in [*self.pools.values(), *self.numbers.values()]:
            rng.shuffle(items)

    # --- sentences ---------------------------------------------------------------------------

    def speaker_before(self, index: int):
        """The person a leading "he" or "she" means: the person the sentence before opens
        with, or else the one person named in the few sentences before `index`."""
        if index > 0 and (opener := self.subjects[index - 1]) is not None and \
                opener.type == "person":
            return opener
        people = []
        for earlier in range(index - 1, max(-1, index - 4), -1):
            for mention in self.entities.in_sentence(earlier):
                if mention.entity.type == "person" and mention.entity not in people:
                    people.append(mention.entity)
            if people:
                break
        return people[0] if len(people) == 1 else None

    def _named_before(self, index: int, types: set[str], reach: int = 2,
                      paragraph: bool = True):
        """The one named thing of `types` in the nearest of the `reach` sentences before
        `index` (in its paragraph, if `paragraph`) that names any: what "the group" or "the
        agency" means, or "the city" (looked for further back, across paragraphs)."""
        for earlier in range(index - 1, index - 1 - reach, -1):
            if earlier < 0 or paragraph and self.paragraph_of(earlier) != self.paragraph_of(
                    index):
                return None
            found = {m.entity.name: m.entity for m in self.entities.in_sentence(earlier)
                     if m.entity.type in types}
            if found:
                return next(iter(found.values())) if len(found) == 1 else None
        return None

    def _opener(self, index: int, text: str):
        """The named thing a sentence, as shown, opens with ("Ibrahim …", "The NAO …")."""
        for mention in self.entities.in_sentence(index):
            if mention.entity.type not in ("people", "month", "weekday") and re.match(
                    rf"(?:The\s)?{re.escape(mention.text)}\b(?![\s-]+[a-z]+\s+[a-z]+s\b)", text):
                return mention.entity
        return None

    def _written(self, entity) -> str:
        name = entity.name
        return f"The {name}" if entity.type != "person" and self.takes_the(name) else name

    def _shown(self, index: int):
        """The sentence as a question may show it, or None when it is no fit: a question,
        a heading, a quotation, an example, first or second person, or a word whose meaning
        lies in another sentence. A leading "He" or "She" becomes the person meant, a
        leading "It" or "The group" the named thing the sentence before opens with or
        names; a leading "The move" or "The issue", or "this", "those", "at the time"
        anywhere, leave the sentence out. With the sentence, the named thing it opens with."""
        text = self.texts[index]
        opener = None
        words = len(text.split())
        if not text.endswith((".", "!", ".”", "!”", '."')) or not 6 <= words <= 45:
            return None, None
        if text[0] in "“\"‘" or EXAMPLE.match(text) or FIRST_PERSON.search(unquoted(text)):
            return None, None
        text = re.sub(r"^(?:But|And|So|Yet|Still|However|Then|Now|Also|Instead|Meanwhile|"
                      r"In fact|Indeed|Rather|Thus|Even so|Soon|Later|Today|Once),?\s+", "",
                      text)
        text = re.sub(r"^Here\s(?=(?:in|at|on)\s)", "", text)   # "Here in Oslo, …": the writer's
        text = text[0].upper() + text[1:]
        if INVERTED.match(text):
            return None, None  # "So are the drums": the sentence leans on the one before
        if LEANING.search(unquoted(text)) or re.match(
                r"^[^,]{2,40},\s(?:it|they|this|these|its|their)\b|^(?:[A-Z][a-z]+\s){1,2}"
                r"(?:its|their)\s", text):       # "Under its new head, …": whose?
            return None, None
        previous = self.subjects[index - 1] if index > 0 and self.paragraph_of(
            index - 1) == self.paragraph_of(index) else None
        if PRONOUN.match(text):
            person = self.speaker_before(index)
            if person is None:
                return None, None
            text, opener = PRONOUN.sub(person.name, text, count=1), person
        elif (it := re.match(r"It\b(?!’s|'s)", text)) is not None:
            if EXPLETIVE.match(text) or previous is None or previous.type == "person":
                return None, None
            text, opener = self._written(previous) + text[it.end():], previous
        elif (head := DEFINITE.match(text)) is not None:
            noun = head.group("noun").casefold()
            if noun in ABSTRACT:
                return None, None
            if noun in GROUPS and not text[head.end():].startswith(","):
                named = self._named_before(index, {"organisation", "company", "university",
                                                   "school"})
                if named is None:
                    return None, None
                text, opener = self._written(named) + text[head.end():], named
        front = re.match(r"[A-Z][^,]{0,40},\s", text)
        after_front = text[front.end():] if front else text
        if UNCLEAR.match(text) or UNCLEAR.match(after_front[:1].upper() + after_front[1:]) or \
                (head := AFTER_FRONT.match(text)) and head.group("noun") in ABSTRACT:
            return None, None         # "In March, a similar boat …", "In May, the move …"
        if SHARE.match(text):
            return None, None         # "89 percent said …": of whom is in another sentence
        place = re.match(rf"(?:[Tt]he\s(?P<noun>{'|'.join(PLACES)})\b)", after_front)
        if place is not None and opener is None:
            named = self._named_before(index, PLACES[place.group("noun")], 6, False)
            if named is None:
                return None, None     # "the city turns off its lights": which city?
            at = len(text) - len(after_front)
            text = text[:at] + self._written(named) + after_front[place.end():]
            opener = named if not at else opener
        if re.search(r"\b(?:he|she|him|his|her|He|She|His|Her)\b", unquoted(text)) and not any(
                m.entity.type == "person" for m in self.entities.in_sentence(index)) and not (
                opener is not None and opener.type == "person"):
            person = self.speaker_before(index)    # "When he was ten, he …": the one meant
            first = re.search(r"\b(?:he|she)\b", unquoted(text))
            if person is None or first is None or re.search(r"\b(?:his|her|him)\b",
                                                            unquoted(text)[:first.start()]):
                return None, None
            text = text[:first.start()] + person.name + text[first.end():]
        if _unheld_plural(text):
            return None, None  # "Ibrahim urges them to clap": who they are is in another sentence
        return tidy(text), opener or self._opener(index, text)

    def _answers(self, index: int) -> list[Answer]:
        shown = self.shown[index]
        if shown is None:
            return []
        blocked = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|\([^)]*\)|\"[^\"]*\"",
                                                             shown)]
        found: list[Answer] = []
        common = set()
        for mention in self.entities.in_sentence(index):
            start = shown.find(mention.text)
            if start < 0:
                continue
            end = start + len(mention.text)
            if mention.entity.type == "city" and re.match(r",\s[A-Z]", shown[end:end + 3]):
                continue  # "Lund, Sweden": the blank would leave the rest of the place
            place = re.search(r"\b([A-Z][a-z]+),\s$", shown[:start])
            if place and mention.entity.type in ("country", "state", "region") and (
                    (e := self.entities.find(place.group(1))) is None or e.type == "city"):
                continue  # the "Sweden" of "Lund, Sweden"
            if mention.entity.type == "country" and _demonym_beside(shown, start, end):
                continue  # "in Uzbekistan …, called, in Uzbek, …": the sentence tells it
            if mention.entity.type == "city" and _acting(shown, start, end):
                continue  # "Washington has made visas harder": a government, not a city
            if re.search(r"\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s$", shown[:start]):
                continue  # "Mr. Liang": another person's name would not fit after the title
            if mention.entity.type in ("month", "weekday") and (BOUNDED.search(
                    shown[:start]) or re.match(r"\s\d", shown[end:])):
                continue  # "until September": a later month true too; "September 11": a date
            if mention.entity.name in UNASKED:
                continue  # "back on Earth": every other planet would be absurd
            if re.search(r"\b(?:the|The)\s$", shown[:start]) and mention.entity.type in (
                    THE_TYPES):
                start -= 4  # "the United States": the blank and the choices carry "the"
                mention_text = shown[start:end]
            else:
                mention_text = mention.text
            found.append(Answer(mention_text, mention.entity.type, start, end))
            if mention.entity.is_common and mention.entity.type != "person":
                common.add(found[-1])  # the article's subject; people are asked about
        for figure in figures(shown):
            if figure.type == "count" and (not figure.unit or re.search(
                    r"\b(?:the|The|of|Of)\s$", shown[:figure.start])):
                continue
            if figure.type in ("year", "month", "date") and BOUNDED.search(shown[:figure.start]):
                continue  # "not used since 1981": a later year would be true as well
            if figure.type == "date" and re.search(r"\b(?:of|since)\s$", shown[:figure.start]):
                continue  # "the attacks of September 11": a date that names an event
            if figure.type == "count" and re.match(r"\s[\w\s-]{1,30},\s[^,]{1,40}\s(?:and|or)\s"
                                                    r"[^,]{1,30},", shown[figure.end:]):
                continue  # "Three kinds of robots, the Kelp and the Orca, …": counted there
            found.append(Answer(figure.text, figure.type, figure.start, figure.end, figure))
        found = [a for a in found if not any(s <= a.start < e for s, e in blocked)]
        found.sort(key=lambda a: (a.start, a.figure is None))
        found = [a for i, a in enumerate(found)       # "April" as a name and as a month: once
                 if i == 0 or (found[i - 1].start, found[i - 1].end) != (a.start, a.end)]
        for i, answer in enumerate(found):
            row = [answer]
            for other in found[i + 1:]:
                gap = shown[row[-1].end:other.start]
                if other.type == answer.type and re.fullmatch(r",?\s(?:and\s|or\s)?|,\s", gap):
                    row.append(other)
                else:
                    break
            if len(row) >= 3 or (len(row) == 2 and "," in shown[row[0].end:row[1].start] and (
                    re.match(r",?\s(?:and|or)\s", shown[row[1].end:])
                    or re.search(r",\s$", shown[:row[0].start]))):
                # "Japan, Peru and others", "Oslo, Lund and Bergen": one of a list; not
                # "Unlike Ana, Tom enjoys …", a fronted phrase's name beside the subject
                found = [Answer(a.text, a.type, a.start, a.end, a.figure, True)
                         if a in row else a for a in found]
                common = {Answer(a.text, a.type, a.start, a.end, a.figure, True)
                          if a in row else a for a in common}
        return [a for a in found if a not in common]

    def names_in(self, index: int, text: str) -> list[tuple[int, int]]:
        """Where sentence `index`'s names stand in `text` (the sentence as shown, or part
        of it), the named thing it opens with included."""
        mentions = self.entities.in_sentence(index)
        entities = [m.entity for m in mentions]
        if self.subjects[index] is not None:
            entities.append(self.subjects[index])
        found = set()
        for entity in entities:
            for written in {entity.name, *(m.text for m in mentions if m.entity is entity)}:
                found |= {(m.start(), m.end()) for m in re.finditer(
                    rf"(?<![\w-]){re.escape(written)}(?![\w-])", text)}
        return sorted(found)

    def paragraph_of(self, index: int) -> int:
        return self.spans[index].paragraph

    # --- wrong answers -----------------------------------------------------------------------

    def wrong_answers(self, answer: Answer, index: int, n: int = 3,
                      article_only: bool = False) -> list[tuple[str, str]]:
        """Up to `n` wrong answers of the answer's type, each with why it is wrong: from the
        article's other sentences first, then (unless `article_only`) the vocabularies (the
        key's own group first); never an alias of the key, never one the sentence states."""
        if answer.figure is not None:
            return self._wrong_figures(answer, index, n)
        sentence = self.texts[index]
        chosen: list[tuple[str, str]] = []
        taken = [answer.text]

        the = re.match(r"(?:the|The)\s", answer.text)
        group = self._group_of(answer)
        groups = {"language", "both"} if answer.type == "people" else {group}
        # "In Uzbekistan and other places in Central Asia": a wrong answer from elsewhere is
        # absurd beside the region the sentence names
        held = bool(group) and answer.type in PLACE_TYPES and re.search(
            rf"\b{re.escape(group)}", sentence) is not None

        def written(candidate: str) -> str:
            if not the:
                return candidate
            return f"{the.group(0)}{candidate}" if self.takes_the(candidate) else candidate

        def fine(candidate: str) -> bool:
            if candidate in UNASKED:
                return False                       # "explore Earth and Saturn"
            entity = self.entities.find(candidate)
            aliases = entity.aliases if entity is not None else {fold(candidate)}
            entry = vocabulary().lookup(candidate)
            return not any(is_alias(candidate, t, answer.type, self.entities) for t in taken) \
                and not any(stated(a, sentence) for a in aliases) \
                and (the is not None or not self.takes_the(candidate)) \
                and (answer.type != "people" or (entry is not None and entry.group in groups)) \
                and (not held or (entry is not None and entry.group == group))

        pool = self.pools.get(answer.type, [])
        start = self.rng.randrange(len(pool)) if pool else 0
        for i in range(min(len(pool), SCAN)):
            candidate = pool[(start + i) % len(pool)]
            if fine(candidate):
                taken.append(candidate)
                where = self._paragraph_naming(candidate)
                chosen.append((written(candidate), f"The article names {candidate} elsewhere"
                                                   f"{f' (paragraph {where})' if where else ''},"
                                                   f" not here: this sentence says "
                                                   f"{answer.text}."))
                if len(chosen) == n:
                    return chosen
        if article_only:
            return chosen
        entries = vocabulary().by_type.get(answer.type, [])
        ranked = [e for e in entries if e.group in groups]
        same_group = len(ranked)
        if answer.type in PLACE_TYPES and not held:   # any country is a plausible country
            ranked += [e for e in entries if e.group not in groups]
        offset = self.rng.randrange(max(1, same_group))
        ranked = ranked[offset:same_group] + ranked[:offset] + ranked[same_group:]
        for entry in ranked[:SCAN * 4]:
            if fine(entry.name) and f" {normal(entry.name)} " not in self.normal_text:
                taken.append(entry.name)
                chosen.append((written(entry.name), f"The article does not say {entry.name}; "
                                                    f"it says {answer.text}."))
                if len(chosen) == n:
                    break
        return chosen

    def _group_of(self, answer: Answer) -> str:
        """The key's group in the vocabularies, or the commonest group among the article's
        names of its type."""
        if (own := vocabulary().lookup(answer.text)) is not None:
            return own.group
        groups = [e.group for e in (vocabulary().lookup(n) for n in self.pools.get(
            answer.type, [])) if e is not None]
        return max(sorted(set(groups)), key=groups.count) if groups else ""

    def takes_the(self, name: str) -> bool:
        """Whether a name is written after "the" ("the Middle East", "the United States"):
        as the article writes it, or as the vocabularies or its last word say."""
        if fold(name) in self.with_the:
            return True
        if fold(name) in self.without_the:
            return False
        entry = vocabulary().lookup(name)
        if entry is not None and fold(f"the {name}") != fold(name) and any(
                a.startswith("the ") for a in entry.aliases):
            return True
        return name.split()[-1] in THE_WORDS

    def _paragraph_naming(self, name: str) -> int | None:
        entity = self.entities.find(name)
        if entity is None or not entity.sentences:
            return None
        return self.paragraph_of(min(entity.sentences))

    def _wrong_figures(self, answer: Answer, index: int, n: int) -> list[tuple[str, str]]:
        figure = answer.figure
        assert figure is not None
        sentence = self.texts[index]
        seen = {fold(figure.text)}
        chosen: list[tuple[str, str]] = []
        from_article = [(v, i) for v, unit, i in self.numbers.get(answer.type, [])
                        if i != index and (answer.type != "count" or unit == figure.unit)]
        candidates = [(v, i) for v, i in from_article[:SCAN]]
        latest = max((v for v, _, _ in self.numbers.get("year", [])), default=0)
        candidates += [(v, None) for v in nearby(figure, self.rng)
                       if figure.type != "year" or v <= latest]   # no year after the story
        for value, where in candidates:
            if not fits(figure, value):
                continue
            shown = written_like(figure, value)
            if not shown or fold(shown) in seen or stated(shown, sentence):
                continue
            seen.add(fold(shown))
            why = (f"The article gives {shown} for something else (paragraph "
                   f"{self.paragraph_of(where)}); here it says {figure.text}."
                   if where is not None else f"The article says {figure.text}, not {shown}.")
            chosen.append((shown, why))
            if len(chosen) == n:
                break
        return chosen
