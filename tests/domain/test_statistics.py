"""Every statistic against small data sets worked out by hand (docs/STATISTICS.md)."""

import random
import re
from fractions import Fraction
from math import sqrt
from pathlib import Path

import pytest

from app.domain.content import MARK_UNIT
from app.domain.statistics import (
    AttemptMarks,
    ItemMark,
    QuizSums,
    attempts_needed,
    counted,
    item_statistics,
    median_of,
    quiz_statistics,
    sums_of,
)
from tests.stats_reference import reference


def marks(*rows: str) -> list[AttemptMarks]:
    """Each row a string of 0/1 marks, one per question (question ids 1, 2, ...), kept in
    units of MARK_UNIT as attempts keep them; choice 10q+1 right, 10q wrong."""
    return [
        AttemptMarks(MARK_UNIT * sum(map(int, row)),
                     tuple(ItemMark(q, MARK_UNIT * int(m), frozenset({10 * q + int(m)}))
                           for q, m in enumerate(row, 1)))
        for row in rows
    ]


# Four attempts on three questions: totals 3, 2, 1, 0 (a perfect Guttman pattern).
LADDER = marks("111", "110", "100", "000")


def test_test_statistics_by_hand():
    stats = quiz_statistics(sums_of(LADDER), max_score=3)
    assert stats.attempts == 4
    assert stats.mean == 1.5
    assert stats.median == 1.5
    assert stats.sd == pytest.approx(sqrt(5 / 3))        # Σd² = 5, over s - 1 = 3
    assert stats.skewness == pytest.approx(0.0)           # symmetric
    assert stats.kurtosis == pytest.approx(-1.2)          # k4 = -10/3, k2² = 25/9
    # item variances 1/4, 1/3, 1/4; k2 = 5/3: α = 3/2 · (1 - (5/6)/(5/3)) = 0.75
    assert stats.cic == pytest.approx(75.0)
    assert stats.error_ratio == pytest.approx(50.0)
    assert stats.standard_error == pytest.approx(0.5 * sqrt(5 / 3))


def test_item_statistics_by_hand():
    items = item_statistics(sums_of(LADDER), {1: 4, 2: 4, 3: 4})
    assert [items[q].facility for q in (1, 2, 3)] == [75.0, 50.0, 25.0]
    assert items[1].sd == pytest.approx(50.0)             # sqrt(1/4)
    assert items[2].sd == pytest.approx(100 * sqrt(1 / 3))
    assert items[1].random_guess == 25.0
    assert items[1].intended_weight == pytest.approx(100 / 3)
    # item 1: Cov(x, rest) = 1/4, Var(x) = 1/4, Var(rest) = 11/12
    assert items[1].discrimination == pytest.approx(100 * 0.25 / sqrt(0.25 * 11 / 12))
    # item 2: Cov = 1/3, Var(x) = 1/3, Var(rest) = 2/3
    assert items[2].discrimination == pytest.approx(100 / sqrt(2))
    # a perfect ordering reaches the largest covariance the marginals allow
    assert items[1].efficiency == pytest.approx(100.0)
    assert items[2].efficiency == pytest.approx(100.0)
    # Cov(x, total): 1/2, 2/3, 1/2
    root = 2 * sqrt(0.5) + sqrt(2 / 3)
    assert items[1].effective_weight == pytest.approx(100 * sqrt(0.5) / root)
    assert items[2].effective_weight == pytest.approx(100 * sqrt(2 / 3) / root)
    assert not any(i.is_dubious for i in items.values())
    assert items[1].choice_shares == {11: 75.0, 10: 25.0}


def test_a_question_everyone_got_right():
    items = item_statistics(sums_of(marks("11", "10", "11")), {1: 4, 2: 4})
    assert items[1].facility == 100.0
    assert items[1].sd == 0.0
    assert items[1].discrimination is None     # zero variance: undefined
    assert items[1].efficiency is None
    assert not items[1].is_dubious


def test_a_single_attempt():
    stats = quiz_statistics(sums_of(marks("101")), max_score=3)
    assert (stats.attempts, stats.mean, stats.median) == (1, 2.0, 2.0)
    assert stats.sd is None and stats.skewness is None and stats.kurtosis is None
    assert stats.cic is None and stats.error_ratio is None and stats.standard_error is None
    item = item_statistics(sums_of(marks("101")), {})[1]
    assert item.facility == 100.0
    assert item.sd is None and item.discrimination is None and item.efficiency is None
    assert item.random_guess is None


def test_no_attempts():
    stats = quiz_statistics(QuizSums(), max_score=3)
    assert stats.attempts == 0 and stats.mean is None and stats.median is None
    assert item_statistics(QuizSums(), {}) == {}


def test_equal_totals_leave_the_spread_statistics_undefined():
    stats = quiz_statistics(sums_of(marks("10", "01", "10", "01")), max_score=2)
    assert stats.sd == 0.0
    assert stats.skewness is None and stats.kurtosis is None and stats.cic is None


def test_a_question_that_the_weaker_learners_get_right_is_flagged():
    items = item_statistics(sums_of(marks("1110", "1110", "0001", "0001", "1100")), {})
    assert items[4].discrimination < 0
    assert items[4].is_dubious
    assert items[4].is_negative_covariance and items[4].effective_weight is None
    assert not items[4].is_flagged  # five attempts: too few for discrimination to mean much
    many = item_statistics(sums_of(marks(*["1110", "1110", "0001", "0001", "1100"] * 4)), {})
    assert many[4].attempts == 20 and many[4].is_flagged
    assert not many[1].is_flagged


