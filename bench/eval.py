"""Judge question generation on the articles in ../shared/articles/ and the seed.

Every article is imported into a fresh database through the app's own import (the drafts it
stores are compared with the generator's), and for each one this writes, to a git-ignored
folder (it quotes the article), every kept and dropped draft with its kind, type, choices,
checks and judgement. Then it prints, per article and overall: kept drafts per 1,000 words,
kinds (with the usable share of each, and true/false keys), the share of verbatim drafts (a
cloze, a true/false statement, or a statement whose right choice copies its sentence),
drafts with a wrong answer of another type or an alias of the key (by checks of its own, not
the generator's), the usable share by the judgements in bench/judgements.tsv (good or
acceptable, with drafts that have no judgement counted as not usable and listed),
generation's time on the seed at 1x and 10x, and each target, met or missed on each article
as well as overall.

A judgement is keyed by the article's file and a hash of the draft's kind, key and source
sentence; it also holds a hash of the draft as judged (stem and choices), so a draft that
changed is shown as not judged until it is judged again. The file holds no article text.

    make eval        (or .venv/bin/python bench/eval.py [--out artifacts/eval])
"""

import argparse
import csv
import hashlib
import random
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from app.domain.articles import clean_text  # noqa: E402
from app.domain.generation import analyse, generate, type_of  # noqa: E402
from app.domain.generation.drafts import NUMBER_TYPES  # noqa: E402
from app.domain.generation.entities import NAMED_TYPES, ROLES, distinctive  # noqa: E402
from app.domain.generation.vocabulary import fold, vocabulary  # noqa: E402
from app.extensions import db, init_migrations  # noqa: E402
from app.models import Quiz, utcnow  # noqa: E402
from app.services.articles import import_article  # noqa: E402
from bench.generation import best_of, scaled, seed_text  # noqa: E402

SHARED = ROOT.parent / "shared"
JUDGEMENTS = ROOT / "bench" / "judgements.tsv"
VERDICTS = ("good", "acceptable", "bad")
TARGETS = {"usable": 0.8, "per_1000": 10, "kinds": 4, "verbatim": 0.5}


def draft_id(article: str, draft) -> str:
    span = draft.sentence
    basis = f"{article}|{draft.kind}|{draft.key}|{span.paragraph}.{span.position}"
    return hashlib.sha1(basis.encode()).hexdigest()[:10]


def draft_hash(draft) -> str:
    return hashlib.sha1("|".join([draft.stem, *draft.choices]).encode()).hexdigest()[:8]


def read_judgements() -> dict[tuple[str, str], dict]:
    if not JUDGEMENTS.exists():
        return {}
    with JUDGEMENTS.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return {(row["article"], row["id"]): row for row in rows}


# --- the eval's own checks (not the generator's) -----------------------------------------


def _number(text: str) -> float | None:
    digits = re.sub(r"[,\s]", "", re.sub(r"[^\d.,]", " ", text)).strip(".")
    try:
        return float(digits) if digits else None
    except ValueError:
        return None


def alias_of_key(key: str, wrong: str, kind: str, entities) -> bool:
    """A second right answer among the wrong ones: the same words, one inside the other, one
    thing in the vocabularies or the article, a shared distinctive word, the same number."""
    if kind == "truefalse":
        return False                          # "True" against "False"
    a, b = fold(key), fold(wrong)
    if not a or not b or a == b or vocabulary().same_thing(key, wrong):
        return True
    if kind in NUMBER_TYPES:
        return _number(key) is not None and _number(key) == _number(wrong)
    if kind == "statement":
        return False
    if f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    found = entities.find(key)
    if found is not None and found is entities.find(wrong):
        return True
    return kind in NAMED_TYPES and bool(distinctive(key) & distinctive(wrong))


SOURCES = {"person", "organisation", "company", "university"}


def wrong_type(draft, wrong: str, entities) -> bool:
    """A wrong answer of another type than the key's: for who said a quotation, anyone the
    article names as a source (a person, an organisation, an official) is of its type."""
    if draft.kind in ("statement", "definition", "meaning", "truefalse"):
        return False
    if draft.answer_type == "source":
        return type_of(wrong, entities) not in SOURCES and not re.search(
            rf"{ROLES}(?:\s(?:of|at|for)\s.+)?$", wrong)
    return type_of(wrong, entities) != draft.answer_type


