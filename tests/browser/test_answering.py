"""Answering a long quiz: the navigator (answered, flagged, jumping to a question), the
progress bar, "Flag for later", Submit from the sticky bar, a confirmation naming what is left
with links and Submit first, the compact bar on a phone, and times in the learner's zone."""

import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Attempt
from tests.browser.conftest import answer, attempt_keys, configure, start

PHONE = {"width": 375, "height": 667}


def chips(page: Page):
    return page.get_by_role("navigation", name="Questions").locator(".qbutton")


def not_under_the_bar(page: Page, selector: str):
    """The element's top is in the window and below the sticky bar's bottom."""
    bar = page.locator("#progress").bounding_box()
    box = page.locator(selector).bounding_box()
    assert bar["y"] + bar["height"] <= box["y"] + 1 < PHONE["height"], (bar, box)


def test_the_navigator_flag_and_confirmation_on_one_page(page: Page, base, live_server, shoot):
    configure(live_server, questions_per_attempt=30)
    start(page, base)
    expect(chips(page)).to_have_count(30)
    groups = page.get_by_role("group")
    keys = attempt_keys(page, live_server.app)
    answer(groups.nth(0), keys[0])
    expect(chips(page).nth(0)).to_have_accessible_name("Question 1 (answered)")
    expect(chips(page).nth(1)).to_have_accessible_name("Question 2")
    expect(page.locator("#progress")).to_contain_text("1/30 answered")
    expect(page.locator("#progress-bar")).to_have_js_property("value", 1)
    groups.nth(2).get_by_label("Flag for later").check()
    expect(chips(page).nth(2)).to_have_accessible_name("Question 3 (flagged)")
    badge = "e => getComputedStyle(e, '::before').content"
    assert "⚑" in chips(page).nth(2).evaluate(badge)  # a badge, not colour alone
    expect(page.locator("#save-status")).to_have_text("All answers saved")

    page.reload()  # the flag was saved like an answer
    expect(groups.nth(2).get_by_label("Flag for later")).to_be_checked()
    expect(chips(page).nth(2)).to_have_accessible_name("Question 3 (flagged)")
    shoot(page, "attempt-navigator", phone=True)

    chips(page).nth(19).click()  # jumps to the question, not hidden behind the sticky bar
    expect(page).to_have_url(re.compile("#question-20$"))
    page.set_viewport_size(PHONE)
    chips(page).nth(19).scroll_into_view_if_needed()
    chips(page).nth(19).click()
    not_under_the_bar(page, "#question-20")
    page.set_viewport_size({"width": 1280, "height": 720})

    page.mouse.wheel(0, 4000)  # Submit is in the sticky bar wherever the page is scrolled
    expect(page.locator("#bar-submit")).to_be_in_viewport()
    page.locator("#bar-submit").click()
    box = page.locator("#confirm-box")
    expect(box).to_be_in_viewport()
    expect(box.locator("#unanswered-links a")).to_have_count(29)
    expect(box.locator("#flagged-links a")).to_have_text(["Question 3"])
    submit = box.get_by_role("button", name="Submit with 29 unanswered")
    first_link = box.locator("#unanswered-links a").first
    assert submit.bounding_box()["y"] < first_link.bounding_box()["y"]  # Submit comes first
    shoot(page, "confirmation", phone=True)
    box.locator("#flagged-links").get_by_role("link", name="Question 3").click()
    expect(page).to_have_url(re.compile("#question-3$"))
    expect(page.locator("#question-3")).to_be_in_viewport()

    # all answered but one flagged: still asked, with Submit now
    for index in range(1, 30):
        answer(groups.nth(index), keys[index])
    expect(page.locator("#answered-count")).to_have_text("30")
    page.locator("#bar-submit").click()
    expect(page.locator("#confirm-box")).to_contain_text("You flagged 1 question for later")
    expect(page.locator("#unanswered-links")).to_have_count(0)
    page.locator("#confirm-box").get_by_role("button", name="Submit now").click()
    expect(page).to_have_url(re.compile("/result$"))


def test_the_count_ends_right_when_a_save_is_answered_late(page: Page, base, live_server):
    """The reply to the 29th answer's save is held back until after the 30th's (a slow
    network, or the server taking overlapping saves in another order): the count and the
    bar end on 30, not on the 29 the late reply carried."""
    configure(live_server, questions_per_attempt=30)
    start(page, base)
    questions = page.locator("fieldset.question")
    answer = "input[type=radio], input[type=checkbox][name^=q]"  # the first choice of each
    count, status = page.locator("#answered-count"), page.locator("#save-status")
    for index in range(28):
        questions.nth(index).locator(answer).first.check()
    expect(count).to_have_text("28")
    expect(status).to_have_text("All answers saved")
    held = []

    def hold_the_first(route):
        if held:
            route.continue_()
        else:  # stored and counted by the server now, its reply given to the page later
            held.append((route, route.fetch()))

    page.route("**/answers", hold_the_first)
    questions.nth(28).locator(answer).first.check()
    for _ in range(250):
        if held:
            break
        page.wait_for_timeout(20)
    assert held and held[0][1].json()["answered"] == 29
    questions.nth(29).locator(answer).first.check()
    expect(count).to_have_text("30")
    route, late = held[0]
    route.fulfill(response=late)
    expect(status).to_have_text("All answers saved")
    expect(count).to_have_text("30")
    expect(page.locator("#progress-bar")).to_have_js_property("value", 30)


