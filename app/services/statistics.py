"""The instructor's statistics: sufficient statistics kept current on every submission, a full
rebuild in SQL, and the dashboard read from them at a cost that does not grow with attempts.

Every sum is kept per scope: WHOLE_QUIZ (0) counts every counted attempt of the quiz; an
assignment's id counts the attempts made through that assignment alone, so the dashboard
narrowed to one class reads that class's own rows."""

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import String, and_, cast, delete, func, insert, literal, select, union_all
from sqlalchemy.orm import selectinload

from app.domain.attempts import COUNTED_KINDS, chosen_ids
from app.domain.charts import BarChart, histogram_chart
from app.domain.content import MARK_UNIT, MULTIPLE
from app.domain.statistics import (
    SELECTORS,
    AttemptMarks,
    ItemMark,
    ItemStatistics,
    ItemSums,
    QuizStatistics,
    QuizSums,
    attempts_needed,
    counted,
    item_statistics,
    quiz_statistics,
)
from app.extensions import db
from app.models import (
    Assignment,
    Attempt,
    Choice,
    ChoiceCount,
    ItemStat,
    MarkCount,
    Question,
    Quiz,
    QuizStat,
    Response,
    RestCount,
    ScoreCount,
)
from app.services.writes import insert_rows, upsert

STAT_MODELS = (QuizStat, ScoreCount, ItemStat, RestCount, MarkCount, ChoiceCount)
WHOLE_QUIZ = 0


# --- keeping the sums current ---------------------------------------------------------------


History = list[tuple[int, int]]


def _in_scope(quiz_id: int, scope: int):
    """The submitted attempts that count in a scope: the quiz's, or one assignment's."""
    where = [Attempt.quiz_id == quiz_id, Attempt.submitted_at.is_not(None),
             Attempt.kind.in_(COUNTED_KINDS)]
    if scope != WHOLE_QUIZ:
        where.append(Attempt.assignment_id == scope)
    return where


def scopes_of(assignment_id: int | None) -> list[int]:
    """The scopes an attempt counts in: the whole quiz, and its assignment if it has one."""
    return [WHOLE_QUIZ] + ([assignment_id] if assignment_id else [])


def histories(quiz_id: int, user_ids: list[int], scope: int = WHOLE_QUIZ) -> list[History]:
    """Each learner's submitted (attempt id, total in units of MARK_UNIT) in this scope, in
    the order submitted, counting only the kinds of attempt that count."""
    rows = db.session.execute(
        select(Attempt.user_id, Attempt.id, Attempt.marks)
        .where(Attempt.user_id.in_(user_ids), *_in_scope(quiz_id, scope))
        .order_by(Attempt.submitted_at, Attempt.id)
    )
    by_user: dict[int, History] = {user_id: [] for user_id in user_ids}
    for user_id, attempt_id, score in rows:
        by_user[user_id].append((attempt_id, score))
    return [h for h in by_user.values() if h]


def record_submission(attempt: Attempt) -> None:
    """Add the new attempt's contribution under every selector, and take away that of an
    attempt that stops counting (a learner's previous last, or a beaten highest). An attempt
    of a kind that does not count (a preview) changes nothing."""
    if attempt.kind not in COUNTED_KINDS:
        return
    changes = []
    for scope in scopes_of(attempt.assignment_id):
        (after,) = histories(attempt.quiz_id, [attempt.user_id], scope)
        before = [[entry for entry in after if entry[0] != attempt.id]]
        changes.append(Change(attempt.quiz_id, scope, before, [after]))
    recount(changes)


class Change(NamedTuple):
    """The attempts counted in one scope of a quiz before and after a change, as learners'
    histories in that scope."""
    quiz_id: int
    scope: int
    before: list[History]
    after: list[History]


