"""What the article's figures stand for: what happened on a date it gives ("What happened in
1989, according to the article?") and what a number counts ("What does the number 3,000
stand for in the article?"). Each answer is a phrase made from the figure's own sentence
by `grammar` ("Voyager 2 made the first close observations of Uranus", "cherry trees Japan
gave to Washington"); the wrong answers are the phrases of the article's other dates or
numbers, each from its own sentence, none with the key's value."""

import re
from dataclasses import dataclass

from app.domain.generation import grammar
from app.domain.generation.drafts import Answer, Article, Draft, make_draft

TIMES = {"year", "date", "month"}
POINT = re.compile(r"(?:^|\s)(?:[Ii]n|[Oo]n|[Dd]uring)\s(?:(?:early|late|mid-?)\s?|(?:Monday|"
                   r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s)?$")
DURATION = {"years", "months", "weeks", "days", "hours", "minutes", "decades", "centuries"}
PERSONAL = {"people", "children", "students", "scientists", "researchers", "workers", "men",
            "women", "adults", "teachers", "members", "doctors", "officials", "engineers",
            "musicians", "players", "soldiers", "patients", "visitors", "fans", "followers"}
MIN_WORDS, MAX_WORDS = 4, 16


@dataclass(frozen=True)
class Meaning:
    index: int
    answer: Answer
    group: str      # dates of one type are wrong answers for each other, as numbers are
    phrase: str


def meanings(article: Article) -> list[Meaning]:
    """Each date the article gives as a point in time, with what happened then, and each
    count, with what it counts, where its sentence's grammar lets a phrase be made."""
    found = []
    for index, answers in enumerate(article.answers):
        shown = article.shown[index]
        if shown is None:
            continue
        for answer in answers:
            if answer.figure is None or answer.in_list:
                continue
            if answer.type in TIMES:
                phrase, group = _happened(article, index, shown, answer), answer.type
            elif answer.type == "count" and answer.figure.unit:
                phrase, group = _counted(article, index, shown, answer), "count"
            else:
                continue
            if phrase is not None and MIN_WORDS <= len(phrase.split()) <= MAX_WORDS:
                found.append(Meaning(index, answer, group, phrase))
    return found


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s[–—]\s[^–—]{1,60}\s[–—]|\s\([^)]{1,60}\)", "", phrase)
    phrase = re.sub(r"\s+,", ",", re.sub(r"\s{2,}", " ", phrase)).strip(" ,;")
    return re.sub(r"(?<![A-Z])\.$", "", phrase)


def _happened(article: Article, index: int, shown: str, answer: Answer) -> str | None:
    """The sentence without its date: "In 2013, NASA announced …" -> "NASA announced …"."""
    point = POINT.search(shown[:answer.start])
    if point is None:
        return None
    start = point.start() + (1 if point.group(0).startswith(" ") else 0)
    end = answer.end
    shown = grammar.cut_tail(shown, end)
    if re.match(r",\s", shown[end:]) and not shown[:start].strip():
        end += 2                                                 # "In 2013, NASA …"
    elif re.match(r",\s", shown[end:]) and "," not in shown[:start]:
        pass                                    # "At midnight on March 19, the city …"
    elif shown[end:end + 1] not in ("", ".", " ") or re.match(r"\s(?:and|or)\s", shown[end:]):
        return None
    text = shown[:start].rstrip() + (" " if shown[:start].strip() else "") + shown[end:]
    clause = grammar.parse(text, article.names_in(index, text))
    if clause is None or start > clause.rest and grammar.ISLAND.search(text[clause.rest:start]):
        return None                  # "… grew after Quist opened a route in 2023": whose 2023?
    text = grammar.APPOSITION.sub(r"\1 ", text)
    text = re.sub(r"^(?:This|Last|Next)\s(?:year|week|month),\s|^(?:Today|Now|Later|Then),\s",
                  "", text)                          # "This year, Holi will …": Holi will …
    phrase = _clean(text)
    return phrase[0].upper() + phrase[1:]


