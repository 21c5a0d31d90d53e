"""Create Profile in Chromium: the required asterisks of SSN, CRD# and State follow the answers,
and so do required/aria-required (with the script and, for the first page, without it)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def _to_create_profile(page, base_url):
    page.goto(base_url + "/accounts/create/")
    page.get_by_label(re.compile("I have read and understand")).check()
    page.get_by_role("button", name="Acknowledge and continue").click()
    expect(page.get_by_role("heading", name="Create Profile")).to_be_visible()


def test_asterisks_and_required_follow_the_answers(page, base_url, axe):
    _to_create_profile(page, base_url)
    ssn, crd, state = page.get_by_label("SSN", exact=True), page.get_by_label("CRD#"), page.get_by_label("State")
    ssn_mark = page.locator("#wrap-ssn .required-mark")
    crd_mark = page.locator("#wrap-crd_number .required-mark")
    state_mark = page.locator("#wrap-state .required-mark")

    expect(ssn_mark).to_be_visible()
    expect(ssn_mark).to_have_attribute("aria-hidden", "true")
    expect(ssn).to_have_attribute("aria-required", "true")
    expect(crd).to_be_hidden()
    expect(state_mark).to_be_visible()
    expect(state).to_have_attribute("aria-required", "true")
    assert ssn.evaluate("el => el.required") and state.evaluate("el => el.required")

    page.get_by_label("No", exact=True).check()
    expect(crd).to_be_visible()
    expect(crd_mark).to_be_visible()
    expect(crd).to_have_attribute("aria-required", "true")
    assert crd.evaluate("el => el.required")
    assert not ssn.evaluate("el => el.required || el.hasAttribute('aria-required')")
    axe("signup-required-markers-no-ssn")

    page.get_by_label("Country").select_option("CA")
    expect(state_mark).to_be_hidden()
    assert not state.evaluate("el => el.required || el.hasAttribute('aria-required')")
    page.get_by_label("Country").select_option("US")
    expect(state_mark).to_be_visible()
    expect(state).to_have_attribute("aria-required", "true")

    page.get_by_label("Yes", exact=True).check()
    expect(ssn).to_have_attribute("aria-required", "true")
    assert not crd.evaluate("el => el.required || el.hasAttribute('aria-required')")
