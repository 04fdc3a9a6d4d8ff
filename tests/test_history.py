"""My results beyond the list: topics, most missed, the quiz grade; a past result as it was."""

import json
import re
from html import unescape
from importlib import resources

from sqlalchemy import select, update

from app.extensions import db
from app.models import Question, Quiz
from tests.conftest import CURATED_COUNT
from tests.learner import Learner

CURATED = json.loads(
    resources.files("app.content").joinpath("deepseek_education.json").read_text()
)


def answer(learner, right_keys: set[str] | None, app):
    """Answer every question: right for the keys given (all if None), wrong otherwise."""
    attempt_id = learner.start()
    good, bad = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
    with app.app_context():
        keys = dict(db.session.execute(select(Question.id, Question.key)).all())
    chosen = {q: good[q] if right_keys is None or keys[q] in right_keys else bad[q] for q in good}
    learner.post(attempt_id, chosen, action="confirm")
    return attempt_id


def test_accuracy_per_topic_and_the_questions_missed_most(app, client):
    learner = Learner(app, client)
    people = {q["key"] for q in CURATED["questions"] if q["topic"] == "People and views"}
    answer(learner, people, app)           # only the people questions right
    answer(learner, people | {"crackdown-year"}, app)
    html = client.get("/my/results").get_data(as_text=True)
    n_people = len(people)
    assert re.search(rf"People and views</th><td>{2 * n_people} of {2 * n_people}</td>", html)
    figures = [q for q in CURATED["questions"] if q["topic"] == "Figures and dates"]
    assert re.search(rf"Figures and dates</th><td>1 of {2 * len(figures)}</td>", html)
    missed = re.search(r'<ol id="most-missed">(.*?)</ol>', html, re.S).group(1)
    assert missed.count("<li>") == 5 and "missed 2 of 2 times" in missed
    crackdown = next(q["stem"] for q in CURATED["questions"] if q["key"] == "crackdown-year")
    assert crackdown not in missed
    # equally missed questions come in the quiz's order
    in_order = [q["stem"] for q in CURATED["questions"]
                if q["key"] not in people and q["key"] != "crackdown-year"]
    assert [unescape(s) for s in re.findall(r"<li>(.*?) <span", missed)] == in_order[:5]


def test_quiz_grade_follows_the_grading_method(app, client):
    learner = Learner(app, client)
    answer(learner, set(), app)       # 0%
    answer(learner, None, app)        # 100%
    answer(learner, set(), app)       # 0%
    expected = {"highest": "100%", "average": "33%", "first": "0%", "last": "0%"}
    for method, grade in expected.items():
        with app.app_context():
            db.session.execute(update(Quiz).values(grading_method=method))
            db.session.commit()
        html = client.get("/my/results").get_data(as_text=True)
        assert re.search(rf"</strong>: {grade} <span class=\"meta\">\({method} of 3 attempts\)",
                         html), method


def test_a_result_reopens_exactly_as_it_was_after_the_bank_is_edited(app, client, runner,
                                                                      tmp_path):
    learner = Learner(app, client)
    attempt_id = answer(learner, None, app)
    before = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    edited = json.loads(json.dumps(CURATED))
    for q in edited["questions"]:
        q["stem"] = "Edited: " + q["stem"]
        q["explanation"] = "A new explanation."
        if q.get("type") != "truefalse":  # True and False are fixed
            q["choices"][0]["text"] += " (edited)"
        flags = [c["correct"] for c in q["choices"]]
        for choice, flag in zip(q["choices"], flags[1:] + flags[:1], strict=True):
            choice["correct"] = flag
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited))
    assert runner.invoke(args=["bank", "load", str(path)]).exit_code == 0
    after = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert after == before
    assert "Edited:" not in after
    # a new attempt shows the edited questions
    new_attempt = learner.start()
    assert "Edited:" in learner.page(new_attempt)


def test_my_results_pages_a_long_history_and_charts_the_latest(app, client):
    from datetime import timedelta

    from app.models import Attempt, User, utcnow
    from app.services.results import CHART_POINTS, ROWS_PER_PAGE

    learner = Learner(app, client)
    answer(learner, None, app)  # one real attempt (100%), and many older ones in the db
    count = 2 * ROWS_PER_PAGE + 5
    with app.app_context():
        user = db.session.scalar(select(User))
        quiz = db.session.scalar(select(Quiz))
        start = utcnow() - timedelta(days=1)
        for n in range(count - 1):
            at = start + timedelta(minutes=n)
            db.session.add(Attempt(quiz_id=quiz.id, user_id=user.id, started_at=at,
                                   submitted_at=at + timedelta(seconds=30), score=n % 2,
                                   max_score=2))
        db.session.commit()
    first = client.get("/my/results").get_data(as_text=True)
    assert re.search(rf"Attempts</dt><dd>{count}<", first)  # the summary counts them all
    assert first.count('href="/attempts/') == ROWS_PER_PAGE
    assert "Page 1 of 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert first.count('class="dot"') == CHART_POINTS
    assert f"Score of your latest {CHART_POINTS} submitted attempts" in first
    last = client.get("/my/results?page=3").get_data(as_text=True)
    assert last.count('href="/attempts/') == 5 and 'rel="next"' not in last
    # the newest attempt, the real one, heads the first page
    whole = f"{CURATED_COUNT} / {CURATED_COUNT}"
    assert f"{whole} (100%)" in first and whole not in last
    assert client.get("/my/results?page=4").status_code == 404
    assert client.get("/my/results?page=x").status_code == 400
    assert client.get("/my/results?page=0").status_code == 404
