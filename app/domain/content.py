"""A question's content, in one shape, with its types, its validation and every conversion of it.

`QuestionContent` is a question as a learner is shown it: its type, stem, choices, explanation,
where in the article it comes from. The same shape is read from a bank file (`read_question`),
written back to one (`bank_question`), frozen as JSON in a revision (`to_json`, `from_json`),
read from the editor's fields and filled into them (`from_form`, `form_data`), and read from
and written as GIFT (`read_gift`, `write_gift`). Attempts point at the revision they showed,
so grading and review read exactly what the learner saw, however the question is edited
later. A choice has an `id` once stored; a question read from a file has its `key` (a
revision belongs to its question and holds none).

The types: `single` (one right choice; the default, and what a revision without `type` is),
`multiple` ("choose all that apply": one or more right choices, at least one wrong, marked
with Moodle's multiple-choice fractions, see `fractions`) and `truefalse` (exactly "True" then
"False", one of them right, never shuffled)."""

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property
from typing import Any

from app.domain import gift
from app.domain.numbers import whole_number

SINGLE, MULTIPLE, TRUEFALSE = "single", "multiple", "truefalse"
TYPES = (SINGLE, MULTIPLE, TRUEFALSE)
TRUE_FALSE = ("True", "False")  # a true/false question's choices, in this order
TYPE_NAMES = {SINGLE: "Single answer", MULTIPLE: "Multiple answer", TRUEFALSE: "True or false"}
MAX_CHOICES = 10  # choices a question may have (the editor has a row for each)
# far past the paragraphs of any real article (2 MB, the upload limit, in paragraphs of 20
# characters), and well inside every integer column
MAX_PARAGRAPH = 100_000
@dataclass(frozen=True, kw_only=True)
class ChoiceContent:
    text: str
    is_correct: bool
    rationale: str = ""
    # a multiple-answer choice's explicit share of the mark (Moodle's fraction, -1 to 1);
    # None for the default (see QuestionContent.fractions)
    fraction: Fraction | None = None
    id: int | None = None  # the stored choice's id; None until it is stored


@dataclass(frozen=True, kw_only=True)
class QuestionContent:
    stem: str
    type: str = SINGLE
    explanation: str = ""
    topic: str = ""
    paragraph: int | None = None
    anchor: str = ""
    choices: tuple[ChoiceContent, ...]
    key: str = ""  # the question's stable key in a bank or GIFT file

    @property
    def correct_choice_id(self) -> int:
        """The right choice of a single-answer or true/false question."""
        return next(choice.id for choice in self.choices if choice.is_correct)

    @property
    def right_choice_ids(self) -> frozenset[int]:
        return frozenset(choice.id for choice in self.choices if choice.is_correct)

    @property
    def choice_ids(self) -> tuple[int, ...]:
        return tuple(choice.id for choice in self.choices)

    @cached_property
    def choice_by_id(self) -> dict[int, ChoiceContent]:
        return {choice.id: choice for choice in self.choices}

    def in_order(self, choice_order: str) -> list[ChoiceContent]:
        """The choices in a stored order ("12,9,10,11": choice ids, comma-separated)."""
        return [self.choice_by_id[int(cid)] for cid in choice_order.split(",")]

    @property
    def keeps_order(self) -> bool:
        """True, then False: a true/false question's choices are never shuffled."""
        return self.type == TRUEFALSE

    @cached_property
    def fractions(self) -> tuple[Fraction, ...]:
        """Each choice's share of the question's mark when chosen, in the choices' order. A
        single-answer or true/false question: 1 for the right choice, 0 for the others. A
        multiple-answer question, as Moodle's multiple choice with several answers: each
        choice's explicit fraction when given, else 1/k for each of its k right choices and
        -1/(n-k) for each of its n-k wrong ones (so ticking every box earns nothing)."""
        if self.type != MULTIPLE:
            return tuple(Fraction(choice.is_correct) for choice in self.choices)
        if self.choices[0].fraction is not None:
            return tuple(choice.fraction for choice in self.choices)
        return default_fractions([choice.is_correct for choice in self.choices])

    # --- a revision's frozen JSON ---------------------------------------------------------

    def to_json(self) -> str:
        """The revision's JSON. A single-answer question's is what it was before questions
        had types: `type` and `fraction` are written only when they say something."""
        data = {"stem": self.stem, "explanation": self.explanation, "topic": self.topic,
                "paragraph": self.paragraph, "anchor": self.anchor,
                "choices": [{"id": c.id, "text": c.text, "is_correct": c.is_correct,
                             "rationale": c.rationale,
                             **({"fraction": str(c.fraction)} if c.fraction is not None
                                else {})} for c in self.choices]}
        if self.type != SINGLE:
            data["type"] = self.type
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "QuestionContent":
        data = json.loads(text)
        choices = tuple(
            ChoiceContent(**({**choice, "fraction": Fraction(choice["fraction"])}
                             if "fraction" in choice else choice))
            for choice in data.pop("choices"))
        return cls(**data, choices=choices)