def _counted(article: Article, index: int, shown: str, answer: Answer) -> str | None:
    """What a count counts, as a noun and a clause: "About 1,100 people attended the
    concert" -> "people who attended the concert"; "Japan gave 3,000 trees to Oslo" ->
    "trees Japan gave to Oslo"; "at 12 events" -> "events at which …"; "for 12 years" ->
    "years … has been teaching English"."""
    front = grammar.FRONT.match(shown)
    said = grammar.ATTRIBUTION.match(shown, front.end() if front else 0)
    offset = said.end() if said is not None and said.end() <= answer.start else 0
    text = grammar.cut_tail(shown[offset:])     # "NASA said the world faced …": what it faced
    start, end = answer.start - offset, answer.end - offset
    names = article.names_in(index, text)
    clause = grammar.parse(text, names)
    figure = answer.figure
    if clause is None or end > len(text):
        return None
    subject = grammar.subject_of(text, clause, names)
    if start >= clause.body and end <= clause.subject_end:
        noun = re.sub(r",\s[^,]+,?$", "", text[end:clause.subject_end]).strip()
        if not noun.startswith(figure.unit.split()[0]):
            return None
        relative = "who" if figure.unit.split()[-1] in PERSONAL else "that"
        return _clean(f"{noun} {relative} {text[clause.subject_end:].strip()}")
    noun_end = grammar.counted_end(text, end)
    if noun_end is None:
        return None
    noun = re.split(r"\s(?:that|which|who)\s", text[end:noun_end])[0].strip()
    answer = Answer(answer.text, answer.type, start, end, figure)
    between = text[clause.rest:answer.start]
    bound = re.search(rf"(?:^|\s)(?:{grammar.BOUNDS})\s$", between, re.IGNORECASE)
    if bound is not None:
        between = between[:bound.start() + 1]
    verb = text[clause.subject_end:clause.rest].strip()
    after = text[noun_end:]
    if re.match(r"\s(?:and|or)\s", after):
        return None                                  # "12 hours of daylight and 12 hours"
    if clause.rest > answer.start or grammar.ISLAND.search(between):
        return None
    if not between.strip():
        return _clean(f"{noun} {subject} {verb}{after}")
    prep = re.fullmatch(r"(?P<lead>.*?)\s?(?P<prep>[a-z]+)\s", between)
    if prep is None or prep.group("prep") not in ("at", "in", "on", "during", "for"):
        return None
    lead = prep.group("lead").strip()
    rest = f" {lead}" if lead else ""
    if prep.group("prep") == "for" and noun.split()[-1] in DURATION:
        return _clean(f"{noun} {subject} {verb}{rest}{after}")
    return _clean(f"{noun} {prep.group('prep')} which {subject} {verb}{rest}{after}")


def _tense(phrase: str) -> str:
    clause = grammar.parse(phrase)
    if clause is None or clause.auxiliary in ("did", "was", "were", "had"):
        return "past"
    return "future" if clause.auxiliary in ("will", "would") else "present"


def _stem(meaning: Meaning, choices: list[str]) -> str:
    """The question: "What happened in 1989?" when every choice tells of the past, else one
    that no choice's tense answers ("Which of these does the article give for March 25?")."""
    figure = meaning.answer.figure
    if meaning.group in TIMES:
        if all(_tense(c) == "past" for c in choices):
            on = "on" if meaning.group == "date" else "in"
            return f"What happened {on} {figure.text}, according to the article?"
        return f"Which of these does the article give for {figure.text}?"
    return f"What does the number {figure.text} stand for in the article?"


def meaning_drafts(article: Article) -> list[Draft]:
    """A draft for each figure the article gives a meaning to, when three other figures of
    its group (dates of its type, or numbers) have meanings with other values; in the
    article's order."""
    found = meanings(article)
    dated: dict[tuple[str, float], set[int]] = {}
    for index, answers in enumerate(article.answers):
        for answer in answers:
            if answer.type in TIMES and answer.figure is not None:
                dated.setdefault((answer.type, answer.figure.value), set()).add(index)
    drafts = []
    for meaning in found:
        value = meaning.answer.figure.value
        if len(dated.get((meaning.group, value), ())) > 1:
            continue                       # two things happened that year: two answers
        others = [m for m in found if m.group == meaning.group and m.index != meaning.index
                  and m.answer.figure.value != value]
        unique = list({m.phrase.casefold(): m for m in others}.values())
        start = article.rng.randrange(len(unique)) if unique else 0
        picked = (unique[start:] + unique[:start])[:3]
        wrong = [(m.phrase, f"That was {m.answer.figure.text} (paragraph "
                            f"{article.paragraph_of(m.index)}); the article gives "
                            f"{meaning.answer.figure.text} for this.") for m in picked]
        kind = "event date" if meaning.group in TIMES else "figure"
        stem = _stem(meaning, [meaning.phrase, *(m.phrase for m in picked)])
        drafts.append(make_draft(article, meaning.index, "meaning", stem,
                                 meaning.phrase, wrong, kind,
                                 f"gives {meaning.answer.figure.text} for this."))
    return drafts
