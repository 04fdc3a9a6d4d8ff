"""Moodle GIFT's syntax: a text read into the questions it writes (`read`) and written back
(`write`), refusing what is malformed with the line number and the reason of the first
problem. What the answers mean (which type of question, which choices are right) is read
by `app.domain.content`. Our fields that GIFT has no place for (paragraph, anchor) ride in
comments (`// aq-paragraph: 4`) that other readers ignore, so a round trip loses nothing."""

import re
from dataclasses import dataclass, field, replace

SPECIAL = "~=#{}:"
META = re.compile(r"^//\s*aq-(paragraph|anchor):\s?(.*)$")
WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
TRUTHS = {"T": True, "TRUE": True, "F": False, "FALSE": False}
# An import is read and checked whole with no lock held, then written 10 questions to a
# short transaction (services.editing), so learners' saves go on beside it; what bounds it
# is the request's 30 s: 1,000 questions take about 6.5 s to write here, 15 s beside 100
# learners saving and submitting (tests/stress/test_learners_first.py).
MAX_QUESTIONS = 1000
# control characters text never holds (NUL included); tab, line feed and carriage return
# are text
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SUPPORTED = "only multiple-choice and true/false questions are supported"


class GiftError(ValueError):
    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


@dataclass(frozen=True)
class Answer:
    """One answer of a multiple-choice question: `=` right, `~` wrong or weighted by
    `weight` (the percentage between % signs, as written: "50", "-33.33333")."""

    mark: str
    text: str
    feedback: str = ""
    weight: str | None = None


@dataclass(frozen=True)
class Item:
    """One GIFT question as written: multiple choice (`answers`), or true/false (`truth`,
    with the feedback for a wrong and for a right answer)."""

    title: str
    stem: str
    answers: tuple[Answer, ...] = ()
    truth: bool | None = None
    wrong_feedback: str = ""
    right_feedback: str = ""
    general_feedback: str = ""
    category: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # aq-paragraph, aq-anchor
    line: int = 0


def escape(text: str) -> str:
    out = "".join("\\" + c if c in SPECIAL or c == "\\" else c for c in text)
    return out.replace("\n", "\\n")


def write(items: list[Item], title: str = "") -> str:
    lines = [f"// {title}".rstrip(), "// Exported by Article Quiz as Moodle GIFT.", ""]
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            lines += [f"$CATEGORY: {category}", ""]
        lines += [f"// aq-{name}: {value}" for name, value in item.meta.items()]
        lines.append(f"::{escape(item.title)}::{escape(item.stem)} {{")
        if item.truth is not None:
            answer = "TRUE" if item.truth else "FALSE"
            if item.wrong_feedback or item.right_feedback:
                answer += f"#{escape(item.wrong_feedback)}"
            if item.right_feedback:
                answer += f"#{escape(item.right_feedback)}"
            lines.append(f"\t{answer}")
        for a in item.answers:
            weight = f"%{a.weight}%" if a.weight is not None else ""
            feedback = f"#{escape(a.feedback)}" if a.feedback else ""
            lines.append(f"\t{a.mark}{weight}{escape(a.text)}{feedback}")
        if item.general_feedback:
            lines.append(f"\t####{escape(item.general_feedback)}")
        lines += ["}", ""]
    return "\n".join(lines)


@dataclass
class _Block:
    line: int
    text: str
    category: str
    meta: dict


def _blocks(text: str) -> list[_Block]:
    """Questions are separated by blank lines; comments and $CATEGORY lines stand apart."""
    blocks: list[_Block] = []
    category, meta, current, start = "", {}, [], 0
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.strip()
        if not current and not line:
            continue
        if not current and line.startswith("//"):
            found = META.match(line)
            if found:
                meta[found.group(1)] = found.group(2).strip()
            continue
        if not current and line.startswith("$CATEGORY:"):
            category = line.removeprefix("$CATEGORY:").strip().split("/")[-1].strip()
            continue
        if current and not line and _closed("\n".join(current)):
            blocks.append(_Block(start, "\n".join(current), category, meta))
            current, meta = [], {}
            continue
        if not current:
            start = number
        if not line.startswith("//"):
            current.append(raw)
    if current:
        blocks.append(_Block(start, "\n".join(current), category, meta))
    return blocks


def _closed(text: str) -> bool:
    return _unescaped(text, "}") != -1


def _unescaped(text: str, char: str, begin: int = 0) -> int:
    i = begin
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(char, i):
            return i
        i += 1
    return -1


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] == "n" else text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out).strip()


