"""Figures in a sentence, each typed (year, date, month, count, percentage, money, fold) with
its value, the noun it counts and any qualifier before it ("more than", "about"); and wrong
values of the same type, written the way the key is written."""

import random
import re
from dataclasses import dataclass

from app.domain.generation.vocabulary import MONTHS

UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
WORD_NUMBER = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|"
               r"four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|"
               r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)")
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{DIGITS}|(?i:{WORD_NUMBER}))"
SCALE = r"(?:\s(?:thousand|million|billion|trillion))"
QUALIFIERS = (r"(?:more than|greater than|over|at least|nearly|almost|about|around|some|roughly|"
              r"approximately|up to|fewer than|less than|under|just over|just under|close to|"
              r"as many as|as much as|only)")
QUALIFIER = re.compile(rf"{QUALIFIERS}\s$", re.IGNORECASE)
MONTH = "|".join(MONTHS) + r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
PATTERNS = (
    ("money", re.compile(rf"(?:US)?\$\s?(?P<n>{DIGITS}){SCALE}?|(?P<m>{DIGITS}){SCALE}?\s"
                         r"(?:dollars|euros|pounds|yuan|yen|rupees)\b")),
    ("percentage", re.compile(rf"(?<![\w.-])(?P<n>{NUMBER})(?:\s?(?:percent|per cent)\b|%)")),
    ("date", re.compile(rf"\b(?:{MONTH})\s(?P<n>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,\s\d{{4}})?|"
                        rf"\b(?P<m>\d{{1,2}})\s(?:{MONTH})(?:,?\s\d{{4}})?\b")),
    ("fold", re.compile(rf"(?<![\w.-])(?P<n>{NUMBER})-fold\b")),
    ("year", re.compile(r"(?<![\w.,$-])(?P<n>1[5-9]\d\d|20\d\d)(?![\w%-]|[.,]\d|\s(?:percent|"
                        r"per cent)\b)")),
    ("month", re.compile(r"\b(?i:in|since|until|by|last|early|late|mid|of|this|next|from|during)"
                         rf"\s(?P<x>{'|'.join(MONTHS)})\b(?!\s\d)")),
    ("count", re.compile(rf"(?<![\w.,$:/-])(?P<n>{NUMBER}){SCALE}?(?![\w%:]|[.,]\d|-\w|\s?%|"
                         r"\s(?:percent|per cent)\b|\s[ap]\.?m\b|\s[a-z]\.)")),
)
# capitalised words that may stand before a figure without making it part of a name
OPENING = (r"In|By|Since|About|Over|Nearly|Almost|Some|Only|Just|Around|Until|From|After|"
           r"Before|Of|On|At|More than|Fewer than|Less than|Up to|At least|Roughly|Exactly")
NOT_UNITS = {"of", "in", "on", "at", "to", "and", "or", "the", "a", "an", "for", "from", "by",
             "with", "as", "than", "that", "this", "who", "which", "is", "are", "was", "were",
             "has", "have", "had", "will", "would", "can", "could", "more", "less", "times",
             "percent", "per", "other", "others", "each", "after", "before", "since", "it", "its"}
IRREGULAR_PLURALS = {"people", "children", "men", "women", "staff", "police", "sheep", "fish",
                     "aircraft", "spacecraft", "cattle", "feet", "teeth", "mice", "data"}


@dataclass(frozen=True)
class Figure:
    type: str
    value: float
    text: str           # as written: "2,300", "18 percent", "March 19", "five"
    start: int
    end: int
    unit: str = ""      # what a count counts: "cherry trees"
    qualifier: str = ""  # "more than", "about", …


def word_value(word: str) -> int | None:
    word = word.casefold()
    if word in UNITS:
        return UNITS.index(word)
    tens, _, unit = word.partition("-")
    if tens in TENS:
        return TENS.index(tens) * 10 + (UNITS.index(unit) if unit in UNITS[1:10] else 0)
    return None


def as_words(value: int) -> str:
    if value < 20:
        return UNITS[value]
    tens, unit = divmod(value, 10)
    return TENS[tens] + (f"-{UNITS[unit]}" if unit else "")


def _value(text: str) -> float | None:
    number = re.match(rf"{DIGITS}|[A-Za-z-]+", re.sub(r"^(?:US)?\$\s?", "", text))
    if number is None:
        return None
    found = number.group(0)
    value = word_value(found) if found[0].isalpha() else float(found.replace(",", ""))
    if value is None:
        return None
    for scale, factor in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9),
                          ("trillion", 1e12)):
        if f" {scale}" in text:
            value *= factor
    return float(value)


def _unit(sentence: str, end: int) -> str:
    words = re.findall(r"[a-z][a-z-]*", sentence[end:end + 40].split(",")[0].split(".")[0])
    words = words[:2] if re.match(r"\s[a-z]", sentence[end:end + 2]) else []
    if not words or words[0] in NOT_UNITS:
        return ""
    if len(words) == 2 and words[1] not in NOT_UNITS and not (
            words[0].endswith("s") or words[0] in IRREGULAR_PLURALS):
        return " ".join(words)
    return words[0]


