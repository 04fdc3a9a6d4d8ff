"""The names an article uses, each typed (person, organisation, company, university, school,
event, country, city, state, region, people or language, month, weekday) from the shipped
vocabularies, its shape ("… University", "… Agency") and its context ("said", "the founder
of"), with its aliases: a person's surname, an organisation's acronym, a country's other
names. A name whose type cannot be told is left untyped and never asked about."""

import re
from dataclasses import dataclass, field

from app.domain.generation.vocabulary import fold, vocabulary

TOKEN = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w’'&-]*)"
CONNECTOR = r"(?:of|de|del|da|du|van|von|bin|al|for|and|&|on)"
RUN = re.compile(rf"{TOKEN}(?:\s+(?:{CONNECTOR}\s+(?:the\s+)?)?{TOKEN})*")
# Words that open sentences and are no names; any word seen in lower case in the article
# is also no name when it opens a sentence.
OPENERS = set("""a an the but and or so yet it he she they we i you this that these those in on
at by for as if when while still however some many most there its his her their our your what
why how since after before even also then now later here both each every one no not other
another such until though although because during about more few all where who which today
yesterday tomorrow with without from to under over instead meanwhile earlier last next first
my me us them him whose whom sure yes well oh mr mrs ms dr according despite among between
along across around near like unlike just only already perhaps maybe indeed again soon once
back out up down off into onto upon within whether either neither nor than thus hence therefore
ago far rather quite very much less least best worst better worse whereas besides unlike
meanwhile nevertheless nonetheless otherwise likewise""".split())
SAYS = (r"(?:said|says|say|told|tells|added|adds|asked|asks|explained|explains|noted|notes|"
        r"wrote|writes|thinks|believes|feels|wants|agrees|remembers|suggests|hopes|argued|"
        r"argues|warned|warns|insisted|recalled|recalls|described|describes|lamented|"
        r"acknowledged|mentioned|announced|urged|urges|stated|replied|answered|corrects|"
        r"corrected|enjoys|speaks|spoke|lived|lives|was born|is hoping|worries)")
ROLES = (r"(?:Mr|Mrs|Ms|Dr|Prof|Professor|President|Prime Minister|Minister|Senator|Governor|"
         r"Mayor|General|Judge|Chief|Director|Teacher|Coach|Captain|King|Queen|Prince|Princess|"
         r"Pope|Rev|Sir|Dame|Lady|Lord|teacher|actor|actress|author|writer|director|founder|"
         r"manager|minister|official|spokesperson|spokesman|spokeswoman|professor|scientist|"
         r"researcher|engineer|student|leader|chief|head|mayor|governor|senator|president|"
         r"chairman|chairwoman|ceo|coach|player|artist|singer|musician|reporter|editor|expert|"
         r"doctor|nurse|lawyer|economist|analyst|historian|farmer|poet|playwright|composer|"
         r"character|member|owner|executive|adviser|advisor|librarian|councillor|councilor|"
         r"councilman|councilwoman|lawmaker|legislator|commissioner|principal|headteacher|"
         r"pastor|bishop|priest|chef|pilot|astronaut|officer|inspector|firefighter|volunteer|"
         r"activist|organizer|organiser|curator|producer|designer|architect|photographer|"
         r"journalist|correspondent|presenter|attorney|prosecutor|surgeon|physician|"
         r"psychologist|biologist|physicist|chemist|astronomer|geologist|ambassador|diplomat|"
         r"secretary|treasurer|captain|sergeant|detective|lieutenant|colonel|commander)")
# occupations written before a name as a title ("Librarian Tom Okafor"), left out of it
OCCUPATIONS = {w.casefold() for w in re.findall(r"[A-Za-z]+", ROLES)} - {"prime", "mr", "mrs",
                                                                       "ms", "dr", "rev"}
UNIVERSITY_WORDS = {"university", "universities", "college", "polytechnic"}
SCHOOL_WORDS = {"school", "schools", "academy"}
COMPANY_WORDS = {"inc", "corp", "corporation", "ltd", "llc", "company", "co", "holdings",
                 "airlines", "airways", "motors", "technologies", "pharmaceuticals", "labs",
                 "bank", "group", "plc", "ag", "sa", "gmbh"}
