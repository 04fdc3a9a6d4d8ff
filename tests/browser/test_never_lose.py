"""Nothing a learner chose is lost: not on reload, not on a server restart; a timed attempt
closes by itself; the missed questions are studied until none is due."""

import re

from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.extensions import db
from app.models import Choice
from tests.browser.conftest import answer, attempt_keys, configure, start
from tests.conftest import CURATED_COUNT


def choose_three(page: Page, app) -> list[str]:
    """Questions 1, 4 and 8 answered (the 4th wrongly); the selectors of the inputs chosen."""
    groups = page.get_by_role("group")
    keys = attempt_keys(page, app)
    chosen = []
    for index in (0, 3, 7):
        answer(groups.nth(index), keys[index], rightly=index != 3)
        chosen += [f'input[name="{box.get_attribute("name")}"]'
                   f'[value="{box.get_attribute("value")}"]'
                   for box in groups.nth(index).locator(".choices input:checked").all()]
        expect(page.locator("#save-status")).to_have_text("All answers saved")
    expect(page.locator("#answered-count")).to_have_text("3")
    return chosen


def expect_still_selected(page: Page, chosen: list[str]):
    for selector in chosen:
        expect(page.locator(selector)).to_be_checked()
    expect(page.locator(".choices input:checked")).to_have_count(len(chosen))
    expect(page.locator("#answered-count")).to_have_text("3")


def test_answers_survive_a_reload_and_a_closed_tab(page: Page, base, live_server, context,
                                                   console_errors):
    start(page, base)
    chosen = choose_three(page, live_server.app)
    url = page.url
    page.reload()
    expect_still_selected(page, chosen)
    page.close()
    tab = context.new_page()
    tab.goto(base + "/")
    tab.get_by_role("link", name=re.compile("^Continue your attempt")).click()
    expect(tab).to_have_url(url)
    expect_still_selected(tab, chosen)
    assert console_errors == []


def test_answers_survive_a_server_restart(page: Page, base, live_server):
    start(page, base)
    chosen = choose_three(page, live_server.app)
    live_server.restart()
    page.reload()
    expect_still_selected(page, chosen)


def test_a_timed_quiz_closes_by_itself(page: Page, base, live_server, console_errors):
    configure(live_server, time_limit_s=6)
    start(page, base)
    expect(page.locator("#time-left")).to_contain_text("0 min")
    answer(page.get_by_role("group").first, attempt_keys(page, live_server.app)[0])
    expect(page.locator("#save-status")).to_have_text("All answers saved")
    page.wait_for_url(re.compile(r"/result$"), timeout=15_000)
    expect(page.locator("#score")).to_contain_text(f" / {CURATED_COUNT}")
    expect(page.get_by_text("✗ Not answered")).to_have_count(CURATED_COUNT - 1)
    assert console_errors == []