def figures(sentence: str) -> list[Figure]:
    """The figures of a sentence, each of one type; a span claimed by an earlier type (money,
    a percentage, a date) is not read again. A number right after a capitalised word belongs
    to a name ("Voyager 2"), and "one" and numbers below two are no figures."""
    found: list[Figure] = []
    taken: set[int] = set()
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            group = "x" if "x" in pattern.groupindex else 0
            start, end, text = match.start(group), match.end(group), match.group(group)
            span = set(range(start, end))
            if span & taken:
                continue
            before = sentence[:start]
            if kind in ("count", "year", "fold") and re.search(r"\b[A-Z][\w-]*\s$", before) \
                    and not re.search(rf"\b(?:{MONTH}|{OPENING})\s$", before):
                continue  # "Voyager 2", "Windows 11"
            if kind == "count" and (re.search(r"\b(?:to|and|or|from|between)\s$", before) or
                                    re.match(rf"\s(?:to|or|and)\s(?:{NUMBER})\b", sentence[end:])):
                continue  # one end of a range: "five to 10 words"
            if kind == "month":
                value = float(MONTHS.index(text) + 1)
            elif kind == "date":
                value = float(match.group("n") or match.group("m"))
            else:
                value = _value(text)
            if value is None or (kind in ("count", "fold") and value < 2):
                continue
            taken |= span
            qualifier = QUALIFIER.search(before[-20:])
            found.append(Figure(kind, value, text, start, end,
                                _unit(sentence, end) if kind == "count" else "",
                                qualifier.group(0).strip().casefold() if qualifier else ""))
    return sorted(found, key=lambda f: f.start)


# --- wrong values ---------------------------------------------------------------------------


def _significant(value: float, like: float) -> float:
    """`value` rounded to as many significant digits as `like` has (at least one)."""
    text = f"{like:.0f}".rstrip("0") if like >= 10 and like == int(like) else ""
    digits = max(1, len(text)) if text else 2
    if value <= 0:
        return value
    magnitude = len(f"{int(value)}") - digits
    return round(value, -magnitude) if magnitude > 0 else round(value, 1 if like % 1 else 0)


def fits(figure: Figure, value: float) -> bool:
    """Whether a wrong value is wrong enough: clear of the key, and not made true by the
    key's qualifier ("more than 40" is true when the article says 47)."""
    key = figure.value
    if figure.type in ("year", "date", "month"):
        return value != key
    if value <= 0 or (figure.type == "percentage" and value >= 100):
        return False
    gap = abs(value - key) / key
    if figure.qualifier in ("more than", "greater than", "over", "at least", "just over",
                            "as many as", "as much as"):
        return value > key * 1.2
    if figure.qualifier in ("fewer than", "less than", "under", "just under", "up to"):
        return value < key * 0.8
    return gap >= (0.25 if figure.qualifier else 0.15)


def nearby(figure: Figure, rng: random.Random) -> list[float]:
    """Plausible wrong values of the figure's type, near the right one."""
    v = figure.value
    if figure.type == "year":
        steps = [-7, -5, -4, -3, -2, 2, 3, 4, 5, 6]
        rng.shuffle(steps)
        return [v + s for s in steps]
    if figure.type == "month":
        return [float(m) for m in rng.sample(range(1, 13), 12)]
    if figure.type == "date":
        days = [d for d in range(max(1, int(v) - 9), min(28, int(v) + 9) + 1)]
        return [float(d) for d in rng.sample(days, len(days))]
    factors = [0.5, 2, 3, 1.5, 0.25, 4, 0.7, 1.4]
    rng.shuffle(factors)
    values = [_significant(v * f, v) for f in factors]
    if figure.type == "percentage":
        values += [v + 10, v - 10, v + 20, v - 20]
    return [x for x in values if x >= (2 if figure.type in ("count", "fold") else 0.1)]


def written_like(figure: Figure, value: float) -> str:
    """`value` in the key's own form: digits with commas, a decimal, a scale word, a number
    word, a month or day of the same pattern, and the key's suffix ("percent", "-fold")."""
    text = figure.text
    if figure.type == "month":
        return MONTHS[int(value) - 1]
    if figure.type == "date":
        return re.sub(r"\d{1,2}", str(int(value)), text, count=1) if re.match(
            rf"(?:{MONTH})", text) else re.sub(r"^\d{1,2}", str(int(value)), text)
    if figure.type == "year":
        return str(int(value))
    number = re.search(rf"{DIGITS}|{WORD_NUMBER}", text, re.IGNORECASE)
    if number is None:
        return text
    scale = next((f for s, f in (("thousand", 1e3), ("million", 1e6), ("billion", 1e9),
                                 ("trillion", 1e12)) if f" {s}" in text), 1.0)
    shown = value / scale
    raw = number.group(0)
    if raw[0].isalpha():
        if shown != int(shown) or shown >= 100:
            return ""
        body = as_words(int(shown))
        body = body.capitalize() if raw[0].isupper() else body
    elif shown != int(shown):
        body = f"{shown:,.1f}" if "," in raw else f"{shown:.1f}"
    elif "," in raw or shown >= 10_000:
        body = f"{int(shown):,}"
    else:
        body = str(int(shown))
    return text[:number.start()] + body + text[number.end():]
