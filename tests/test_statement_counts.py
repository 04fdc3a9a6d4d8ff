"""The write paths run a number of SQL statements that does not grow with the number of
questions (issue 14): starting an attempt, saving a form of answers, an autosave, checking an
answer and submitting, each counted through the app as a learner's browser sends them, with
a quiz drawing 3 questions and one drawing 30.

What is counted is what the database runs: every statement SQLAlchemy hands the driver
(`before_cursor_execute`), an executemany counted once per row of parameters, since the
driver runs the statement once per row (SQLite always; psycopg pipelines them, but runs each
one). SQLAlchemy's "insertmanyvalues" batches also reach the event flagged as executemany,
but each is one statement (one INSERT with many VALUES rows), so they count one each.
BEGIN and COMMIT are not counted."""

import re
from contextlib import contextmanager

from sqlalchemy import event, update
from sqlalchemy.engine.interfaces import ExecuteStyle

from app.extensions import db
from app.models import Quiz
from tests.conftest import csrf_token
from tests.learner import SLUG, Learner

SMALL, LARGE = 3, 30


@contextmanager
def counting(app):
    """Count the statements the database runs while the block runs; yields a list whose
    one element is the count so far."""
    with app.app_context():
        engine = db.engine
    count = [0]

    def counted(_conn, _cursor, _statement, parameters, context, executemany):
        many = executemany and context.execute_style is ExecuteStyle.EXECUTEMANY
        count[0] += len(parameters) if many else 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", counted)


def draw(app, questions: int, **settings) -> None:
    with app.app_context():
        db.session.execute(update(Quiz).filter_by(slug=SLUG)
                           .values(questions_per_attempt=questions, **settings))
        db.session.commit()


def autosave(learner: Learner, attempt_id: int, question_id: int, choice: int | list[int],
             seq: int):
    """The page script's save of one answer: a choice, or a multiple-answer question's whole
    ticked set (with the empty value the script sends first)."""
    html = learner.page(attempt_id)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    answer = {"choices": ["", *choice]} if isinstance(choice, list) else {"choice": choice}
    return learner.client.post(f"/attempts/{attempt_id}/answers",
                               data={"question": question_id, **answer, "seq": seq},
                               headers={"X-CSRFToken": token})


def exam(app, questions: int) -> dict[str, int]:
    """A new learner's way through two attempts of `questions` questions; the statements
    each request ran. The second attempt finds study cards and kept sums already there."""
    draw(app, questions)
    learner = Learner(app, app.test_client())
    counts = {}
    for attempt in ("first", "second"):
        csrf_token(learner.client, f"/quizzes/{SLUG}")  # the quiz page, as a browser opens it
        with counting(app) as count:
            attempt_id = learner.start()
        counts[f"start ({attempt})"] = count[0]
        right, wrong = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
        assert len(right) == questions
        first = next(iter(right))
        token = csrf_token(learner.client, f"/attempts/{attempt_id}")
        with counting(app) as count:
            response = learner.client.post(f"/attempts/{attempt_id}", data={
                "csrf_token": token, **learner.form(wrong), **learner.button("save")})
        assert response.status_code == 303
        counts[f"form save of {questions} answers ({attempt})"] = count[0]
        with counting(app) as count:
            response = autosave(learner, attempt_id, first, right[first], 10**13)
        assert response.status_code == 200 and response.json["saved"]
        counts[f"autosave ({attempt})"] = count[0] - learner_page_statements(app, learner,
                                                                           attempt_id)
        with counting(app) as count:
            response = learner.post(attempt_id, right, action="finish")
        assert response.location.endswith("/result")
        counts[f"submit ({attempt})"] = count[0]
    return counts


def learner_page_statements(app, learner: Learner, attempt_id: int) -> int:
    """The statements of the attempt page the autosave's helper reads its token from."""
    with counting(app) as count:
        learner.page(attempt_id)
    return count[0]


def test_no_write_path_runs_more_statements_for_more_questions(app):
    small, large = exam(app, SMALL), exam(app, LARGE)
    grown = {
        what.replace(f" of {SMALL} ", " of N "): (small[what], n)
        for what, n in zip(small, large.values(), strict=True) if n != small[what]
    }
    assert not grown, f"statements with {SMALL} and with {LARGE} questions: {grown}"


def test_checking_an_answer_runs_as_many_statements_whatever_the_questions(app):
    counts = []
    for n in (SMALL, LARGE):
        draw(app, n, feedback_mode="immediate")
        learner = Learner(app, app.test_client())
        attempt_id = learner.start()
        right = learner.choices(attempt_id, True)
        qid = next(iter(right))
        token = csrf_token(learner.client, f"/attempts/{attempt_id}")
        with counting(app) as count:
            response = learner.client.post(f"/attempts/{attempt_id}", data={
                "csrf_token": token, **learner.form({qid: right[qid]}),
                **learner.button("check", qid)})
        assert response.status_code == 303 and "#question-" in response.location
        counts.append(count[0])
    assert counts[0] == counts[1], f"statements to check one answer: {counts}"
