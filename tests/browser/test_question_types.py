"""Multiple-answer and true/false questions in the browser, keyboard only: ticking boxes and
choosing True or False saves each answer at once (autosave), the form saves the same without
the script, and a reload shows them again."""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from app.domain.content import read_gift
from app.extensions import db
from app.models import Question, Quiz
from app.services.editing import import_contents
from tests.test_gift_import import EVERY_TYPE


@pytest.fixture
def typed_server(live_server):
    """The curated quiz with only the three questions of every type live, all on one page."""
    with live_server.app.app_context():
        quiz = db.session.scalar(select(Quiz).filter_by(slug="deepseek-education"))
        import_contents(quiz, read_gift(EVERY_TYPE))
        db.session.flush()
        db.session.execute(update(Question).where(Question.key.not_in(
            ["robots-ma", "robots-tf", "robots-weighted"])).values(status="retired"))
        db.session.commit()
    return live_server


def start(page: Page, base: str):
    page.goto(base + "/quizzes/deepseek-education")
    page.get_by_role("button", name="Start the quiz").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+$"))


def tab_to(page: Page, locator, limit: int = 60):
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError("never reached by Tab")


@pytest.mark.usefixtures("typed_server")
def test_boxes_and_true_false_answered_by_keyboard_are_saved_at_once(page: Page, base,
                                                                    console_errors):
    start(page, base)
    ports = page.get_by_role("group", name=re.compile("Which two ports have robots"))
    expect(ports.get_by_text("Choose 2 answers.")).to_be_visible()
    expect(ports.locator(".choices").get_by_role("checkbox")).to_have_count(4)
    for name in ("Kessel", "Bergen"):
        box = ports.get_by_role("checkbox", name=name)
        tab_to(page, box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
        expect(page.locator("#save-status")).to_have_text("All answers saved")
    expect(page.locator("#answered-count")).to_have_text("1")
    claim = page.get_by_role("group", name=re.compile("Kessel has no robots"))
    expect(claim.get_by_role("radio")).to_have_count(2)
    labels = claim.locator(".choices label").all_inner_texts()
    assert [t.strip() for t in labels] == ["True", "False"]
    tab_to(page, claim.get_by_role("radio", name="True"))
    page.keyboard.press("ArrowDown")  # arrows move within a radio group, choosing as they go
    expect(claim.get_by_role("radio", name="False")).to_be_checked()
    expect(page.locator("#save-status")).to_have_text("All answers saved")
    expect(page.locator("#answered-count")).to_have_text("2")
    # unticking one box saves the smaller set; the reload shows exactly what was saved
    box = ports.get_by_role("checkbox", name="Bergen")
    box.focus()
    page.keyboard.press("Space")
    expect(page.locator("#save-status")).to_have_text("All answers saved")
    page.reload()
    ports = page.get_by_role("group", name=re.compile("Which two ports have robots"))
    expect(ports.get_by_role("checkbox", name="Kessel")).to_be_checked()
    expect(ports.get_by_role("checkbox", checked=True)).to_have_count(1)
    expect(page.get_by_role("radio", name="False")).to_be_checked()
    assert console_errors == []


@pytest.mark.usefixtures("typed_server")
def test_without_the_script_the_form_saves_a_set_and_clears_it(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start(page, base)
    ports = page.get_by_role("group", name=re.compile("Which ports count"))
    expect(ports.get_by_text("Choose all that apply.")).to_be_visible()
    for name in ("Oslo", "Turku"):
        tab_to(page, ports.get_by_role("checkbox", name=name))
        page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save answers"))
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    ports = page.get_by_role("group", name=re.compile("Which ports count"))
    expect(ports.get_by_role("checkbox", checked=True)).to_have_count(2)
    expect(page.locator("#answered-count")).to_have_text("1")
    for name in ("Oslo", "Turku"):
        ports.get_by_role("checkbox", name=name).uncheck()
    page.get_by_role("button", name="Save answers").click()
    page.wait_for_load_state()
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(0)
    expect(page.locator("#answered-count")).to_have_text("0")
    context.close()


@pytest.mark.usefixtures("typed_server")
def test_each_type_reviewed_and_studied_by_keyboard(page: Page, base, console_errors):
    """Answered by keyboard (one of two right boxes, True, the weighted one left), reviewed
    with partial credit, then each card studied by keyboard: number keys tick a card's boxes,
    Enter checks; the exact set is Right, a partly right one is shown partly right."""
    start(page, base)
    ports = page.get_by_role("group", name=re.compile("Which two ports have robots"))
    tab_to(page, ports.get_by_role("checkbox", name="Kessel"))
    page.keyboard.press("Space")
    claim = page.get_by_role("group", name=re.compile("Kessel has no robots"))
    tab_to(page, claim.get_by_role("radio", name="True"))
    page.keyboard.press("Space")
    expect(page.locator("#answered-count")).to_have_text("2")
    tab_to(page, page.get_by_role("button", name="Submit answers"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Submit with 1 unanswered"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/result$"))
    expect(page.locator("#score")).to_contain_text("0.5 / 3")
    expect(page.locator(".review.partial .verdict")).to_have_text(
        "◐ 1 of 2 right: 0.5 of 1 mark")
    expect(page.get_by_text("✗ Incorrect")).to_be_visible()
    expect(page.get_by_text("✗ Not answered")).to_be_visible()
    tab_to(page, page.get_by_role("link", name="Study the 3 you missed"))
    page.keyboard.press("Enter")
    stems = set()
    for _ in range(3):
        expect(page.locator("form.study")).to_be_visible()
        stem = page.locator("legend").inner_text()
        stems.add(stem)
        labels = [t.strip() for t in page.locator(".choices label span").all_inner_texts()]
        if "Which ports count" in stem:  # partly right: Kessel (75%) without Oslo
            keys, heading = [labels.index("Kessel")], "Not quite"
        elif "Which two ports" in stem:  # exactly its two right boxes
            keys, heading = [labels.index("Kessel"), labels.index("Oslo")], "Right"
            expect(page.locator("#study-hint")).to_contain_text("exactly the right ones")
        else:
            keys, heading = [labels.index("False")], "Right"
        for index in keys:
            page.keyboard.press(str(index + 1))
        checked = page.locator("input[name=choice]:checked")
        expect(checked).to_have_count(len(keys))
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        if heading == "Not quite":
            expect(page.locator(".review.partial .verdict")).to_have_text(
                "◐ 1 of 2 right: 0.75 of 1 mark")
        tab_to(page, page.locator("#next-card"))
        page.keyboard.press("Enter")
    assert len(stems) == 3 and console_errors == []