ORGANISATION_WORDS = {"agency", "administration", "ministry", "department", "council",
                      "committee", "organization", "organisation", "association", "foundation",
                      "institute", "center", "centre", "commission", "party", "union",
                      "federation", "orchestra", "society", "museum", "court", "congress",
                      "parliament", "senate", "program", "programme", "fund", "laboratory",
                      "service", "office", "bureau", "club", "league", "network", "board",
                      "authority", "police", "army", "navy", "guard", "corps", "team", "band",
                      "choir", "ensemble", "hospital", "library", "church", "initiative",
                      "coalition", "alliance", "movement", "forum", "trust", "observatory",
                      "herald", "times", "post", "journal", "tribune", "gazette", "news", "daily",
                      "chronicle", "guardian", "telegraph", "observer", "radio", "television",
                      "press", "broadcasting", "media"}
REGION_WORDS = {"province", "county", "region", "district", "prefecture", "hemisphere", "state",
                "territory", "island", "islands", "valley", "river", "mountains", "lake", "sea",
                "ocean", "desert", "peninsula", "coast", "bay", "gulf", "city", "village"}
EVENT_WORDS = {"festival", "award", "awards", "prize", "games", "cup", "olympics",
               "conference", "summit", "championship", "championships", "expo", "fair",
               "marathon", "war", "revolution"}
INSTITUTION_WORDS = ORGANISATION_WORDS | UNIVERSITY_WORDS | COMPANY_WORDS | SCHOOL_WORDS
# titles before a name, left out of it
TITLES = (r"(?:Mr|Mrs|Ms|Dr|Prof|Professor|President|Prime Minister|Minister|Senator|Governor|"
          r"Mayor|General|Judge|Teacher|Coach|Captain|King|Queen|Prince|Princess|Pope|Rev|Sir|"
          r"Dame|Lady|Lord|Chairman|Chairwoman|Director|Secretary|Ambassador|Officer|Detective|"
          r"Sergeant|Lieutenant|Colonel|Commander|Chancellor|Premier|Sheikh|Rabbi|Imam|Father|"
          r"Sister|Brother|Saint|Leader|Team Leader|Head|Chief|Spokesman|Spokeswoman|"
          r"Spokesperson|Researcher|Scientist|Engineer|Manager|Deputy|Vice President|CEO)")
GENERIC = (UNIVERSITY_WORDS | SCHOOL_WORDS | COMPANY_WORDS | ORGANISATION_WORDS | REGION_WORDS
           | EVENT_WORDS | {"of", "the", "and", "&", "for", "de", "national", "international",
                            "american", "new", "united", "world", "public", "north", "south",
                            "east", "west", "central", "great", "general", "global"})
COMPANY_CUES = re.compile(r"\b(?:company|companies|firm|firms|maker|makers|drug-makers?|"
                          r"carmaker|automaker|start-up|startup|retailer|brand|giant|"
                          r"corporation|manufacturer|platform)\b", re.IGNORECASE)
ORGANISATION_CUES = re.compile(r"\b(?:agency|group|organi[sz]ation|charity|body|institution|"
                               r"party|newspaper|broadcaster|network|orchestra|nonprofit|"
                               r"non-profit)\b", re.IGNORECASE)
# Nouns that say what kind of thing a name is: "the Delta variant", "a game called Kopkari".
# Names of one kind are wrong answers for each other.
CLASSES = (r"variants?|festivals?|programs?|programmes?|projects?|missions?|holidays?|"
           r"celebrations?|games?|spacecraft|satellites?|telescopes?|rockets?|viruses|virus|"
           r"vaccines?|diseases?|rivers?|mountains?|lakes?|islands?|storms?|hurricanes?|"
           r"typhoons?|cyclones?|laws?|treaties|treaty|agreements?|plans?|newspapers?|"
           r"magazines?|apps?|platforms?|ships?|instruments?|dances?|dishes|dish|songs?|"
           r"albums?|films?|movies?|books?|plays?|operations?")
COMMON_SENTENCES = 3   # a name in more sentences than this is the article's subject

