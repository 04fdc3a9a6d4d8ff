"""A question's content, in one shape, with its validation and every conversion of it.

`QuestionContent` is a question as a learner is shown it: stem, choices, explanation, where in
the article it comes from. The same shape is read from a bank file (`read_question`), written
back to one (`bank_question`), and frozen as JSON in a revision (`to_json`, `from_json`):
attempts point at the revision they showed, so grading and review read exactly what the
learner saw, however the question is edited later. A choice has an `id` once stored; a
question read from a file has its `key` (a revision belongs to its question and holds none)."""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from app.domain import gift
from app.domain.numbers import whole_number

MAX_CHOICES = 10  # choices a question may have (the editor has a row for each)
# far past the paragraphs of any real article (2 MB, the upload limit, in paragraphs of 20
# characters), and well inside every integer column
MAX_PARAGRAPH = 100_000


@dataclass(frozen=True, kw_only=True)
class ChoiceContent:
    text: str
    is_correct: bool
    rationale: str = ""
    id: int | None = None  # the stored choice's id; None until it is stored


@dataclass(frozen=True, kw_only=True)
class QuestionContent:
    stem: str
    explanation: str = ""
    topic: str = ""
    paragraph: int | None = None
    anchor: str = ""
    choices: tuple[ChoiceContent, ...]
    key: str = ""  # the question's stable key in a bank or GIFT file

    @property
    def correct_choice_id(self) -> int:
        return next(choice.id for choice in self.choices if choice.is_correct)

    @property
    def choice_ids(self) -> tuple[int, ...]:
        return tuple(choice.id for choice in self.choices)

    @cached_property
    def choice_by_id(self) -> dict[int, ChoiceContent]:
        return {choice.id: choice for choice in self.choices}

    def in_order(self, choice_order: str) -> list[ChoiceContent]:
        """The choices in a stored order ("12,9,10,11": choice ids, comma-separated)."""
        return [self.choice_by_id[int(cid)] for cid in choice_order.split(",")]

    # --- a revision's frozen JSON ---------------------------------------------------------

    def to_json(self) -> str:
        data = {"stem": self.stem, "explanation": self.explanation, "topic": self.topic,
                "paragraph": self.paragraph, "anchor": self.anchor,
                "choices": [{"id": c.id, "text": c.text, "is_correct": c.is_correct,
                             "rationale": c.rationale} for c in self.choices]}
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "QuestionContent":
        data = json.loads(text)
        choices = tuple(ChoiceContent(**choice) for choice in data.pop("choices"))
        return cls(**data, choices=choices)


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
    """A question as the bank file writes it (`read_question` reads it back)."""
    return {"key": content.key, "topic": content.topic, "paragraph": content.paragraph,
            "anchor": content.anchor, "stem": content.stem,
            "explanation": content.explanation,
            "choices": [{"text": c.text, "correct": c.is_correct, "rationale": c.rationale}
                        for c in content.choices]}


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

    raw_choices = raw.get("choices") if isinstance(raw.get("choices"), list) else []
    choices = []
    for index, choice in enumerate(raw_choices, start=1):
        text = stripped(choice.get("text")) if isinstance(choice, dict) else ""
        if not text:
            problems.append(f"{name}: choice {index} has no text")
            continue
        choices.append(ChoiceContent(text=text, is_correct=choice.get("correct") is True,
                                     rationale=stripped(choice.get("rationale"))))
    if len(raw_choices) < 2:
        problems.append(f"{name}: fewer than two choices")
    elif len(raw_choices) > MAX_CHOICES:
        problems.append(f"{name}: more than {MAX_CHOICES} choices")
    correct = sum(choice.is_correct for choice in choices)
    if correct == 0 and len(raw_choices) >= 2:
        problems.append(f"{name}: no correct choice")
    elif correct > 1:
        problems.append(f"{name}: more than one correct choice")
    if len({choice.text.casefold() for choice in choices}) < len(choices):
        problems.append(f"{name}: two choices have the same text")
    if len(problems) > found:
        return None
    return QuestionContent(
        key=key,
        stem=stem,
        explanation=stripped(raw.get("explanation")),
        topic=stripped(raw.get("topic")),
        paragraph=paragraph,
        anchor=stripped(raw.get("anchor")),
        choices=tuple(choices),
    )


# --- the editor's form ----------------------------------------------------------------------

def from_form(data: Mapping[str, Any]) -> dict:
    """The editor's fields as the bank file writes a question: `stem`, `explanation`,
    `topic`, `paragraph`, a row per choice (`choice_1`, `rationale_1`, …) and `correct`, the
    right row's number. Rows left without text are dropped."""
    rows = [i for i in range(1, MAX_CHOICES + 1) if stripped(data.get(f"choice_{i}"))]
    return {"stem": data.get("stem") or "", "explanation": data.get("explanation") or "",
            "topic": data.get("topic") or "", "paragraph": data.get("paragraph"),
            "choices": [{"text": data[f"choice_{i}"], "correct": data.get("correct") == i,
                         "rationale": data.get(f"rationale_{i}") or ""} for i in rows]}


def form_data(content: QuestionContent) -> dict:
    """The editor's fields filled with a question (`from_form` reads them back)."""
    data = {"stem": content.stem, "explanation": content.explanation, "topic": content.topic,
            "paragraph": content.paragraph}
    for i, choice in enumerate(content.choices, start=1):
        data[f"choice_{i}"], data[f"rationale_{i}"] = choice.text, choice.rationale
        if choice.is_correct:
            data["correct"] = i
    return data


# --- GIFT -----------------------------------------------------------------------------------

def write_gift(contents: list[QuestionContent], title: str = "") -> str:
    """Questions as Moodle GIFT (`read_gift` reads them back as they were)."""
    return gift.write([_gift_item(content) for content in contents], title)


def _gift_item(content: QuestionContent) -> gift.Item:
    meta = {"paragraph": str(content.paragraph)} if content.paragraph is not None else {}
    if content.anchor:
        meta["anchor"] = content.anchor
    answers = tuple(gift.Answer(mark="=" if c.is_correct else "~", text=c.text,
                                feedback=c.rationale) for c in content.choices)
    return gift.Item(title=content.key, stem=content.stem, answers=answers,
                     general_feedback=content.explanation, category=content.topic, meta=meta)


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
    """A GIFT question as the bank file writes it."""
    if item.truth is not None:
        raise gift.GiftError(item.line, "only multiple-choice questions are supported")
    if any(a.weight is not None for a in item.answers):
        raise gift.GiftError(item.line, "answers with partial credit (%…%) are not supported")
    paragraph = item.meta.get("paragraph")
    if paragraph is not None:
        paragraph = whole_number(paragraph, MAX_PARAGRAPH)
        if not paragraph:
            raise gift.GiftError(item.line, "aq-paragraph must be a whole number from 1 to "
                                            f"{MAX_PARAGRAPH:,}")
    return {"key": key, "stem": item.stem, "explanation": item.general_feedback,
            "topic": item.category, "anchor": item.meta.get("anchor", ""),
            "paragraph": paragraph,
            "choices": [{"text": a.text, "correct": a.mark == "=", "rationale": a.feedback}
                        for a in item.answers]}


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold())[:8]) or "question"
