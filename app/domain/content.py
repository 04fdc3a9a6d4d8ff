"""What a learner is shown of a question: the content of one revision, frozen once stored.

Attempts point at the revision they showed, so grading and review read exactly what the
learner saw, however the bank is edited later."""

import json
from dataclasses import asdict, dataclass
from functools import cached_property


@dataclass(frozen=True)
class ChoiceContent:
    id: int
    text: str
    is_correct: bool
    rationale: str


@dataclass(frozen=True)
class QuestionContent:
    stem: str
    explanation: str
    topic: str
    paragraph: int | None
    anchor: str
    choices: tuple[ChoiceContent, ...]

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

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "QuestionContent":
        data = json.loads(text)
        choices = tuple(ChoiceContent(**choice) for choice in data.pop("choices"))
        return cls(**data, choices=choices)
