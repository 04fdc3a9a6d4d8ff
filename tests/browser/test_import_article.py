"""An instructor imports the seed article, accepts drafts, publishes; a learner takes the new
quiz and follows a review link to the highlighted sentence."""

import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update

from app.extensions import db
from app.models import Quiz, User
from tests.accounts_helpers import PASSWORD
from tests.seed import SEED_DIR


def sign_in_teacher(page: Page, base, live_server) -> None:
    runner = live_server.app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "teacher", "--role", "instructor"],
                         input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    page.goto(base + "/login")
    page.get_by_label("Username").fill("teacher")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_import_accept_publish_take_and_follow_the_source(page: Page, browser: Browser, base,
                                                          live_server, console_errors,
                                                          shoot):
    sign_in_teacher(page, base, live_server)
    page.goto(base + "/instructor/articles/new")
    page.get_by_label(re.compile("^Upload a .txt")).set_input_files(
        sorted(SEED_DIR.glob("*.txt"))[0])
    page.get_by_role("button", name="Import and draft questions").click()
    expect(page.get_by_role("status")).to_contain_text("draft questions")
    drafts = page.locator("#draft-list > li")
    assert drafts.count() >= 4
    for _ in range(4):
        page.locator("#draft-list > li").first.get_by_role("button", name=re.compile(
            "^Accept")).click()
    expect(page.locator("#live-list > li")).to_have_count(4)
    shoot(page, "editor")
    page.get_by_role("button", name="Publish the quiz").click()
    expect(page.get_by_role("status")).to_contain_text("published")
    quiz_url = page.url.replace("/instructor/quizzes/", "/quizzes/").removesuffix("/questions")
    page.get_by_role("navigation", name="This quiz").get_by_role("link", name="Share").click()
    page.get_by_label("Anyone, from the home page (listed)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("from the home page")

    learner = browser.new_context().new_page()
    learner.goto(quiz_url)
    learner.get_by_role("button", name="Start the quiz").click()
    expect(learner.get_by_role("group")).to_have_count(4)
    learner.get_by_role("group").first.get_by_role("radio").first.check()
    learner.get_by_role("button", name="Submit answers").click()
    learner.get_by_role("button", name=re.compile("^Submit with")).click()
    expect(learner.locator(".review")).to_have_count(4)
    # a missed question (three were left unanswered) quotes its sentence; a right one is folded
    first = learner.locator(".review").filter(has=learner.locator("blockquote mark")).first
    expect(first.locator("blockquote mark")).to_be_visible()
    sentence = first.locator("blockquote mark").inner_text()
    first.get_by_role("link", name=re.compile(r"^Paragraph \d+ of the article$")).click()
    expect(learner).to_have_url(re.compile(r"/articles/.+#s-\d+-\d+$"))
    target = learner.locator(".sentence:target")
    expect(target).to_have_text(sentence)
    expect(target).to_be_in_viewport()
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")   # highlighted
    shoot(learner, "reading", phone=True)
    assert console_errors == []


def test_a_question_with_five_choices_written_in_the_browser(page: Page, base, live_server,
                                                               console_errors):
    sign_in_teacher(page, base, live_server)
    with live_server.app.app_context():  # the seed quiz, handed to the teacher to edit
        db.session.execute(update(Quiz).values(owner_id=db.session.scalar(
            select(User.id).filter_by(username="teacher"))))
        db.session.commit()
    page.goto(base + "/instructor/quizzes/deepseek-education/questions/new")
    page.get_by_label("Question").fill("Which port has the most robots?")
    for number, port in enumerate(["Bergen", "Oslo", "Kessel", "Turku"], start=1):
        page.get_by_label(f"Choice {number}", exact=True).fill(port)
    page.get_by_role("button", name="Add a choice").click()
    fifth = page.get_by_label("Choice 5", exact=True)
    expect(fifth).to_be_focused()                   # typing goes on in the new row
    expect(page.get_by_label("Choice 1", exact=True)).to_have_value("Bergen")
    page.keyboard.type("Malmö")
    page.get_by_label("Right answer: choice 3").check()
    page.get_by_role("button", name="Save the question").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    page.locator("li", has_text="Which port has the most robots?").get_by_role(
        "link", name=re.compile("^Edit")).click()
    for number, port in enumerate(["Bergen", "Oslo", "Kessel", "Turku", "Malmö"], start=1):
        expect(page.get_by_label(f"Choice {number}", exact=True)).to_have_value(port)
    expect(page.get_by_label("Right answer: choice 3")).to_be_checked()
    assert console_errors == []
