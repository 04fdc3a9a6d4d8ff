"""Quiz statistics as Moodle's quiz statistics report defines them, computed from sufficient
statistics so their cost does not grow with the number of attempts.

Definitions (docs/STATISTICS.md has them with their sources): s attempts counted; x_a the mark
on an item in attempt a (0 to 1, partial credit included), t_a the attempt's total, y_a = t_a -
x_a the rest of the test. Variances and covariances divide by s - 1. A statistic is None where
Moodle's is undefined (too few attempts, zero variance). Marks come in whole units of
`content.MARK_UNIT`, so every sum is an integer: central moments are taken exactly with
Fractions, in units, and turned into marks and floats only at the end."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import sqrt

from app.domain.content import MARK_UNIT

SELECTORS = ("first", "highest", "last", "all")
DUBIOUS_EFFICIENCY = 15.0  # percent; Moodle highlights rows below it

# The fewest counted attempts at which a figure says something (docs/STATISTICS.md, "Too few
# attempts to mean anything"): below it the figure is withheld, whatever it computes to. The
# average, median, facility, random guess score and intended weight need one; the test's and a
# question's SD share the key "sd"; a question's figures count that question's attempts.
MIN_ATTEMPTS = {
    "sd": 5,
    "cic": 20, "error_ratio": 20, "standard_error": 20,
    "discrimination": 20, "efficiency": 20, "effective_weight": 20,
    "skewness": 25, "kurtosis": 25,
}


def attempts_needed(statistic: str, attempts: int) -> int | None:
    """How many attempts `statistic` needs when `attempts` are too few for it; None when enough."""
    least = MIN_ATTEMPTS.get(statistic, 1)
    return least if attempts < least else None


# --- which attempts count -----------------------------------------------------------------


def counted(history: Sequence[tuple[int, int]], selector: str) -> set[int]:
    """Attempt ids that count for one learner. `history` is (attempt id, total) in the order
    submitted. Highest is the earliest attempt with the learner's highest total."""
    if not history:
        return set()
    if selector == "all":
        return {attempt_id for attempt_id, _ in history}
    if selector == "first":
        return {history[0][0]}
    if selector == "last":
        return {history[-1][0]}
    if selector == "highest":
        best = max(total for _, total in history)
        return {next(attempt_id for attempt_id, total in history if total == best)}
    raise ValueError(f"unknown selector {selector!r}")


# --- sufficient statistics -----------------------------------------------------------------


@dataclass(frozen=True)
class ItemMark:
    question_id: int
    mark: int  # units of MARK_UNIT
    chosen: frozenset[int]  # the choice ids chosen (a multiple-answer question's several)


@dataclass(frozen=True)
class AttemptMarks:
    total: int  # units of MARK_UNIT
    items: tuple[ItemMark, ...]


@dataclass
class ItemSums:
    n: int = 0
    sx: int = 0
    sxx: int = 0
    st: int = 0
    stt: int = 0
    sxt: int = 0
    rest: dict[int, int] = field(default_factory=dict)  # rest of the test -> attempts
    marks: dict[int, int] = field(default_factory=dict)  # mark on this question -> attempts
    choices: dict[int, int] = field(default_factory=dict)  # choice (0: none) -> attempts


@dataclass
class QuizSums:
    """Count and sums of the totals, their histogram (the median, the histogram chart, and the
    third and fourth central moments, exact: power sums of totals in units would outgrow a
    64-bit column), and each question's sums."""
    n: int = 0
    s1: int = 0
    s2: int = 0
    scores: dict[int, int] = field(default_factory=dict)
    items: dict[int, ItemSums] = field(default_factory=dict)

    def add(self, attempt: AttemptMarks, sign: int = 1) -> None:
        """Add (sign 1) or take away (sign -1) one attempt's contribution."""
        t = attempt.total
        self.n += sign
        self.s1 += sign * t
        self.s2 += sign * t * t
        _bump(self.scores, t, sign)
        for item in attempt.items:
            sums = self.items.setdefault(item.question_id, ItemSums())
            x = item.mark
            sums.n += sign
            sums.sx += sign * x
            sums.sxx += sign * x * x
            sums.st += sign * t
            sums.stt += sign * t * t
            sums.sxt += sign * x * t
            _bump(sums.rest, t - x, sign)
            _bump(sums.marks, x, sign)
            for choice_id in item.chosen or (0,):
                _bump(sums.choices, choice_id, sign)


def _bump(counts: dict[int, int], key: int, sign: int) -> None:
    counts[key] = counts.get(key, 0) + sign
    if counts[key] == 0:
        del counts[key]


def sums_of(attempts: Iterable[AttemptMarks]) -> QuizSums:
    sums = QuizSums()
    for attempt in attempts:
        sums.add(attempt)
    return sums


# --- statistics from the sums ---------------------------------------------------------------


@dataclass(frozen=True)
class QuizStatistics:
    attempts: int
    max_score: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    cic: float | None
    error_ratio: float | None
    standard_error: float | None


@dataclass(frozen=True)
class ItemStatistics:
    question_id: int
    attempts: int
    facility: float | None
    sd: float | None
    random_guess: float | None
    intended_weight: float | None
    effective_weight: float | None
    is_negative_covariance: bool
    discrimination: float | None
    efficiency: float | None
    choice_shares: dict[int, float]

    @property
    def is_dubious(self) -> bool:
        """Moodle's rule: low discriminative efficiency or negative discrimination."""
        return (self.efficiency is not None and self.efficiency < DUBIOUS_EFFICIENCY) or (
            self.discrimination is not None and self.discrimination < 0
        )

    @property
    def is_flagged(self) -> bool:
        """Flagged for review: dubious by the figures shown. A question with too few attempts
        for discrimination to mean anything is never flagged (its figures are withheld)."""
        return self.is_dubious and attempts_needed("discrimination", self.attempts) is None


