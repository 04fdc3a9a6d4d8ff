"""Just enough English grammar to turn a news sentence into a question in natural word order:
find its subject and finite verb, and move the asked-for phrase to the front with the
auxiliary before the subject ("Voyager 2 entered interstellar space in 2018." -> "In which
year did Voyager 2 enter interstellar space?"). A verb with no auxiliary takes "do" and its
base form, from a table of irregular verbs and the spelling rules of regular ones. Small
rules for news English, no tagger: where a sentence does not fit them, `ask` returns None
and no question is drafted from it."""

import re
from dataclasses import dataclass

from app.domain.generation.entities import OCCUPATIONS

AUXILIARIES = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "can",
               "could", "should", "may", "might", "must", "does", "do", "did"}
BE = {"is", "are", "was", "were"}
HAVE = {"has", "have", "had"}
# past tense and past participle -> base form: the irregular verbs, then the regular ones whose
# base the spelling rules of "-ed" would get wrong (focused, visited, opened, honored)
IRREGULAR = {}
PAST_ONLY = {"was", "were"}
for _line in """arise arose arisen|awake awoke awoken|be was were been|bear bore borne|
beat beat beaten|become became become|begin began begun|bend bent|bet bet|bind bound|
bite bit bitten|bleed bled|blow blew blown|break broke broken|breed bred|bring brought|
broadcast broadcast|build built|
burn burnt|burst burst|buy bought|catch caught|choose chose chosen|cling clung|come came come|
cost cost|creep crept|cut cut|deal dealt|dig dug|do did done|draw drew drawn|dream dreamt|
drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen|feed fed|feel felt|
fight fought|find found|flee fled|fly flew flown|forbid forbade forbidden|forecast forecast|
forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|get got gotten|
give gave given|go went gone|grind ground|grow grew grown|hang hung|have had|hear heard|
hide hid hidden|hit hit|hold held|hurt hurt|keep kept|kneel knelt|know knew known|lay laid|
lead led|lean leant|leap leapt|learn learnt|leave left|lend lent|let let|lie lay lain|
light lit|lose lost|make made|mean meant|meet met|mislead misled|overcome overcame overcome|
pay paid|prove proved proven|put put|quit quit|read read|rebuild rebuilt|ride rode ridden|
ring rang rung|rise rose risen|run ran run|say said|see saw seen|seek sought|sell sold|
send sent|set set|sew sewed sewn|shake shook shaken|shed shed|shine shone|shoot shot|
show showed shown|shrink shrank shrunk|shut shut|sing sang sung|sink sank sunk|sit sat|
sleep slept|slide slid|speak spoke spoken|speed sped|spend spent|spin spun|spit spat|
split split|spread spread|spring sprang sprung|stand stood|steal stole stolen|stick stuck|
sting stung|strike struck|strive strove striven|swear swore sworn|sweep swept|swim swam swum|
swing swung|take took taken|teach taught|tear tore torn|tell told|think thought|throw threw thrown|
understand understood|undertake undertook undertaken|upset upset|wake woke woken|wear wore worn|
weave wove woven|weep wept|win won|wind wound|withdraw withdrew withdrawn|write wrote written|
create created|
focus focused|bias biased|benefit benefited|pivot pivoted|target targeted|budget budgeted|
add added|visit visited|edit edited|limit limited|credit credited|exhibit exhibited|
open opened|happen happened|develop developed|travel traveled travelled|cancel canceled cancelled|
label labeled labelled|model modeled modelled|signal signaled signalled|total totaled totalled|
fuel fueled fuelled|honor honored|monitor monitored|sponsor sponsored|favor favored|
mirror mirrored|author authored|tailor tailored|color colored|anchor anchored|mentor mentored|
labor labored|censor censored|factor factored|weather weathered|gallop galloped""".split("|"):
    _base, *_forms = _line.split()
    for _form in _forms:
        IRREGULAR.setdefault(_form, _base)
    if len(_forms) == 2 and _forms[0] != _forms[1]:
        PAST_ONLY.add(_forms[0])         # "fell", never a participle: "fell by three meters"