def recount(changes: list[Change]) -> None:
    """Apply the difference between the attempts counted before and after each change,
    selector by selector: the marks read in one statement, and every table's sums changed
    in one upsert of aggregate deltas, however many scopes, selectors and questions."""
    deltas: list[tuple[dict, list[tuple[int, int]]]] = []
    for change in changes:
        for selector in SELECTORS:
            old = set().union(*(counted(h, selector) for h in change.before))
            new = set().union(*(counted(h, selector) for h in change.after))
            diff = [(a, -1) for a in old - new] + [(a, 1) for a in new - old]
            if diff:
                deltas.append(({"quiz_id": change.quiz_id, "scope": change.scope,
                                "selector": selector}, diff))
    marks = attempt_marks({a for _, diff in deltas for a, _ in diff})
    rows: dict[type, list[dict]] = {model: [] for model in STAT_MODELS}
    for key, diff in deltas:
        delta = QuizSums()
        for attempt_id, sign in diff:
            delta.add(marks[attempt_id], sign)
        _delta_rows(rows, key, delta)
    for model, model_rows in rows.items():
        key = _SORT_KEYS[model]
        # in the order of their keys: concurrent submissions lock the rows they share in the
        # same order on PostgreSQL, so they wait for each other but never deadlock
        model_rows.sort(key=lambda row: tuple(row[column] for column in key))
        insert_rows(_ADD_SUMS[model], model_rows)


def attempt_marks(attempt_ids: set[int]) -> dict[int, AttemptMarks]:
    if not attempt_ids:
        return {}
    rows = db.session.execute(
        select(Response.attempt_id, Response.question_id, Response.mark, Response.choice_id,
               Response.chosen, Attempt.marks)
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(Response.attempt_id.in_(attempt_ids))
    )
    totals: dict[int, int] = {}
    items: dict[int, list[ItemMark]] = {}
    for attempt_id, question_id, mark, choice_id, chosen, total in rows:
        totals[attempt_id] = total
        items.setdefault(attempt_id, []).append(
            ItemMark(question_id, mark or 0, chosen_ids(choice_id, chosen)))
    return {a: AttemptMarks(totals[a], tuple(items[a])) for a in totals}


_KEY = ("quiz_id", "scope", "selector")
# each table's columns beside _KEY: those that key a row, and the sums added to
_STAT_COLUMNS = {
    QuizStat: ((), ("n", "s1", "s2")),
    ScoreCount: (("score",), ("n",)),
    ItemStat: (("question_id",), ("n", "sx", "sxx", "st", "stt", "sxt")),
    RestCount: (("question_id", "rest"), ("n",)),
    MarkCount: (("question_id", "mark"), ("n",)),
    ChoiceCount: (("question_id", "choice_id"), ("n",)),
}


def _added(column: str):
    """The stored sum plus the delta proposed."""
    return lambda stored, proposed: stored[column] + proposed[column]


# each table's key, and its upsert adding the deltas proposed to the sums stored
_SORT_KEYS = {model: (*_KEY, *keys) for model, (keys, _) in _STAT_COLUMNS.items()}
_ADD_SUMS = {model: upsert(model.__table__, _SORT_KEYS[model], {v: _added(v) for v in values},
                           model.__table__.c.quiz_id)
             for model, (_, values) in _STAT_COLUMNS.items()}


def _delta_rows(rows: dict[type, list[dict]], key: dict, delta: QuizSums) -> None:
    """The rows of each table that add `delta` to one scope's and one selector's sums."""
    rows[QuizStat].append(key | {"n": delta.n, "s1": delta.s1, "s2": delta.s2})
    rows[ScoreCount] += [key | {"score": s, "n": n} for s, n in delta.scores.items()]
    rows[ItemStat] += [key | {"question_id": qid, "n": i.n, "sx": i.sx, "sxx": i.sxx,
                              "st": i.st, "stt": i.stt, "sxt": i.sxt}
                       for qid, i in delta.items.items()]
    rows[RestCount] += [key | {"question_id": qid, "rest": r, "n": n}
                        for qid, i in delta.items.items() for r, n in i.rest.items()]
    rows[MarkCount] += [key | {"question_id": qid, "mark": m, "n": n}
                        for qid, i in delta.items.items() for m, n in i.marks.items()]
    rows[ChoiceCount] += [key | {"question_id": qid, "choice_id": c, "n": n}
                          for qid, i in delta.items.items() for c, n in i.choices.items()]


