"""An instructor opens the dashboard after several learners' attempts, sees the histogram, and
opens one learner's attempt."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt
from tests.accounts_helpers import PASSWORD
from tests.conftest import CURATED_COUNT
from tests.learner import Learner


def take_quiz(app, answered: int) -> None:
    """A learner of their own answers `answered` questions, one in four rightly, and submits
    (through the test client: this test is about what the instructor sees; the browser tests
    of taking a quiz are elsewhere)."""
    learner = Learner(app, app.test_client())
    attempt_id = learner.start()
    right, wrong = learner.choices(attempt_id, True), learner.choices(attempt_id, False)
    chosen = sorted(right)[:answered]
    submitted = learner.post(attempt_id, {q: (right if i % 4 == 0 else wrong)[q]
                                          for i, q in enumerate(chosen)}, action="confirm")
    assert submitted.location.endswith("/result")


def test_instructor_sees_the_histogram(page: Page, base, live_server,
                                       console_errors, shoot):
    runner = live_server.app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "teacher", "--role", "instructor"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    for answered in (4, 12, 20, 28, 36):
        take_quiz(live_server.app, answered)

    page.goto(base + "/instructor/quizzes/deepseek-education")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/instructor/quizzes/deepseek-education$"))
    expect(page.locator("#test-stats")).to_contain_text("Attempts5")
    histogram = page.locator("#histogram")
    expect(histogram).to_be_visible()
    with live_server.app.app_context():
        scores = db.session.scalars(select(Attempt.score)).all()
    bars = histogram.locator("rect.bar")
    expect(bars).to_have_count(len(set(scores)))  # a bar for each score reached
    heights = [float(bars.nth(i).get_attribute("height")) for i in range(len(set(scores)))]
    assert all(h > 10 for h in heights)
    box = histogram.bounding_box()
    assert box and box["width"] > 300
    expect(page.locator("#item-stats tbody tr")).to_have_count(CURATED_COUNT)
    # five attempts: figures that need more are withheld, and the page says so
    expect(page.locator("#withheld")).to_contain_text("Discrimination (20)")
    expect(page.locator("#item-stats thead")).not_to_contain_text("Discrimination")
    expect(page.locator("#test-stats")).to_contain_text("Skewnessneeds 25 attempts")
    # on a phone the table scrolls inside its frame, never the page
    page.set_viewport_size({"width": 375, "height": 667})
    assert page.locator(".table-scroll").evaluate("e => e.scrollWidth > e.clientWidth")
    assert page.evaluate("() => document.documentElement.scrollWidth"
                         " <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.get_by_label("Attempts that count").select_option("all")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"attempts=all"))
    shoot(page, "dashboard", phone=True, dark=True)

    # from the dashboard to one learner's attempt, as that learner sees it
    page.get_by_role("navigation", name="This quiz").get_by_role("link", name="Attempts").click()
    with live_server.app.app_context():
        newest = db.session.scalar(select(Attempt.score).order_by(Attempt.submitted_at.desc(),
                                                                  Attempt.id.desc()))
    rows = page.locator("#attempts tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text(f"{newest} / {CURATED_COUNT}")  # the newest: 36 answered
    rows.first.get_by_role("link", name=re.compile("^Review")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Guest \d+'s attempt$"))
    expect(page.locator("#score")).to_contain_text(f"{newest} / {CURATED_COUNT}")
    expect(page.locator(".review-list > li")).to_have_count(CURATED_COUNT)
    expect(page.get_by_text("✗ Not answered")).to_have_count(CURATED_COUNT - 36)
    shoot(page, "instructor-review")
    assert console_errors == []