NOT_VERBS = {"its", "this", "his", "hers", "theirs", "ours", "yours", "as", "us", "is", "was",
             "has", "news", "always", "perhaps", "plus", "across", "less", "unless", "thus",
             "various", "famous", "previous", "serious", "series", "species", "besides",
             "whereas", "towards", "afterwards", "sometimes", "nowadays", "bus", "gas", "bias",
             "needed", "red", "bed", "hundred", "kindred", "shed", "sacred", "speed", "seed",
             "feed", "need", "weed", "breed", "greed", "creed", "embed", "naked", "wicked",
             "beloved", "aged", "learned", "rugged", "ragged", "jagged", "dogged", "wretched"}
DETERMINERS = {"the", "a", "an", "its", "his", "her", "their", "our", "your", "my", "this",
               "that", "these", "those", "some", "many", "most", "each", "every", "no", "any",
               "two", "three", "four", "five", "several", "few", "more", "other", "such"}
FUNCTION = {"in", "on", "at", "by", "for", "from", "with", "of", "to", "into", "about", "over",
            "under", "after", "before", "during", "since", "until", "and", "or", "but", "who",
            "which", "that", "whose", "where", "when", "as", "than", "like", "also", "not",
            "only", "even", "just", "still", "now", "then", "often", "all", "both", "around",
            "across", "through", "between", "among", "without", "within", "along", "near",
            "central", "including", "against", "toward", "towards", "because", "so", "if"}
ADVERBS = re.compile(r"(?:also|already|still|just|now|then|often|never|always|recently|first|"
                     r"once|later|currently|usually|sometimes|finally|even|only|soon|again|"
                     r"\w+ly)$")
PREPOSITIONS = {"in", "on", "at", "by", "for", "from", "with", "to", "into", "since", "until",
                "during", "after", "before", "over", "under", "about", "around", "across",
                "through", "between", "among", "within", "throughout", "near", "toward",
                "towards", "against"}
# where a question cannot reach past: a relative or subordinate clause, a second verb
ISLAND = re.compile(r"[;:–—()]|,\s(?![a-z]+(?:,|\sand\s))|\b(?:who|whom|whose|which|that|where|"
                    r"when|because|so|if|while|although|though|than|whether|unless|until|is|"
                    r"are|was|were|has|have|had|will|would|can|could)\b")
SUBORDINATORS = {"after", "before", "when", "while", "if", "as", "because", "although",
                 "though", "since", "until", "unless", "once", "whether"}
# what trails after a clause in a clause of its own, or as an aside
TAIL = re.compile(r";\s|\s[–—]\s"
                  r"|,\s(?:including|with|which|who|where|when|as|after|before|while|but|and|"
                  r"so|according|known|called|meaning|citing)\b"
                  r"|\sand\s(?=(?:then|also|sometimes|later|now|still)\s[a-z]+|[a-z]+ed\s)"
                  r"|\s(?:but|while|whereas|although|because)\s"
                  r"|,\s(?:and\s)?(?:the|a|an|its|their|his|her)\s\w+(?:\s\w+)?\s(?:is|are|was|"
                  r"were|has|have|had|will|can)\b"
                  r"|\sand\s(?:the|a|an|its|their)\s\w+(?:\s\w+)?\s(?:is|are|was|were|has|have|"
                  r"had|will|can)\b")
WORD = re.compile(r"[A-Za-z][\w’'.-]*[\w’']|[A-Za-z]|\d[\d,.]*\d|\d|[^\w\s]")
# "NASA said in a statement that …", "The head of the agency says …": who a clause is told by
ATTRIBUTION = re.compile(r"(?P<who>(?:[A-Z][\w’'.-]*\s){0,4}[A-Z][\w’'.-]*(?:\s(?:of|at|from)\s"
                         r"(?:the\s)?[A-Z][\w’'.-]*(?:\s(?:of\s|for\s|and\s)?[A-Z][\w’'.-]*){0,4})?"
                         r"|[Tt]he\s[a-z]"
                         r"[^,]{0,50}?|[Oo]fficials|[Ss]cientists|[Ee]xperts|[Rr]esearchers)\s"
                         r"(?:has\s|have\s|had\s)?(?:said|says|reported|announced|noted|found|"
                         r"estimated|believes)(?:\s(?:in|on|at|during|last|this)\s(?:a\s|an\s|"
                         r"the\s)?\w+(?:\s(?:in|on)\s\w+)?)?\s(?:that\s)?(?=[A-Za-z\d])"
                         r"(?!(?:so|yes|no|nothing|goodbye|hello|little|much)\b)")