# a count a stem asks for ("Choose two.", "Which three …"); "all that apply" asks for none
COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
STATED_COUNT = re.compile(
    r"\b(?:choose|select|pick|which|name)\s+(one|two|three|four|five|six|[1-6])\b", re.I)


def stated_counts(stem: str) -> list[tuple[str, int]]:
    """Each count a stem states, with the words stating it ("Choose two" -> 2)."""
    return [(match.group(0), int(word) if word.isdigit() else COUNT_WORDS[word])
            for match in STATED_COUNT.finditer(stem)
            for word in (match.group(1).lower(),)]


def answer_hint(content: QuestionContent) -> str:
    """What a multiple-answer question's checkbox group tells the learner to do: the count
    its stem states, else to choose all that apply."""
    counts = {count for _, count in stated_counts(content.stem)}
    if len(counts) == 1:
        count = counts.pop()
        return f"Choose {count} answer{'s' if count != 1 else ''}."
    return "Choose all that apply."


def default_fractions(right: list[bool]) -> tuple[Fraction, ...]:
    """Moodle's multiple-answer default: 1/k for each of k right choices, -1/(n-k) for each
    of n-k wrong ones."""
    k, n = sum(right), len(right)
    return tuple(Fraction(1, k) if is_right else Fraction(-1, n - k) for is_right in right)


# --- fractions and percentages ----------------------------------------------------------------

# Marks are kept as whole numbers of MARK_UNIT-ths of a question's mark, so that an attempt's
# total, a class's sums and every statistic built on them stay exact in integer columns.
# 12,600 is the least common multiple of 1 to 10 and of 100: every default share of a
# question of up to ten choices (1/k, -1/(n-k)) is a whole number of units, so is every share
# Moodle offers (100%, 90%, 83.33333%, …, 14.28571%, 12.5%, 11.11111%, 10%, 5%), and so is
# every whole percentage a teacher types.
MARK_UNIT = 12_600
# Weights are kept as exact fractions. One read from a decimal (GIFT's percentages, a form's,
# a number in a file) within rounding of five decimal places of a percent of a whole number
# of units is that number of units (33.33333% is 1/3, 14.28571% is 1/7): units lie 1/12,600
# apart, so the nearest is never in doubt. A weight is a whole number of units from -1 to 1:
# each is written as a percentage to five decimal places and read back as it was.
PLACES = 10**7  # five decimal places of a percent
_DECIMAL = re.compile(r"-?\d{1,3}(?:\.\d{1,16})?")
_RATIO = re.compile(r"(-?\d{1,8})/(\d{1,8})")


def read_fraction(value: Any) -> Fraction | None:
    """A share of the mark as a file or form gives it: a number (0.5, -1), a ratio ("1/3",
    "-1/2") or a percentage ("50%", "-33.33333%"); None when it is none of these."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value) if abs(value) <= 1 else None
    if isinstance(value, float):
        return _near(Fraction(repr(value))) if math.isfinite(value) and abs(value) <= 1 \
            else None
    text = stripped(value).replace("−", "-")
    if ratio := _RATIO.fullmatch(text):
        numerator, denominator = int(ratio.group(1)), int(ratio.group(2))
        return _near(Fraction(numerator, denominator)) if denominator else None
    percent = text.endswith("%")
    text = text.removesuffix("%").strip()
    if not _DECIMAL.fullmatch(text):
        return None
    return _near(Fraction(text) / (100 if percent else 1))


def _near(value: Fraction) -> Fraction:
    near = Fraction(round(value * MARK_UNIT), MARK_UNIT)
    return near if abs(near - value) <= Fraction(1, 2 * PLACES) else value


def is_weight(value: Fraction) -> bool:
    """A share of the mark from -100% to 100% in whole units (see MARK_UNIT)."""
    return -1 <= value <= 1 and MARK_UNIT % value.denominator == 0


def percent_text(value: Fraction) -> str:
    """A fraction as a percentage to at most five decimal places, without the % sign ("50",
    "-100", "33.33333"); `read_fraction` reads a weight's back exactly."""
    text = f"{float(value * 100):.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- a bank file's question -----------------------------------------------------------------

