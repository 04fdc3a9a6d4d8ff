"""Study: quiz answers become cards, missed ones are due at once, and reviews schedule them."""

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from app.extensions import db
from app.models import Choice, ReviewCard, ReviewLog
from tests.accounts_helpers import login, make_user
from tests.conftest import CURATED_COUNT, csrf_token
from tests.learner import Learner


def quiz_with_misses(app, learner, missed: int) -> int:
    attempt_id = learner.start()
    good, bad = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
    answers = {q: (bad[q] if i < missed else good[q]) for i, q in enumerate(sorted(good))}
    learner.post(attempt_id, answers, action="confirm")
    return attempt_id


def current_card(client) -> tuple[int, list[int]]:
    html = client.get("/study/").get_data(as_text=True)
    question = int(re.search(r'name="question" type="hidden" value="(\d+)"', html).group(1))
    choices = [int(c) for c in re.findall(r'name="choice" type="radio" value="(\d+)"', html)]
    return question, choices


def answer_card(app, client, right: bool):
    question, choices = current_card(client)
    with app.app_context():
        correct = db.session.scalar(select(Choice.id).filter_by(question_id=question,
                                                                is_correct=True))
    choice = correct if right else next(c for c in choices if c != correct)
    response = client.post("/study/answer", data={
        "csrf_token": csrf_token(client, "/study/"), "question": question, "choice": choice})
    assert response.status_code == 303
    return question, response.location


def test_missed_questions_are_due_at_once_and_counted_in_the_navigation(app, client):
    learner = Learner(app, client)
    attempt_id = quiz_with_misses(app, learner, 5)
    result = client.get(f"/attempts/{attempt_id}/result").get_data(as_text=True)
    assert "Study the 5 you missed" in result
    assert re.search(r'id="nav-due">5<', result)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewCard.id))) == CURATED_COUNT
        assert db.session.scalar(select(func.count(ReviewLog.id))) == CURATED_COUNT


def test_a_page_shown_by_a_refused_form_keeps_the_navigations_count(app, client):
    learner = Learner(app, client)
    quiz_with_misses(app, learner, 5)
    attempt_id = learner.start()
    qid = next(iter(learner.choices(attempt_id, True)))
    refused = learner.post(attempt_id, {qid: "not-a-choice"}, action="save")
    assert refused.status_code == 422
    assert re.search(r'id="nav-due">5<', refused.get_data(as_text=True))


def test_studying_until_none_is_due(app, client):
    learner = Learner(app, client)
    attempt_id = quiz_with_misses(app, learner, 3)
    result = f"/attempts/{attempt_id}/result"
    _, feedback = answer_card(app, client, right=False)      # wrong: comes back soon
    # the result offers to study only the missed cards due now
    assert "Study the 2 you missed" in client.get(result).get_data(as_text=True)
    page = client.get(feedback).get_data(as_text=True)
    assert "Not quite" in page and "✗ Incorrect" in page and "Why:" in page
    assert re.search(r"Paragraph \d+ of the article", page) and 'value="easy"' not in page
    for _ in range(2):
        _, feedback = answer_card(app, client, right=True)
        page = client.get(feedback).get_data(as_text=True)
        assert "Right" in page and 'value="easy"' in page
    client.post(feedback + "/rating", data={"csrf_token": csrf_token(client, feedback),
                                            "felt": "easy"})
    html = client.get("/study/").get_data(as_text=True)
    assert "Nothing is due now" in html and 'id="nav-due"' not in html
    page = client.get(result).get_data(as_text=True)
    assert "you missed</a>" not in page and 'id="study-quiz">Study this quiz' in page
    assert "Retake the 3 you missed" in page
    with app.app_context():
        logs = db.session.scalars(select(ReviewLog).filter_by(source="study")
                                  .order_by(ReviewLog.id)).all()
        assert [(log.is_correct, log.rating) for log in logs] == [(False, 1), (True, 3),
                                                                   (True, 4)]
        cards = {c.question_id: c for c in db.session.scalars(select(ReviewCard))}
        easy = cards[logs[2].question_id]
        good = cards[logs[1].question_id]
        assert easy.due_at > good.due_at        # easy comes back later than good
        assert all(log.card_before for log in logs)


def test_rating_rules(app, client):
    learner = Learner(app, client)
    quiz_with_misses(app, learner, 2)
    _, wrong_feedback = answer_card(app, client, right=False)
    token = csrf_token(client, "/study/")
    refused = client.post(wrong_feedback + "/rating", data={"csrf_token": token, "felt": "easy"})
    assert refused.status_code == 409
    bad = client.post(wrong_feedback + "/rating", data={"csrf_token": token, "felt": "meh"})
    assert bad.status_code == 400
    stranger = Learner(app, app.test_client())
    stranger.start()
    assert stranger.client.get(wrong_feedback).status_code == 404


def test_answers_outside_ones_cards_are_refused(app, client):
    learner = Learner(app, client)
    quiz_with_misses(app, learner, 1)
    question, choices = current_card(client)
    token = csrf_token(client, "/study/")
    with app.app_context():
        other = db.session.scalar(select(Choice.id).where(Choice.question_id != question))
    response = client.post("/study/answer", data={"csrf_token": token, "question": question,
                                                  "choice": other})
    assert response.status_code == 422
    assert "does not belong" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id)).filter_by(
            source="study")) == 0


