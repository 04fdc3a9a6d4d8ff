"""Kept markup: the HTML of the parts of a page that depend only on what is shown, never on
who is looking, rendered once per app from _macros.html and kept (docs/ARCHITECTURE.md,
"Keeping pages cheap")."""

from flask import get_template_attribute
from markupsafe import Markup

from app.cache import kept
from app.domain.content import answer_hint


def _kept(macro: str, shown, key, arguments) -> list[Markup]:
    """For each thing shown, the markup of a _macros.html macro called with
    `arguments(thing)`, whose output depends only on `key(thing)`: rendered once per app and
    kept. Keys hold what is shown (the revision, the choice order, the choice made), never
    who is looking, so a learner only ever gets markup their own answers would render; a
    quiz has a few thousand keys."""
    things = {(macro, key(thing)): thing for thing in shown}

    def render(keys):
        macro_of = get_template_attribute("_macros.html", macro)
        return {k: macro_of(*arguments(things[k])) for k in keys}

    markup = kept("markup", things, render)
    return [markup[(macro, key(thing))] for thing in shown]


def choice_lists(slots) -> list[Markup]:
    """Each question's choices, the learner's checked: radio buttons for one answer,
    checkboxes for a multiple-answer question (the partial of its type)."""
    return _kept(
        "choice_list", slots,
        key=lambda s: (s.response.revision_id, s.response.choice_order, s.response.choice_id,
                       s.response.chosen),
        arguments=choice_list_arguments)


def choice_list_arguments(slot, error_id=None) -> tuple:
    """What the choice_list macro draws a slot's answers from."""
    return (slot.response.question_id, slot.content.type, slot.choices, slot.chosen,
            answer_hint(slot.content), error_id)


def legends(slots, total: int) -> list[Markup]:
    """Each question's legend: its number in the attempt, and its stem."""
    return _kept(
        "question_legend", slots,
        key=lambda s: (s.response.revision_id, s.response.position, total),
        arguments=lambda s: (s.response.position, total, s.content.stem))


def review_headings(items) -> list[Markup]:
    """Each reviewed question's heading: its number in the attempt, and its stem."""
    return _kept("review_heading", items, key=lambda i: (i.revision_id, i.number),
                 arguments=lambda i: (i.number, i.content.stem))


def review_bodies(items, whose: str = "Your answer") -> list[Markup]:
    """Each reviewed question: the verdict, the choices marked (the one chosen tagged
    `whose`), why, and the source."""
    return _kept(
        "review_body", items,
        key=lambda i: (i.revision_id, i.choice_order, tuple(sorted(i.chosen)), i.excerpt,
                       whose),
        arguments=lambda i: (i.content, i.choices, i.chosen, i.excerpt, whose))


def reviewed(items, whose: str = "Your answer"):
    """Each reviewed item with its heading and body, for the review_list macro."""
    return list(zip(items, review_headings(items), review_bodies(items, whose), strict=True))
