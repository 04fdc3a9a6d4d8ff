"""The teacher's road, by clicks: an article becomes a quiz, drafts are accepted in bulk, the
title edited, the quiz previewed, published and handed to a class; three learners join by link
and by code, give names and take it; the gradebook and its CSV show their grades; another
instructor is refused everywhere; after closing, no attempt starts."""

import csv
import re

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Choice, Response
from tests.accounts_helpers import PASSWORD
from tests.seed import SEED_DIR

ARTICLE = SEED_DIR.parent / "articles" / "01-voyager-reconnect.txt"


def sign_in(page: Page, base: str, name: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="This quiz").get_by_role("link", name=name).click()


def answer(page: Page, live_server, right: int) -> None:
    """Answer the attempt on the page: the first `right` questions right, the rest wrong."""
    attempt_id = int(re.search(r"/attempts/(\d+)", page.url).group(1))
    with live_server.app.app_context():
        rows = db.session.execute(
            select(Response.position, Choice.id, Choice.is_correct)
            .join(Choice, Choice.question_id == Response.question_id)
            .where(Response.attempt_id == attempt_id).order_by(Response.position, Choice.id)
        ).all()
    positions = sorted({position for position, _, _ in rows})
    for position in positions:
        want = position <= right
        choice = next(cid for pos, cid, correct in rows if pos == position and correct == want)
        page.locator(f'input[type="radio"][value="{choice}"]').check()
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#score")).to_contain_text(f"{right} / {len(positions)}")


def join_and_take(browser: Browser, base: str, live_server, how: str, code: str, link: str,
                  name: str, right: int) -> Page:
    page = browser.new_context().new_page()
    if how == "link":
        page.goto(link)
    else:
        page.goto(base + "/")
        if how == "home":
            field = page.get_by_label("Class code from your teacher")
        else:
            page.get_by_role("link", name="Join a class").click()
            field = page.get_by_label("Class code")
        field.fill(code.lower().replace("-", " "))  # read aloud, typed as heard
        page.get_by_role("button", name="Join", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Period 3")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join the class").click()
    page.get_by_role("button", name="Start the quiz").click()
    answer(page, live_server, right)
    return page


def test_a_teacher_runs_a_class_from_an_article_to_the_gradebook(
        page: Page, browser: Browser, base, live_server, console_errors, shoot):
    runner = live_server.app.test_cli_runner()
    for name in ("teacher", "teacher-b"):
        assert runner.invoke(args=["users", "create", name, "--role", "instructor"],
                             input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    sign_in(page, base, "teacher")
    page.get_by_role("link", name="your quizzes").click()
    page.get_by_role("link", name="New quiz from an article").click()
    page.get_by_label(re.compile("^Upload a .txt")).set_input_files(ARTICLE)
    page.get_by_role("button", name="Import and draft questions").click()
    expect(page.get_by_role("status")).to_contain_text("draft questions")

    # four drafts accepted with one button
    for index in range(4):
        page.locator("#draft-list > li").nth(index).get_by_label(re.compile("^Select")).check()
    page.get_by_role("button", name="Accept selected").first.click()
    expect(page.get_by_role("status")).to_have_text("Accepted 4 drafts.")
    expect(page.locator("#live-list > li")).to_have_count(4)

    tab(page, "Settings")
    page.get_by_label("Title").fill("Voyager: a listening test")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".crumbs")).to_contain_text("Voyager: a listening test")

    tab(page, "Preview")
    page.get_by_role("button", name="Start a preview").click()
    expect(page.locator("#preview-banner")).to_be_visible()
    answer(page, live_server, 3)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your preview")
    page.get_by_role("link", name="Preview again").click()

    tab(page, "Questions")
    page.get_by_role("button", name="Publish the quiz").click()
    expect(page.get_by_role("status")).to_contain_text("published")

    tab(page, "Share")
    page.get_by_label("Name of the class or group").fill("Period 3")
    page.get_by_label("Learners without an account must give their name").check()
    page.get_by_role("button", name="Create the assignment").click()
    card = page.locator("article.assignment")
    code = card.locator(".code").inner_text()
    link = card.locator(".share-code a").inner_text()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){2}", code)
    page.locator("#assignments-heading").scroll_into_view_if_needed()
    shoot(page, "share", phone=True)

    learners = [join_and_take(browser, base, live_server, how, code, link, name, right)
                for how, name, right in (("link", "Ada", 4), ("home", "Ben", 2),
                                         ("nav", "Cleo", 0))]

    tab(page, "Gradebook")
    page.get_by_label("Learners").select_option(label="Period 3")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gradebook: Period 3")
    rows = page.locator("#gradebook tbody tr")
    expect(rows).to_have_count(3)
    expected = [("Ada", "4 / 4 (100%)"), ("Ben", "2 / 4 (50%)"), ("Cleo", "0 / 4 (0%)")]
    for index, (name, grade) in enumerate(expected):
        expect(rows.nth(index).locator("th")).to_have_text(name)
        expect(rows.nth(index)).to_contain_text(grade)
        expect(rows.nth(index)).to_contain_text("submitted")
    page.locator("#gradebook thead").get_by_role("link", name=re.compile("^Grade")).click()
    expect(rows.first.locator("th")).to_have_text("Cleo")
    shoot(page, "gradebook", phone=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these rows (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        got = [(r["learner"], r["grade"], r["out of"], r["status"])
               for r in csv.DictReader(exported)]
    assert got == [("Ada", "4", "4", "submitted"), ("Ben", "2", "4", "submitted"),
                   ("Cleo", "0", "4", "submitted")]
    rows.filter(has_text="Ben").get_by_role("link", name=re.compile("review Ben")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ben's attempt")
    quiz_url = page.url.split("/attempts/")[0]

    # another instructor finds nothing of it, on any of its pages
    other = browser.new_context().new_page()
    sign_in(other, base, "teacher-b")
    other.goto(base + "/instructor/")
    expect(other.get_by_text("Voyager: a listening test")).to_have_count(0)
    for path in ("/questions", "/settings", "/share", "", "/gradebook", "/attempts",
                 "/preview", "/gradebook.csv"):
        response = other.goto(quiz_url + path) if not path.endswith(".csv") else \
            other.request.get(quiz_url + path)
        assert response.status == 404, path

    # the teacher closes the class: the learner's page says so and offers no start
    tab(page, "Share")
    page.get_by_role("button", name=re.compile("^Close now")).click()
    expect(page.get_by_role("status")).to_contain_text("closed")
    ada = learners[0]
    ada.goto(base + "/")
    ada.get_by_role("link", name="Voyager: a listening test").click()
    expect(ada.locator("#window")).to_contain_text("closed")
    expect(ada.get_by_role("button", name="Start the quiz")).to_have_count(0)
    expect(ada.get_by_role("link", name="Attempt 1")).to_be_visible()  # results stay
    assert console_errors == []
