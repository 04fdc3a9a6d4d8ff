"""Draft multiple-choice questions from an article, each tied to the sentence it rests on, and
the checks every draft must pass before anyone sees it.

Kinds: figures and dates (a cloze on a number), quote attribution (who said it), people,
organisations and places (a cloze on a name), and what a named thing is (from an appositive:
"Name, a description, ..."). Distractors are of the answer's kind and format, taken from the
article where it has enough of them. The work is linear in the article's length: every check
uses hashed indexes, never a comparison of every pair of drafts."""

import bisect
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.articles import CleanArticle, SentenceSpan

BLANK = "_____"
MAX_NGRAM = 12

# --- what a draft is ----------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    kind: str
    stem: str
    key: str
    distractors: tuple[str, ...]
    sentence: SentenceSpan
    sentence_text: str
    topic: str

    @property
    def choices(self) -> tuple[str, ...]:
        return (self.key, *self.distractors)


@dataclass(frozen=True)
class Rejected:
    draft: Draft
    reason: str


@dataclass
class Generation:
    drafts: list[Draft] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[\w’']+", text.casefold().replace("’", "'")))


def normal(text: str) -> str:
    return " ".join(words(text))


# --- numbers ------------------------------------------------------------------------------

NUMBER_PATTERNS = (
    ("percentage", re.compile(r"\b(\d+(?:\.\d+)?)(\s?(?:percent|per cent|%|p\.c\b\.?))",
                              re.IGNORECASE)),
    ("fold", re.compile(r"\b(\d+)(-fold)\b", re.IGNORECASE)),
    ("year", re.compile(r"\b((?:1[89]|20)\d\d)()\b(?!,\d)")),
    ("count", re.compile(r"(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)()(?![\w.,]\d|-fold|\s?%)")),
)


@dataclass(frozen=True)
class Figure:
    kind: str
    value: float
    text: str      # as written, e.g. "2,300" or "18 percent"
    start: int
    end: int


def figures(sentence: str) -> list[Figure]:
    """The numbers of a sentence, each of one kind; a span claimed by an earlier kind (a
    percentage, a year) is not read again as a count."""
    found: list[Figure] = []
    taken: set[int] = set()
    for kind, pattern in NUMBER_PATTERNS:
        for match in pattern.finditer(sentence):
            span = set(range(match.start(), match.end()))
            if span & taken:
                continue
            value = float(match.group(1).replace(",", ""))
            if kind == "count" and value < 2:
                continue
            taken |= span
            found.append(Figure(kind, value, match.group(0), match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _format_like(template: Figure, value: float) -> str:
    number = template.text[: len(template.text) - len(_suffix(template))]
    if "," in number or (template.kind == "count" and value >= 1_000):
        body = f"{int(value):,}"
    elif "." in number:
        body = f"{value:.1f}"
    else:
        body = str(int(value))
    return body + _suffix(template)


def _suffix(figure: Figure) -> str:
    match = re.match(r"[\d.,]+", figure.text)
    return figure.text[match.end():] if match else ""


def _nearby(figure: Figure, rng: random.Random) -> list[float]:
    """Plausible wrong values of the same kind, near the right one."""
    v = figure.value
    if figure.kind == "year":
        steps = [-6, -4, -3, -2, 2, 3, 4, 5]
        rng.shuffle(steps)
        return [v + s for s in steps]
    if figure.kind == "percentage":
        options = [v / 2, v * 1.5, v + 10, v - 10, v * 2, v + 25]
        return [round(o) for o in options if 0 < o < 100 and round(o) != round(v)]
    factors = [0.5, 1.5, 2, 3, 0.25, 4]
    rng.shuffle(factors)
    values = []
    for f in factors:
        o = v * f
        o = round(o, -2) if v >= 1000 else round(o)
        if o > 0 and o != v:
            values.append(o)
    return values


# --- names ----------------------------------------------------------------------------------

NAME = re.compile(r"\b(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,}[a-z]?\w*)"
                  r"(?:\s+(?:of\s+|de\s+)?(?:[A-Z][\w’'-]*[a-z][\w’'-]*|[A-Z]{2,}))*\b")
NOT_NAMES = {"the", "a", "an", "but", "and", "or", "so", "yet", "it", "he", "she", "they", "we",
             "i", "this", "that", "these", "those", "in", "on", "at", "by", "for", "as", "if",
             "when", "while", "still", "however", "some", "many", "most", "there", "its",
             "his", "her", "their", "what", "why", "how", "since", "after", "before", "even",
             "sure", "yes", "no", "mr", "mrs", "ms", "dr", "below", "beijing's", "acclaim",
             "washington's", "nonetheless", "particularly", "innovation", "record", "report",
             "to", "you", "you're", "they've", "there's"}
ORG_WORDS = {"university", "college", "party", "group", "institute", "company", "committee",
             "council", "ministry", "agency", "bank", "fund", "foundation", "corporation",
             "association", "department", "school", "academy", "times", "post", "news"}
PLACE_WORDS = {"province", "city", "state", "county", "republic", "kingdom", "island"}
PERSON_CUES = re.compile(r"\b(?:mentioned|said|says|wrote|added|told|lamented|founder|"
                         r"founding|father|professor|chief|leader|director|chairman|president|"
                         r"minister|engineer|researcher|scientist|contributed|Mr|Ms|Mrs|Dr)\b")
ORG_CUES = re.compile(r"\b(?:platform|firms?|company|companies|start-up|startup|group|agency|"
                      r"fund|committee|party|newspaper|network|bank|business|maker|"
                      r"organi[sz]ation|charity|club|team)\b", re.IGNORECASE)
# A few places by name, so that a country or a capital is known without context.
PLACES = set("""Afghanistan Argentina Australia Austria Bangladesh Beijing Belgium Berlin Brazil
Brussels Canada Chicago China Delhi Egypt England Ethiopia Europe France Germany Greece
Hangzhou India Indonesia Iran Iraq Ireland Israel Italy Japan Kenya Korea London Malaysia
Mexico Moscow Nigeria Norway Pakistan Paris Peru Philippines Poland Portugal Russia Shanghai
Shenzhen Singapore Spain Sweden Switzerland Sydney Taiwan Thailand Tokyo Turkey Ukraine Vietnam
Washington Wales Africa Asia America US UK EU""".split()) | {"Hong Kong", "New York", "South Korea",
                                                   "Guangdong Province", "Jiangsu Province",
                                                   "Sichuan Province", "Fujian Province",
                                                   "North Korea", "United States",
                                                   "United Kingdom", "Silicon Valley"}
ADJECTIVAL = re.compile(r"[’']?\s+(?!(?:in|on|at|for|to|and|or|but|with|by|from|after|before|"
                        r"since|last|this|that|has|have|had|is|are|was|were|said|mentioned|"
                        r"will|would|can|could|who|which)\b)[a-z]")
COMMON_SENTENCES = 3  # a name in more sentences than this is the article's subject, not a key


@dataclass(frozen=True)
class Name:
    text: str
    kind: str  # person | organisation | place
    is_common: bool = False  # in many sentences: the subject, never blanked out


def _clean_name(raw: str) -> str:
    tokens = raw.split()
    while tokens and tokens[0].casefold().strip("’'") in NOT_NAMES:
        tokens.pop(0)
    while tokens and tokens[-1].casefold() in ("of", "de"):
        tokens.pop()
    name = " ".join(tokens)
    return re.sub(r"[’']s$", "", name)


def names_in(text: str) -> list[tuple[str, int, int]]:
    found = []
    for match in NAME.finditer(text):
        name = _clean_name(match.group(0))
        if name and name.casefold() not in NOT_NAMES and not name.isdigit():
            start = text.find(name, match.start())
            found.append((name, start, start + len(name)))
    return found


def _near(pattern: re.Pattern, text: str, starts: list[int], length: int, reach: int = 30):
    return any(pattern.search(text[max(0, s - reach):s]) or
               pattern.search(text[s + length:s + length + reach]) for s in starts)


def classify(article: CleanArticle) -> dict[str, Name]:
    """The names the article uses, with a kind read from their shape and context; words like
    "Chinese" that describe a noun are left out, and names in more than COMMON_SENTENCES
    sentences are marked common."""
    text = article.text
    starts: dict[str, list[int]] = {}
    sentences: dict[str, set[int]] = {}
    for index, span in enumerate(article.sentences):
        for name, start, _ in names_in(text[span.start:span.end]):
            starts.setdefault(name, []).append(span.start + start)
            sentences.setdefault(name, set()).add(index)
    titled = {m.group(1) for m in re.finditer(r"\b(?:Mr|Ms|Mrs|Dr)\.\s+(\w+)", text)}
    kinds: dict[str, Name] = {}
    for name, at in starts.items():
        tokens = name.split()
        if len(tokens) == 1 and name in titled:
            continue  # "Mr. Liang": a surname standing for a full name used elsewhere
        lower = {t.casefold() for t in tokens}
        modifies = [bool(ADJECTIVAL.match(text, s + len(name))) for s in at]
        after = [text[s + len(name):s + len(name) + 80] for s in at]
        described = [m.group(1) for m in (re.match(r",\s+(?:a|an|the)\s([^,.;]+)", a)
                                          for a in after) if m]
        if lower & ORG_WORDS or (len(tokens) == 1 and re.search(r"[a-z][A-Z]", name)):
            kind = "organisation"
        elif lower & PLACE_WORDS or name in PLACES:
            kind = "place"
        elif all(text[max(0, s - 4):s] == "the " for s in at):
            kind = "organisation"
        elif len(tokens) in (2, 3) and (tokens[-1] in titled or tokens[0] in titled or
                                        _near(PERSON_CUES, text, at, len(name)) or
                                        any(not ORG_CUES.search(d) for d in described)):
            kind = "person"
        elif described and all(ORG_CUES.search(d) for d in described):
            kind = "organisation"
        elif len(tokens) == 1 and any(modifies):
            continue  # "Chinese language", "American ones": a word describing a noun
        elif any(re.search(r"\b(?:in|from|to|across|near)\s$", text[max(0, s - 8):s])
                 for s in at):
            kind = "place"
        elif all(modifies):
            continue
        elif _near(ORG_CUES, text, at, len(name)):
            kind = "organisation"
        else:
            continue
        kinds[name] = Name(name, kind, len(sentences[name]) > COMMON_SENTENCES)
    return kinds


# --- making drafts ----------------------------------------------------------------------------

TOPICS = {"figure": "Figures and dates", "quote": "Who said what",
          "name": "People, organisations and places", "definition": "What is what"}


def _cloze(sentence: str, start: int, end: int) -> str:
    return f"Complete the sentence from the article: “{sentence[:start]}{BLANK}{sentence[end:]}”"


SCAN = 40  # candidates a pick looks at, however many the article has


def _shape(key: str) -> set[str]:
    return {w for w in key.split() if w[:1].isupper()} if " " in key else set()


class Pool:
    """Wrong answers of one kind, shuffled once. A pick looks at a bounded number of them from
    a random place, those sharing the key's shape ("… College", "… Province") first, so every
    draft costs the same however long the article is."""

    def __init__(self, items: Iterable[str], rng: random.Random):
        unique: dict[str, str] = {}
        for item in items:
            unique.setdefault(normal(item), item)
        self.items = list(unique.values())
        rng.shuffle(self.items)
        self.by_shape: dict[str, list[str]] = {}
        for item in self.items:
            for word in set(item.split()):
                self.by_shape.setdefault(word, []).append(item)
        self.rng = rng

    def pick(self, key: str, sentence: str, n: int = 3, taken: Iterable[str] = ()) -> list[str]:
        banned = {normal(key), *map(normal, taken)}
        told = normal(sentence)
        chosen: list[str] = []
        if n <= 0:
            return chosen
        for items in [*(self.by_shape.get(w, []) for w in _shape(key)), self.items]:
            if not items:
                continue
            start = self.rng.randrange(len(items))
            for i in range(min(len(items), SCAN)):
                item = items[(start + i) % len(items)]
                if normal(item) in banned or normal(item) in told:
                    continue
                banned.add(normal(item))
                chosen.append(item)
                if len(chosen) == n:
                    return chosen
        return chosen


def _figure_drafts(spans, texts, rng) -> Iterable[Draft]:
    per_sentence = [figures(t) for t in texts]
    values: dict[str, list[float]] = {}
    for found in per_sentence:
        for f in found:
            values.setdefault(f.kind, []).append(f.value)
    for kind_values in values.values():
        rng.shuffle(kind_values)
    for span, text, found in zip(spans, texts, per_sentence, strict=True):
        for figure in found:
            pool = values[figure.kind]
            start = rng.randrange(len(pool))
            candidates = [pool[(start + i) % len(pool)] for i in range(min(len(pool), SCAN))]
            candidates += _nearby(figure, rng)
            distractors: list[str] = []
            banned = {normal(figure.text)}
            for value in candidates:
                shown = _format_like(figure, value)
                if normal(shown) in banned or normal(shown) in normal(text):
                    continue
                banned.add(normal(shown))
                distractors.append(shown)
                if len(distractors) == 3:
                    break
            yield Draft("figure", _cloze(text, figure.start, figure.end), figure.text,
                        tuple(distractors), span, text, TOPICS["figure"])


QUOTE = re.compile(r"“([^”]{12,})”")
SAYS = r"(?:mentioned|said|says|wrote|added|told|lamented|noted)"
SPEAKER = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+"
ATTRIBUTION = re.compile(rf"[,.\s]*(?:{SAYS}\s+(?P<after>{SPEAKER})|(?P<before>{SPEAKER})\s+"
                         rf"{SAYS}\b)")


def _quote_drafts(article, spans, texts, names, rng) -> Iterable[Draft]:
    """A quote attributed by name right after it ("…,” said Ada Lovelace): the draft rests on
    the sentence that names the speaker, which also closes the quote."""
    people = {n.text for n in names.values() if n.kind == "person" and not n.is_common}
    pool = Pool(people, rng)
    starts = [span.start for span in spans]
    text = article.text
    for quote in QUOTE.finditer(text):
        match = ATTRIBUTION.match(text, quote.end())
        speaker = _clean_name(match.group("after") or match.group("before")) if match else ""
        if speaker not in people:
            continue
        index = bisect.bisect_right(starts, match.end()) - 1
        if index < 0 or speaker not in texts[index]:
            continue
        said = " ".join(quote.group(1).split()[:24]).rstrip(",.;: ")
        stem = f"Who is quoted in the article saying “{said}…”?"
        distractors = pool.pick(speaker, texts[index])
        yield Draft("quote", stem, speaker, tuple(distractors), spans[index], texts[index],
                    TOPICS["quote"])


def _name_drafts(spans, texts, names, rng) -> Iterable[Draft]:
    """A cloze on each name of a sentence; names that would give each other away are sorted
    out by the checks, which keep the first that fits."""
    by_kind: dict[str, list[str]] = {}
    for n in names.values():
        if not n.is_common:
            by_kind.setdefault(n.kind, []).append(n.text)
    pools = {kind: Pool(items, rng) for kind, items in by_kind.items()}
    known_places = Pool(sorted(PLACES), rng)
    for span, text in zip(spans, texts, strict=True):
        if QUOTE.search(text):
            continue
        for name, start, end in names_in(text):
            known = names.get(name)
            if known is None or known.is_common:
                continue
            distractors = pools[known.kind].pick(name, text)
            if len(distractors) < 3 and known.kind == "place":
                # too few places in the article: well-known places, of the same shape first
                distractors += known_places.pick(name, text, 3 - len(distractors), distractors)
            yield Draft("name", _cloze(text, start, end), name, tuple(distractors), span,
                        text, TOPICS["name"])


APPOSITIVE = re.compile(
    r"\b(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*),\s+"
    r"(?P<desc>(?:the|a|an)\s[^,;()]{6,120}?|[A-Z][\w’'-]+’s\s[^,;()]{3,60}?)(?=,|\.$|\))")
REVERSED = re.compile(
    r"(?P<desc>[A-Z][\w’'-]+’s\s(?:founder|chief|leader|head|director|president|chairman|"
    r"owner|editor))\s*,\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+)\s*,")
CLAUSE = re.compile(r"(?<!that)(?<!who)(?<!which)\s(?:is|are|was|were|has|have|had|will|"
                    r"would|can|could|should)\s")


def _definition_drafts(spans, texts, names, rng) -> Iterable[Draft]:
    """From an appositive, "Name, a description," (or "Org’s founder, Name,"): who or what
    the name is. A description with a verb of its own is a clause, not a description."""
    found = []
    for span, text in zip(spans, texts, strict=True):
        for match in [*APPOSITIVE.finditer(text), *REVERSED.finditer(text)]:
            name = _clean_name(match.group("name"))
            known = names.get(name)
            desc = match.group("desc").strip()
            if known is None or len(desc.split()) > 18 or CLAUSE.search(" " + desc + " "):
                continue
            found.append((known, desc, span, text))
    kinds = {k.kind for k, _, _, _ in found}
    same_kind = {kind: Pool([d for k, d, _, _ in found if k.kind == kind], rng) for kind in kinds}
    every = Pool([d for _, d, _, _ in found], rng)
    own = {}
    for k, d, _, _ in found:
        own.setdefault(k.text, []).append(d)
    for known, desc, span, text in found:
        mine = own[known.text]  # another description of the same name is no wrong answer
        distractors = same_kind[known.kind].pick(desc, text, 3, mine)
        distractors += every.pick(desc, text, 3 - len(distractors), [*mine, *distractors])
        who = "Who" if known.kind == "person" else "What"
        stem = f"{who} is {known.text}, according to the article?"
        yield Draft("definition", stem, desc, tuple(distractors), span, text,
                    TOPICS["definition"])


def generate(article: CleanArticle, rng: random.Random) -> Generation:
    """Every draft the article yields, then every check; the survivors keep article order."""
    spans = list(article.sentences)
    texts = [article.text[s.start:s.end] for s in spans]
    names = classify(article)
    candidates = [
        *_figure_drafts(spans, texts, rng),
        *_quote_drafts(article, spans, texts, names, rng),
        *_definition_drafts(spans, texts, names, rng),
        *_name_drafts(spans, texts, names, rng),
    ]
    result = check_all(candidates)
    result.drafts.sort(key=lambda d: (d.sentence.start, d.kind))
    return result


# --- the checks -------------------------------------------------------------------------------


def check_draft(draft: Draft) -> str | None:
    """The first check a draft fails on its own, or None."""
    sentence = normal(draft.sentence_text)
    if not draft.key.strip() or normal(draft.key) not in sentence:
        return "the answer is not stated in its source sentence"
    if len(draft.distractors) < 3:
        return "the article has too few wrong answers of the same kind"
    for distractor in draft.distractors:
        if normal(distractor) == normal(draft.key):
            return f"a wrong answer equals the right one: “{distractor}”"
        if normal(distractor) in sentence:
            return f"the source sentence supports a wrong answer: “{distractor}”"
    if len({normal(c) for c in draft.choices}) < len(draft.choices):
        return "two choices are the same"
    blanks = draft.stem.count(BLANK)
    is_question = draft.stem.rstrip().endswith("?") and re.match(
        r"^(who|what|which|when|where|why|how|in|by|according)\b", draft.stem, re.IGNORECASE)
    if blanks > 1 or (blanks == 0 and not is_question) or (blanks == 1 and "?" in draft.stem[-2:]):
        return "the stem is neither a question nor a sentence with one blank"
    return None


def _ngrams(tokens: tuple[str, ...]) -> Iterable[tuple[str, ...]]:
    for size in range(1, MAX_NGRAM + 1):
        for i in range(len(tokens) - size + 1):
            yield tokens[i:i + size]


def _by_fewest_conflicts(candidates: list[Draft]) -> list[Draft]:
    """Drafts whose answers appear in few other stems, and whose stems hold few other
    answers, go first, so the greedy pass below keeps as many as it can."""
    keys: dict[tuple[str, ...], int] = {}
    grams: dict[tuple[str, ...], int] = {}
    for draft in candidates:
        key = words(draft.key)
        keys[key] = keys.get(key, 0) + 1
        for gram in set(_ngrams(words(draft.stem.replace(BLANK, " ")))):
            grams[gram] = grams.get(gram, 0) + 1

    def conflicts(draft: Draft) -> int:
        held = sum(keys.get(g, 0) for g in set(_ngrams(words(draft.stem.replace(BLANK, " ")))))
        return held + grams.get(words(draft.key), 0)

    return sorted(candidates, key=conflicts)


def check_all(candidates: list[Draft]) -> Generation:
    """Each draft's own checks, then the checks across drafts, greedily, fewest conflicts
    first: a draft is dropped when it asks what an accepted one asks, when its stem states an
    accepted draft's answer, or when its answer is stated in an accepted draft's stem."""
    candidates = _by_fewest_conflicts(candidates)
    result = Generation()
    asked: dict[tuple, int] = {}
    accepted_keys: dict[tuple[str, ...], Draft] = {}
    stem_ngrams: dict[tuple[str, ...], Draft] = {}
    for draft in candidates:
        reason = check_draft(draft)
        stem_tokens = words(draft.stem.replace(BLANK, " "))
        key_tokens = words(draft.key)
        same = (draft.kind, normal(draft.key), draft.sentence.start)
        if reason is None and (same in asked or normal(draft.stem) in asked):
            reason = "asks the same thing as another draft"
        if reason is None:
            for gram in _ngrams(stem_tokens):
                if gram in accepted_keys and len(" ".join(gram)) > 1:
                    other = accepted_keys[gram]
                    reason = f"its question gives away the answer to “{other.stem[:80]}”"
                    break
        if reason is None and key_tokens in stem_ngrams:
            other = stem_ngrams[key_tokens]
            reason = f"its answer is given away by “{other.stem[:80]}”"
        if reason is not None:
            result.rejected.append(Rejected(draft, reason))
            continue
        result.drafts.append(draft)
        asked[same] = 1
        asked[(normal(draft.stem),)] = 1
        asked[normal(draft.stem)] = 1
        if len(key_tokens) <= MAX_NGRAM:
            accepted_keys[key_tokens] = draft
        for gram in _ngrams(stem_tokens):
            stem_ngrams.setdefault(gram, draft)
    return result
