"""The sums kept on every submission equal a full recomputation, on random histories, for the
whole quiz and for each assignment's class, and the dashboard's statistics equal Moodle's
definitions applied to the raw attempts."""

import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.domain.content import MARK_UNIT, MULTIPLE
from app.domain.statistics import SELECTORS, counted, item_statistics, quiz_statistics, sums_of
from app.extensions import db
from app.models import Attempt, Quiz, User
from app.services import accounts, assignments
from app.services.attempts import save_answers, start_attempt, submit_attempt
from app.services.bank import revision_contents
from app.services.statistics import WHOLE_QUIZ, attempt_marks, histories, load_sums, rebuild
from tests.stats_reference import reference


def play(quiz, user, rng, now, ability, assignment=None):
    """An attempt answered with the learner's ability: each question right with that chance,
    a multiple-answer question's boxes each ticked rightly with it (so partly right too)."""
    attempt = start_attempt(quiz, user, now, rng, assignment=assignment)
    answers = {}
    for response in attempt.responses:
        ids = response.choice_ids
        if rng.random() < 0.1:
            continue  # left unanswered
        content = revision_contents([response.revision_id])[response.revision_id]
        right = content.right_choice_ids
        if content.type == MULTIPLE:
            answers[response.question_id] = [
                str(c) for c in ids if (c in right) == (rng.random() < ability)]
        else:
            answers[response.question_id] = str(
                next(iter(right)) if rng.random() < ability
                else rng.choice([c for c in ids if c not in right]))
    save_answers(attempt.id, user.id, answers, 1, now)
    db.session.expire_all()  # the save is one Core UPDATE: the objects held here are stale
    submit_attempt(attempt, now + timedelta(seconds=rng.randint(30, 900)))
    return attempt


def random_history(app, seed: int, attempts: int = 45, per_attempt: int | None = None):
    """Learners taking the quiz on its own page and through two assignments (`per_attempt`
    questions each, drawn from the bank), a guest with history logging into an account
    halfway; returns the quiz's id and the scopes."""
    rng = random.Random(seed)
    with app.app_context():
        quiz = db.session.scalar(select(Quiz))
        quiz.questions_per_attempt = per_attempt
        users = [User(role="guest") for _ in range(7)]
        db.session.add_all(users)
        db.session.flush()
        accounts.register("kept-account", "long enough pass", "learner", guest=None)
        account = accounts.find_user("kept-account")
        teacher = accounts.register("kept-teacher", "long enough pass", "instructor", None)
        classes = [assignments.create(quiz, teacher, name, assignments.Window(None, None),
                                      False) for name in ("Period 3", "Period 5")]
        ability = {u.id: rng.random() for u in [*users, account]}
        now = datetime(2026, 1, 1, 9, 0)
        for step in range(attempts):
            user = rng.choice(users if step % 9 else [account])
            play(quiz, user, rng, now, ability[user.id], rng.choice([None, *classes]))
            now += timedelta(minutes=rng.randint(1, 60))
            if step == attempts // 2:  # a guest with history logs into the account
                accounts.hand_over(users.pop(0), account)
        db.session.commit()
        return quiz.id, [WHOLE_QUIZ, *(c.id for c in classes)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_sums_equal_a_full_recomputation(app, seed):
    quiz_id, scopes = random_history(app, seed, per_attempt=12)
    with app.app_context():
        kept = {(scope, s): load_sums(quiz_id, s, scope) for scope in scopes
                for s in SELECTORS}
        user_ids = list(db.session.scalars(select(Attempt.user_id).distinct()))
        for scope in scopes:
            # the same sums computed in Python from the raw attempts in this scope
            learner_histories = histories(quiz_id, user_ids, scope)
            marks = attempt_marks({a for h in learner_histories for a, _ in h})
            for selector in SELECTORS:
                ids = set().union(*(counted(h, selector) for h in learner_histories))
                assert kept[(scope, selector)] == sums_of(marks[a] for a in sorted(ids)), (
                    scope, selector)
            assert kept[(scope, "first")].n == len(learner_histories)
            assert kept[(scope, "all")].n == sum(len(h) for h in learner_histories) > 0
        assert kept[(WHOLE_QUIZ, "all")].n == sum(kept[(scope, "all")].n
                                                  for scope in scopes[1:]) + db.session.scalar(
            select(func.count(Attempt.id)).where(Attempt.assignment_id.is_(None)))
        rebuild(quiz_id)
        assert {(scope, s): load_sums(quiz_id, s, scope) for scope in scopes
                for s in SELECTORS} == kept


def test_dashboard_statistics_follow_the_definitions(app):
    quiz_id, _ = random_history(app, 11, attempts=30)
    with app.app_context():
        sums = load_sums(quiz_id, "all")
        marks = attempt_marks(set(db.session.scalars(
            select(Attempt.id).where(Attempt.submitted_at.is_not(None)))))
        raw = [{i.question_id: i.mark / MARK_UNIT for i in m.items} for m in marks.values()]
        ref = reference(raw)
        stats = quiz_statistics(sums, max_score=len(raw[0]))
        for name in ("mean", "median", "sd", "skewness", "kurtosis", "cic", "standard_error"):
            assert getattr(stats, name) == pytest.approx(ref[name], abs=1e-9), name
        items = item_statistics(sums, {})
        for qid, expected in ref["items"].items():
            for name, value in expected.items():
                assert getattr(items[qid], name) == pytest.approx(value, abs=1e-9), name
