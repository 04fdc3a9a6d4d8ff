"""Moodle GIFT for multiple-choice questions: writing a bank, and reading one back with the line
number and the reason of the first problem. Our fields that GIFT has no place for (paragraph,
anchor) ride in comments that other readers ignore, so a round trip loses nothing."""

import re
from dataclasses import dataclass

from app.domain.content import MAX_PARAGRAPH, BankError, QuestionContent, parse_question
from app.domain.numbers import whole_number

SPECIAL = "~=#{}:"
META = re.compile(r"^//\s*aq-(paragraph|anchor):\s?(.*)$")
# One import writes every question in one transaction, which holds SQLite's write lock:
# 500 questions take about 1.5 s here, well inside the 5 s learners' saves wait for it.
MAX_QUESTIONS = 500
# control characters text never holds (NUL included); tab, line feed and carriage return
# are text
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class GiftError(ValueError):
    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


def escape(text: str) -> str:
    out = "".join("\\" + c if c in SPECIAL or c == "\\" else c for c in text)
    return out.replace("\n", "\\n")


def write(questions: list[QuestionContent], title: str = "") -> str:
    lines = [f"// {title}".rstrip(), "// Exported by Article Quiz as Moodle GIFT.", ""]
    topic = None
    for q in questions:
        if q.topic != topic:
            topic = q.topic
            lines += [f"$CATEGORY: {topic}", ""]
        if q.paragraph is not None:
            lines.append(f"// aq-paragraph: {q.paragraph}")
        if q.anchor:
            lines.append(f"// aq-anchor: {q.anchor}")
        lines.append(f"::{escape(q.key)}::{escape(q.stem)} {{")
        for choice in q.choices:
            mark = "=" if choice.is_correct else "~"
            feedback = f"#{escape(choice.rationale)}" if choice.rationale else ""
            lines.append(f"\t{mark}{escape(choice.text)}{feedback}")
        if q.explanation:
            lines.append(f"\t####{escape(q.explanation)}")
        lines += ["}", ""]
    return "\n".join(lines)


@dataclass
class _Block:
    line: int
    text: str
    topic: str
    meta: dict


def _blocks(text: str) -> list[_Block]:
    """Questions are separated by blank lines; comments and $CATEGORY lines stand apart."""
    blocks: list[_Block] = []
    topic, meta, current, start = "", {}, [], 0
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
            topic = line.removeprefix("$CATEGORY:").strip().split("/")[-1].strip()
            continue
        if current and not line and _closed("\n".join(current)):
            blocks.append(_Block(start, "\n".join(current), topic, meta))
            current, meta = [], {}
            continue
        if not current:
            start = number
        if not line.startswith("//"):
            current.append(raw)
    if current:
        blocks.append(_Block(start, "\n".join(current), topic, meta))
    return blocks


def _closed(text: str) -> bool:
    return _unescaped(text, "}") != -1


def _unescaped(text: str, char: str, begin: int = 0) -> int:
    i = begin
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
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
    """The answers of a block body as (mark, text), mark in = ~ ####."""
    parts: list[tuple[str, str]] = []
    i, mark, start = 0, None, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if body.startswith("####", i):
            if mark is not None:
                parts.append((mark, body[start:i]))
            mark, start = "####", i + 4
            i += 4
            continue
        if c in "=~" and mark != "####":
            if mark is not None:
                parts.append((mark, body[start:i]))
            mark, start = c, i + 1
        i += 1
    if mark is not None:
        parts.append((mark, body[start:]))
    return parts


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold())[:8]) or "question"


def parse(text: str) -> list[QuestionContent]:
    """Every question of a GIFT text, validated as a bank is; the first problem stops the
    whole read with its line number, so nothing is written from a malformed file. A text
    with a control character, or with more than MAX_QUESTIONS questions, is refused before
    any question is read."""
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
    questions: list[QuestionContent] = []
    keys: set[str] = set()
    for block in blocks:
        raw = block.text
        title = ""
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
            raise GiftError(block.line, "text after the answers: only multiple-choice "
                                        "questions are supported")
        body = raw[open_at + 1:close_at].strip()
        if body in ("T", "F", "TRUE", "FALSE") or body.startswith("#"):
            raise GiftError(block.line, "only multiple-choice questions are supported")
        answers = _split_answers(body)
        choices, explanation = [], ""
        for mark, part in answers:
            if mark == "####":
                explanation = _unescape(part)
                continue
            answer_text, _, feedback = _split_feedback(part)
            if re.match(r"\s*%-?\d", answer_text):
                raise GiftError(block.line, "answers with partial credit (%…%) are not "
                                            "supported")
            choices.append({"text": _unescape(answer_text), "correct": mark == "=",
                            "rationale": _unescape(feedback)})
        if not any(not c["correct"] for c in choices):
            raise GiftError(block.line, "no wrong answers (~): not a multiple-choice question")
        key = _unescape(title) or _slug(_unescape(raw[:open_at]))
        base, n = key, 2
        while key in keys and not title:  # an untitled question's made-up key stays unique
            key, n = f"{base}-{n}", n + 1
        paragraph = block.meta.get("paragraph")
        if paragraph is not None:
            paragraph = whole_number(paragraph, MAX_PARAGRAPH)
            if not paragraph:
                raise GiftError(block.line, "aq-paragraph must be a whole number from 1 to "
                                            f"{MAX_PARAGRAPH:,}")
        spec = {
            "key": key, "stem": _unescape(raw[:open_at]), "explanation": explanation,
            "topic": block.topic, "anchor": block.meta.get("anchor", ""),
            "paragraph": paragraph,
            "choices": choices,
        }
        try:
            questions.append(parse_question(len(questions) + 1, spec, keys))
        except BankError as error:
            raise GiftError(block.line, error.problems[0]) from error
        keys.add(key)
    if not questions:
        raise GiftError(1, "no questions found")
    return questions


def _split_feedback(part: str) -> tuple[str, str, str]:
    at = _unescaped(part, "#")
    if at == -1:
        return part.strip(), "", ""
    return part[:at].strip(), "#", part[at + 1:].strip()
