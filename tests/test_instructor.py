"""The instructor's dashboard and exports."""

import csv
import io
import re
from html import unescape

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Attempt, Choice, Quiz, User
from tests.conftest import CURATED_COUNT
from tests.learner import Learner


def take(app, right: int, name: str | None = None):
    """A new learner answers `right` questions correctly and the rest wrongly."""
    learner = Learner(app, app.test_client())
    attempt_id = learner.start()
    good, bad = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
    answers = {q: (good[q] if i < right else bad[q]) for i, q in enumerate(sorted(good))}
    learner.post(attempt_id, answers, action="confirm")
    if name:
        with app.app_context():
            user_id = db.session.scalar(select(User.id).order_by(User.id.desc()))
            db.session.execute(update(User).where(User.id == user_id).values(username=name))
            db.session.commit()
    return learner, attempt_id


def stat(html: str, label: str) -> str:
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>([^<]*)</dd>", html)
    assert match, label
    return match.group(1)


def test_dashboard_shows_test_statistics_and_histogram(app, instructor):
    for right in (10, 20, 30, 40):
        take(app, right)
    html = instructor.get("/instructor/quizzes/deepseek-education").get_data(as_text=True)
    assert stat(html, "Attempts") == "4" and stat(html, "Learners") == "4"
    n = CURATED_COUNT
    assert stat(html, "Average") == f"{100 * 25 / n:.1f}%"
    assert stat(html, "Median") == f"{100 * 25 / n:.1f}%"
    assert '<svg id="histogram"' in html and html.count('class="bar"') == 4
    assert html.count("<tr") >= n  # one row per question, plus the header


def test_figures_that_need_more_attempts_are_withheld_with_a_note(app, instructor):
    take(app, 5)
    html = instructor.get("/instructor/quizzes/deepseek-education").get_data(as_text=True)
    assert stat(html, "Attempts") == "1"
    assert stat(html, "Average") == f"{100 * 5 / CURATED_COUNT:.1f}%"
    needs = {"Standard deviation": 5, "Skewness": 25, "Kurtosis": 25,
             "Internal consistency (α)": 20, "Error ratio": 20, "Standard error": 20}
    for label, attempts in needs.items():
        assert stat(html, label) == f"needs {attempts} attempts", label
    header = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert "Facility" in header and "Random guess" in header
    for withheld in ("Discrimination", "Effective weight", ">SD<"):
        assert withheld not in header, withheld
    note = unescape(re.search(r'<p class="meta" id="withheld">(.*?)</p>', html).group(1))
    assert "SD (5), Effective weight (20), Discrimination (20)" in note


def test_enough_attempts_show_every_figure_and_undefined_ones_as_a_dash(app, instructor):
    for _ in range(25):  # the same score every time: no spread, so no shape and no α
        take(app, 26)
    html = instructor.get("/instructor/quizzes/deepseek-education").get_data(as_text=True)
    assert stat(html, "Attempts") == "25" and stat(html, "Standard deviation") == "0.0%"
    for label in ("Skewness", "Kurtosis", "Internal consistency (α)", "Error ratio",
                  "Standard error"):
        assert stat(html, label) == "—", label
    header = re.search(r"<thead>(.*?)</thead>", html, re.S).group(1)
    assert "Discrimination" in header and "Effective weight" in header
    assert 'id="withheld"' not in html and "needs " not in html


def test_the_selector_chooses_which_attempts_count(app, instructor):
    learner, _ = take(app, 10)
    for right in (40, 20):
        attempt_id = learner.start()
        good, bad = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
        learner.post(attempt_id, {q: (good[q] if i < right else bad[q])
                                  for i, q in enumerate(sorted(good))}, action="confirm")
    expected = {"first": 10, "highest": 40, "last": 20, "all": (10 + 40 + 20) / 3}
    for selector, score in expected.items():
        html = instructor.get(f"/instructor/quizzes/deepseek-education?attempts={selector}"
                              ).get_data(as_text=True)
        assert stat(html, "Average") == f"{100 * score / CURATED_COUNT:.1f}%", selector
        assert stat(html, "Attempts") == ("3" if selector == "all" else "1")
        assert stat(html, "Learners") == "1"
    bad = instructor.get("/instructor/quizzes/deepseek-education?attempts=best")
    assert bad.status_code == 400