def test_a_guests_cards_follow_them_into_their_account(app, client, runner):
    make_user(runner, "grace")
    learner = Learner(app, client)
    quiz_with_misses(app, learner, 4)
    login(client, "grace")
    assert re.search(r'id="nav-due">4<', client.get("/study/").get_data(as_text=True))


@pytest.mark.parametrize("visitor", ["anonymous", "guest without cards"])
def test_the_study_page_explains_itself_without_cards(app, client, visitor):
    if visitor != "anonymous":
        Learner(app, client).start()
    html = client.get("/study/").get_data(as_text=True)
    assert "You have no study cards yet." in html


def test_study_can_be_scoped_to_one_quiz_and_the_nav_keeps_everything(app, client):
    learner = Learner(app, client)
    quiz_with_misses(app, learner, 5)
    with app.app_context():  # two of the five missed questions move to another quiz
        from app.models import Question, Quiz, ReviewCard
        other = Quiz(slug="another-quiz", title="Another quiz")
        db.session.add(other)
        db.session.flush()
        due = db.session.scalars(select(ReviewCard.question_id).filter_by(reviews=1)
                                 .where(ReviewCard.lapses == 1).order_by(ReviewCard.id)).all()
        moved = set(due[:2])
        for question in db.session.scalars(select(Question).where(Question.id.in_(moved))):
            question.quiz_id = other.id
        db.session.commit()
    everything = client.get("/study/").get_data(as_text=True)
    assert "5 cards due" in everything and "Only this quiz" not in everything
    page = client.get("/study/?quiz=another-quiz").get_data(as_text=True)
    assert "2 cards due" in page and "Study: Another quiz" in page
    assert 'href="/study/">Study everything due' in page
    assert re.search(r'id="nav-due">5<', page)  # the nav's Study is still everything due
    for _ in range(2):
        question = int(re.search(r'name="question" type="hidden" value="(\d+)"',
                                 page).group(1))
        assert question in moved
        with app.app_context():
            correct = db.session.scalar(select(Choice.id).filter_by(question_id=question,
                                                                    is_correct=True))
        response = client.post("/study/answer", data={
            "csrf_token": csrf_token(client, "/study/"), "question": question,
            "choice": correct, "quiz": "another-quiz"})
        assert "quiz=another-quiz" in response.location
        feedback = client.get(response.location).get_data(as_text=True)
        assert "You'll see this again" in feedback
        assert 'href="/study/?quiz=another-quiz" id="next-card"' in feedback
        page = client.get("/study/?quiz=another-quiz").get_data(as_text=True)
    assert "Nothing is due now" in page and "in this quiz" in page
    assert "3 cards due" in client.get("/study/").get_data(as_text=True)
    assert client.get("/study/?quiz=no-such-quiz").status_code == 404


def test_check_with_nothing_chosen_says_so_beside_the_same_choices(app, client):
    learner = Learner(app, client)
    quiz_with_misses(app, learner, 1)
    question, choices = current_card(client)
    response = client.post("/study/answer", data={
        "csrf_token": csrf_token(client, "/study/"), "question": question,
        "order": ",".join(map(str, choices))})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<p class="field-error" id="choose-first">Choose an answer, then check it.</p>' in page
    assert [int(c) for c in re.findall(r'name="choice" type="radio" value="(\d+)"', page)] \
        == choices
    with app.app_context():
        assert db.session.scalar(select(func.count(ReviewLog.id))
                                 .filter_by(source="study")) == 0


def test_the_feedback_lists_the_choices_in_the_order_the_card_showed_them(app, client):
    """A card's choices are shuffled; after Check the feedback keeps the card's order (not
    the question's stored one), so the choice just picked by its number key is where it was.
    An order that is not the card's choices is ignored."""
    learner = Learner(app, client)
    quiz_with_misses(app, learner, 1)
    question, _ = current_card(client)
    with app.app_context():
        stored = db.session.execute(select(Choice.id, Choice.text).filter_by(
            question_id=question).order_by(Choice.position)).all()
    shown = list(reversed(stored))          # an order unlike the stored one
    response = client.post("/study/answer", data={
        "csrf_token": csrf_token(client, "/study/"), "question": question,
        "choice": shown[0].id, "order": ",".join(str(c.id) for c in shown)})
    assert response.status_code == 303

    def listed(url: str) -> list[str]:
        page = client.get(url).get_data(as_text=True)
        review = page.split('<ul class="review-choices">', 1)[1].split("</ul>", 1)[0]
        return [re.sub(r"\s*<.*", "", item, flags=re.S)
                for item in re.findall(r"<li[^>]*>(.*?)</li>", review, re.S)]

    assert listed(response.location) == [str(escape(c.text)) for c in shown]
    bogus = re.sub(r"order=[^&]*", "order=1,2,x", response.location)
    assert listed(bogus) == [str(escape(c.text)) for c in stored]