def _central(n: int, s1: int, s2: int) -> Fraction:
    """Sum of squared deviations from the mean, exactly: s2 - s1^2 / n."""
    return Fraction(s2 * n - s1 * s1, n)


def median_of(counts: Mapping[int, int]) -> Fraction | None:
    """Middle of the sorted values given as value -> count; mean of the two middle ones when
    the count is even."""
    total = sum(counts.values())
    if total <= 0:
        return None
    wanted = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return Fraction(found[0] + found[1], 2)


def quiz_statistics(sums: QuizSums, max_score: int) -> QuizStatistics:
    """The test's statistics; the average, median, SD and standard error in marks."""
    s = sums.n
    if s <= 0:
        return QuizStatistics(0, max_score, *(None,) * 8)
    mean = Fraction(sums.s1, s)
    d2 = _central(s, sums.s1, sums.s2)
    d3 = sum(n * (t - mean) ** 3 for t, n in sums.scores.items())
    d4 = sum(n * (t - mean) ** 4 for t, n in sums.scores.items())
    sd = sqrt(d2 / (s - 1)) / MARK_UNIT if s > 1 else None
    k2 = d2 / (s - 1) if s > 1 else None
    skewness = kurtosis = None
    if s > 2 and k2:
        m3 = d3 / s
        k3 = Fraction(s * s, (s - 1) * (s - 2)) * m3
        skewness = float(k3) / float(k2) ** 1.5
    if s > 3 and k2:
        m2, m4 = d2 / s, d4 / s
        k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
        kurtosis = float(k4 / (k2 * k2))
    cic = error_ratio = standard_error = None
    item_variances = [_variance(item) for item in sums.items.values() if item.n > 0]
    p = len(item_variances)
    if p > 1 and k2 and all(v is not None for v in item_variances):
        cic = float(100 * Fraction(p, p - 1) * (1 - sum(item_variances) / k2))
        error_ratio = 100 * sqrt(1 - cic / 100)
        standard_error = error_ratio * sd / 100 if sd is not None else None
    return QuizStatistics(
        attempts=s,
        max_score=max_score,
        mean=float(mean / MARK_UNIT),
        median=float(median_of(sums.scores) / MARK_UNIT),
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        cic=cic,
        error_ratio=error_ratio,
        standard_error=standard_error,
    )


def _variance(item: ItemSums) -> Fraction | None:
    if item.n <= 1:
        return None
    return _central(item.n, item.sx, item.sxx) / (item.n - 1)


def _covariance_with_total(item: ItemSums) -> Fraction | None:
    if item.n <= 1:
        return None
    return Fraction(item.sxt * item.n - item.sx * item.st, item.n) / (item.n - 1)


def _sorted_products(a: Mapping[int, int], b: Mapping[int, int]) -> int:
    """Σ a_(k)·b_(k) over two multisets (value -> count) of the same size, each sorted: the
    largest sum of products any pairing of them reaches."""
    total = 0
    left, right = sorted(a.items()), sorted(b.items())
    i = j = 0
    used_a = used_b = 0
    while i < len(left) and j < len(right):
        take = min(left[i][1] - used_a, right[j][1] - used_b)
        total += take * left[i][0] * right[j][0]
        used_a += take
        used_b += take
        if used_a == left[i][1]:
            i, used_a = i + 1, 0
        if used_b == right[j][1]:
            j, used_b = j + 1, 0
    return total


def item_statistics(
    sums: QuizSums, choice_counts: Mapping[int, int]
) -> dict[int, ItemStatistics]:
    """Per question, each worth one mark. `choice_counts` maps question id -> its number of
    choices, for the random guess score of a question with one right choice (a question
    left out, as a multiple-answer one is, has none, as in Moodle)."""
    items = {qid: item for qid, item in sums.items.items() if item.n > 0}
    sumgrades = len(items)
    covariances = {qid: _covariance_with_total(item) for qid, item in items.items()}
    root_total = sum(sqrt(c) for c in covariances.values() if c is not None and c >= 0)
    result = {}
    for qid, item in items.items():
        n = item.n
        variance = _variance(item)
        cov_xt = covariances[qid]
        discrimination = efficiency = None
        if variance is not None and cov_xt is not None:
            var_t = _central(n, item.st, item.stt) / (n - 1)
            cov_xy = cov_xt - variance
            var_y = var_t - 2 * cov_xt + variance
            if variance > 0 and var_y > 0:
                discrimination = 100 * float(cov_xy) / sqrt(variance * var_y)
            # the largest covariance the two marginals allow: sorted marks with sorted rests
            cov_max = (_sorted_products(item.marks, item.rest)
                       - Fraction(item.sx * (item.st - item.sx), n)) / (n - 1)
            if cov_max > 0:
                efficiency = 100 * float(cov_xy / cov_max)
        effective = None
        negative = cov_xt is not None and cov_xt < 0
        if cov_xt is not None and not negative and root_total > 0:
            effective = 100 * sqrt(cov_xt) / root_total
        n_choices = choice_counts.get(qid, 0)
        result[qid] = ItemStatistics(
            question_id=qid,
            attempts=n,
            facility=100 * item.sx / (n * MARK_UNIT),
            sd=100 * sqrt(variance) / MARK_UNIT if variance is not None else None,
            random_guess=100 / n_choices if n_choices else None,
            intended_weight=100 / sumgrades,
            effective_weight=effective,
            is_negative_covariance=negative,
            discrimination=discrimination,
            efficiency=efficiency,
            choice_shares={cid: 100 * count / n for cid, count in item.choices.items()},
        )
    return result