def test_choice_shares_and_flags(app, instructor):
    for right in (0, CURATED_COUNT, 26, 13, 39):
        take(app, right)
    html = instructor.get("/instructor/quizzes/deepseek-education?attempts=all"
                          ).get_data(as_text=True)
    assert "Which choices drew people" in html
    assert re.search(r'<span class="share">\d+%</span> No answer', html)
    shares = [int(s) for s in re.findall(r'<span class="share">(\d+)%</span>', html)]
    with app.app_context():  # one a choice, and No answer, for every question
        choices = db.session.scalar(select(func.count(Choice.id)))
    assert len(shares) == choices + CURATED_COUNT


def test_csv_exports_are_safe_and_readable(app, instructor):
    take(app, 3, name="=cmd|' /C calc'!A0")
    take(app, 7, name="Zoë 李")
    response = instructor.get("/instructor/quizzes/deepseek-education/attempts.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["learner"] for r in rows] == ["'=cmd|' /C calc'!A0", "Zoë 李"]
    assert [r["score"] for r in rows] == ["3", "7"]
    assert all(r["started"].endswith("UTC") and r["submitted"] for r in rows)

    text = instructor.get("/instructor/quizzes/deepseek-education/responses.csv"
                          ).get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert len(rows) == 2 * CURATED_COUNT
    assert sum(r["correct"] == "yes" for r in rows) == 10
    assert {r["learner"] for r in rows} == {"'=cmd|' /C calc'!A0", "Zoë 李"}
    assert all(r["question"] and r["question text"] and r["chosen choice"] for r in rows)


def test_unknown_quiz_is_not_found(instructor):
    assert instructor.get("/instructor/quizzes/nope").status_code == 404


def test_an_instructor_lists_the_attempts_and_reviews_any_one(app, instructor):
    take(app, 10, name="Ada")
    latecomer = Learner(app, app.test_client())
    open_attempt = latecomer.start()  # started, not submitted: not listed, not reviewable
    _, attempt_id = take(app, 40)
    html = instructor.get("/instructor/quizzes/deepseek-education/attempts"
                          ).get_data(as_text=True)
    rows = re.findall(rf"<tr>\s*<td>([^<]*)</td>.*?<td>(\d+) / {CURATED_COUNT}", html, re.S)
    with app.app_context():
        guest_id = db.session.scalar(select(User.id).order_by(User.id.desc()))
    assert rows == [(f"Guest {guest_id}", "40"), ("Ada", "10")]  # newest first
    review = instructor.get(f"/instructor/quizzes/deepseek-education/attempts/{attempt_id}")
    text = unescape(review.get_data(as_text=True))
    assert review.status_code == 200 and f"<h1>Guest {guest_id}'s attempt</h1>" in text
    with app.app_context():  # every option chosen: one a question, two a multiple answer
        ticked = sum(len(r.chosen.split(",")) if r.chosen else int(r.choice_id is not None)
                     for r in db.session.get(Attempt, attempt_id).responses)
    assert text.count(f"Guest {guest_id}'s answer") == ticked
    assert "Your answer" not in text
    # a multiple-answer question missed says how many right and wrong options were ticked
    missed = text.count("✗ Incorrect") + text.count("✗ 0 of 2 right, 1 wrong: 0 of 1 mark")
    assert text.count("✓ Correct") == 40 and missed == CURATED_COUNT - 40
    for bad in (open_attempt, attempt_id + 1000):
        assert instructor.get(f"/instructor/quizzes/deepseek-education/attempts/{bad}"
                              ).status_code == 404
    assert instructor.get("/instructor/quizzes/deepseek-education/attempts?page=2"
                          ).status_code == 404
    assert instructor.get("/instructor/quizzes/deepseek-education/attempts?page=one"
                          ).status_code == 400
    # the learner's own result page is unchanged by the instructor's view of it
    learner_html = latecomer.client.get("/my/results").get_data(as_text=True)
    assert "Ada" not in learner_html


def test_test_statistics_are_percentages_of_what_an_attempt_can_score(app, instructor):
    """With 10 questions drawn per attempt from the whole bank, one learner scoring 10 and
    another 0 average 50% of an attempt's total, not 10% of the bank's."""
    with app.app_context():
        db.session.execute(update(Quiz).values(questions_per_attempt=10))
        db.session.commit()
    take(app, 10)
    take(app, 0)
    html = instructor.get("/instructor/quizzes/deepseek-education").get_data(as_text=True)
    assert stat(html, "Average") == "50.0%" and stat(html, "Median") == "50.0%"
    assert html.count('class="bar"') == 2