class BankError(ValueError):
    """Every problem found in a bank, each naming its question; the bank is refused whole."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def stripped(value: Any) -> str:
    """A text field of a file: stripped, or empty when it is not text."""
    return value.strip() if isinstance(value, str) else ""


def bank_question(content: QuestionContent) -> dict:
    """A question as the bank file writes it (`read_question` reads it back); `type` and
    `fraction` are written only when they say something, as in the revision."""
    data: dict[str, Any] = {"key": content.key}
    if content.type != SINGLE:
        data["type"] = content.type
    data.update(topic=content.topic, paragraph=content.paragraph, anchor=content.anchor,
                stem=content.stem, explanation=content.explanation)
    data["choices"] = [{"text": c.text, "correct": c.is_correct, "rationale": c.rationale,
                        **({"fraction": str(c.fraction)} if c.fraction is not None else {})}
                       for c in content.choices]
    return data


def parse_question(number: int, raw: Any, other_keys: set[str] | frozenset = frozenset()
                   ) -> QuestionContent:
    """One question validated as a bank's are (for the editor and for GIFT)."""
    problems: list[str] = []
    content = read_question(number, raw, set(other_keys), problems)
    if problems or content is None:
        raise BankError(problems)
    return content


def read_question(number: int, raw: Any, seen_keys: set[str], problems: list[str]
                  ) -> QuestionContent | None:
    """The bank file's question `number`, or None with its problems added to `problems`,
    each naming it; its key is added to `seen_keys`."""
    if not isinstance(raw, dict):
        problems.append(f"question {number}: not an object")
        return None
    key = stripped(raw.get("key"))
    name = f'question {number} ("{key}")' if key else f"question {number}"
    found = len(problems)
    if not key:
        problems.append(f"{name}: missing key")
    elif key in seen_keys:
        problems.append(f"{name}: duplicate key")
    seen_keys.add(key)
    stem = stripped(raw.get("stem"))
    if not stem:
        problems.append(f"{name}: empty stem")
    paragraph = raw.get("paragraph")
    if paragraph is not None and (type(paragraph) is not int
                                  or not 1 <= paragraph <= MAX_PARAGRAPH):
        problems.append(f"{name}: paragraph must be a whole number from 1 to "
                        f"{MAX_PARAGRAPH:,}")

    kind = SINGLE if raw.get("type") is None else raw.get("type")
    if kind not in TYPES:
        problems.append(f"{name}: type must be one of {', '.join(TYPES)}")

    raw_choices = raw.get("choices") if isinstance(raw.get("choices"), list) else []
    choices = []
    for index, choice in enumerate(raw_choices, start=1):
        text = stripped(choice.get("text")) if isinstance(choice, dict) else ""
        if not text:
            problems.append(f"{name}: choice {index} has no text")
            continue
        fraction = None
        if choice.get("fraction") is not None:
            fraction = read_fraction(choice["fraction"])
            if fraction is None or not is_weight(fraction):
                problems.append(f"{name}: choice {index}'s weight must be a share of the "
                                "mark from -100% to 100% that is a whole number of "
                                f"{MARK_UNIT}ths, as every share Moodle offers is (such "
                                "as 50%, 12.5%, 33.33333% or a fraction such as 1/7)")
                fraction = None
        choices.append(ChoiceContent(text=text, is_correct=choice.get("correct") is True,
                                     rationale=stripped(choice.get("rationale")),
                                     fraction=fraction))
    if len(raw_choices) < 2:
        problems.append(f"{name}: fewer than two choices")
    elif len(raw_choices) > MAX_CHOICES:
        problems.append(f"{name}: more than {MAX_CHOICES} choices")
    correct = sum(choice.is_correct for choice in choices)
    if correct == 0 and len(raw_choices) >= 2:
        problems.append(f"{name}: no correct choice")
    elif correct > 1 and kind != MULTIPLE:
        problems.append(f"{name}: more than one correct choice")
    elif kind == MULTIPLE and correct == len(choices) == len(raw_choices) >= 2:
        problems.append(f"{name}: no wrong choice (a multiple-answer question needs one, or "
                        "ticking every box would always be right)")
    if kind == TRUEFALSE and tuple(choice.text for choice in choices) != TRUE_FALSE:
        problems.append(f'{name}: a true/false question has two choices, "True" then "False"')
    if len({choice.text.casefold() for choice in choices}) < len(choices):
        problems.append(f"{name}: two choices have the same text")
    if len(problems) == found:
        problems += [f"{name}: {problem}" for problem in _weight_problems(kind, choices)]
    if len(problems) > found:
        return None
    if kind == MULTIPLE and choices[0].fraction is not None and tuple(
            c.fraction for c in choices) == default_fractions([c.is_correct for c in choices]):
        choices = [replace(choice, fraction=None) for choice in choices]  # one way to say it
    return QuestionContent(
        key=key,
        type=kind,
        stem=stem,
        explanation=stripped(raw.get("explanation")),
        topic=stripped(raw.get("topic")),
        paragraph=paragraph,
        anchor=stripped(raw.get("anchor")),
        choices=tuple(choices),
    )


