"""A learner driving the quiz through the test client, for the web tests."""

import json
import re

from sqlalchemy import select

from app.domain.content import MULTIPLE
from app.extensions import db
from app.models import Attempt, Choice, Question, QuestionRevision, Response
from tests.conftest import csrf_token

SLUG = "deepseek-education"


class Learner:
    def __init__(self, app, client):
        self.app, self.client = app, client
        self.last_attempt_id = 0

    def start(self) -> int:
        token = csrf_token(self.client, f"/quizzes/{SLUG}", f"/attempts/{self.last_attempt_id}")
        response = self.client.post(f"/quizzes/{SLUG}/start", data={"csrf_token": token})
        assert response.status_code == 303, response.status_code
        self.last_attempt_id = int(re.search(r"/attempts/(\d+)$", response.location).group(1))
        return self.last_attempt_id

    def page(self, attempt_id: int, stable: bool = False) -> str:
        """The attempt page; `stable` blanks what carries the time of rendering (the save
        sequence number and the CSRF token's signature), so renders of one state compare equal."""
        html = self.client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
        if stable:
            html = re.sub(r'name="seq" value="\d+"', 'name="seq" value=""', html)
            html = re.sub(r'name="csrf_token"([^>]*)value="[^"]+"', r'name="csrf_token"\1value=""',
                          html)
        return html

    @staticmethod
    def form(answers: dict) -> dict[str, int]:
        """The attempt form's fields for these answers (question id -> choice id)."""
        return {f"q{qid}": cid for qid, cid in answers.items()}

    @staticmethod
    def button(name: str, value: int | None = None) -> dict[str, str]:
        """What the attempt form sends when its button `name` is pressed (save, prev, next,
        goto, check, finish, confirm; `value` is goto's page and check's question)."""
        return {name: "" if value is None else str(value)}

    def post(self, attempt_id: int, answers: dict, action="finish", token=True,
             value: int | None = None):
        """The attempt form with these answers, sent by the button `action` (with its
        `value`, for goto and check)."""
        data = self.form(answers) | self.button(action, value)
        if token:
            data["csrf_token"] = csrf_token(
                self.client, f"/attempts/{attempt_id}", f"/quizzes/{SLUG}"
            )
        return self.client.post(f"/attempts/{attempt_id}", data=data)

    def choices(self, attempt_id: int, correct: bool) -> dict[int, int | list[int]]:
        """question id -> a correct (or a wrong) choice id, read from the database; for a
        multiple-answer question the list of every right one (or of one wrong one), which
        the form sends as its ticked boxes."""
        with self.app.app_context():
            rows = db.session.execute(
                select(Response.question_id, Choice.id, Question.type)
                .join(Choice, Choice.question_id == Response.question_id)
                .join(Question, Question.id == Response.question_id)
                .where(Response.attempt_id == attempt_id, Choice.is_correct.is_(correct))
                .order_by(Choice.id)
            ).all()
        answers: dict[int, int | list[int]] = {}
        for qid, cid, kind in rows:
            if kind != MULTIPLE:
                answers.setdefault(qid, cid)
            elif correct or qid not in answers:
                answers.setdefault(qid, []).append(cid)
        return answers

    def stored(self, attempt_id: int):
        with self.app.app_context():
            attempt = db.session.get(Attempt, attempt_id)
            # as `choices` gives them: a multiple-answer question's ticked ids as a list
            chosen = {r.question_id: sorted(map(int, r.chosen.split(","))) if r.chosen
                      else r.choice_id for r in attempt.responses}
            return attempt.submitted_at, attempt.score, chosen


def move_keys(app) -> None:
    """Every stored revision's right answers moved one choice along (explicit weights
    dropped), as if each question had another key; the kept revisions and markup are
    forgotten, so pages are drawn afresh from the moved keys."""
    with app.app_context():
        for revision in db.session.scalars(select(QuestionRevision)):
            shown = json.loads(revision.content)
            flags = [c["is_correct"] for c in shown["choices"]]
            for choice, flag in zip(shown["choices"], flags[-1:] + flags[:-1], strict=True):
                choice["is_correct"] = flag
                choice.pop("fraction", None)
            revision.content = json.dumps(shown)
        db.session.commit()
    for name in ("revisions", "markup"):
        app.extensions.get(f"kept:{name}", {}).clear()
