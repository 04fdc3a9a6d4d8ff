"""Study: due cards one at a time (all of them, or one quiz's), immediate feedback, then the
next review is scheduled and said in plain words."""

import random

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from app.domain.attempts import chosen_ids
from app.domain.content import MULTIPLE, answer_hint
from app.domain.study import comes_back_in
from app.extensions import db
from app.forms import ButtonForm, StudyAnswerForm
from app.models import Quiz, utcnow
from app.services import study
from app.services.articles import excerpts
from app.services.bank import latest_content
from app.views.access import due_cards, rule, viewer

bp = Blueprint("study", __name__, url_prefix="/study")


def _scope() -> Quiz | None:
    """"Study this quiz": the quiz named by `quiz` (in the query or the form), or None for
    every card due."""
    slug = request.values.get("quiz")
    if not slug:
        return None
    quiz = db.session.scalar(select(Quiz).filter_by(slug=slug, is_published=True))
    if quiz is None:
        abort(404, "There is no such quiz to study.")
    return quiz


def _study_page(quiz: Quiz | None, card=None, order=None, problem=None, status=200):
    user = viewer()
    now = utcnow()
    quiz_id = quiz.id if quiz is not None else None
    if card is None and user is not None:
        card = study.next_card(user, now, random.Random(), quiz_id)
        order = card.choice_order if card is not None else None
    form = hint = None
    if card is not None:
        form = StudyAnswerForm(question=card.card.question_id)
        by_id = {c.id: c for c in card.content.choices}
        form.choice.choices = [SelectChoice(cid, by_id[cid].text) for cid in order]
        hint = answer_hint(card.content) if card.content.type == MULTIPLE else None
    if user is None:
        due = 0
    else:
        due = due_cards(user) if quiz is None else study.due_in_quiz(user, quiz.id, now)
    return render_template(
        "study/index.html",
        quiz=quiz,
        card=card,
        form=form,
        order=order,
        problem=problem,
        hint=hint,
        due=due,
        total=study.card_total(user, quiz_id) if user is not None else 0,
        next_due=study.next_due_at(user, quiz_id) if user is not None else None,
    ), status


@bp.get("/")
@rule("public")
def index():
    return _study_page(_scope())


@bp.post("/answer")
@rule("public")
def answer():
    user = viewer()
    quiz = _scope()
    form = StudyAnswerForm()
    if user is None:
        abort(404, "You have no study cards yet.")
    if not form.validate_on_submit():
        return redirect(url_for("study.index", quiz=quiz.slug if quiz else None), 303)
    if not form.choice.data:  # nothing chosen: said beside the same card, same order
        card = study.card_for(user, form.question.data)
        order = card and _order(request.form.get("order", ""), card.content.choice_ids)
        if card is None or order is None:
            return redirect(url_for("study.index", quiz=quiz.slug if quiz else None), 303)
        return _study_page(quiz, card, order, "Choose an answer, then check it.", 422)
    try:
        log = study.answer(user, form.question.data, set(form.choice.data), utcnow())
    except study.StudyRefused as refusal:
        db.session.rollback()
        abort(422, str(refusal))
    db.session.commit()
    # the feedback lists the choices in the order the card showed them (the order sent back)
    return redirect(url_for("study.feedback", log_id=log.id, quiz=quiz.slug if quiz else None,
                            order=request.form.get("order") or None), 303)


def _order(raw: str, choice_ids) -> list[int] | None:
    """The order the choices were shown in, as the form sent it back; None unless it is
    exactly the question's choices."""
    if not all(part.isdigit() and len(part) < 19 for part in raw.split(",")):
        return None
    order = [int(part) for part in raw.split(",")]
    return order if sorted(order) == sorted(choice_ids) else None


def _own_log(log_id: int):
    user = viewer()
    log = study.own_log(user, log_id) if user is not None else None
    if log is None:
        abort(404, "There is no such review among yours.")
    return log


@bp.get("/reviews/<int:log_id>")
@rule("owner")
def feedback(log_id: int):
    log = _own_log(log_id)
    quiz = _scope()
    can_rate = log.is_correct and log.source == "study" and study.is_latest(log)
    previews = study.rating_previews(log) if can_rate else {}
    content = latest_content(log.question_id)
    by_id = {choice.id: choice for choice in content.choices}
    order = _order(request.args.get("order", ""), by_id)  # else the stored order
    return render_template(
        "study/feedback.html",
        log=log,
        quiz=quiz,
        content=content,
        choices=[by_id[cid] for cid in order] if order else content.choices,
        chosen=chosen_ids(log.choice_id, log.chosen),
        can_rate=can_rate,
        comes_back={felt: comes_back_in(at, log.reviewed_at) for felt, at in previews.items()},
        back_in=comes_back_in(log.card.due_at, log.reviewed_at),
        form=ButtonForm(),
        due=due_cards(viewer()) if quiz is None else study.due_in_quiz(viewer(), quiz.id,
                                                                        utcnow()),
        excerpt=excerpts([log.question_id]).get(log.question_id),
    )


@bp.post("/reviews/<int:log_id>/rating")
@rule("owner")
def rating(log_id: int):
    log = _own_log(log_id)
    quiz = _scope()
    felt = request.form.get("felt", "")
    if felt not in ("hard", "good", "easy"):
        abort(400, "Rate the card hard, good or easy.")
    try:
        study.rate(log, felt)
    except study.StudyRefused as refusal:
        db.session.rollback()
        abort(409, str(refusal))
    db.session.commit()
    flash(f"Rated {felt}: you'll see it again {comes_back_in(log.card.due_at, log.reviewed_at)}.")
    return redirect(url_for("study.index", quiz=quiz.slug if quiz else None), 303)