def _weight_problems(kind: str, choices: list[ChoiceContent]) -> list[str]:
    """Explicit weights, as Moodle checks them: on a multiple-answer question only, on every
    choice or none, above 0 for a right choice and at most 0 for a wrong one, and the right
    ones adding up to the whole mark."""
    weighted = [choice.fraction is not None for choice in choices]
    if not any(weighted):
        return []
    if kind != MULTIPLE:
        return ["weights are for multiple-answer questions only"]
    if not all(weighted):
        return ["give every choice a weight, or none (each right one then earns an equal "
                "share and each wrong one takes an equal share away)"]
    problems = [f"choice {index} is right, so its weight must be above 0%"
                if choice.is_correct else
                f"choice {index} is wrong, so its weight must be 0% or below"
                for index, choice in enumerate(choices, start=1)
                if (choice.fraction > 0) != choice.is_correct]
    total = sum(choice.fraction for choice in choices if choice.is_correct)
    if not problems and total != 1:
        problems.append(f"the right choices' weights add up to {percent_text(total)}%, "
                        "not 100%")
    return problems


# --- the editor's form ----------------------------------------------------------------------

def from_form(data: Mapping[str, Any]) -> dict:
    """The editor's fields as the bank file writes a question: `type`, `stem`,
    `explanation`, `topic`, `paragraph`, `anchor`, a row per choice (`choice_1`, `rationale_1`,
    `weight_1` (a percentage, or a ratio such as 1/3), …) and `correct`, the right rows'
    numbers. Rows left without text are dropped; a true/false question's two rows are
    "True" and "False", whatever was sent; weights count only for multiple answer."""
    kind = data.get("type") or SINGLE
    right = set(data.get("correct") or ())
    if kind == TRUEFALSE:
        texts = dict(enumerate(TRUE_FALSE, start=1))
    else:
        texts = {i: data[f"choice_{i}"] for i in range(1, MAX_CHOICES + 1)
                 if stripped(data.get(f"choice_{i}"))}
    choices = []
    for i, text in texts.items():
        choice = {"text": text, "correct": i in right,
                  "rationale": data.get(f"rationale_{i}") or ""}
        weight = stripped(data.get(f"weight_{i}"))
        if kind == MULTIPLE and weight:
            choice["fraction"] = weight if "/" in weight else weight.removesuffix("%") + "%"
        choices.append(choice)
    return {"type": kind, "stem": data.get("stem") or "",
            "explanation": data.get("explanation") or "", "topic": data.get("topic") or "",
            "paragraph": data.get("paragraph"), "anchor": stripped(data.get("anchor")),
            "choices": choices}


def form_data(content: QuestionContent) -> dict:
    """The editor's fields filled with a question (`from_form` reads them back)."""
    data = {"type": content.type, "stem": content.stem, "explanation": content.explanation,
            "topic": content.topic, "paragraph": content.paragraph, "anchor": content.anchor,
            "correct": [i for i, c in enumerate(content.choices, start=1) if c.is_correct]}
    for i, choice in enumerate(content.choices, start=1):
        data[f"choice_{i}"], data[f"rationale_{i}"] = choice.text, choice.rationale
        data[f"weight_{i}"] = "" if choice.fraction is None else percent_text(choice.fraction)
    return data


