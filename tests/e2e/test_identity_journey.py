"""Identity verification in Chromium: the passcode path, the questions path (a wrong try,
then a pass) and the support page, with axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from identity.models import Attempt
from notifications.models import Notification
from tests.identity.factories import RICH_FACTS, person_to_verify, right_answers, wrong_answers

pytestmark = pytest.mark.django_db(transaction=True)


def _answer(page, attempt, answers):
    for i, (question, answer) in enumerate(zip(attempt.questions, answers, strict=True)):
        group = page.get_by_role("group", name=f"{i + 1}. {question['prompt']}")
        group.get_by_label(question["choices"][answer], exact=True).check()


def test_passcode_path(page, base_url, axe, sign_in):
    user = person_to_verify(username="pat.phone")
    sign_in("pat.phone")
    expect(page).to_have_url(re.compile(r"/identity/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your identity")
    axe("identity-start")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/identity/options/$"))
    axe("identity-options")
    page.get_by_label("Text a passcode to my personal phone ending in 0101").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/identity/passcode/$"))
    expect(page.get_by_text("We texted a 6-digit passcode")).to_be_visible()
    timer = page.locator("[data-countdown-remaining]")
    expect(timer).to_have_text(re.compile(r"^(10:00|9:[0-5]\d)$"))
    expect(page.get_by_role("button", name=re.compile("Text me a new passcode"))).to_be_disabled()
    axe("identity-passcode")
    note = Notification.objects.get(recipient=user, kind="identity_passcode")
    code = re.search(r"\b(\d{6})\b", note.body_text).group(1)
    page.get_by_label("Passcode").fill("111111" if code == "000000" else "000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("That passcode is not right")).to_be_visible()
    axe("identity-passcode-wrong")
    page.get_by_label("Passcode").fill(code)
    page.get_by_role("button", name="Verify").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Your identity is verified. Your FinPro account is ready.")).to_be_visible()
    axe("identity-verified-dashboard")
    assert Notification.objects.filter(recipient=user, kind="identity_verified").exists()


def test_questions_path_wrong_then_pass(page, base_url, axe, sign_in):
    user = person_to_verify(username="quinn.questions", phone=None)
    sign_in("quinn.questions")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Answer multiple-choice questions about my history")).to_be_visible()
    expect(page.get_by_text("Text a passcode")).to_have_count(0)
    page.get_by_label("Answer multiple-choice questions about my history").check()
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/identity/questions/$"))
    expect(page.locator("[data-countdown-remaining]")).to_have_text(re.compile(r"^[45]:\d\d$"))
    axe("identity-questions")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="var/screenshots/identity-questions-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 860})
    attempt = Attempt.objects.get(user=user, outcome="pending")
    _answer(page, attempt, wrong_answers(user, attempt.questions))
    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(re.compile(r"/identity/failed/$"))
    expect(page.get_by_text("Some of your answers did not match")).to_be_visible()
    axe("identity-failed")
    page.get_by_role("button", name="Try again").click()
    page.get_by_label("Answer multiple-choice questions about my history").check()
    page.get_by_role("button", name="Continue").click()
    attempt = Attempt.objects.get(user=user, outcome="pending")
    _answer(page, attempt, right_answers(user, attempt.questions))
    page.get_by_role("button", name="Submit answers").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Your identity is verified")).to_be_visible()


def test_support_page_when_neither_option_is_possible(page, base_url, axe, sign_in):
    person_to_verify(username="sam.support", phone=None, facts=RICH_FACTS[:1])
    sign_in("sam.support")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/identity/support/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Call us to verify your identity")
    expect(page.get_by_text("Have these at hand")).to_be_visible()
    axe("identity-support")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="var/screenshots/identity-support-phone.png", full_page=True)
    page.goto(base_url + "/identity/questions/")
    expect(page).to_have_url(re.compile(r"/identity/support/$"))


def test_locked_page(page, base_url, axe, sign_in):
    from django.utils import timezone

    from identity.models import Lockout

    user = person_to_verify(username="lee.locked")
    Lockout.objects.create(scope="user", user=user, fingerprint=user.individual.ssn_index, reason="Five attempts.",
                           until=timezone.now() + timezone.timedelta(hours=6))
    sign_in("lee.locked")
    expect(page).to_have_url(re.compile(r"/identity/locked/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verification is paused")
    axe("identity-locked")
