"""The bank lint: item-writing flaws a test-wise learner could exploit, found in the text alone.

`lint(questions)` takes a bank's questions (parsed `QuestionContent`s or the raw dicts of the bank
file) and returns findings, each naming its question(s) and its rule. Every rule is a small
function over all the questions, explained in its docstring; none reads the article, so each
can only see what a learner sees on the attempt page. A question's `type` is `single` (the
default), `multiple` or `truefalse`; rules about options' form skip true/false questions, and
two rules are for the new types' own shapes: a multiple-answer question's weights must not
reward ticking every box, and a true/false stem states a claim.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.content import ChoiceContent, percent_text, read_fraction, stated_counts


@dataclass(frozen=True)
class Finding:
    rule: str
    keys: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return f"{self.rule} [{', '.join(self.keys)}]: {self.message}"


@dataclass(frozen=True)
class _Item:
    key: str
    type: str
    stem: str
    choices: tuple[ChoiceContent, ...]

    @property
    def right(self) -> list[ChoiceContent]:
        return [c for c in self.choices if c.is_correct]

    @property
    def wrong(self) -> list[ChoiceContent]:
        return [c for c in self.choices if not c.is_correct]


def _item(question: Any) -> _Item:
    """A QuestionContent or a raw question dict, in the one shape the rules read."""
    if isinstance(question, Mapping):
        raw = question.get("choices")
        choices = tuple(
            ChoiceContent(text=str(c.get("text") or "").strip(),
                          is_correct=c.get("correct") is True,
                          rationale=str(c.get("rationale") or "").strip(),
                          fraction=read_fraction(c.get("fraction")))
            for c in (raw if isinstance(raw, list) else []) if isinstance(c, Mapping))
        return _Item(str(question.get("key") or ""), question.get("type") or "single",
                     str(question.get("stem") or "").strip(), choices)
    return _Item(question.key, question.type, question.stem, tuple(question.choices))


def lint(questions: Iterable[Any]) -> list[Finding]:
    items = [_item(q) for q in questions]
    return [finding for rule in RULES for finding in rule(items)]


# --- words -------------------------------------------------------------------------------

_STOP = frozenset("""
a about after all also an and any are as at be been before being but by can could did do does
even for from had has have he her his how if in into is it its just many may might more most
much must no not now of on one only or other over own she should so some still such than that
the their them then there these they this those to too under up very was were what when where
which while who whom why will with would yet you your article articles according say says said
""".split())


def _words(text: str) -> list[str]:
    """Lower-case words, possessives dropped and plurals folded ("schools" -> "school")."""
    words = []
    for word in re.findall(r"[a-z0-9]+(?:[.,'’][a-z0-9]+)*", text.lower()):
        word = re.sub(r"['’]s$", "", word)
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append(word)
    return words


def _content(text: str) -> set[str]:
    return {w for w in _words(text) if w not in _STOP}


# --- the rules ---------------------------------------------------------------------------

def answers_another(items: list[_Item]) -> list[Finding]:
    """A key's distinctive words in another question's stem: one question answers another.

    An option's distinctive words are its content words that neither its own stem nor any
    option on the other side (right against wrong) contains: what tells it apart. Another stem
    echoes an option when it speaks of the same thing (shares a content word with this
    question's stem) and holds at least half of the option's distinctive words. A question
    is flagged when another stem echoes one of its right options while no stem echoes any
    of its wrong ones, since then the echo points at one answer. A year that another stem
    merely mentions ("In 2020, how many ...") is no echo of "In what year did the crackdown
    begin?". True/false questions have no answer words to give away, but their stems, which
    state a claim, are read like any other."""
    stems = [(item.key, _content(item.stem)) for item in items]
    findings = []
    for item in items:
        if item.type == "truefalse" or not item.right or not item.wrong:
            continue
        own = _content(item.stem)
        right_words = set().union(*(_content(c.text) for c in item.right))
        wrong_words = set().union(*(_content(c.text) for c in item.wrong))
        others = [(key, stem) for key, stem in stems if key != item.key]
        echoed = {}
        for choice in item.right:
            echoed.update(_echoes(_content(choice.text) - wrong_words - own, own, others))
        if echoed and not any(_echoes(_content(c.text) - right_words - own, own, others)
                              for c in item.wrong):
            where = "; ".join(f"{key} ({', '.join(sorted(words))})"
                              for key, words in sorted(echoed.items()))
            findings.append(Finding("answers-another", (item.key, *sorted(echoed)),
                                    f"the right answer's words are in other stems: {where}"))
    return findings


def _echoes(words: set[str], context: set[str], stems: list[tuple[str, set[str]]]
            ) -> dict[str, set[str]]:
    """The stems sharing a word with the context and holding at least half of these words,
    each with the words it holds."""
    need = max(1, (len(words) + 1) // 2)
    return {key: words & stem for key, stem in stems
            if words and stem & context and len(words & stem) >= need}


_POINTER = re.compile(r"\b(these|those|this|they|them|their)\b", re.I)
_BREAK = re.compile(r"[;:?!]\s|[a-z]{2}\.\s")
_OPTION_REFERENCE = re.compile(r"\b(?:which|what)\b[^.;:?!]*\bof\s+$", re.I)
_THIS_THING = re.compile(r"\bthis (article|story|report|question|quiz|piece)\b", re.I)


def dangling_reference(items: list[_Item]) -> list[Finding]:
    """A stem that points ("these pressures", "they", "this") at nothing it has said.

    A stem is read on its own, in a shuffled draw, so "these" or "they" must refer to
    something before it in the same stem. A pointer is anchored when an earlier sentence or
    clause of the stem ends before it (after ";", ":", "?", "!" or a full stop), or, for
    "they"/"them"/"their", when a plural noun comes before it in the stem. "Which (two) of
    these ..." refers to the options and "this article" to the article; both are fine."""
    findings = []
    for item in items:
        for match in _POINTER.finditer(item.stem):
            before = item.stem[:match.start()]
            word = match.group(1).lower()
            if (_BREAK.search(before)
                    or word in ("these", "those") and _OPTION_REFERENCE.search(before)
                    or _THIS_THING.match(item.stem, match.start())
                    or word in ("they", "them", "their") and _has_plural(before)):
                continue
            findings.append(Finding(
                "dangling-reference", (item.key,),
                f'the stem says "{match.group(1)}" with nothing before it to refer to'))
            break
    return findings


def _has_plural(text: str) -> bool:
    return any(len(w) > 3 and w.endswith("s") and not w.endswith("ss") and w not in _STOP
               for w in re.findall(r"[a-z]+", text.lower()))


ALPHA = 0.05  # one-sided, for each of "longest" and "shortest"


def key_length(items: list[_Item]) -> list[Finding]:
    """The key is the longest (or the shortest) option more often than chance allows.

    Writers pad the right answer to make it exact, and learners know it. Over the questions
    with three or more options (true/false aside) whose longest option is unique, the
    longest is a right one with probability k/n if length tells nothing (k right of n): the
    count of such questions is a sum of Bernoulli trials (a Poisson binomial). The bank is
    flagged when that count is so high that chance reaches it at most 5% of the time (one
    sided): for 52 questions of four options chance gives 13 on average and the threshold
    is 19 (P = 0.043). 5% is a screen, not a proof: a bank written with no length bias
    trips it once in twenty, while one whose key is the longest option 40% of the time
    trips it three times in four (the old curated bank's key was the longest in 19 of 43
    such questions, P = 0.005). The shortest option is tested the same way, since an
    over-corrected bank is as easy to game."""
    findings = []
    for name, pick in (("longest", max), ("shortest", min)):
        chances, hits = [], []
        for item in items:
            if item.type == "truefalse" or len(item.choices) < 3:
                continue
            lengths = [len(c.text) for c in item.choices]
            extreme = pick(lengths)
            if lengths.count(extreme) > 1:
                continue
            chances.append(len(item.right) / len(item.choices))
            if item.choices[lengths.index(extreme)].is_correct:
                hits.append(item.key)
        p = _at_least(len(hits), chances)
        if chances and p <= ALPHA:
            expected = sum(chances)
            findings.append(Finding(
                f"key-{name}", tuple(hits),
                f"the {name} option is a right one in {len(hits)} of {len(chances)} questions "
                f"where chance gives {expected:.1f} (P = {p:.3f})"))
    return findings


def _at_least(observed: int, chances: list[float]) -> float:
    """P(X >= observed), X the number of successes of independent trials with these odds."""
    dist = [1.0]
    for p in chances:
        dist = [a * (1 - p) + b * p for a, b in zip([*dist, 0.0], [0.0, *dist], strict=True)]
    return sum(dist[observed:])


_LABEL = re.compile(r"^\s*(wrong|incorrect|no|false|true|correct)\s*[:.,—-]\s*", re.I)
_NOT_MENTIONED = re.compile(r"""
      \bnot\ (?:mentioned|discussed|named|cited|quoted|raised|given|described|stated|covered
               |listed|in\ the\ article)
    | \b(?:does|do|did)(?:\ not|n['’]t)\ (?:mention|discuss|name|cite|quote|raise|describe
               |appear|come\ up|say|give|list)
    | \b(?:mentions?|describes?|gives?|names?|cites?|says?|reports?)\ no(?:thing)?\b
    | \bnever\ (?:mentioned|comes?\ up|appears?|said)
    | \bnothing\ (?:of|about|like)\b | \bno\ such\b | \bmade\ no\b | \bplays?\ no\ part\b
    | \b(?:is|are)\ absent\b
    | \bno\b[^;:]*\b(?:is|are|was|were)\ (?:mentioned|named|discussed|described|given)
    """, re.I | re.X)
_CLAUSES = re.compile(r"[;:—]|\s-\s|,\s*(?:but|not|while|rather|instead)\b|\bbut\b|\binstead\b")


def thin_rationale(items: list[_Item]) -> list[Finding]:
    """A wrong option's rationale that only says "not mentioned" (or nothing).

    A learner who chose it needs what the article says instead. The rationale, its label
    ("Wrong:") aside, is split into clauses at ";", ":", a dash, "but", "instead" and ", not";
    it is thin when it is empty or every clause says only that something is not in the
    article ("not mentioned", "did not say", "says nothing of", "no such ...")."""
    findings = []
    for item in items:
        for choice in item.wrong:
            body = _LABEL.sub("", choice.rationale).strip(" .")
            clauses = [c.strip() for c in _CLAUSES.split(body) if c and c.strip()]
            if not clauses or all(_NOT_MENTIONED.search(c) for c in clauses):
                findings.append(Finding(
                    "thin-rationale", (item.key,),
                    f'the rationale for "{choice.text}" does not say what the article says'))
    return findings


_NUMBER = re.compile(
    r"\d|\b(two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|billion|half|twice|third|quarter|fifth|"
    r"fourfold|tenfold)\b", re.I)
_QUOTED = re.compile(r"[\"“”]|^['‘]")

FORMS = {
    "a quotation": lambda text: bool(_QUOTED.search(text)),
    "a number": lambda text: bool(_NUMBER.search(text)),
    "a full sentence": lambda text: text.rstrip().endswith("."),
    "its first word": lambda text: text.split()[0].lower() if text.split() else "",
}
LENGTH_RATIO = 1.5


def odd_form(items: list[_Item]) -> list[Finding]:
    """Options that differ in form: the right ones stand out, or one option stands alone.

    Four simple forms are compared: quoted or not, holding a number or not, ending as a
    sentence or not, and the first word (the grammatical shape of "To ..." against "By ...").
    A question is flagged when a form splits its options exactly into right and wrong (a
    quotation among paraphrases), or when one option alone differs from all the others,
    which share one form (it can be ruled in or out unread). Length is compared on the
    right options only: flagged when each is more than 1.5 times as long as every wrong
    one, or each less than two thirds as long. True/false and two-option questions skip."""
    findings = []
    for item in items:
        if item.type == "truefalse" or len(item.choices) < 3 or not item.right:
            continue
        problems = []
        for name, form in FORMS.items():
            right = {form(c.text) for c in item.right}
            wrong = {form(c.text) for c in item.wrong}
            values = [form(c.text) for c in item.choices]
            alone = [c for c, v in zip(item.choices, values, strict=True) if values.count(v) == 1]
            if len(right) == 1 and len(wrong) == 1 and right != wrong:
                problems.append(f"{name} sets the right options apart")
            elif len(alone) == 1 and len(set(values)) == 2:
                problems.append(f'{name} sets "{alone[0].text}" apart from the others')
        right_lengths = [len(c.text) for c in item.right]
        wrong_lengths = [len(c.text) for c in item.wrong]
        if wrong_lengths and (min(right_lengths) > LENGTH_RATIO * max(wrong_lengths) or
                              max(right_lengths) * LENGTH_RATIO < min(wrong_lengths)):
            problems.append("the right options' length sets them apart")
        findings += [Finding("odd-form", (item.key,), problem) for problem in problems]
    return findings


_PLURAL_STEM = re.compile(
    r"\b(several|(?<!how )many|various|multiple|both|a number of|two|three|four)\b", re.I)
_SINGULAR_OPTION = re.compile(r"\b(only one|just one|a single|none|no one|not one|neither)\b",
                              re.I)


def stem_rules_out(items: list[_Item]) -> list[Finding]:
    """A stem whose own wording rules an option out: a plural stem against "only one".

    When the stem speaks of several things ("several universities", "both", "two"; "how
    many" is a question, not a claim), an option saying "only one", "none", "a single" or
    "neither" contradicts it, and a learner can drop it unread."""
    findings = []
    for item in items:
        plural = _PLURAL_STEM.search(item.stem)
        if not plural:
            continue
        for choice in item.choices:
            single = _SINGULAR_OPTION.search(choice.text)
            if single:
                findings.append(Finding(
                    "stem-rules-out", (item.key,),
                    f'the stem says "{plural.group(0)}" and "{choice.text}" says '
                    f'"{single.group(0)}"'))
    return findings


_ALL_THAT_APPLY = re.compile(r"\ball that apply\b", re.I)


def stated_count(items: list[_Item]) -> list[Finding]:
    """A multiple-answer stem that states a count ("Choose two.") must have that many right
    options; "choose all that apply" states none. A single-answer stem that says
    "choose two" or "choose all that apply" promises what it cannot have."""
    findings = []
    for item in items:
        if item.type == "truefalse":
            continue
        if item.type != "multiple" and _ALL_THAT_APPLY.search(item.stem):
            findings.append(Finding("stated-count", (item.key,),
                                    'the stem says "all that apply" but one option is right'))
        for words, stated in stated_counts(item.stem):
            if words.lower().startswith("which") and item.type != "multiple":
                continue  # "which two universities ..." in a single answer names one option
            if stated != len(item.right):
                findings.append(Finding(
                    "stated-count", (item.key,),
                    f'the stem asks for {stated} but {len(item.right)} '
                    f'{"option is" if len(item.right) == 1 else "options are"} right'))
    return findings


def tick_all(items: list[_Item]) -> list[Finding]:
    """A multiple-answer question on which ticking every option earns something.

    With Moodle's default shares (each right option 1/k, each wrong one -1/(n-k)) ticking
    every box earns exactly nothing. Weights given by hand that take less away for the wrong
    options than the right ones add (a wrong option at 0%, say) let a learner score without
    reading: ticking everything is then a strategy."""
    findings = []
    for item in items:
        if item.type != "multiple" or any(c.fraction is None for c in item.choices):
            continue
        total = sum(c.fraction for c in item.choices)
        if total > 0:
            findings.append(Finding("tick-all", (item.key,),
                                    f"ticking every option earns {percent_text(total)}% of "
                                    "the mark; weigh the wrong options so that it earns 0"))
    return findings


def truefalse_question(items: list[_Item]) -> list[Finding]:
    """A true/false stem that asks a question ("Did the article say …?") instead of stating
    a claim: "True" and "False" answer a statement, and a question's "yes" and "no" map
    onto them only by a second thought."""
    return [Finding("truefalse-question", (item.key,),
                    "the stem asks a question; state the claim to be judged true or false")
            for item in items if item.type == "truefalse" and item.stem.rstrip().endswith("?")]


RULES = (answers_another, dangling_reference, key_length, thin_rationale, odd_form,
         stem_rules_out, stated_count, tick_all, truefalse_question)