# --- GIFT -----------------------------------------------------------------------------------

def write_gift(contents: list[QuestionContent], title: str = "") -> str:
    """Questions as Moodle GIFT (`read_gift` reads them back as they were)."""
    return gift.write([_gift_item(content) for content in contents], title)


def _gift_item(content: QuestionContent) -> gift.Item:
    """Single answer: `=right ~wrong`. True/false: `{TRUE#feedback if wrong#if right}`.
    Multiple answer: no `=`, every choice weighted (`~%50%`, `~%-50%`; a choice weighing
    nothing unweighted), as Moodle writes it."""
    meta = {"paragraph": str(content.paragraph)} if content.paragraph is not None else {}
    if content.anchor:
        meta["anchor"] = content.anchor
    item = gift.Item(title=content.key, stem=content.stem, general_feedback=content.explanation,
                     category=content.topic, meta=meta)
    if content.type == TRUEFALSE:
        true, false = content.choices
        right, wrong = (true, false) if true.is_correct else (false, true)
        return replace(item, truth=true.is_correct, wrong_feedback=wrong.rationale,
                       right_feedback=right.rationale)
    weights = [percent_text(f) if content.type == MULTIPLE and f else None
               for f in content.fractions]
    return replace(item, answers=tuple(
        gift.Answer(mark="=" if c.is_correct and content.type == SINGLE else "~", text=c.text,
                    feedback=c.rationale, weight=weight)
        for c, weight in zip(content.choices, weights, strict=True)))


def read_gift(text: str) -> list[QuestionContent]:
    """Every question of a GIFT text, validated as a bank's are; the first problem stops the
    whole read with its line number (`gift.GiftError`). A question without a title is keyed
    by the first words of its stem."""
    contents: list[QuestionContent] = []
    keys: set[str] = set()
    for item in gift.read(text):
        key = item.title or _slug(item.stem)
        base, n = key, 2
        while key in keys and not item.title:  # an untitled question's made-up key stays unique
            key, n = f"{base}-{n}", n + 1
        try:
            contents.append(parse_question(len(contents) + 1, _from_gift(item, key), keys))
        except BankError as error:
            raise gift.GiftError(item.line, error.problems[0]) from error
        keys.add(key)
    return contents


def _from_gift(item: gift.Item, key: str) -> dict:
    """A GIFT question as the bank file writes it. Answers with a right one (=) are a
    single-answer question; without one, a multiple-answer question whose right choices are
    those weighted above 0% (an unweighted ~ weighs 0%, as in Moodle)."""
    paragraph = item.meta.get("paragraph")
    if paragraph is not None:
        paragraph = whole_number(paragraph, MAX_PARAGRAPH)
        if not paragraph:
            raise gift.GiftError(item.line, "aq-paragraph must be a whole number from 1 to "
                                            f"{MAX_PARAGRAPH:,}")
    data = {"key": key, "stem": item.stem, "explanation": item.general_feedback,
            "topic": item.category, "anchor": item.meta.get("anchor", ""),
            "paragraph": paragraph}
    if item.truth is not None:
        right, wrong = item.right_feedback, item.wrong_feedback
        return {**data, "type": TRUEFALSE, "choices": [
            {"text": TRUE_FALSE[0], "correct": item.truth, "rationale": right if item.truth
             else wrong},
            {"text": TRUE_FALSE[1], "correct": not item.truth, "rationale": wrong if item.truth
             else right}]}
    if any(a.mark == "=" for a in item.answers):
        if any(a.weight is not None for a in item.answers):
            raise gift.GiftError(item.line, "answers with partial credit (%…%) beside a right "
                                            "one (=) are not supported: a question with several "
                                            "right answers weighs each with ~%…% and has no =")
        return {**data, "choices": [{"text": a.text, "correct": a.mark == "=",
                                     "rationale": a.feedback} for a in item.answers]}
    weights = [f"{a.weight or 0}%" for a in item.answers]
    return {**data, "type": MULTIPLE, "choices": [
        {"text": a.text, "correct": (read_fraction(weight) or 0) > 0, "rationale": a.feedback,
         "fraction": weight} for a, weight in zip(item.answers, weights, strict=True)]}


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold())[:8]) or "question"
