"""The idle-session warning in Chromium: it appears before the idle limit, "Stay signed in"
keeps the session, "Sign out" signs out, and doing nothing ends on the sign-in page.

No real waiting: the page's clock is Playwright's (page.clock) and the server's is
time-machine's, and both are moved forward together. The limits are the settings the page
reads from <body> (here 120 s idle, a warning 60 s before)."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import VerifiedRepFactory

pytestmark = pytest.mark.django_db(transaction=True)

IDLE, WARNING = 120, 60


@pytest.fixture
def clocks(settings, page):
    """Short session limits, and one call that moves the browser's and the server's clocks."""
    settings.SESSION_COOKIE_AGE = IDLE
    settings.SESSION_WARNING_SECONDS = WARNING
    page.clock.install()
    with time_machine.travel(timezone.now(), tick=True) as server:

        def forward(seconds: int):
            server.shift(dt.timedelta(seconds=seconds))
            page.clock.fast_forward(seconds * 1000)

        yield forward


def test_stay_signed_in_keeps_the_session(page, base_url, axe, sign_in, clocks):
    VerifiedRepFactory(username="idle.dana", first_name="Dana")
    sign_in("idle.dana")
    expect(page.get_by_role("heading", name="My Task list")).to_be_visible()
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    clocks(IDLE - WARNING - 5)
    expect(dialog).to_be_hidden()
    clocks(15)  # 70 s after the page loaded: inside the warning
    expect(dialog).to_be_visible()
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(dialog.locator("[aria-live]")).to_contain_text("You will be signed out in")
    axe("session-warning")
    stay.click()
    expect(dialog).to_be_hidden()
    # 140 s after the page loaded, 70 s after "Stay signed in": only the keepalive kept it alive
    # (doing nothing for 121 s ends the session: the last test).
    clocks(70)
    page.goto(base_url + "/account/")
    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", name="My Account", level=1)).to_be_visible()


def test_sign_out_from_the_warning_on_a_phone(page, base_url, axe, sign_in, clocks):
    page.set_viewport_size({"width": 390, "height": 844})
    VerifiedRepFactory(username="idle.phone")
    sign_in("idle.phone")
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    clocks(IDLE - WARNING + 1)
    expect(dialog).to_be_visible()
    axe("session-warning-phone")
    dialog.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    page.goto(base_url + "/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_doing_nothing_ends_on_the_sign_in_page(page, base_url, sign_in, clocks):
    VerifiedRepFactory(username="idle.away")
    sign_in("idle.away")
    dialog = page.get_by_role("alertdialog", name="Are you still there?")
    clocks(IDLE - WARNING + 1)
    expect(dialog).to_be_visible()
    clocks(WARNING)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=%2F$"))
    page.goto(base_url + "/account/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