# "…, MacroPolo found.": the same, after the clause
LATE_ATTRIBUTION = re.compile(r",\s(?P<who>(?:Mr\.\s|Ms\.\s|Dr\.\s)?[A-Z][\w’'.-]*(?:\s[A-Z]"
                              r"[\w’'.-]*){0,3})\s(?:said|says|found|discovered|reported|noted|"
                              r"added|acknowledged|explained|wrote)\.?$")
# "Ana Ruiz, a teacher at Lund University, built …": Ana Ruiz built …
APPOSITION = re.compile(r"^(?!(?:In|On|At|By|During|After|Before|Since|For|From|Until|Last|"
                        r"This|Next|Unlike|Like|As|When|While|Here|There)\s)"
                        r"((?:[A-Z][\w’'.-]*\s?)+),\s(?:a|an|the|[A-Z][\w-]*[’']s)\s[^,]{1,60},"
                        r"\s")   # not a fronted phrase: "In May, the concert in Oslo, …"
# "the virus, the one that causes it, will …": an aside after a noun, left out of a question
ASIDE = re.compile(r",\s(?:the|a|an)\s[^,]{1,60},\s")
# a name one of two joined by "and" may be asked beside: "Jupiter and Saturn"
PAIRED = r"(?:the\s)?[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,3}"
BOUNDS = (r"about|around|nearly|almost|some|roughly|approximately|over|more than|fewer than|"
          r"less than|at least|up to|only|just over|just under|close to")
FRONT = re.compile(r"^(?P<adv>(?:In|On|At|By|During|After|Before|Since|For|From|Throughout|Until|"
                   r"Around|Along with|Under|Over|Last|This|Next|Today|Yesterday|Earlier|"
                   r"Here|There|Back|Outside|Inside|Within|Across|Like|Unlike|Despite|With|"
                   r"Without|Of|Among|As of|When|While|Once|Although|Though|Because|If|As)\b"
                   r"(?:[^,]|,\s(?=[A-Z]\.[A-Z]))"
                   r"{0,60}),\s")


def base_form(verb: str) -> str:
    """A verb's base form from its past ("-ed" or irregular) or third-person form."""
    lower = verb.casefold()
    if lower in IRREGULAR:
        return IRREGULAR[lower]
    if lower.endswith("ed"):
        return _regular_base(lower)
    if re.search(r"(?:ss|sh|ch|x|z|o)es$", lower):
        return lower[:-2]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    return lower[:-1] if lower.endswith("s") else lower


def _regular_base(verb: str) -> str:
    """The base of a regular past: studied -> study, stopped -> stop, hoped -> hope,
    launched -> launch, announced -> announce, entered -> enter."""
    if verb.endswith("ied"):
        return verb[:-1] if len(verb) <= 4 else verb[:-3] + "y"
    if verb.endswith("eed"):
        return verb[:-1]
    stem = verb[:-2]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] in "bdgmnprtz":
        return stem[:-1]
    if stem.endswith("ll") and len(stem) >= 7 and stem[-3] in "eo":
        return stem[:-1]                                   # controlled, compelled
    if re.search(r"(?:[cvzu]|[aeiou]g|ang|[rd]g|[nrlp]s|[aeiou][aeiou]s|[^aeiourl]l)$", stem):
        return stem + "e"                                  # announce, arrive, change, use
    if re.search(r"[aeiou]{2}\w$|[^aeiou][^aeiouy]$|[wxyh]$", stem):
        return stem                                        # reach, appear, launch, play
    if re.search(r"(?:er|en|el|al|ow)$", stem) or re.search(r"on$", stem) and len(stem) > 4:
        return stem                                        # enter, open, travel, mention
    if re.search(r"(?:et)$", stem):
        return stem + "e" if re.search(r"[lp]et$", stem) else stem   # complete; target
    if re.search(r"it$", stem):
        return stem + "e" if re.search(r"[vnc]it$", stem) else stem  # invite; visit
    if re.search(r"op$", stem) and len(stem) > 6:
        return stem                                        # develop
    if re.search(r"or$", stem):
        return stem + "e" if re.search(r"(?:pl|st|gn|sc|sn)or$", stem) or len(stem) <= 4 \
            else stem                                      # explore; honor
    return stem + "e"                                      # hope, name, decide, state, rule