def test_one_per_page_flag_and_confirmation_without_javascript(browser: Browser, base,
                                                                 live_server):
    configure(live_server, layout="one", questions_per_attempt=5)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start(page, base)
    answer(page.get_by_role("group").first, attempt_keys(page, live_server.app)[0])
    page.get_by_label("Flag for later").check()
    page.get_by_role("button", name="Next").click()  # the form saves the answer and the flag
    expect(chips(page).nth(0)).to_have_accessible_name("Question 1 (answered, flagged)")
    expect(chips(page).nth(1)).to_have_attribute("aria-current", "step")
    chips(page).nth(0).click()
    expect(page.get_by_label("Flag for later")).to_be_checked()
    page.get_by_label("Flag for later").uncheck()
    page.get_by_role("button", name="Submit the quiz").click()
    expect(page.locator("#flagged-links")).to_have_count(0)  # unflagged by that submission
    page.get_by_label("Flag for later").check()
    page.get_by_role("button", name="Submit the quiz").click()
    expect(page.locator("#flagged-links a")).to_have_text(["Question 1"])
    links = page.locator("#unanswered-links a")
    expect(links).to_have_text([f"Question {n}" for n in range(2, 6)])
    links.nth(2).click()  # a link to its page
    expect(page).to_have_url(re.compile(r"\?page=4#question-4$"))
    expect(page.locator("#question-4")).to_be_visible()
    context.close()


def test_on_a_phone_the_bar_is_one_compact_line(browser: Browser, base, live_server, shoot):
    configure(live_server, time_limit_s=1800, questions_per_attempt=30)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    start(page, base)
    answer(page.get_by_role("group").first, attempt_keys(page, live_server.app)[0])
    expect(page.locator("#save-status")).to_have_text("All answers saved")
    bar = page.locator("#progress")
    height = bar.bounding_box()["height"]
    assert height <= 56, height  # one line: less than a tenth of the screen
    for part in ("#answered-count", "#progress-bar", "#time-left", "#save-status",
                 "#bar-submit"):
        expect(bar.locator(part)).to_be_visible()
        box = bar.locator(part).bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], part
    page.mouse.wheel(0, 3000)
    expect(page.locator("#bar-submit")).to_be_in_viewport()
    page.goto(page.url.split("#")[0] + "#question-7")
    not_under_the_bar(page, "#question-7")
    shoot(page, "attempt-bar-phone")
    context.close()


def test_times_are_shown_in_the_learners_own_zone(browser: Browser, base, live_server):
    configure(live_server, time_limit_s=1800)
    context = browser.new_context(timezone_id="Asia/Tokyo", locale="en-GB")
    page = context.new_page()
    start(page, base)
    attempt_id = int(page.url.rsplit("/", 1)[1])
    with live_server.app.app_context():
        deadline = db.session.scalar(select(Attempt.deadline_at).filter_by(id=attempt_id))
    tokyo = deadline.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("Asia/Tokyo"))
    time = page.locator("#progress time")
    expect(time).to_have_attribute("datetime", deadline.strftime("%Y-%m-%dT%H:%M:%SZ"))
    expect(time).to_contain_text(tokyo.strftime("%H:%M:%S"))
    expect(time).not_to_contain_text("UTC")
    page.get_by_role("button", name="Submit the quiz").click()
    page.get_by_role("button", name=re.compile("^Submit with")).click()
    with live_server.app.app_context():
        at = db.session.scalar(select(Attempt.submitted_at).filter_by(id=attempt_id))
    local = at.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo("Asia/Tokyo"))
    submitted = page.locator("#submitted-at time")  # the result says it in the learner's zone
    expect(submitted).to_have_attribute("datetime", f"{at:%Y-%m-%dT%H:%M:%S}Z")
    expect(submitted).to_contain_text(f"{local:%H}:{local:%M}")
    expect(submitted).not_to_contain_text("UTC")
    page.goto(f"{base}/my/results")  # My results shows it in the learner's zone
    cell = page.locator("table time").first
    expect(cell).to_have_attribute("datetime", f"{at:%Y-%m-%dT%H:%M:%S}Z")
    expect(cell).to_contain_text(f"{local:%H}:{local:%M}")
    expect(cell).not_to_contain_text("UTC")
    context.close()

    plain = browser.new_context(java_script_enabled=False, timezone_id="Asia/Tokyo")
    page = plain.new_page()  # without script: the time in UTC, and saying so
    start(page, base)
    attempt_id = int(page.url.rsplit("/", 1)[1])
    with live_server.app.app_context():
        deadline = db.session.scalar(select(Attempt.deadline_at).filter_by(id=attempt_id))
    expect(page.locator("#progress time")).to_have_text(f"{deadline:%H:%M:%S} UTC")
    page.get_by_role("button", name="Submit the quiz").click()
    page.get_by_role("button", name=re.compile("^Submit with")).click()
    with live_server.app.app_context():
        at = db.session.scalar(select(Attempt.submitted_at).filter_by(id=attempt_id))
    expect(page.locator("#submitted-at")).to_have_text(f"{at:%d %b %Y, %H:%M} UTC")
    plain.close()