# --- the full recomputation -----------------------------------------------------------------


def _counted_ids(quiz_id: int, scope: int, selector: str):
    submitted = _in_scope(quiz_id, scope)
    if selector == "all":
        return select(Attempt.id).where(*submitted)
    order = {
        "first": (Attempt.submitted_at, Attempt.id),
        "last": (Attempt.submitted_at.desc(), Attempt.id.desc()),
        "highest": (Attempt.marks.desc(), Attempt.submitted_at, Attempt.id),
    }[selector]
    ranked = (
        select(Attempt.id, func.row_number()
               .over(partition_by=Attempt.user_id, order_by=order).label("rank"))
        .where(*submitted)
        .subquery()
    )
    return select(ranked.c.id).where(ranked.c.rank == 1)


def rebuild(quiz_id: int) -> None:
    """Recompute every sum from the attempts themselves, in SQL, for the whole quiz and each
    assignment that has counted attempts (after an import or a repair; the tests also check
    the kept sums against it)."""
    for model in STAT_MODELS:
        db.session.execute(delete(model).where(model.quiz_id == quiz_id))
    assignments = db.session.scalars(
        select(Attempt.assignment_id).distinct()
        .where(Attempt.assignment_id.is_not(None), *_in_scope(quiz_id, WHOLE_QUIZ)))
    for scope in [WHOLE_QUIZ, *assignments]:
        for selector in SELECTORS:
            _rebuild(quiz_id, scope, selector)


def _rebuild(quiz_id: int, scope: int, selector: str) -> None:
    """One scope's and one selector's sums, each table filled by one INSERT … SELECT."""
    x = func.coalesce(Response.mark, 0)
    t = Attempt.marks
    ids = _counted_ids(quiz_id, scope, selector)
    const = (literal(quiz_id), literal(scope), literal(selector))
    attempts = select(*const).select_from(Attempt).where(Attempt.id.in_(ids))
    db.session.execute(insert(QuizStat).from_select(
        ["quiz_id", "scope", "selector", "n", "s1", "s2"],
        attempts.add_columns(func.count(), func.coalesce(func.sum(t), 0),
                             func.coalesce(func.sum(t * t), 0))))
    db.session.execute(insert(ScoreCount).from_select(
        ["quiz_id", "scope", "selector", "score", "n"],
        attempts.add_columns(t, func.count()).group_by(t)))
    responses = (select(*const, Response.question_id)
                 .join(Attempt, Attempt.id == Response.attempt_id)
                 .where(Attempt.id.in_(ids)))
    db.session.execute(insert(ItemStat).from_select(
        ["quiz_id", "scope", "selector", "question_id", "n", "sx", "sxx", "st", "stt",
         "sxt"],
        responses.add_columns(func.count(), func.sum(x), func.sum(x * x), func.sum(t),
                              func.sum(t * t), func.sum(x * t))
        .group_by(Response.question_id)))
    db.session.execute(insert(RestCount).from_select(
        ["quiz_id", "scope", "selector", "question_id", "rest", "n"],
        responses.add_columns(t - x, func.count()).group_by(Response.question_id, t - x)))
    db.session.execute(insert(MarkCount).from_select(
        ["quiz_id", "scope", "selector", "question_id", "mark", "n"],
        responses.add_columns(x, func.count()).group_by(Response.question_id, x)))
    # each choice chosen: a response's one choice (0: none), or each of a ticked set's ids,
    # found in its comma-separated text by a match between commas
    picks = union_all(
        select(Response.question_id, func.coalesce(Response.choice_id, 0).label("choice"))
        .where(Response.attempt_id.in_(ids), Response.chosen.is_(None)),
        select(Response.question_id, Choice.id.label("choice"))
        .join(Choice, and_(Choice.question_id == Response.question_id,
                           ("," + Response.chosen + ",").contains(
                               "," + cast(Choice.id, String) + ",")))
        .where(Response.attempt_id.in_(ids))).subquery()
    db.session.execute(insert(ChoiceCount).from_select(
        ["quiz_id", "scope", "selector", "question_id", "choice_id", "n"],
        select(*const, picks.c.question_id, picks.c.choice, func.count())
        .group_by(picks.c.question_id, picks.c.choice)))