@dataclass(frozen=True)
class Clause:
    front: str          # fronted adverbials, each with its comma: "In 2013, "
    body: int           # where the subject starts
    subject_end: int
    auxiliary: str      # as written ("has", "is"), or the "do" a bare verb takes
    verb: str           # adverbs and the main verb as a question has them ("also enter")
    rest: int           # where what follows the verb starts


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)]


def _is_past(word: str) -> bool:
    lower = word.casefold()
    return (lower in IRREGULAR and lower not in ("put", "set", "cut", "read", "let", "hit",
                                                   "cost", "hurt", "quit", "shut", "spread")
            ) or (lower.endswith("ed") and len(lower) > 3 and lower not in NOT_VERBS)


def _is_participle(word: str) -> bool:
    lower = word.casefold()
    return lower in IRREGULAR or lower == "been" or (lower.endswith("ed") and len(lower) > 3
                                                     and lower not in NOT_VERBS)


def _noun_before(tokens, i: int) -> tuple[str, str]:
    """The word before token i that is not an adverb, and the word before that."""
    j = i - 1
    while j > 0 and ADVERBS.match(tokens[j][0].casefold()):
        j -= 1
    return tokens[j][0], tokens[j - 1][0].casefold() if j >= 1 else ""


def _is_plural(word: str) -> bool:
    lower = word.casefold()
    return lower in ("people", "children", "men", "women") or (
        lower.endswith("s") and not lower.endswith(("ss", "us", "is", "’s", "'s"))
        and lower not in NOT_VERBS | FUNCTION and word[0].islower())


def _is_verb(tokens, i: int, after_name: bool) -> bool:
    """Whether token i is the finite verb after a subject: an auxiliary, a past form (not
    a participle after "by" or an auxiliary), a third-person "-s" after a name or after a
    singular noun, or a bare verb after a plural noun ("Many scientists believe").
    `after_name`: the token comes right after the name (and its apposition) opening the
    clause, where any verb form is the verb."""
    word, lower, previous = tokens[i][0], tokens[i][0].casefold(), tokens[i - 1][0]
    if word[0].isupper() or previous.casefold() in DETERMINERS or not word[0].isalpha():
        return False
    if lower in AUXILIARIES:
        return True
    following = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    if _is_past(word):
        return previous.casefold() not in AUXILIARIES and (
            following != "by" or lower in PAST_ONLY)   # not "the pill approved by …"
    if lower in FUNCTION or lower in NOT_VERBS or ADVERBS.match(lower):
        return False
    noun, before = _noun_before(tokens, i)
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous")):
        if following.casefold() in AUXILIARIES or _is_past(following):
            return False                  # "Las Fallas celebrations began": a noun
        return after_name or noun[0].isupper() or noun[0].isdigit() or noun == "," or (
            tokens[0][0].casefold() in DETERMINERS and not noun.endswith("s")
            and noun.casefold() not in FUNCTION and before not in PREPOSITIONS)
    return _is_plural(noun) and before not in PREPOSITIONS