def test_each_figure_waits_for_the_attempts_it_needs():
    assert [attempts_needed("sd", n) for n in (1, 4, 5)] == [5, 5, None]
    assert attempts_needed("skewness", 24) == 25 and attempts_needed("kurtosis", 25) is None
    for name in ("cic", "error_ratio", "standard_error", "discrimination", "efficiency",
                 "effective_weight"):
        assert attempts_needed(name, 19) == 20 and attempts_needed(name, 20) is None, name
    for name in ("mean", "median", "facility", "random_guess", "intended_weight"):
        assert attempts_needed(name, 1) is None, name


def test_median_with_ties_and_even_counts():
    assert median_of({1: 2, 3: 2}) == 2.0
    assert median_of({1: 1, 2: 3, 9: 1}) == 2.0
    assert median_of({4: 1}) == 4.0
    assert median_of({}) is None


@pytest.mark.parametrize(
    ("selector", "expected"),
    [("first", {1}), ("last", {4}), ("highest", {2}), ("all", {1, 2, 3, 4})],
)
def test_which_attempts_count(selector, expected):
    history = [(1, 3), (2, 5), (3, 5), (4, 1)]  # highest: the earliest of the tied best
    assert counted(history, selector) == expected
    assert counted([], selector) == set()


def test_taking_an_attempt_away_undoes_adding_it():
    sums = sums_of(LADDER)
    extra = marks("011")[0]
    sums.add(extra)
    sums.add(extra, -1)
    assert sums == sums_of(LADDER)


def follows_the_definitions(sums, ref: dict, p: int) -> None:
    """Every statistic from the sums equals the definitions applied to the raw marks."""
    stats = quiz_statistics(sums, max_score=p)
    for name in ("mean", "median", "sd", "skewness", "kurtosis", "cic", "error_ratio",
                 "standard_error"):
        assert getattr(stats, name) == pytest.approx(ref[name], abs=1e-9), name
    items = item_statistics(sums, {})
    for q, expected in ref["items"].items():
        for name, value in expected.items():
            assert getattr(items[q], name) == pytest.approx(value, abs=1e-9), (q, name)


def test_random_data_matches_the_definitions():
    rng = random.Random(7)
    for _ in range(25):
        s, p = rng.randint(4, 40), rng.randint(2, 8)
        ability = [rng.random() for _ in range(s)]
        rows = ["".join(str(int(rng.random() < (a + rng.random()) / 2)) for _ in range(p))
                for a in ability]
        sums = sums_of(marks(*rows))
        ref = reference([{q + 1: int(r[q]) for q in range(p)} for r in rows])
        follows_the_definitions(sums, ref, p)


def test_random_partial_credit_matches_the_definitions():
    """Marks anywhere between 0 and 1, as multiple-answer questions give, kept in units."""
    rng = random.Random(15)
    shares = [Fraction(k, d) for d in (1, 2, 3, 4, 5) for k in range(d + 1)]
    for _ in range(25):
        s, p = rng.randint(4, 40), rng.randint(2, 8)
        rows = [[rng.choice(shares) for _ in range(p)] for _ in range(s)]
        attempts = [AttemptMarks(sum(int(m * MARK_UNIT) for m in row), tuple(
            ItemMark(q, int(m * MARK_UNIT), frozenset(range(rng.randint(0, 3))))
            for q, m in enumerate(row, 1))) for row in rows]
        sums = sums_of(attempts)
        ref = reference([{q: float(m) for q, m in enumerate(row, 1)} for row in rows])
        follows_the_definitions(sums, ref, p)


def test_the_worked_multiple_answer_example_in_the_docs():
    """docs/STATISTICS.md, "Worked example: a multiple-answer question": question 2's right
    options are 21 and 22, its wrong ones 23 and 24; its figures as the page states them."""
    half = MARK_UNIT // 2
    rows = [  # (question 1, question 2 ticked and its mark, question 3)
        (1, {21, 22}, MARK_UNIT, 1), (1, {21}, half, 1), (0, {22, 23}, 0, 1), (0, {21}, half, 0)]
    attempts = [AttemptMarks(MARK_UNIT * (a + c) + x, (
        ItemMark(1, MARK_UNIT * a, frozenset({11 if a else 12})),
        ItemMark(2, x, frozenset(ticked)),
        ItemMark(3, MARK_UNIT * c, frozenset({31 if c else 32}))))
        for a, ticked, x, c in rows]
    sums = sums_of(attempts)
    item = item_statistics(sums, {1: 4, 3: 4})[2]  # no random guess for multiple answer
    test = quiz_statistics(sums, max_score=3)
    figures = {
        "Facility": f"{item.facility:.1f}%",
        "SD": f"{item.sd:.1f}%",
        "Discrimination index": f"{item.discrimination:.1f}%",
        "Discriminative efficiency": f"{item.efficiency:.1f}%",
        "Random guess score": "none" if item.random_guess is None else "?",
        "Choice shares": ", ".join(f"{name} {item.choice_shares.get(c, 0):.0f}%" for name, c in (
            ("first right option", 21), ("second right option", 22),
            ("first wrong option", 23), ("second wrong option", 24), ("no answer", 0))),
        "Average of the test": f"{test.mean:g} of 3 ({100 * test.mean / 3:.1f}%)",
        "Median of the test": f"{test.median:g}",
    }
    assert (item.facility, item.discrimination) == (50.0, pytest.approx(100 / 6 / sqrt(11 / 72)))
    doc = (Path(__file__).parents[2] / "docs" / "STATISTICS.md").read_text()
    section = doc.split("## Worked example: a multiple-answer question")[1].split("\n## ")[0]
    for label, value in figures.items():
        assert re.search(rf"^\| {label} \| {re.escape(value)}[ |]", section, re.M), (label, value)
