"""Study cards: fed by quiz answers, reviewed one at a time on the Study page."""

import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update

from app.domain.attempts import chosen_text
from app.domain.content import MARK_UNIT, MULTIPLE, QuestionContent
from app.domain.grading import question_mark
from app.domain.study import Scheduled, quiz_outcome, rating_for, review
from app.extensions import db
from app.models import Question, Response, ReviewCard, ReviewLog, User
from app.services.bank import latest_content
from app.services.writes import insert_rows, upsert


def _apply(card: ReviewCard, scheduled: Scheduled, source: str, is_correct: bool,
           choice_id: int | None, chosen: str | None, now: datetime) -> ReviewLog:
    log = ReviewLog(card_id=card.id, user_id=card.user_id, question_id=card.question_id,
                    source=source, rating=scheduled.rating, is_correct=is_correct,
                    choice_id=choice_id, chosen=chosen, reviewed_at=now,
                    card_before=card.card or None)
    card.card, card.due_at = scheduled.card_json, scheduled.due_at
    card.reviews += 1
    card.lapses += not is_correct
    db.session.add(log)
    return log


_cards, _logs = ReviewCard.__table__, ReviewLog.__table__
_NEW_CARDS = insert(_cards).returning(_cards.c.id, _cards.c.question_id, _cards.c.card)
_WRITE_CARDS = upsert(_cards, ["id"], {
    "card": lambda _, new: new.card, "due_at": lambda _, new: new.due_at,
    "reviews": lambda old, new: old.reviews + new.reviews,
    "lapses": lambda old, new: old.lapses + new.lapses}, _cards.c.id)
_NEW_LOGS = insert(_logs).returning(_logs.c.id)


def record_quiz(user_id: int, answers: list[tuple[int, bool, int | None, str | None]],
                now: datetime) -> None:
    """Every question of a submitted attempt (question id, right or not, the choice made and
    the set ticked, as the response keeps them) becomes
    or updates a study card; one left unanswered counts as missed, like one answered wrongly.
    The cards are read in one statement, the new ones made in one, each scheduled here, then
    all written in one upsert and their logs in one insert."""
    cards = {row.question_id: row for row in db.session.execute(
        select(_cards.c.id, _cards.c.question_id, _cards.c.card)
        .where(_cards.c.user_id == user_id,
               _cards.c.question_id.in_([question_id for question_id, *_ in answers])))}
    new = [{"user_id": user_id, "question_id": question_id, "card": "",
            "due_at": datetime.min} for question_id, *_ in answers if question_id not in cards]
    for row in insert_rows(_NEW_CARDS, new):
        cards[row.question_id] = row
    written, logs = [], []
    for question_id, correct, choice_id, chosen in answers:
        card = cards[question_id]
        scheduled = quiz_outcome(card.card or None, card.id, correct, now)
        written.append({"id": card.id, "user_id": user_id, "question_id": question_id,
                        "card": scheduled.card_json, "due_at": scheduled.due_at,
                        "reviews": 1, "lapses": int(not correct)})
        logs.append({"card_id": card.id, "user_id": user_id, "question_id": question_id,
                     "source": "quiz", "rating": scheduled.rating, "is_correct": correct,
                     "choice_id": choice_id, "chosen": chosen, "reviewed_at": now,
                     "card_before": card.card or None})
    insert_rows(_WRITE_CARDS, written)
    insert_rows(_NEW_LOGS, logs)


def _live_cards(user_id: int, quiz_id: int | None = None):
    """A learner's cards of live questions: all of them, or one quiz's ("Study this quiz")."""
    cards = (select(ReviewCard)
             .join(Question, Question.id == ReviewCard.question_id)
             .where(ReviewCard.user_id == user_id, Question.status == "published"))
    return cards if quiz_id is None else cards.where(Question.quiz_id == quiz_id)


def due_count_of(user_id, now):
    """The count of a learner's cards due at `now`, as an SQL expression (the signed-in
    user's is loaded with the user, for the navigation and the Study page)."""
    return (_live_cards(user_id).with_only_columns(func.count(ReviewCard.id))
            .where(ReviewCard.due_at <= now).scalar_subquery())


@dataclass(frozen=True)
class StudyCard:
    card: ReviewCard
    content: QuestionContent
    choice_order: list[int]


def next_card(user: User, now: datetime, rng: random.Random,
              quiz_id: int | None = None) -> StudyCard | None:
    """The card due longest ago (of one quiz, if given), with its question as it now stands,
    choices shuffled."""
    card = db.session.scalar(
        _live_cards(user.id, quiz_id).where(ReviewCard.due_at <= now)
        .order_by(ReviewCard.due_at, ReviewCard.id).limit(1)
    )
    if card is None:
        return None
    shown = latest_content(card.question_id)
    order = list(shown.choice_ids)
    rng.shuffle(order)
    return StudyCard(card, shown, order)


def next_due_at(user: User, quiz_id: int | None = None) -> datetime | None:
    return db.session.scalar(
        _live_cards(user.id, quiz_id).with_only_columns(func.min(ReviewCard.due_at))
    )


