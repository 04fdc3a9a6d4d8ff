"""Study: due cards one at a time, immediate feedback, then the next review is scheduled."""

import random

from flask import Blueprint, abort, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.forms import ButtonForm, StudyAnswerForm
from app.models import utcnow
from app.services import study
from app.services.articles import excerpts
from app.services.bank import latest_content
from app.views.access import due_cards, rule, viewer

bp = Blueprint("study", __name__, url_prefix="/study")


@bp.get("/")
@rule("public")
def index():
    user = viewer()
    now = utcnow()
    card = study.next_card(user, now, random.Random()) if user is not None else None
    form = None
    if card is not None:
        form = StudyAnswerForm(question=card.card.question_id)
        by_id = {c.id: c for c in card.content.choices}
        form.choice.choices = [SelectChoice(cid, by_id[cid].text) for cid in card.choice_order]
    return render_template(
        "study/index.html",
        card=card,
        form=form,
        due=due_cards(user),
        total=study.card_total(user) if user is not None else 0,
        next_due=study.next_due_at(user) if user is not None else None,
    )


@bp.post("/answer")
@rule("public")
def answer():
    user = viewer()
    form = StudyAnswerForm()
    if user is None:
        abort(404, "You have no study cards yet.")
    if not form.validate_on_submit() or form.choice.data is None:
        return redirect(url_for("study.index"), 303)
    try:
        log = study.answer(user, form.question.data, form.choice.data, utcnow())
    except study.StudyRefused as refusal:
        db.session.rollback()
        abort(422, str(refusal))
    db.session.commit()
    return redirect(url_for("study.feedback", log_id=log.id), 303)


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
    return render_template(
        "study/feedback.html",
        log=log,
        content=latest_content(log.question_id),
        can_rate=log.is_correct and log.source == "study" and study.is_latest(log),
        form=ButtonForm(),
        due=due_cards(viewer()),
        excerpt=excerpts([log.question_id]).get(log.question_id),
    )


@bp.post("/reviews/<int:log_id>/rating")
@rule("owner")
def rating(log_id: int):
    log = _own_log(log_id)
    felt = request.form.get("felt", "")
    if felt not in ("hard", "good", "easy"):
        abort(400, "Rate the card hard, good or easy.")
    try:
        study.rate(log, felt)
    except study.StudyRefused as refusal:
        db.session.rollback()
        abort(409, str(refusal))
    db.session.commit()
    return redirect(url_for("study.index"), 303)
