"""The idle-session warning in Chromium: it appears before the idle limit, "Stay signed in"
keeps the session, "Sign out" signs out, and doing nothing ends on the sign-in page.

The idle limit is shortened through settings (the page reads it from <body>)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import VerifiedRepFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def short_sessions(settings):
    def shorten(idle: int, warning: int):
        settings.SESSION_COOKIE_AGE = idle
        settings.SESSION_WARNING_SECONDS = warning

    return shorten


def test_stay_signed_in_keeps_the_session(page, base_url, axe, sign_in, short_sessions):
    short_sessions(idle=14, warning=10)  # the warning opens ~4 s after the page loads
    VerifiedRepFactory(username="idle.dana", first_name="Dana")
    sign_in("idle.dana")
    expect(page.get_by_role("heading", name="My Task list")).to_be_visible()
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=9000)
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(dialog.locator("[aria-live]")).to_contain_text("You will be signed out in")
    axe("session-warning")
    stay.click()
    expect(dialog).to_be_hidden()
    # Past the idle limit counted from the page load: only the keepalive kept the session alive.
    page.wait_for_timeout(11000)
    page.goto(base_url + "/account/")
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", name="My Account", level=1)).to_be_visible()


def test_sign_out_from_the_warning_on_a_phone(page, base_url, axe, sign_in, short_sessions):
    page.set_viewport_size({"width": 390, "height": 844})
    short_sessions(idle=12, warning=10)
    VerifiedRepFactory(username="idle.phone")
    sign_in("idle.phone")
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    expect(dialog).to_be_visible(timeout=9000)
    axe("session-warning-phone")
    dialog.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    page.goto(base_url + "/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_doing_nothing_ends_on_the_sign_in_page(page, base_url, sign_in, short_sessions):
    short_sessions(idle=8, warning=6)
    VerifiedRepFactory(username="idle.away")
    sign_in("idle.away")
    expect(page.get_by_role("alertdialog")).to_be_visible(timeout=9000)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2F$"), timeout=12000)
    page.goto(base_url + "/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