def card_total(user: User, quiz_id: int | None = None) -> int:
    return db.session.scalar(_live_cards(user.id, quiz_id)
                             .with_only_columns(func.count(ReviewCard.id)))


def due_in_quiz(user: User, quiz_id: int, now: datetime) -> int:
    """How many of the learner's cards of one quiz are due (the nav's count is all quizzes')."""
    return db.session.scalar(_live_cards(user.id, quiz_id).where(ReviewCard.due_at <= now)
                             .with_only_columns(func.count(ReviewCard.id)))


def due_missed(user: User, attempt_id: int, now: datetime) -> int:
    """How many of the questions missed in an attempt (not earning their whole mark) the
    learner has a card of due now: what its result's "Study the N you missed" offers."""
    return db.session.scalar(
        _live_cards(user.id).with_only_columns(func.count(ReviewCard.id))
        .join(Response, (Response.question_id == ReviewCard.question_id)
              & (Response.attempt_id == attempt_id))
        .where(ReviewCard.due_at <= now, func.coalesce(Response.mark, 0) < MARK_UNIT))


class StudyRefused(Exception):
    """A study request that does not fit the learner's cards (answered with 4xx)."""


def answer(user: User, question_id: int, chosen: Collection[int], now: datetime) -> ReviewLog:
    """Review one of the learner's cards with the choices made (a multiple-answer card's
    several); wrong is Again, right Good. A card is right only with its whole mark: a
    multiple-answer card when exactly its right options are ticked (partly right is shown
    as such, with its mark, but the card comes back soon like a wrong one)."""
    card = db.session.scalar(select(ReviewCard).filter_by(user_id=user.id,
                                                          question_id=question_id))
    if card is None:
        raise StudyRefused("That question is not among your study cards.")
    shown = latest_content(question_id)
    if not chosen:
        raise StudyRefused("Choose an answer, then check it.")
    if not set(chosen) <= set(shown.choice_ids):
        raise StudyRefused("That choice does not belong to this question.")
    many = shown.type == MULTIPLE
    if len(chosen) > 1 and not many:
        raise StudyRefused("This question takes one answer.")
    correct = question_mark(shown, chosen) == 1
    scheduled = review(card.card, card.id, rating_for(correct), now)
    log = _apply(card, scheduled, "study", correct,
                 None if many else next(iter(chosen)), chosen_text(chosen) if many else None,
                 now)
    db.session.flush()
    return log


def card_for(user: User, question_id: int | None) -> StudyCard | None:
    """The learner's card of this question, with its question as it now stands (choices in
    the stored order: the page shows them in the order it was given)."""
    card = db.session.scalar(_live_cards(user.id).where(ReviewCard.question_id == question_id))
    if card is None:
        return None
    shown = latest_content(card.question_id)
    return StudyCard(card, shown, list(shown.choice_ids))


def own_log(user: User, log_id: int) -> ReviewLog | None:
    return db.session.scalar(select(ReviewLog).filter_by(id=log_id, user_id=user.id))


def is_latest(log: ReviewLog) -> bool:
    newest = db.session.scalar(select(func.max(ReviewLog.id)).filter_by(card_id=log.card_id))
    return newest == log.id


def rate(log: ReviewLog, felt: str) -> None:
    """After seeing the answer, the learner says a right answer was hard, good or easy: the
    review is redone from the card as it was before it, with that rating."""
    if not log.is_correct or log.source != "study" or not is_latest(log):
        raise StudyRefused("Only your latest right answer in study can be rated.")
    card = log.card
    scheduled = review(log.card_before, card.id, rating_for(True, felt), log.reviewed_at)
    card.card, card.due_at, log.rating = scheduled.card_json, scheduled.due_at, scheduled.rating
    db.session.flush()


def rating_previews(log: ReviewLog) -> dict[str, datetime]:
    """When the card would be due again after each rating of a right answer (hard, good,
    easy), so the buttons can say it."""
    return {felt: review(log.card_before, log.card_id, rating_for(True, felt),
                         log.reviewed_at).due_at for felt in ("hard", "good", "easy")}


def hand_over(guest: User, account: User) -> None:
    """A guest's cards go to the account that has none for the same question; the account's
    own card wins otherwise. Every review log goes with them."""
    taken = select(ReviewCard.question_id).filter_by(user_id=account.id)
    db.session.execute(
        update(ReviewCard)
        .where(ReviewCard.user_id == guest.id, ReviewCard.question_id.not_in(taken))
        .values(user_id=account.id)
        .execution_options(synchronize_session=False)
    )
    leftover = select(ReviewCard.id).filter_by(user_id=guest.id)
    db.session.execute(
        update(ReviewLog).where(ReviewLog.card_id.in_(leftover))
        .values(card_id=select(ReviewCard.id).where(
            ReviewCard.user_id == account.id,
            ReviewCard.question_id == ReviewLog.question_id).scalar_subquery())
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(ReviewLog).where(ReviewLog.user_id == guest.id).values(user_id=account.id)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        ReviewCard.__table__.delete().where(ReviewCard.user_id == guest.id)
    )
