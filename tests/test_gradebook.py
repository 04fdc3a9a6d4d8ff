"""The gradebook: a row per learner who joined (or who took the quiz), their status, attempts
and grade under the quiz's grading method, sortable by links, paged, and as CSV."""

import csv
import io
import re
from html import unescape

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import AssignmentMember, Quiz, User
from tests.accounts_helpers import register
from tests.conftest import CURATED_COUNT, csrf_token
from tests.test_assignments import SLUG, ClassLearner, assign

BOOK = f"/instructor/quizzes/{SLUG}/gradebook"


def answer(learner, attempt_id, right, submit=True):
    good, bad = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
    learner.post(attempt_id, {q: good[q] if i < right else bad[q]
                              for i, q in enumerate(sorted(good))},
                 action="confirm" if submit else "save")


@pytest.fixture
def klass(app, instructor):
    """Period 3: Ada took it twice (10 then 40 right), Ben once (20) and is on his second,
    Cleo joined and has not started, a nameless guest answered every question right; Eve
    took the quiz from the home page, and the teacher previewed it."""
    assignment_id, code = assign(instructor, is_name_required="y")
    learners = {}
    for name, scores in (("Ada", [10, 40]), ("Ben", [20, None]), ("Cleo", []),
                         (None, [CURATED_COUNT])):
        learner = ClassLearner(app, app.test_client())
        if name is None:  # joined before the teacher asked for names
            set_names(app, assignment_id, False)
            learner.join(f"/join/{code}")
            set_names(app, assignment_id, True)
        else:
            learner.join(f"/join/{code}", name)
        for right in scores:
            learner.start_in(assignment_id)
            answer(learner, learner.last_attempt_id, right or 0, submit=right is not None)
        learners[name] = learner
    eve = ClassLearner(app, app.test_client())
    register(eve.client, "Eve")
    answer(eve, eve.start(), 30)
    preview = f"/instructor/quizzes/{SLUG}/preview"
    started = instructor.post(preview, data={"csrf_token": csrf_token(instructor, preview)})
    teacher = ClassLearner(app, instructor)
    answer(teacher, int(started.location.rsplit("/", 1)[1]), CURATED_COUNT)
    return assignment_id, learners


def set_names(app, assignment_id, required):
    from app.models import Assignment

    with app.app_context():
        db.session.execute(update(Assignment).filter_by(id=assignment_id)
                           .values(is_name_required=required))
        db.session.commit()


def rows(html: str) -> list[list[str]]:
    table = re.search(r'<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in
             re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def grade(right: int) -> str:
    """A grade as the gradebook shows it, out of the whole curated bank."""
    return f"{right} / {CURATED_COUNT} ({100 * right / CURATED_COUNT:.0f}%)"


def guest_name(app) -> str:
    with app.app_context():
        from sqlalchemy import select

        guest = db.session.scalar(select(User).where(User.username.is_(None),
                                                     User.given_name.is_(None))
                                  .order_by(User.id))
        return f"Guest {guest.id}"


def test_a_row_per_learner_who_joined_with_status_attempts_and_grade(app, instructor, klass):
    assignment_id, _ = klass
    html = unescape(instructor.get(f"{BOOK}?assignment={assignment_id}").get_data(
        as_text=True))
    assert "<h1>Gradebook: Period 3</h1>" in html
    found = [row[:4] for row in rows(html)]
    assert found == [
        ["Ada", "submitted", "2", grade(40)],
        ["Ben", "in progress", "1", grade(20)],
        ["Cleo", "not started", "0", "—"],
        [guest_name(app), "submitted", "1", grade(CURATED_COUNT)],
    ]
    ada = rows(html)[0]
    assert ada[5] == "1: review Ada's attempt 1 2: review Ada's attempt 2"
    reviews = re.findall(r'href="(/instructor/quizzes/[^"]+/attempts/\d+)"', html)
    assert len(reviews) == 4
    assert "Ada's attempt" in unescape(instructor.get(reviews[0]).get_data(as_text=True))
    # the whole quiz: everyone who took it (Eve from the home page too); never the preview
    whole = [row[:4] for row in rows(unescape(instructor.get(BOOK).get_data(as_text=True)))]
    assert [row[0] for row in whole] == ["Ada", "Ben", "Eve", guest_name(app)]
    assert ["Eve", "submitted", "1", grade(30)] in whole
    assert "teacher" not in {row[0] for row in whole}

    # sorted by name or grade, with links either way; no name and no grade come last
    base = f"{BOOK}?assignment={assignment_id}"
    assert 'aria-sort="ascending"' in html
    link = re.search(r'href="([^"]*sort=grade[^"]*)"', html).group(1)
    by_grade = instructor.get(link).get_data(as_text=True)
    assert [row[0] for row in rows(by_grade)] == ["Ben", "Ada", guest_name(app), "Cleo"]
    down = instructor.get(f"{base}&sort=grade&order=desc").get_data(as_text=True)
    assert [row[0] for row in rows(down)] == [guest_name(app), "Ada", "Ben", "Cleo"]
    assert 'aria-sort="descending"' in down
    by_name = instructor.get(f"{base}&sort=name&order=desc").get_data(as_text=True)
    assert [row[0] for row in rows(by_name)] == ["Cleo", "Ben", "Ada", guest_name(app)]
    assert instructor.get(f"{base}&sort=score").status_code == 400
    assert instructor.get(f"{base}&order=up").status_code == 400

    # the CSV has the same rows
    response = instructor.get(f"{BOOK}.csv?assignment={assignment_id}")
    assert response.status_code == 200 and "attachment" in response.headers[
        "Content-Disposition"]
    text = response.get_data(as_text=True)
    got = [(r["learner"], r["status"], r["attempts"], r["grade"], r["out of"], r["percent"])
           for r in csv.DictReader(io.StringIO(text[1:]))]
    n = str(CURATED_COUNT)
    assert got == [("Ada", "submitted", "2", "40", n, f"{100 * 40 / CURATED_COUNT:.1f}"),
                   ("Ben", "in progress", "1", "20", n, f"{100 * 20 / CURATED_COUNT:.1f}"),
                   ("Cleo", "not started", "0", "", "", ""),
                   (guest_name(app), "submitted", "1", n, n, "100.0")]


def test_the_grade_follows_the_quizs_grading_method(app, instructor, klass):
    for method, ada in (("first", grade(10)), ("last", grade(40)), ("average", grade(25)),
                        ("highest", grade(40))):
        with app.app_context():
            db.session.execute(update(Quiz).values(grading_method=method))
            db.session.commit()
        html = unescape(instructor.get(f"{BOOK}?assignment={klass[0]}").get_data(
            as_text=True))
        assert rows(html)[0][:4] == ["Ada", "submitted", "2", ada], method


def test_a_long_class_is_paged(app, instructor):
    assignment_id, _ = assign(instructor)
    with app.app_context():
        users = [User(role="guest", given_name=f"Learner {n:02}") for n in range(51)]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all([AssignmentMember(assignment_id=assignment_id, user_id=u.id)
                            for u in users])
        db.session.commit()
    base = f"{BOOK}?assignment={assignment_id}"
    first = instructor.get(base).get_data(as_text=True)
    assert len(rows(first)) == 50 and "Page 1 of 2" in first
    second = instructor.get(f"{base}&page=2&sort=name&order=asc").get_data(as_text=True)
    assert [row[0] for row in rows(second)] == ["Learner 50"]
    assert instructor.get(f"{base}&page=3").status_code == 404
    assert instructor.get(f"{base}&page=two").status_code == 400
