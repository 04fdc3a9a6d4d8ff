"""An instructor previews a quiz exactly as a learner takes it; a preview never counts."""

import csv
import io
import re

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Attempt, Quiz, QuizStat, ReviewCard
from tests.conftest import CURATED_COUNT, csrf_token
from tests.learner import Learner

SLUG = "deepseek-education"
PREVIEW = f"/instructor/quizzes/{SLUG}/preview"


def start_preview(client):
    return client.post(PREVIEW, data={"csrf_token": csrf_token(client, PREVIEW)})


def test_a_preview_is_the_learners_quiz_and_counts_nowhere(app, seed_quiz):
    with app.app_context():  # not published yet, and one attempt allowed to learners
        db.session.execute(update(Quiz).values(is_published=False, attempts_allowed=1))
        db.session.commit()
    teacher = Learner(app, seed_quiz)
    for _ in range(2):  # previews are not limited by the attempts allowed
        started = start_preview(seed_quiz)
        assert started.status_code == 303
        attempt_id = int(re.search(r"/attempts/(\d+)$", started.location).group(1))
        page = teacher.page(attempt_id)
        assert 'id="preview-banner"' in page and page.count('type="radio"') > 100
        done = teacher.post(attempt_id, teacher.choices(attempt_id, True), action="finish")
        result = seed_quiz.get(done.location).get_data(as_text=True)
        assert "<h1>Your preview</h1>" in result and f"{CURATED_COUNT} / {CURATED_COUNT}" in result
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id)).filter_by(kind="preview")) == 2
        assert db.session.scalar(select(func.count()).select_from(QuizStat)) == 0
        assert db.session.scalar(select(func.count()).select_from(ReviewCard)) == 0
    listing = seed_quiz.get(f"/instructor/quizzes/{SLUG}/attempts").get_data(as_text=True)
    assert "No attempt has been submitted yet." in listing
    dashboard = seed_quiz.get(f"/instructor/quizzes/{SLUG}").get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>0</dd>" in dashboard
    exported = seed_quiz.get(f"/instructor/quizzes/{SLUG}/attempts.csv").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(exported[1:]))) == [
        ["attempt", "learner", "started", "submitted", "score", "max score"]]
    mine = seed_quiz.get("/my/results").get_data(as_text=True)
    assert mine.count('<b class="tag">preview</b>') == 2
    assert 'id="summary"' not in mine and 'id="grades"' not in mine
    page = seed_quiz.get(PREVIEW).get_data(as_text=True)
    assert len(re.findall(r'<li><a href="/attempts/\d+/result">', page)) == 2


def test_a_learner_is_not_slowed_by_previews_and_sees_no_preview_in_the_average(app, seed_quiz):
    attempt_id = int(start_preview(seed_quiz).location.rsplit("/", 1)[1])
    teacher = Learner(app, seed_quiz)
    teacher.post(attempt_id, teacher.choices(attempt_id, True), action="finish")
    learner = Learner(app, app.test_client())
    mine = learner.start()
    done = learner.post(mine, learner.choices(mine, False), action="finish")
    html = learner.client.get(done.location).get_data(as_text=True)
    assert "0% over 1 attempt" in html  # everyone's average: the learner's attempt alone


def test_a_quiz_with_no_live_questions_says_so_on_the_preview_page(app, instructor):
    imported = instructor.post("/instructor/articles/new", data={
        "csrf_token": csrf_token(instructor, "/instructor/articles/new"),
        "text": "A storm closed the port on Monday, the mayor said.\n\nIt reopens on Friday."})
    slug = imported.location.split("/")[-2]
    url = f"/instructor/quizzes/{slug}/preview"
    response = instructor.post(url, data={"csrf_token": csrf_token(instructor, url)})
    assert response.status_code == 409
    assert "no live questions yet" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Attempt.id))) == 0