def parse(text: str, names=()) -> Clause | None:
    """The clause's parts, or None when its subject and finite verb cannot be told.
    `names` are the spans of names in `text`: a clause opening with one has it as subject."""
    text = _unstopped(text)
    front_end = 0
    while (found := FRONT.match(text[front_end:])) is not None:
        front_end += found.end()
    tokens = [t for t in _tokens(text) if t[1] >= front_end]
    if len(tokens) < 3 or tokens[0][0].casefold() in SUBORDINATORS:
        return None
    name_end = next((end for start, end in names if start == front_end or (
        text[front_end:start] in ("The ", "the ")) or re.fullmatch(
            r"[A-Z][a-z]+\s", text[front_end:start]) and text[front_end:start].strip().casefold()
        in OCCUPATIONS), None)                        # "Librarian Tom Okafor said"
    if name_end is not None and text[name_end:name_end + 2] == ", ":
        close = text.find(", ", name_end + 2)   # "Ana Ruiz, a teacher, said"
        name_end = close + 1 if 0 < close - name_end < 90 else name_end
    verb_at = None
    for i in range(1, min(len(tokens), 16)):
        if name_end is not None and tokens[i][1] < name_end:
            continue
        if tokens[i - 1][0].casefold() in ("who", "which", "that", "whose") or tokens[i - 1][0] \
                == "," and tokens[i][0] in ("who", "which", "whose", "where", "when"):
            return None                     # a relative clause in the subject: not told apart
        first = name_end is not None and text[name_end:tokens[i][1]].strip() in ("", ",")
        if _is_verb(tokens, i, first):
            verb_at = i
            break
    if verb_at is None:
        return None
    word, start, end = tokens[verb_at]
    subject = text[front_end:start].strip()
    if not subject or len(subject.split()) > 14:
        return None
    subject_end = front_end + len(text[front_end:start].rstrip())
    lower = word.casefold()
    if lower not in AUXILIARIES:
        auxiliary = "did" if _is_past(word) else "does" if lower.endswith("s") else "do"
        return Clause(text[:front_end], front_end, subject_end, auxiliary, base_form(word), end)
    gap = re.match(r"(?:\s(?:not|also|already|still|just|now|then|often|never|always|"
                   r"recently|first|once|currently|usually|sometimes|finally|even|only|"
                   r"\w+ly)\b)*", text[end:])
    after = end + gap.end()
    main = re.match(r"\s([a-z][\w’'-]*)", text[after:])
    if lower in HAVE and not (main and _is_participle(main.group(1))):
        auxiliary = {"has": "does", "have": "do", "had": "did"}[lower]
        return Clause(text[:front_end], front_end, subject_end, auxiliary, "have", end)
    adverbs = text[end:after].strip()
    if main is not None and (lower not in BE or main.group(1).endswith("ing")
                             or _is_participle(main.group(1))):
        verb = f"{adverbs} {main.group(1)}".strip()
        return Clause(text[:front_end], front_end, subject_end, word, verb,
                      after + main.end())
    return Clause(text[:front_end], front_end, subject_end, word, adverbs, after)


def cut_tail(text: str, after: int = 0) -> str:
    """The clause without its stop, and without what trails after `after` in a clause of
    its own: ", including …", ", which …", " but …", "… and the statues are …"."""
    text = _unstopped(text)
    tail = TAIL.search(text, after)
    return text[:tail.start()] if tail is not None else text


def _unstopped(text: str) -> str:
    """The clause without its final stop; the stop of "D.C." or "U.S." stays."""
    text = text.rstrip(" !")
    return text if re.search(r"\b[A-Z]\.[A-Z]\.$", text) else text.rstrip(" .")


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,?])", r"\1", re.sub(r"\s{2,}", " ", text))
    return re.sub(r",\s*\?", "?", text).strip()


def _capital(text: str) -> str:
    return text[0].upper() + text[1:]


def subject_of(text: str, clause: Clause, names) -> str:
    """The subject as it stands after the auxiliary: in lower case unless a name, without
    an aside between dashes or brackets, or a description after a name."""
    subject = text[clause.body:clause.subject_end]
    subject = re.sub(r"\s[–—]\s[^–—A-Z]{1,60}\s[–—]|\s\([^)]{1,60}\)", "", subject)
    subject = re.sub(r"^((?:[A-Z][\w’'.-]*\s?)+),\s(?:a|an|the|[A-Z][\w-]*[’']s)\s[^,]{1,60},$",
                     r"\1", subject)                 # "Tom Birch, a fisherman," is Tom Birch
    named = re.sub(r"^(?:the|The|[A-Z][\w-]*[’']s)\s[a-z][^,]{0,40},\s((?:[A-Z][\w’'.-]*\s?)+),$",
                   r"\1", subject)                   # "The teacher, Marjan," is Marjan
    if named != subject:
        return named
    if not subject.startswith("The ") and (any(start == clause.body for start, _ in names) or
                                           clause.body > 0 and subject[:1].isupper() or
                                           re.match(r"[A-Z][\w’'.-]*\s[A-Z0-9]|[A-Z][\w’'.-]*"
                                                    r"[A-Z]", subject)):
        return subject
    return subject[0].lower() + subject[1:]