# the types whose names are compared word by word for aliases ("Glyn Collinson", "Leader
# Collinson"): sharing a distinctive word makes two names one
NAMED_TYPES = {"person", "organisation", "company", "university", "school", "event", "planet"}


@dataclass
class Entity:
    name: str
    type: str
    group: str = ""
    aliases: set[str] = field(default_factory=set)   # folded
    sentences: set[int] = field(default_factory=set)

    @property
    def is_common(self) -> bool:
        return len(self.sentences) > COMMON_SENTENCES


@dataclass(frozen=True)
class NameMention:
    text: str
    start: int
    end: int
    entity: Entity


def _plural(token: str, run: int) -> bool:
    """Whether a word opening a sentence alone reads as a plural noun ("Critics say …")."""
    return run == 1 and bool(re.fullmatch(r"[A-Z][a-z]{3,}(?<![su]s)s", token)) and \
        vocabulary().lookup(token) is None


def _runs(sentence: str, lowercase_words: set[str]) -> list[tuple[str, int, int]]:
    """Capitalised runs of a sentence, as (text, start, end): a sentence's first word is
    dropped when it is a common word, a run is cut at "and" or "for" unless what it joins is
    an organisation's or a listed name, and a possessive or final stop is left out."""
    found = []
    for match in RUN.finditer(sentence):
        text, start = match.group(0), match.start()
        tokens = text.split()
        opening = not sentence[:start].strip(" “\"‘'(—–-")
        while tokens and (fold(tokens[0]) in OPENERS or (len(tokens) > 2 and (
                fold(tokens[0]) in OCCUPATIONS or re.fullmatch(r"[A-Z][a-z]{4,}ist", tokens[0])))
                or (
                opening and (fold(tokens[0]) in lowercase_words or tokens[0].endswith("ly") or
                             _plural(tokens[0], len(tokens))))):
            cut = text.index(tokens[0]) + len(tokens[0])
            start += len(text[:cut]) + len(text[cut:]) - len(text[cut:].lstrip())
            text = text[cut:].lstrip()
            tokens = tokens[1:]
            opening = False
        if not tokens:
            continue
        pieces = [text]
        of = re.split(r"\sof\s(?:the\s)?", text, maxsplit=1)
        joined = re.split(r"\s(?:and|&|for|on)\s", text)
        if len(of) == 2 and not {fold(t) for t in of[0].split()} & INSTITUTION_WORDS and \
                {fold(t) for t in of[1].split()} & INSTITUTION_WORDS:
            pieces = of        # "Ana Ruiz of the University of Oslo": a person and a place
        elif len(joined) > 1 and vocabulary().lookup(text) is None and (
                not {fold(tokens[-1])} & INSTITUTION_WORDS or
                {fold(joined[0].split()[-1])} & INSTITUTION_WORDS):
            pieces = joined
        offset = start
        for piece in pieces:
            piece_start = sentence.index(piece, offset)
            offset = piece_start + len(piece)
            clean = re.sub(r"(?:[’']s?|\.)$", "", piece) if not re.fullmatch(
                r"(?:[A-Z]\.)+", piece[-4:].lstrip()) else piece
            clean = re.sub(r"\s+(?:of|de|del|da|du|van|von|bin|al|for|and|&|on)$", "", clean)
            clean = re.sub(rf"^(?:the\s+|{TITLES}\.?\s+)+", "", clean)
            at = piece.find(clean) if clean else -1
            if at >= 0 and not clean.isdigit() and fold(clean) not in OPENERS:
                found.append((clean, piece_start + at, piece_start + at + len(clean)))
    return found


def _initials(name: str) -> str:
    return "".join(t[0] for t in name.split() if t[0].isupper())