@dataclass
class Report:
    name: str
    words: int = 0
    kept: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    verdicts: Counter = field(default_factory=Counter)
    wrong_type: int = 0
    alias: int = 0
    sentences: int = 0
    standing: int = 0      # sentences a learner can read alone, that a draft may rest on
    figures: int = 0       # names and figures a question may ask for in those sentences

    @property
    def per_1000(self) -> float:
        return len(self.kept) * 1000 / self.words if self.words else 0.0

    @property
    def verbatim(self) -> float:
        return sum(d.is_verbatim for d, *_ in self.kept) / len(self.kept) if self.kept else 0.0

    @property
    def usable(self) -> float:
        good = self.verdicts["good"] + self.verdicts["acceptable"]
        return good / len(self.kept) if self.kept else 0.0


def evaluate(path: Path, text: str, judgements: dict, out: Path, stored: list) -> Report:
    article = clean_text(text)
    result = generate(article, random.Random(article.content_hash))
    entities = analyse(article, random.Random(article.content_hash)).entities
    assert [d.stem for d in result.drafts] == stored, \
        f"{path.name}: the stored drafts differ from the generator's"
    seen = analyse(article, random.Random(article.content_hash))
    report = Report(path.name, len(article.text.split()), sentences=len(seen.texts),
                    standing=sum(s is not None for s in seen.shown),
                    figures=sum(len(a) for a in seen.answers))
    lines = [f"# {path.name}: {article.title}", f"byline: {article.byline or '-'}",
             f"{len(article.paragraphs)} paragraphs, {len(article.sentences)} sentences, "
             f"{report.words} words", ""]
    for number, draft in enumerate(result.drafts, start=1):
        ident, version = draft_id(path.name, draft), draft_hash(draft)
        row = judgements.get((path.name, ident))
        verdict = row["verdict"] if row and row["draft"] == version else (
            "changed since judged" if row else "not judged")
        report.verdicts[verdict if verdict in VERDICTS else "unjudged"] += 1
        types = [wrong_type(draft, w, entities) for w in draft.distractors]
        aliases = [alias_of_key(draft.key, w, draft.kind if draft.kind == "truefalse" else
                                draft.answer_type, entities)
                   for w in draft.distractors]
        report.wrong_type += any(types)
        report.alias += any(aliases)
        report.kept.append((draft, ident, version, verdict))
        span = draft.sentence
        lines += [f"## kept {number}: {draft.kind} · {draft.answer_type} · paragraph "
                  f"{span.paragraph}, sentence {span.position} · id {ident} · draft {version}",
                  f"sentence: {draft.sentence_text}", f"stem: {draft.stem}",
                  f"  ✓ {draft.key}"]
        lines += [f"  ✗ {w}   [{'WRONG TYPE ' if t else ''}{'ALIAS ' if a else ''}"
                  f"{type_of(w, entities) or '-'}] {why}"
                  for w, t, a, why in zip(draft.distractors, types, aliases, draft.rationales,
                                          strict=True)]
        lines += [f"explanation: {draft.explanation}",
                  f"checks: passed every check · judgement: {verdict}"
                  + (f" — {row['reason']}" if row and verdict in VERDICTS else ""), ""]
    for rejected in result.rejected:
        draft = rejected.draft
        report.dropped.append(rejected)
        lines += [f"## dropped: {draft.kind} · {draft.answer_type} · paragraph "
                  f"{draft.sentence.paragraph}, sentence {draft.sentence.position}",
                  f"stem: {draft.stem}", f"  ✓ {draft.key}",
                  *(f"  ✗ {w}" for w in draft.distractors), f"check failed: {rejected.reason}",
                  ""]
    (out / f"{path.stem}.txt").write_text("\n".join(lines), encoding="utf-8")
    return report


