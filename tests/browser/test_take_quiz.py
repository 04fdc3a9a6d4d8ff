"""A newcomer takes the quiz by keyboard alone, reads the score and review, opens My results."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import update

from app.extensions import db
from app.models import Attempt, Quiz
from tests.browser.conftest import answer, answer_by_keyboard, answer_keys, attempt_keys


def tab_to(page: Page, name: str, limit: int = 400) -> None:
    """Press Tab until the focused element's text or label is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " const t = e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText;"
            " return t.replace(/\\s+/g, ' ').trim(); }"
        )
        if focused == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def focused_outline(page: Page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_keyboard_only_quiz_review_and_history(page: Page, base, live_server, console_errors,
                                               shoot):
    with live_server.app.app_context():  # twelve: quick (each type: test_question_types)
        db.session.execute(update(Quiz).values(questions_per_attempt=12))
        db.session.commit()
    page.goto(base + "/")
    shoot(page, "home", phone=True)
    tab_to(page, "DeepSeek and China's talent pipeline")
    assert focused_outline(page) != "none"  # focus is visible
    page.keyboard.press("Enter")
    title = "DeepSeek and China's talent pipeline"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    tab_to(page, "Start the quiz")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    attempt_id = int(page.url.rsplit("/", 1)[1])

    keys = answer_keys(live_server.app, attempt_id)
    total = len(keys)
    groups = page.get_by_role("group")
    expect(groups).to_have_count(total)
    expect(page.locator("#progress")).to_contain_text(f"0/{total} answered")
    shoot(page, "attempt", phone=True, dark=True)

    skipped = 2
    tab_to(page, "Skip to content")
    page.keyboard.press("Enter")
    tab_to(page, "Save answers")  # the first control: Enter in a radio group saves
    tab_to(page, f"Question {total}")  # past the navigator, the last question's number
    for index, key in enumerate(keys[: total - skipped]):
        if index:
            page.keyboard.press("Tab")  # past the question before's "Flag for later"
        page.keyboard.press("Tab")  # into the group: its first choice
        choice = page.evaluate("() => document.activeElement.name")
        assert choice.startswith("q"), page.evaluate("() => document.activeElement.outerHTML")
        answer_by_keyboard(page, key)
        checked = groups.nth(index).locator(".choices input:checked")
        expect(checked).to_have_count(len(key.right))
    expect(groups.nth(total - 1).locator(".choices input:checked")).to_have_count(0)

    tab_to(page, "Submit answers")
    page.keyboard.press("Enter")
    expect(page.locator("#confirm-box")).to_contain_text(f"You have {skipped} unanswered")
    # what was chosen survived the round trip
    answered = page.locator(".question").filter(has=page.locator(".choices input:checked"))
    expect(answered).to_have_count(total - skipped)
    tab_to(page, f"Submit with {skipped} unanswered")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/attempts/\d+/result$"))
    score = total - skipped
    expect(page.locator("#score")).to_contain_text(f"{score} / {total}")
    expect(page.locator("#score")).to_contain_text(f"{round(100 * score / total)}%")
    expect(page.locator(".review")).to_have_count(total)
    expect(page.get_by_text("✗ Not answered")).to_have_count(skipped)
    missed = page.locator(".review.wrong")  # the ones missed open, the ones right folded
    expect(missed.locator(".explanation").first).to_be_visible()
    expect(missed.locator(".source").first).to_contain_text("Paragraph")
    expect(page.locator(".review.right details").first).not_to_have_attribute("open", "")
    shoot(page, "result", phone=True, dark=True)  # all but two right: a good score, celebrated
    page.locator("#review").evaluate("e => e.scrollIntoView()")
    shoot(page, "result-grid", phone=True)  # the grid, and the review: the right ones folded
    page.evaluate("() => window.scrollTo(0, 0)")

    tab_to(page, "My results")
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + "/my/results")
    expect(page.locator("#summary")).to_contain_text("Attempts1")
    chart = page.locator("#score-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(1)
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 60  # the chart is drawn, not empty
    expect(page.get_by_role("link", name=re.compile("^Review"))).to_have_count(1)
    shoot(page, "my-results", phone=True)
    with live_server.app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.score == score and attempt.submitted_at is not None
    assert console_errors == []


def test_another_browser_does_not_see_the_guests_attempts(page: Page, base, browser):
    page.goto(base + "/quizzes/deepseek-education")
    page.get_by_role("button", name="Start the quiz").click()
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name=re.compile("^Submit with")).click()
    expect(page.locator("#score")).to_contain_text("0 / ")
    result_url = page.url

    other = browser.new_context()
    stranger = other.new_page()
    stranger.goto(base + "/my/results")
    expect(stranger.get_by_text("You have no attempts yet.")).to_be_visible()
    response = stranger.goto(result_url)
    assert response.status == 404
    other.close()


CONFETTI = """() => {
  const after = getComputedStyle(document.querySelector("#celebration"), "::after");
  return {shown: after.backgroundImage.includes("radial-gradient"),
          running: document.getAnimations().length};
}"""


def test_a_good_score_is_celebrated_and_nothing_moves_when_asked(page: Page, base, live_server):
    with live_server.app.app_context():  # five questions are enough for a perfect score
        db.session.execute(update(Quiz).values(questions_per_attempt=5))
        db.session.commit()
    page.goto(base + "/quizzes/deepseek-education")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    groups = page.get_by_role("group")
    for index, key in enumerate(attempt_keys(page, live_server.app)):
        answer(groups.nth(index), key)
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(re.compile(r"/result$"))
    expect(page.locator("#celebration")).to_contain_text("A perfect score!")
    assert page.evaluate(CONFETTI) == {"shown": True, "running": 1}  # the burst plays once
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    assert page.evaluate(CONFETTI) == {"shown": True, "running": 0}  # there, and still


def test_one_per_page_chips_show_answered_by_more_than_colour(page: Page, base, live_server,
                                                              shoot):
    with live_server.app.app_context():
        db.session.execute(update(Quiz).values(layout="one", time_limit_s=1800,
                                               questions_per_attempt=30))
        db.session.commit()
    page.goto(base + "/quizzes/deepseek-education")
    page.get_by_role("button", name="Start the quiz").click()
    answer(page.get_by_role("group").first, attempt_keys(page, live_server.app)[0])
    page.get_by_role("button", name="Next").click()
    chips = page.get_by_role("navigation", name="Questions").get_by_role("button")
    expect(chips).to_have_count(30)
    expect(chips.nth(0)).to_have_accessible_name("Question 1 (answered)")
    badge = "e => getComputedStyle(e, '::after').content"
    assert "✓" in chips.nth(0).evaluate(badge) and chips.nth(1).evaluate(badge) == "none"
    expect(chips.nth(1)).to_have_attribute("aria-current", "step")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert Axe().run(page).violations_count == 0, scheme
    page.emulate_media(color_scheme="light")
    shoot(page, "attempt-one-per-page", phone=True)