# --- reading them -------------------------------------------------------------------------


def load_sums(quiz_id: int, selector: str, scope: int = WHOLE_QUIZ) -> QuizSums:
    """The kept sums, in a handful of queries whose size depends on the questions, not on the
    number of attempts."""
    where = {"quiz_id": quiz_id, "scope": scope, "selector": selector}
    sums = QuizSums()
    row = db.session.scalar(select(QuizStat).filter_by(**where))
    if row is not None:
        sums.n, sums.s1, sums.s2 = row.n, row.s1, row.s2
    sums.scores = {
        r.score: r.n for r in db.session.scalars(select(ScoreCount).filter_by(**where)) if r.n
    }
    for r in db.session.scalars(select(ItemStat).filter_by(**where)):
        if r.n:
            sums.items[r.question_id] = ItemSums(r.n, r.sx, r.sxx, r.st, r.stt, r.sxt)
    for r in db.session.scalars(select(RestCount).filter_by(**where)):
        if r.n and r.question_id in sums.items:
            sums.items[r.question_id].rest[r.rest] = r.n
    for r in db.session.scalars(select(MarkCount).filter_by(**where)):
        if r.n and r.question_id in sums.items:
            sums.items[r.question_id].marks[r.mark] = r.n
    for r in db.session.scalars(select(ChoiceCount).filter_by(**where)):
        if r.n and r.question_id in sums.items:
            sums.items[r.question_id].choices[r.choice_id] = r.n
    return sums


@dataclass(frozen=True)
class QuizReport:
    sums: QuizSums
    test: QuizStatistics
    items: dict[int, ItemStatistics]
    learners: int


def marks_per_attempt(quiz_id: int) -> int | None:
    """What an attempt can score: its number of questions (which the quiz may draw from a
    larger bank), as the latest submitted attempt had it; None before any."""
    return db.session.scalar(
        select(Attempt.max_score)
        .where(Attempt.quiz_id == quiz_id, Attempt.submitted_at.is_not(None),
               Attempt.kind.in_(COUNTED_KINDS))
        .order_by(Attempt.submitted_at.desc())
        .limit(1)
    )


def quiz_report(quiz_id: int, selector: str, choice_counts: dict[int, int],
                scope: int = WHOLE_QUIZ) -> QuizReport:
    sums = load_sums(quiz_id, selector, scope)
    learners = db.session.scalar(
        select(QuizStat.n).filter_by(quiz_id=quiz_id, scope=scope, selector="first")
    ) or 0
    return QuizReport(
        sums=sums,
        test=quiz_statistics(sums, max_score=marks_per_attempt(quiz_id) or len(sums.items)),
        items=item_statistics(sums, choice_counts),
        learners=learners,
    )


@dataclass(frozen=True)
class ChoiceRow:
    label: str
    share: float
    is_correct: bool


@dataclass(frozen=True)
class Figure:
    """One figure as the dashboard shows it: its value, or how many attempts it needs when
    there are too few for it to mean anything (then it is withheld)."""
    value: float | None
    digits: int
    needs: int | None = None
    note: str | None = None  # words shown instead of a number ("negative covariance")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    digits: int


ITEM_COLUMNS = (
    Column("facility", "Facility", 1), Column("sd", "SD", 1),
    Column("random_guess", "Random guess", 1), Column("intended_weight", "Intended weight", 2),
    Column("effective_weight", "Effective weight", 2),
    Column("discrimination", "Discrimination", 1),
    Column("efficiency", "Discriminative efficiency", 1),
)


@dataclass(frozen=True)
class ItemRow:
    number: int
    question: Question
    stats: ItemStatistics
    choices: list[ChoiceRow]
    figures: list[Figure]


@dataclass(frozen=True)
class SummaryRow:
    label: str
    value: float | None
    unit: str
    digits: int
    needs: int | None = None


