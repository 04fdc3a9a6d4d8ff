"""The small vocabularies the generator ships (the .txt files in vocabulary/ beside this
module): countries, regions, US states, cities, peoples and languages, organisations,
companies and universities; in code the months, weekdays and planets. Each line names one
thing, its other names (aliases) after "|", and a group after ";" (a country's region, a
city's country, a company's trade), so that wrong answers can come from the key's group
first."""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent / "vocabulary"
FILES = {"country": "countries.txt", "region": "regions.txt", "state": "us_states.txt",
         "city": "cities.txt", "people": "peoples.txt", "organisation": "organisations.txt",
         "company": "companies.txt", "university": "universities.txt"}
MONTHS = ("January February March April May June July August September October November "
          "December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
PLANETS = "Mercury Venus Earth Mars Jupiter Saturn Uranus Neptune".split()


def fold(text: str) -> str:
    """A name compared without case, a leading "the", stops, possessives or spacing."""
    text = text.casefold().replace("’", "'").replace(".", "")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(re.findall(r"[\w&'-]+", text))


@dataclass(frozen=True)
class Entry:
    name: str                   # as shown
    type: str
    group: str
    aliases: frozenset[str]     # folded, the name's own included


class Vocabulary:
    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_type: dict[str, list[Entry]] = {}
        self.by_alias: dict[str, Entry] = {}
        for entry in entries:
            self.by_type.setdefault(entry.type, []).append(entry)
            for alias in entry.aliases:
                self.by_alias.setdefault(alias, entry)

    def lookup(self, name: str) -> Entry | None:
        return self.by_alias.get(fold(name))

    def same_thing(self, a: str, b: str) -> bool:
        """Whether two names are names of one thing in the vocabularies."""
        first, second = self.lookup(a), self.lookup(b)
        return first is not None and first is second


def _read(kind: str, path: Path) -> list[Entry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if line.startswith("#") else line.strip()
        if not line:
            continue
        names, _, group = line.partition(";")
        aliases = [n.strip() for n in names.split("|") if n.strip()]
        entries.append(Entry(aliases[0], kind, group.strip(),
                             frozenset(fold(a) for a in aliases)))
    return entries


@cache
def vocabulary() -> Vocabulary:
    entries = [e for kind, name in FILES.items() for e in _read(kind, HERE / name)]
    entries += [Entry(m, "month", "month", frozenset({fold(m)})) for m in MONTHS]
    entries += [Entry(d, "weekday", "weekday", frozenset({fold(d)})) for d in WEEKDAYS]
    entries += [Entry(p, "planet", "planet", frozenset({fold(p)})) for p in PLANETS]
    return Vocabulary(entries)