def _based(rest: str) -> str:
    """A second verb joined by "and" in its base form, after "did" or "does": "… double in
    size and become …"."""
    return re.sub(r"(\sand\s)([a-z]+)\b", lambda m: m.group(1) + (
        base_form(m.group(2)) if _is_past(m.group(2)) or re.fullmatch(r"[a-z]+[^s]s", m.group(2))
        and m.group(2) not in NOT_VERBS else m.group(2)), rest, count=1)


def ask(text: str, start: int, end: int, wh: str, names=(), lead: int = 0) -> str | None:
    """`text` (a clause) as a question asking for text[start:end], the wh-phrase `wh`
    ("which year", "how many", "who") taking its place at the front: with its preposition
    ("In which year did …?"), with the noun a count counts ("How many vaccines did …?"), or
    as the subject ("Who founded …?"). `lead` extends the asked-for phrase back over words
    that go with it ("the previous five months"). None when the sentence does not fit: the
    answer is one of two joined by "and", inside a relative or second clause, or after "of"."""
    whole = parse(text, names)
    if whole is None:
        return None
    text = cut_tail(text, max(end, whole.rest))   # what trails after the verb and answer
    clause = parse(text, names)
    if clause is None:
        return None
    start -= lead
    besides = ""
    if wh.startswith(("which", "who")):        # one of two names: "Jupiter and Saturn"
        later = re.match(rf"\sand\s({PAIRED})(?![\w’'-]|,\s[A-Z]|\s(?:and|or)\s)", text[end:])
        earlier = re.search(rf"(?<!,\s)(?:^|(?<=\s))({PAIRED})\sand\s$", text[:start])
        if later is not None and not re.search(r",\s$", text[:start]):
            besides = later.group(1)
            text = text[:end] + text[end + later.end():]
        elif earlier is not None:
            besides = earlier.group(1)
            cut = start - earlier.start()
            text, start, end = text[:earlier.start()] + text[start:], earlier.start(), end - cut
        if besides:
            clause = parse(text, [(a, b) for a, b in names if b <= start or a >= end])
            if clause is None:
                return None
            wh = f"{wh}, along with {besides},"     # "Which planet, along with Saturn, …"
    if re.match(r"\s(?:and|or)\s|,\s[^,]{1,30},?\s(?:and|or)\s", text[end:]) or re.search(
            r"(?:\s(?:and|or)|,)\s$", text[:start]) and start != clause.body or re.match(
            r"[’']s?\b", text[end:]):
        return None             # one of three (not the subject after a fronted phrase); "X’s"
    if start >= clause.body and end <= clause.subject_end:       # the answer is the subject
        before, after = text[clause.body:start], text[end:clause.subject_end]
        after = re.sub(r",\s[^,]+,?$", "", after)   # ", who is proud," or ", the oud," goes
        descriptor = re.fullmatch(r"(?:(?:the|The)\s)?((?:[A-Z][\w-]*\s)?[a-z][\w-]*)\s",
                                  before)
        bound = re.fullmatch(rf"(?:{BOUNDS})\s", before, re.IGNORECASE)
        if bound is not None and wh.startswith("how"):
            phrase = before.casefold() + wh         # "About how many people attended …?"
        elif before and (descriptor is None or not wh.startswith("which")
                         or descriptor.group(1).split()[-1] in FUNCTION):
            return None
        else:
            phrase = f"which {descriptor.group(1)}" if before else wh
        rest = ASIDE.sub(" ", text[clause.subject_end:])
        return _capital(_tidy(f"{clause.front}{phrase}{after} {rest}?"))
    if start < clause.body:                                      # in a fronted adverbial
        parts = [m for m in re.finditer(r"(?:[^,]|,\s(?=[A-Z]\.))+(?:,\s|$)", clause.front)]
        held = [m for m in parts if m.start() <= start < m.end()]
        if not held or not re.fullmatch(r"(?:[A-Z][a-z]+\s(?:[a-z]+\s)?)?(?:In|On|By|During|"
                                        r"Since|Until|Before|After|At|From|in|on|by)\s"
                                        r"(?:the\s)?", text[held[0].start():start]):
            return None
        wh_phrase = text[held[0].start():start] + wh + text[end:held[0].end()].rstrip(", ")
        front = "".join(m.group(0) for m in parts if m is not held[0])
        rest = text[clause.rest:]
    else:                                                        # after the verb
        bound = re.search(rf"(?:^|\s)({BOUNDS})\s$", text[clause.rest:start])
        if bound is not None and wh.startswith("how"):    # "from about 24 billion km"
            start, wh = clause.rest + bound.start(1), f"{bound.group(1)} {wh}"
        between = text[clause.rest:start]
        if clause.rest > start or ISLAND.search(between) or text[end:].startswith(", ") or \
                _second_clause(between, clause.auxiliary == "did"):
            return None                          # "on Tuesday, March 19": one of two
        np_end = end
        if wh.endswith("percentage") and (share := re.match(r"\sof\s(?:the\s|its\s|their\s)?"
                                                            r"[a-z][\w-]*", text[end:])):
            np_end = end + share.end()        # "what percentage of the money"
        if wh.split()[-2:] == ["how", "many"]:
            np_end = counted_end(text, end)
            if np_end is None or re.match(r"\s(?:and|or)\s", text[np_end:]):
                return None
        the = re.search(r"(?:^|\s)the\s$", between)
        moved = start - (len(the.group(0)) - 1 if the and the.group(0).startswith(" ")
                         else len(the.group(0)) if the else 0)
        prep = re.search(r"(?:^|\s)([a-z]+)\s$", text[clause.rest:moved])
        if prep is not None and (prep.group(1) == "of" or prep.group(1) == "from" and
                                 wh.endswith("how many")):
            return None              # "the founder of which group", "from how many km away"
        if prep is not None and prep.group(1) in PREPOSITIONS:
            moved = clause.rest + prep.start(1)
            wh_phrase = f"{prep.group(1)} {wh}{text[end:np_end]}"
        elif text[clause.rest:moved].strip() and (prep is None or prep.group(1) not in
                                                  DETERMINERS) and not re.search(
                r"\bto\s[a-z]+\s$", text[clause.rest:moved]):   # "designed to explore X"
            return None                  # inside a phrase: "a study involving 100 people"
        else:
            wh_phrase = f"{wh}{text[end:np_end]}"
        front = clause.front
        rest = text[clause.rest:moved] + text[np_end:]
    rest = ASIDE.sub(" ", rest)
    if clause.auxiliary in ("did", "does", "do"):
        rest = _based(rest)
    subject = subject_of(text, clause, names)
    question = f"{front}{wh_phrase} {clause.auxiliary} {subject} {clause.verb}{rest}?"
    return _capital(_tidy(question))