def _split_answers(body: str) -> list[tuple[str, str]]:
    """The answers of a block body as (mark, text), mark in = ~."""
    parts: list[tuple[str, str]] = []
    i, mark, start = 0, None, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c in "=~":
            if mark is not None:
                parts.append((mark, body[start:i]))
            mark, start = c, i + 1
        i += 1
    if mark is not None:
        parts.append((mark, body[start:]))
    return parts


def _split_feedback(part: str, parts: int = 2) -> list[str]:
    """Text and its feedback split at unescaped #s, into at most `parts` pieces."""
    pieces = []
    while len(pieces) < parts - 1:
        at = _unescaped(part, "#")
        if at == -1:
            break
        pieces.append(part[:at])
        part = part[at + 1:]
    return [*pieces, part]


def read(text: str) -> list[Item]:
    """Every question of a GIFT text as written; the first problem stops the whole read
    with its line number, so nothing is written from a malformed file. A text with a
    control character, or with more than MAX_QUESTIONS questions, is refused before any
    question is read."""
    control = CONTROL.search(text)
    if control:
        raise GiftError(text.count("\n", 0, control.start()) + 1,
                        f"a control character (U+{ord(control.group()):04X}) where text was "
                        "expected; GIFT is plain text")
    blocks = _blocks(text)
    if len(blocks) > MAX_QUESTIONS:  # refused before any question is read
        raise GiftError(blocks[MAX_QUESTIONS].line,
                        f"more than {MAX_QUESTIONS:,} questions; one import takes at most "
                        f"{MAX_QUESTIONS:,}, so split the file")
    items = [_item(block) for block in blocks]
    if not items:
        raise GiftError(1, "no questions found")
    return items


def _item(block: _Block) -> Item:
    raw, title = block.text, ""
    if raw.lstrip().startswith("::"):
        stripped = raw.lstrip()
        end = stripped.find("::", 2)
        if end == -1:
            raise GiftError(block.line, "the question title is not closed with ::")
        title, raw = stripped[2:end], stripped[end + 2:]
    if raw.lstrip().startswith("[") and "]" in raw:
        fmt = raw.lstrip()[1:raw.lstrip().index("]")]
        if fmt not in ("plain", "moodle"):
            raise GiftError(block.line, f"the [{fmt}] format is not supported; use plain text")
        raw = raw.lstrip()[len(fmt) + 2:]
    open_at = _unescaped(raw, "{")
    if open_at == -1:
        raise GiftError(block.line, "no answers: a question needs { … } after its text")
    close_at = _unescaped(raw, "}", open_at)
    if close_at == -1:
        raise GiftError(block.line, "the answers are not closed with }")
    if raw[close_at + 1:].strip():
        raise GiftError(block.line, f"text after the answers: {SUPPORTED}")
    body = raw[open_at + 1:close_at].strip()
    general = _unescaped(body, "####")
    body, general = (body, "") if general == -1 else (body[:general], body[general + 4:])
    item = Item(title=_unescape(title), stem=_unescape(raw[:open_at]),
                general_feedback=_unescape(general), category=block.category,
                meta=block.meta, line=block.line)
    truth, *feedback = _split_feedback(body, 3)
    if truth.strip() in TRUTHS:
        wrong, right = [*map(_unescape, feedback), "", ""][:2]
        return replace(item, truth=TRUTHS[truth.strip()], wrong_feedback=wrong,
                        right_feedback=right)
    if body.startswith("#"):
        raise GiftError(block.line, f"a numerical question: {SUPPORTED}")
    if _unescaped(body, "~") == -1:
        raise GiftError(block.line, f"no wrong answers (~), so not a multiple-choice "
                                    f"question: {SUPPORTED}")
    return replace(item, answers=tuple(_answer(block.line, mark, part)
                                        for mark, part in _split_answers(body)))


def _answer(line: int, mark: str, part: str) -> Answer:
    text, *feedback = _split_feedback(part)
    weight = WEIGHT.match(text)
    if weight:
        if mark == "=":
            raise GiftError(line, "a weight (%…%) follows ~, never =")
        text = text[weight.end():]
    elif text.lstrip().startswith("%"):
        raise GiftError(line, "a weight must be a percentage between % signs, such as "
                              "%50% or %-100%")
    return Answer(mark=mark, text=_unescape(text), feedback=_unescape("".join(feedback)),
                  weight=weight.group(1) if weight else None)