@dataclass(frozen=True)
class Dashboard:
    quiz: Quiz
    selector: str
    assignment: Assignment | None
    report: QuizReport
    summary: list[SummaryRow]
    histogram: BarChart
    items: list[ItemRow]
    columns: list[Column]  # the question figures shown: some question has enough attempts
    withheld: list[tuple[Column, int]]  # the others, with the attempts each needs

    @property
    def flagged(self) -> int:
        return sum(item.stats.is_flagged for item in self.items)


def _summary(report: QuizReport) -> list[SummaryRow]:
    """Test statistics as Moodle shows them: totals as a percentage of the quiz's total; each
    withheld while the counted attempts are too few for it."""
    test = report.test
    total = test.max_score or 1

    def of_total(value: float | None) -> float | None:
        return None if value is None else 100 * value / total

    def row(label: str, key: str, value: float | None, unit: str, digits: int) -> SummaryRow:
        return SummaryRow(label, value, unit, digits, attempts_needed(key, test.attempts))

    return [
        SummaryRow("Attempts", test.attempts, "", 0),
        SummaryRow("Learners", report.learners, "", 0),
        row("Average", "mean", of_total(test.mean), "%", 1),
        row("Median", "median", of_total(test.median), "%", 1),
        row("Standard deviation", "sd", of_total(test.sd), "%", 1),
        row("Skewness", "skewness", test.skewness, "", 3),
        row("Kurtosis", "kurtosis", test.kurtosis, "", 3),
        row("Internal consistency (α)", "cic", test.cic, "%", 1),
        row("Error ratio", "error_ratio", test.error_ratio, "%", 1),
        row("Standard error", "standard_error", of_total(test.standard_error), "%", 1),
    ]


def _figures(stats: ItemStatistics, columns: list[Column], kind: str) -> list[Figure]:
    figures = []
    for column in columns:
        needs = attempts_needed(column.key, stats.attempts)
        note = ("negative covariance" if column.key == "effective_weight"
                and stats.is_negative_covariance else
                "none: ticks several" if column.key == "random_guess" and kind == MULTIPLE
                else None)
        figures.append(Figure(getattr(stats, column.key), column.digits, needs, note))
    return figures


def dashboard(quiz: Quiz, selector: str, assignment: Assignment | None = None) -> Dashboard:
    """The quiz's statistics, or those of one assignment's class."""
    questions = db.session.scalars(
        select(Question)
        .filter_by(quiz_id=quiz.id)
        .options(selectinload(Question.choices))
        .order_by(Question.position)
    ).all()
    # the random guess score of a question with one right choice (as Moodle, none for one
    # taking several); a question of another type than its latest is rare enough to ignore
    report = quiz_report(quiz.id, selector, {q.id: len(q.choices) for q in questions
                                             if q.type != MULTIPLE},
                         assignment.id if assignment is not None else WHOLE_QUIZ)
    most = max((stats.attempts for stats in report.items.values()), default=0)
    columns = [c for c in ITEM_COLUMNS if attempts_needed(c.key, most) is None]
    withheld = [(c, attempts_needed(c.key, most)) for c in ITEM_COLUMNS if c not in columns]
    items = []
    for question in questions:
        stats = report.items.get(question.id)
        if stats is None:
            continue
        choices = [
            ChoiceRow(c.text, stats.choice_shares.get(c.id, 0.0), c.is_correct)
            for c in question.choices
        ]
        choices.append(ChoiceRow("No answer", stats.choice_shares.get(0, 0.0), False))
        items.append(ItemRow(len(items) + 1, question, stats, choices,
                             _figures(stats, columns, question.type)))
    # a bar per whole mark: a total with partial credit counts with the whole mark below it
    whole: dict[int, int] = {}
    for total, n in report.sums.scores.items():
        whole[total // MARK_UNIT] = whole.get(total // MARK_UNIT, 0) + n
    histogram = histogram_chart(whole, max(report.test.max_score, 1))
    return Dashboard(quiz, selector, assignment, report, _summary(report), histogram, items,
                     columns, withheld)
