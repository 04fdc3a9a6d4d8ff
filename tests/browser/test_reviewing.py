"""Reviewing a result: the grid of right and missed questions, "Only the ones I missed"
without script, right answers folded, retaking the missed questions as practice that never
counts."""

import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Attempt, Quiz
from tests.browser.conftest import answer, attempt_keys


def configure(server, **settings):
    with server.app.app_context():
        db.session.execute(update(Quiz).values(**settings))
        db.session.commit()


def take(page: Page, base: str, server, right: set[int], count: int) -> str:
    """Answer questions 1..count: those in `right` rightly, the others wrongly; submit."""
    page.goto(base + "/quizzes/deepseek-education")
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    groups = page.get_by_role("group")
    for index, key in enumerate(attempt_keys(page, server.app)[:count]):
        answer(groups.nth(index), key, rightly=index + 1 in right)
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(re.compile(r"/result$"))
    return page.url


def test_the_grid_the_missed_only_filter_and_folded_right_answers(browser: Browser, base,
                                                                   live_server, shoot):
    configure(live_server, questions_per_attempt=6)
    context = browser.new_context(java_script_enabled=False)  # all of it works without script
    page = context.new_page()
    result = take(page, base, live_server, right={1, 2, 5}, count=6)
    grid = page.get_by_role("navigation", name="Questions at a glance").get_by_role("link")
    expect(grid).to_have_count(6)
    expect(grid.nth(0)).to_have_accessible_name("1 right")
    expect(grid.nth(2)).to_have_accessible_name("3 missed")
    badge = "e => getComputedStyle(e, '::after').content"
    assert "✓" in grid.nth(0).evaluate(badge) and "✗" in grid.nth(2).evaluate(badge)

    right = page.locator("#review-1 details")  # folded, its verdict in the summary
    expect(right).not_to_have_attribute("open", "")
    expect(page.locator("#review-1 .explanation")).to_be_hidden()
    page.locator("#review-1 summary").click()
    expect(page.locator("#review-1 .explanation")).to_be_visible()
    expect(page.locator("#review-3 details")).to_have_count(0)  # a missed one is open
    expect(page.locator("#review-3 .explanation")).to_be_visible()

    page.get_by_role("link", name="Only the ones I missed (3)").click()
    expect(page).to_have_url(re.compile(r"\?only=missed#review$"))
    expect(page.locator(".review-list > li")).to_have_count(3)
    expect(page.get_by_role("link", name="Only the ones I missed (3)")).to_have_attribute(
        "aria-current", "page")
    grid.nth(0).click()  # a right one is on the page of all
    expect(page).to_have_url(result + "#review-1")
    expect(page.locator(".review-list > li")).to_have_count(6)
    assert page.goto(result + "?only=some").status == 400
    context.close()


def test_a_number_in_the_grid_unfolds_a_right_answers_review(page: Page, base, live_server):
    configure(live_server, questions_per_attempt=6)
    take(page, base, live_server, right={2}, count=6)
    folded = page.locator("#review-2 details")
    expect(folded).not_to_have_attribute("open", "")
    page.get_by_role("navigation", name="Questions at a glance").get_by_role(
        "link", name="2 right").click()
    expect(folded).to_have_attribute("open", "")
    expect(page.locator("#review-2 .explanation")).to_be_in_viewport()


def test_retake_the_missed_questions_as_practice_that_never_counts(page: Page, base,
                                                                   live_server, shoot):
    configure(live_server, questions_per_attempt=5, time_limit_s=600)
    take(page, base, live_server, right={2, 4}, count=5)
    with live_server.app.app_context():
        graded = db.session.scalar(select(Attempt).order_by(Attempt.id.desc()))
        missed_ids = {r.question_id for r in graded.responses if not r.is_correct}
        graded_id = graded.id
    page.get_by_role("button", name="Retake the 3 you missed").click()
    page.wait_for_url(re.compile(r"/attempts/\d+$"))
    expect(page.locator("#practice-banner")).to_contain_text("never counts")
    expect(page.get_by_role("group")).to_have_count(3)
    expect(page.locator("#time-left")).to_have_count(0)  # practice has no time limit
    with live_server.app.app_context():
        practice = db.session.scalar(select(Attempt).order_by(Attempt.id.desc()))
        assert practice.kind == "practice"
        assert {r.question_id for r in practice.responses} == missed_ids
    shoot(page, "practice", phone=True)
    page.reload()  # the same practice, resumed
    expect(page).to_have_url(re.compile(rf"/attempts/{practice.id}$"))
    for group, key in zip(page.get_by_role("group").all(), attempt_keys(page, live_server.app),
                          strict=True):
        answer(group, key, rightly=False)
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(re.compile(r"/result$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your practice")
    expect(page.locator("#practice-banner")).to_contain_text(
        "never counts toward your grade, the quiz's statistics or a gradebook")
    expect(page.locator("#score")).to_contain_text("/ 3")
    with live_server.app.app_context():  # nowhere counted: the statistics saw one attempt
        from app.models import QuizStat
        counted = db.session.scalar(select(func.sum(QuizStat.n)).filter_by(selector="all"))
        assert counted == 1
    page.goto(base + "/quizzes/deepseek-education")
    expect(page.locator("#quiz-rules")).to_be_visible()
    page.goto(f"{base}/attempts/{graded_id}/result")
    expect(page.locator("#score")).to_contain_text("2 / 5")