def _second_clause(between: str, past: bool) -> bool:
    """Whether "and" or "or" starts a second clause before the answer ("… and she said it
    was in 2019"): not when it joins names or things ("Uranus and the sun"), nor, after a
    past verb, a second past verb ("doubled in size and became …")."""
    for joined in re.finditer(r"\b(?:and|or)\s(\S+)", between):
        word = joined.group(1)
        if not (word[0].isupper() or word[0].isdigit() or word in DETERMINERS or
                past and _is_past(word)):
            return True
    return False


STOPS = "|".join(sorted(PREPOSITIONS | {"of", "and", "or", "that", "who", "which", "as",
                                         "than", "more", "times", "along", "per", "the", "a"}))


def counted_end(text: str, end: int) -> int | None:
    """Where the noun a count counts ends ("two highly effective vaccines", "4,000 variants
    of the virus"); None for a ratio ("four times as many")."""
    noun = re.match(rf"(?:\s(?!(?:{STOPS})\b)[a-z][\w-]*){{1,3}}(?:\sof\s(?:the\s)?[a-z]"
                    rf"[\w-]*(?:\s(?!(?:{STOPS})\b)[a-z][\w-]*)?(?:\s(?:that|which|who)\s[^,]+)?)?",
                    text[end:])
    if noun is None or re.match(r"\s(?:as|more|times)\b", text[end + noun.end():]):
        return None
    return end + noun.end()