class Entities:
    """Every typed name of one article, found by any of its aliases."""

    def __init__(self, sentences: list[str]):
        self.sentences = sentences
        text = " ".join(sentences)
        self.text = text
        lowercase = {w for w in re.findall(r"\b[a-z][\w’'-]*", text)}
        self.mentions: list[list[tuple[str, int, int]]] = [_runs(s, lowercase) for s in
                                                           sentences]
        self.by_alias: dict[str, Entity] = {}
        self.entities: list[Entity] = []
        names: dict[str, list[int]] = {}
        for index, runs in enumerate(self.mentions):
            for name, _, _ in runs:
                names.setdefault(name, []).append(index)
        surnames = self._people(names)
        for name in sorted(names, key=lambda n: -len(n.split())):
            if fold(name) in self.by_alias:
                continue
            kind, group = self._type(name, names, surnames)
            if kind is None:
                continue
            entity = Entity(name, kind, group, {fold(name)})
            if (entry := vocabulary().lookup(name)) is not None:
                entity.aliases |= entry.aliases
            if kind in ("organisation", "company", "university", "school") and \
                    len(_initials(name)) >= 2 and len(name.split()) >= 2:
                entity.aliases.add(fold(_initials(name)))
            if kind == "person" and len(name.split()) >= 2:
                for part in re.sub(r",?\s+Jr\.?$", "", name).split():
                    if surnames.get(part) == name:
                        entity.aliases |= {fold(part), *(fold(f"{t} {part}") for t in
                                                         ("Mr.", "Ms.", "Mrs.", "Dr."))}
            self._add(entity)
        for long, short in re.findall(rf"((?:{TOKEN}\s+)+{TOKEN})\s+\((\w{{2,8}})\)", text):
            entity = self.find(long)
            if entity is not None:
                entity.aliases.add(fold(short))
                self.by_alias.setdefault(fold(short), entity)
        for index, runs in enumerate(self.mentions):
            for name, _, _ in runs:
                if (entity := self.find(name)) is not None:
                    entity.sentences.add(index)

    def _add(self, entity: Entity) -> None:
        self.entities.append(entity)
        for alias in entity.aliases:
            self.by_alias.setdefault(alias, entity)

    def find(self, name: str) -> Entity | None:
        return self.by_alias.get(fold(name))

    def in_sentence(self, index: int) -> list[NameMention]:
        found = []
        for name, start, end in self.mentions[index]:
            if (entity := self.find(name)) is not None:
                found.append(NameMention(name, start, end, entity))
        return found

    def _contexts(self, name: str, indexes: list[int]) -> list[tuple[str, str]]:
        pairs = []
        for index in set(indexes):
            sentence = self.sentences[index]
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence):
                pairs.append((sentence[:match.start()], sentence[match.end():]))
        return pairs

    def _people(self, names: dict[str, list[int]]) -> dict[str, str]:
        """A word of a full name used alone elsewhere in the article (a surname, or a family
        name written first) -> that full name, when only one full name has that word."""
        full: dict[str, list[str]] = {}
        for name in names:
            tokens = re.sub(r",?\s+Jr\.?$", "", name).split()
            if 2 <= len(tokens) <= 3 and all(re.fullmatch(r"[A-Z][a-z’'-]+", t)
                                             for t in tokens):
                for token in {tokens[0], tokens[-1]}:
                    full.setdefault(token, []).append(name)
        alone = {n for n in names if " " not in n}
        return {s: n[0] for s, n in full.items() if len(n) == 1 and (
            s in alone or s == re.sub(r",?\s+Jr\.?$", "", n[0]).split()[-1])}

    def _type(self, name: str, names: dict[str, list[int]], surnames: dict[str, str]):
        """A name's type and vocabulary group, or (None, "") when it cannot be told; `names`
        holds every capitalised run of the article with the sentences it is in."""
        indexes = names[name]
        words = {fold(t) for t in name.split()}
        last = fold(name.split()[-1])
        if (entry := vocabulary().lookup(name)) is not None:
            return entry.type, entry.group
        contexts = self._contexts(name, indexes)
        before = " ".join(b[-40:] for b, _ in contexts)
        if words & UNIVERSITY_WORDS:
            return "university", ""
        if words & SCHOOL_WORDS:
            return "school", ""
        if last in COMPANY_WORDS:
            return "company", ""
        if words & ORGANISATION_WORDS and len(words) > 1:
            return "organisation", ""
        if last in EVENT_WORDS:
            return "event", ""
        if last in REGION_WORDS and len(words) > 1:
            return "region", ""
        tokens = name.split()
        is_personal = all(re.fullmatch(r"[A-Z][a-z’'-]+|Jr\.?", t) for t in tokens) and \
            not words & GENERIC
        said = any(re.match(rf"(?:,\s+who|\s+has|\s+had|\s+also|\s+then)?\s+{SAYS}\b", a)
                   or re.match(rf",\s+[^,]{{2,80}},\s+(?:who\s+)?{SAYS}\b", a)
                   or re.search(rf"\b{SAYS},?\s+$", b) and re.match(r"\s*(?:[,.;]|$)", a)
                   for b, a in contexts)
        titled = any(re.search(rf"\b{ROLES}\.?,?\s+(?:the\s+)?$", b) for b, _ in contexts) or \
            any(re.match(rf",\s+(?:a|an|the|[A-Z][\w-]*[’']s)\s+(?:[\w-]+\s+){{0,3}}{ROLES}\b",
                         a) or re.match(r",\s+who\s", a)      # "Ana Ruiz, who is …"
                for _, a in contexts) or any(re.match(rf"\s+is\s+(?:a|an|the)\s+(?:[\w-]+\s+)"
                                                      rf"{{0,3}}{ROLES}\b", a)
                                             for _, a in contexts)
        if is_personal and 2 <= len([t for t in tokens if not t.startswith("Jr")]) <= 3 and (
                said or titled or surnames.get(tokens[-1]) == name and tokens[-1] in names
                and vocabulary().lookup(tokens[-1]) is None):
            return "person", ""
        if is_personal and len(tokens) == 1 and (said or titled) and name not in surnames:
            return "person", ""
        described = [re.match(r",\s+(?:a|an|the)\s+(?P<nouns>(?:[\w-]+\s+){0,3}[\w-]+)", a)
                     for _, a in contexts]       # "Lumo, a Swedish start-up, said"
        nouns = {w.casefold() for m in described if m is not None
                 for w in m.group("nouns").split()}
        if COMPANY_CUES.search(before[-25:]) or nouns & {"company", "firm", "maker",
                                                          "start-up", "startup"}:
            return "company", ""
        if (ORGANISATION_CUES.search(before[-15:]) or nouns & {"group", "organization",
                                                                "organisation", "agency",
                                                                "charity", "institute"}) and \
                re.fullmatch(r"[A-Z]{2,6}", name) is None:
            return "organisation", ""
        for b, a in contexts:  # "the Delta variant", "the festival, known as Holi"
            if (named := re.match(rf"\s({CLASSES})\b", a)) or (named := re.search(
                    rf"\b({CLASSES})(?:,?\s(?:called|named|known as))\s$", b)):
                noun = named.group(1).lower()
                if noun.endswith("s") and not noun.endswith(("us", "ss")):
                    noun = noun[:-3] + "y" if noun.endswith("ies") else re.sub(
                        r"(?:(?<=[sxh])es|s)$", "", noun)
                return f"named {noun}", ""
        return None, ""


