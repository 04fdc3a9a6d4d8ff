"""Studying one quiz by keyboard: number keys choose, Enter checks, 1 2 3 rate; Check with
nothing chosen says so; when a card comes back, in plain words."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Choice
from tests.browser.test_reviewing import configure, take


def test_study_one_quiz_by_keyboard_in_plain_words(page: Page, base, live_server, shoot):
    configure(live_server, questions_per_attempt=3)
    take(page, base, live_server, right=set(), count=3)
    page.get_by_role("link", name="Study the 3 you missed").click()
    expect(page).to_have_url(re.compile(r"/study/\?quiz=deepseek-education$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Study: DeepSeek")
    expect(page.locator("#study-keys")).to_contain_text("Enter checks")
    order = [int(v) for v in page.locator("input[name=order]").get_attribute("value").split(",")]
    page.get_by_role("button", name="Check").click()  # nothing chosen: said, same order
    expect(page.locator("#choose-first")).to_have_text("Choose an answer, then check it.")
    shown = [int(v) for v in page.locator("input[name=choice]").evaluate_all(
        "els => els.map(e => e.value)")]
    assert shown == order
    question = page.locator("input[name=question]").get_attribute("value")
    with live_server.app.app_context():
        correct = db.session.scalars(select(Choice.id).filter_by(question_id=int(question),
                                                                 is_correct=True)).all()
    page.locator("body").click()
    for choice in correct:  # every right one, on a choose-all-that-apply card
        page.keyboard.press(str(order.index(choice) + 1))  # a number key chooses (or ticks)
        expect(page.locator(f"input[name=choice][value='{choice}']")).to_be_checked()
    page.keyboard.press("Enter")  # Enter checks
    expect(page.get_by_role("heading", level=1)).to_have_text("Right")
    good = page.get_by_role("button", name=re.compile("^Good"))
    expect(good).to_contain_text(re.compile(r"in \d+ (minutes?|hours?|days?)|tomorrow"))
    expect(page.locator("#rate-label")).to_contain_text("You'll see this again")
    shoot(page, "study-feedback", phone=True)
    page.keyboard.press("3")  # Easy
    expect(page.locator(".notice.success")).to_contain_text(
        re.compile(r"Rated easy: you'll see it again (in \d+ \w+|tomorrow)\."))
    expect(page).to_have_url(re.compile(r"\?quiz=deepseek-education$"))
    expect(page.locator("#due-count")).to_contain_text("2 cards due")
    page.get_by_role("link", name="Study everything due").click()
    expect(page.get_by_role("link", name=re.compile("^Study")).first).to_have_attribute(
        "aria-current", "page")
    expect(page.locator("#study-scope")).to_have_count(0)