def import_all(paths: list[Path], tmp: Path) -> dict[str, list[str]]:
    """Import every article through the app into a fresh database: the stems of the drafts
    stored for each, in order."""
    app = create_app({"TESTING": True, "SECRET_KEY": "eval",  # noqa: S106
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'eval.db'}"})
    init_migrations(app)
    stored = {}
    with app.app_context():
        upgrade()
        for path in paths:
            result = import_article(path.read_bytes(), path.name, utcnow())
            db.session.commit()
            quiz = db.session.scalar(select(Quiz).filter_by(id=result.quiz.id))
            stored[path.name] = [q.stem for q in sorted(
                (q for q in quiz.questions if q.origin == "generated"), key=lambda q: q.position)]
    return stored


def row(report: Report) -> str:
    kinds = Counter(d.kind for d, *_ in report.kept)
    v = report.verdicts
    return (f"{report.name[:26]:26} {report.words:6} {len(report.kept):5} "
            f"{len(report.dropped):5} {report.per_1000:6.1f} {len(kinds):5} "
            f"{report.verbatim:8.0%} {report.wrong_type:5} {report.alias:5} "
            f"{v['good']:4} {v['acceptable']:4} {v['bad']:4} {v['unjudged']:4} "
            f"{report.usable:7.0%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "eval")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs for linearity")
    args = parser.parse_args()
    paths = sorted(SHARED.glob("articles/*.txt")) + sorted(SHARED.glob("seed/*.txt"))
    if not paths:
        sys.exit(f"no articles in {SHARED}/articles or {SHARED}/seed")
    args.out.mkdir(parents=True, exist_ok=True)
    judgements = read_judgements()
    with tempfile.TemporaryDirectory() as tmp:
        stored = import_all(paths, Path(tmp))
    reports = [evaluate(p, p.read_text(encoding="utf-8"), judgements, args.out, stored[p.name])
               for p in paths]
    total = Report("all seven", sum(r.words for r in reports),
                   [k for r in reports for k in r.kept], [d for r in reports for d in r.dropped],
                   sum((r.verdicts for r in reports), Counter()),
                   sum(r.wrong_type for r in reports), sum(r.alias for r in reports))
    print(f"{'article':26} {'words':>6} {'kept':>5} {'drop':>5} {'/1000':>6} {'kinds':>5} "
          f"{'verbatim':>8} {'type':>5} {'alias':>5} {'good':>4} {'ok':>4} {'bad':>4} "
          f"{'none':>4} {'usable':>7}")
    for report in [*reports, total]:
        print(row(report))
    print("what each article offers: sentences a learner can read alone (of all), and the "
          "names and figures in them a question may ask for")
    for report in reports:
        print(f"  {report.name[:26]:26} {report.standing:3} of {report.sentences:3} sentences, "
              f"{report.figures:3} names and figures")
    kinds = Counter(d.kind for d, *_ in total.kept)
    usable = Counter(d.kind for d, _, _, verdict in total.kept if verdict in ("good", "acceptable"))
    print("kinds overall (usable of kept): " + ", ".join(
        f"{k} {usable[k]} of {n}" for k, n in kinds.most_common()))
    keys = Counter(d.key for d, *_ in total.kept if d.kind == "truefalse")
    print(f"true/false keys: True {keys['True']}, False {keys['False']}")
    unjudged = [(r.name, ident, verdict) for r in reports for _, ident, _, verdict in r.kept
                if verdict not in VERDICTS]
    for name, ident, verdict in unjudged:
        print(f"  {verdict}: {name} {ident}")
    text = seed_text()
    one, one_sentences, _ = best_of(text, args.repeat)
    ten, ten_sentences, _ = best_of(scaled(text, 10), args.repeat)
    per_sentence = (ten / ten_sentences) / (one / one_sentences)
    print(f"generation: seed {one * 1000:.0f} ms ({one_sentences} sentences), 10x "
          f"{ten * 1000:.0f} ms ({ten_sentences}); time per sentence 10x / 1x: "
          f"{per_sentence:.2f} (linear: about 1)")
    targets = [
        ("usable share (good or acceptable) ≥ 80%", lambda r: r.usable >= TARGETS["usable"]),
        ("no wrong answer of another type", lambda r: r.wrong_type == 0),
        ("no wrong answer that is an alias of the key", lambda r: r.alias == 0),
        ("≥ 10 kept drafts per 1,000 words", lambda r: r.per_1000 >= TARGETS["per_1000"]),
        ("≥ 4 kinds", lambda r: len({d.kind for d, *_ in r.kept}) >= TARGETS["kinds"]),
        ("≤ 50% verbatim (cloze, true/false, and statements whose right choice copies the article)",
         lambda r: r.verbatim <= TARGETS["verbatim"]),
    ]
    for label, met in targets:
        missed = [r.name for r in reports if not met(r)]
        print(f"{'MET ' if met(total) and not missed else 'MISS'} {label}: overall "
              f"{'met' if met(total) else 'missed'}, on {len(reports) - len(missed)} of "
              f"{len(reports)} articles" + (f" (missed: {', '.join(missed)})" if missed else ""))
    for label, ok in [("generation linear in length (per-sentence ratio ≤ 1.5)",
                       per_sentence <= 1.5), ("every kept draft judged", not unjudged)]:
        print(f"{'MET ' if ok else 'MISS'} {label}")
    print(f"every kept and dropped draft, per article: {args.out}/")


if __name__ == "__main__":
    main()