def distinctive(name: str) -> set[str]:
    """The words of a name that tell it apart ("Collinson", "Pfizer" of "Pfizer-BioNTech")."""
    return {fold(t) for t in re.split(r"[\s/-]+", name) if len(t) >= 3 and t[0].isupper()} \
        - GENERIC


def is_alias(a: str, b: str, kind: str, entities: Entities | None = None) -> bool:
    """Whether two answers name the same thing: the same words (case, "the", stops and
    possessives aside), one thing in the vocabularies or the article, one the acronym of the
    other, or, for people and organisations, a distinctive word in common."""
    fa, fb = fold(a), fold(b)
    if fa == fb or vocabulary().same_thing(a, b):
        return True
    numbers = [re.sub(r"[,\s]", "", x) for x in (fa, fb)]
    if all(re.fullmatch(r"\d+(?:\.\d+)?", n) for n in numbers):
        return float(numbers[0]) == float(numbers[1])   # "1,990" and "1990"
    if entities is not None:
        first, second = entities.find(a), entities.find(b)
        if first is not None and first is second:
            return True
    if fold(_initials(a)) == fb.replace(" ", "") or fold(_initials(b)) == fa.replace(" ", ""):
        return len(fa) > 1 and len(fb) > 1 and (" " in a or " " in b)
    if kind in NAMED_TYPES:
        return bool(distinctive(a) & distinctive(b))
    return False
