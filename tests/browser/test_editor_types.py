"""Writing a multiple-answer and a true/false question in the browser, by keyboard alone: the
type chosen, boxes ticked, the question saved with Enter, its grading told; each form axe
clean at a phone's width."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from app.extensions import db
from app.models import Question, Quiz, User
from tests.browser.test_accessibility import check_axe
from tests.browser.test_import_article import sign_in_teacher

NEW = "/instructor/quizzes/deepseek-education/questions/new"


@pytest.fixture
def teacher(page: Page, base, live_server):
    sign_in_teacher(page, base, live_server)
    with live_server.app.app_context():  # the seed quiz, handed to the teacher to edit
        db.session.execute(update(Quiz).values(owner_id=db.session.scalar(
            select(User.id).filter_by(username="teacher"))))
        db.session.commit()
    return page


def type_row(page: Page, tick: bool, *texts: str):
    """From the focus before a row's box: tick it or not, then type in its fields in turn."""
    page.keyboard.press("Tab")
    if tick:
        page.keyboard.press("Space")
    for text in texts:
        page.keyboard.press("Tab")
        page.keyboard.type(text)


def test_a_multiple_answer_question_written_by_keyboard(teacher: Page, base, live_server,
                                                        console_errors, screenshots_dir):
    page = teacher
    page.goto(base + NEW)
    page.get_by_label("Question").focus()
    page.keyboard.type("Which two ports have robots? Choose two.")
    page.get_by_label("Answer type").focus()             # chosen after writing the stem
    page.keyboard.press("ArrowDown")                     # Single answer -> Multiple answer
    page.get_by_role("button", name="Save the question").focus()
    page.keyboard.press("Enter")                         # a save: the form redrawn, not saved
    expect(page.get_by_role("status")).to_contain_text("Nothing saved yet")
    expect(page.get_by_label("Right answer: choice 1")).to_be_visible()
    expect(page.get_by_label("Right answer: choice 1")).to_have_attribute("type", "checkbox")
    expect(page.get_by_label("Question")).to_have_value("Which two ports have robots? Choose two.")
    expect(page.locator("#grading-rule")).to_contain_text("never below 0")
    page.get_by_label("Question").focus()
    type_row(page, True, "Kessel", "Right: it has many.", "")
    type_row(page, False, "Bergen", "Wrong: it has none.", "")
    type_row(page, True, "Oslo", "Right: it has some.", "")
    type_row(page, False, "Turku", "Wrong: it has none.")
    page.keyboard.press("Enter")                         # in a field, Enter saves
    expect(page.get_by_role("status")).to_contain_text("Saved")
    with live_server.app.app_context():
        question = db.session.scalar(select(Question).filter_by(  # the one just written
            stem="Which two ports have robots? Choose two."))
        assert [(c.text, c.is_correct) for c in question.choices] == [
            ("Kessel", True), ("Bergen", False), ("Oslo", True), ("Turku", False)]
    page.goto(f"{base}/instructor/quizzes/deepseek-education/questions/{question.id}/edit")
    for number, ticked in ((1, True), (2, False), (3, True), (4, False)):
        box = page.get_by_label(f"Right answer: choice {number}")
        (expect(box).to_be_checked if ticked else expect(box).not_to_be_checked)()
    expect(page.locator("#later-type")).to_have_count(0)  # with the switch off
    expect(page.locator("#grading-rule")).to_contain_text(
        "each right option a learner ticks earns 50% of the mark, each wrong one ticked takes "
        "50% away")
    check_axe(page, "the editor of a multiple-answer question")
    page.screenshot(path=f"{screenshots_dir}/editor-multiple.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=f"{screenshots_dir}/editor-multiple-phone.png")
    assert console_errors == []


def test_a_true_false_question_written_by_keyboard(teacher: Page, base, live_server,
                                                   console_errors, screenshots_dir):
    page = teacher
    page.goto(base + NEW + "?type=truefalse")
    check_axe(page, "the editor of a true/false question")
    page.get_by_label("Question").focus()
    page.keyboard.type("Kessel has no robots.")
    page.keyboard.press("Tab")                           # the radio group: True first
    page.keyboard.press("ArrowDown")                     # -> "The statement is false"
    expect(page.get_by_role("radio", name="The statement is false")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Right: it has many.")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Saved")
    with live_server.app.app_context():
        question = db.session.scalar(select(Question).filter_by(stem="Kessel has no robots."))
        assert [(c.text, c.is_correct, c.rationale) for c in question.choices] == [
            ("True", False, ""), ("False", True, "Right: it has many.")]
    page.get_by_role("link", name=re.compile("^Edit “Kessel has no robots")).click()
    expect(page.get_by_role("radio", name="The statement is false")).to_be_checked()
    expect(page.get_by_label("Feedback for a learner who answers “False”")).to_have_value(
        "Right: it has many.")
    page.screenshot(path=f"{screenshots_dir}/editor-truefalse.png", full_page=True)
    assert console_errors == []