def test_a_timed_quiz_tells_screen_readers_the_time_left_at_a_few_marks_only(
        page: Page, base, live_server):
    configure(live_server, time_limit_s=130)
    page.clock.install()  # the page's timers run when the test says so
    start(page, base)
    timer, announcer = page.locator("#time-left"), page.locator("#time-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    # the visible countdown is not itself announced
    assert page.evaluate("""() => !document.getElementById("time-left")
        .closest("[aria-live], [role=status], [role=alert], [role=timer], [role=log]")""")
    shown, heard = set(), []
    for _ in range(75):
        page.clock.run_for(1000)
        shown.add(timer.text_content())
        text = announcer.text_content()
        if text and (not heard or heard[-1] != text):
            heard.append(text)
    assert len(shown) >= 70  # the countdown moved every second...
    assert heard == ["2 minutes left", "1 minute left"]  # ...the announcements did not


def test_study_the_missed_questions_until_none_is_due(page: Page, base, live_server, shoot):
    configure(live_server, questions_per_attempt=3)
    start(page, base)
    page.get_by_role("button", name="Submit answers").click()
    page.get_by_role("button", name=re.compile("^Submit with 3")).click()
    expect(page.locator("#nav-due")).to_contain_text("3")
    page.get_by_role("link", name="Study the 3 you missed").click()
    for remaining in (3, 2, 1):
        expect(page.locator("#due-count")).to_contain_text(f"{remaining} card")
        if remaining == 3:
            shoot(page, "study", phone=True)
        question = page.locator("input[name=question]").get_attribute("value")
        with live_server.app.app_context():
            correct = db.session.scalars(select(Choice.id).filter_by(
                question_id=int(question), is_correct=True)).all()
        for choice in correct:  # every right one, on a choose-all-that-apply card
            page.locator(f"input[name=choice][value='{choice}']").check()
        page.get_by_role("button", name="Check").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Right")
        expect(page.locator(".explanation")).to_be_visible()
        page.get_by_role("button", name="Good").click()
    expect(page.locator("#nothing-due")).to_contain_text("Nothing is due now")
    expect(page.locator("#nav-due")).to_have_count(0)


def stored_choice(server, question: str):
    from app.models import Response

    with server.app.app_context():
        return db.session.scalar(select(Response.choice_id).where(
            Response.question_id == int(question)).order_by(Response.id.desc()).limit(1))


def test_autosave_tries_again_when_the_server_is_busy_or_unreachable(page: Page, base,
                                                                     live_server):
    """A save answered 503 (busy, Retry-After: 1), then one lost to the network, is tried
    again until it is stored; meanwhile the choice stays selected and the status line names
    the question not yet saved; a refusal that retrying cannot mend (409) is said plainly."""
    start(page, base)
    answers = []

    def flaky(route):
        answers.append(re.sub(r"-+WebKitFormBoundary\w+", "", route.request.post_data))
        if len(answers) == 1:
            route.fulfill(status=503, headers={"Retry-After": "1"}, content_type=
                          "application/json", body='{"error": "busy"}')
        elif len(answers) == 2:
            route.abort("connectionrefused")
        else:
            route.continue_()

    page.route("**/answers", flaky)
    keys = attempt_keys(page, live_server.app)
    radio_groups = [i for i, key in enumerate(keys) if key.type != "multiple"]
    group = page.get_by_role("group").nth(radio_groups[2])  # one answer, stored as one choice
    radio = group.get_by_role("radio").nth(1)
    radio.check()
    number = group.get_attribute("id").removeprefix("question-")
    status = page.locator("#save-status")
    expect(status).to_contain_text(f"Question {number} not saved yet: the server is busy")
    expect(status).to_contain_text("no connection to the server", timeout=5_000)
    expect(radio).to_be_checked()
    expect(status).to_have_text("All answers saved", timeout=10_000)
    expect(page.locator("#answered-count")).to_have_text("1")
    assert len(answers) == 3 and len(set(answers)) == 1  # the same save, its seq kept
    assert stored_choice(live_server, radio.get_attribute("name")[1:]) == int(
        radio.get_attribute("value"))

    page.unroute("**/answers")
    page.route("**/answers", lambda route: route.fulfill(
        status=409, content_type="application/json",
        body='{"error": "This attempt is closed; nothing more can be saved in it."}'))
    answer(page.get_by_role("group").nth(4), keys[4])
    expect(status).to_contain_text("not saved: This attempt is closed")
    expect(status).to_contain_text("Use “Save answers”")


def test_an_answer_overruled_by_a_newer_one_is_not_shown_as_saved(page: Page, base,
                                                                 live_server):
    """A save older than the stored answer (this page's clock behind another window's) is
    refused by the server, and the status line says the newer answer is kept rather than
    "All answers saved"."""
    start(page, base)
    keys = attempt_keys(page, live_server.app)
    radio_groups = [i for i, key in enumerate(keys) if key.type != "multiple"]
    group = page.get_by_role("group").nth(radio_groups[1])  # one answer, stored as one choice
    group.get_by_role("radio").nth(0).check()
    status = page.locator("#save-status")
    expect(status).to_have_text("All answers saved")
    kept = stored_choice(live_server, group.get_by_role("radio").nth(0).get_attribute("name")[1:])

    def older(route):  # the next choice carries a sequence number older than the stored one
        body = re.sub(r'(name="seq"\r\n\r\n)\d+', r"\g<1>1", route.request.post_data)
        route.continue_(post_data=body)

    page.route("**/answers", older)
    other = group.get_by_role("radio").nth(1)
    other.check()
    expect(status).to_contain_text("not saved: a newer answer, chosen in another window")
    assert stored_choice(live_server, other.get_attribute("name")[1:]) == kept
